"""The comment form as pages show it: under the story, as a reply, for a logged-in staff
member, or filled in again on the check-your-comment page.

``comments/includes/form.html`` composes it from three parts: the start (``#respond``,
its title and the opening of the <form>), the tokens (the ``started`` stamp and the form
``key``, which differ on every copy; see comments/forms.py) and the fields, which close
the form. Rendering form widgets is a fifth of a story page's work, and the start and the
fields of a blank form are the same for every anonymous reader of a page of threads: those
two are rendered once and kept in the fragment cache, and only the tokens are rendered
for each reader.
"""
from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from articles import pagecache
from articles.models import Article
from articles.people import display_name
from comments import spam
from comments.forms import CommentForm, new_form_key, started_token
from comments.models import Comment


def respond_context(form: CommentForm, *, started: str, key: str,
                    replying_to: Comment | None, cancel_url: str) -> dict[str, Any]:
    """What comments/includes/form.html shows: the form, its hidden helpers, whom it replies
    to and who is posting."""
    return {
        "form": form,
        "article": form.article,
        "started": started,
        "key": key,
        "staff_name": (display_name(form.staff)
                       if form.staff is not None else ""),
        "replying_to": replying_to,
        "cancel_url": cancel_url,
        "akismet": spam.is_configured(),
    }


def render_form(respond: dict[str, Any]) -> SafeString:
    """The form described by `respond` (see `respond_context`)."""
    return render_to_string("comments/includes/form.html", {"respond": respond})


def blank_form(article: Article, thread_page: int, cancel_url: str) -> SafeString:
    """The empty form an anonymous reader of this page of threads gets, with a `started`
    stamp and a `key` of its own: form.html's three parts, the first and last from the
    fragment cache."""
    start, fields = pagecache.fragment(
        f"comment-form-parts:{article.pk}:{thread_page}", [pagecache.story_key(article.pk)],
        lambda: _shared_parts(article, cancel_url))
    tokens = render_to_string("comments/includes/form_tokens.html",
                              {"started": started_token(), "key": new_form_key()})
    return mark_safe(start + tokens + fields)  # our own templates' output, escaped there


def _shared_parts(article: Article, cancel_url: str) -> tuple[str, str]:
    """The start and the fields of the blank form: the same for every anonymous reader."""
    respond = {"respond": respond_context(CommentForm(article=article), started="", key="",
                                          replying_to=None, cancel_url=cancel_url)}
    return (str(render_to_string("comments/includes/form_start.html", respond)),
            str(render_to_string("comments/includes/form_fields.html", respond)))
