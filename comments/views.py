"""Posting a comment, and the privacy page the comment form links to.

CSRF and the page cache
-----------------------
Story pages are meant to be served from a shared page cache, so the comment form in them
cannot carry Django's per-reader CSRF token (one reader's token would be cached and handed
to everyone, and asking for it would add ``Vary: Cookie`` to every story page). Instead:

* ``post_comment`` is ``csrf_exempt`` and does its own check: the request's ``Origin``
  header, or its ``Referer`` when a browser sends no Origin, must be this site (SITE_URL's
  origin or the host the request came to). Browsers set both headers themselves and a page
  on another site cannot forge them, which is the property the CSRF token provides.
  A request carrying neither is refused too: every current browser sends Origin on a POST.
* The session cookie is SameSite=Lax, so a cross-site POST arrives without a staff
  member's login in any case.
* A refused post re-renders the filled form (403) on this site, so a reader whose browser
  strips both headers loses nothing and can post from there.

Pages that show something only one reader may see (their held comments, their remembered
name and email, a staff member's login) are marked ``Vary: Cookie`` by the template tag,
so a cache never hands them to anyone else; plain story pages do not vary.
"""
from __future__ import annotations

import json
import math
from email.utils import parseaddr
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.db.models import Q
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST, require_safe

from articles import pagecache
from articles.models import Article
from articles.services import display_name
from comments import spam
from comments.forms import CommentForm
from comments.models import Comment, CommentState
from comments.services import CommentRejected, comment_submit

# Reader cookies. Both are signed: a reader cannot add someone else's comment ids to see
# held comments, and cannot plant a name and email in another browser.
HELD_COOKIE = "comments_mine"
HELD_SALT = "comments.held"
HELD_COOKIE_DAYS = 30
HELD_COOKIE_KEEP = 20
AUTHOR_COOKIE = "comment_author"
AUTHOR_SALT = "comments.author"
AUTHOR_COOKIE_DAYS = 365
PAGE_PARAM = "comments"

FOREIGN_ORIGIN_MESSAGE = (
    "We could not confirm that this comment was sent from this site, so it was not posted. "
    "If you wrote it, check it below and post it again from here."
)


def staff_author(request: HttpRequest) -> Any:
    """The logged-in staff member, or None for a reader."""
    user = request.user
    return user if user.is_authenticated and user.is_staff else None


def held_ids(request: HttpRequest) -> list[int]:
    """Ids of comments this browser posted that may still be waiting for moderation."""
    raw = request.get_signed_cookie(HELD_COOKIE, default="", salt=HELD_SALT,
                                    max_age=HELD_COOKIE_DAYS * 86400)
    return [int(part) for part in (raw or "").split(".") if part.isdigit()]


def remembered_author(request: HttpRequest) -> dict[str, str]:
    """The name, email and website this reader asked us to remember, or {}."""
    raw = request.get_signed_cookie(AUTHOR_COOKIE, default="", salt=AUTHOR_SALT,
                                    max_age=AUTHOR_COOKIE_DAYS * 86400)
    try:
        data = json.loads(raw or "{}")
    except ValueError:
        return {}
    if not isinstance(data, dict) or not data.get("name"):
        return {}
    return {key: str(data.get(key, "")) for key in ("name", "email", "url")}


def _origin(url: str) -> str:
    parts = urlsplit(url)
    if not parts.scheme or not parts.netloc:
        return ""
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}"


def is_same_origin(request: HttpRequest) -> bool:
    """Whether the browser says this POST was sent by a page of this site."""
    origin = request.headers.get("Origin")
    # "null" comes from sandboxed frames and file:// pages: never this site.
    sender = _origin(origin) if origin is not None else _origin(
        request.headers.get("Referer", ""))
    if not sender:
        return False
    allowed = {_origin(settings.SITE_URL), _origin(request.build_absolute_uri("/"))}
    return sender in allowed


def thread_page(comment: Comment) -> int:
    """The comment page (1-based) that shows `comment`'s thread.

    Threads are paged oldest first by their top-level comment. A top-level comment still
    awaiting moderation is shown to its author on the last page.
    """
    per_page = max(1, settings.COMMENTS_THREADS_PER_PAGE)
    top = comment.root if comment.root_id else comment
    assert top is not None
    tops = Comment.objects.on(comment.article).approved().filter(parent__isnull=True,
                                                                 root__isnull=True)
    if top.state != CommentState.APPROVED:
        return max(1, math.ceil(tops.count() / per_page))
    before = tops.filter(Q(created_at__lt=top.created_at)
                         | Q(created_at=top.created_at, pk__lt=top.pk)).count()
    return before // per_page + 1


def page_url(article: Article, page: int) -> str:
    url = article.get_absolute_url()
    return f"{url}?{PAGE_PARAM}={page}" if page > 1 else url


@csrf_exempt
@require_POST
def post_comment(request: HttpRequest, article_id: int) -> HttpResponse:
    article = get_object_or_404(Article.objects.published(), pk=article_id)
    staff = staff_author(request)
    form = CommentForm(request.POST, article=article, staff=staff)
    if not is_same_origin(request):
        return _check_page(request, form, message=FOREIGN_ORIGIN_MESSAGE, status=403)
    if not form.is_valid():
        return _check_page(request, form, status=400)
    try:
        comment = comment_submit(article, submission=form.submission(request),
                                 parent=form.cleaned_data["parent"], by=staff)
    except CommentRejected as rejected:
        return _check_page(request, form, message=str(rejected), status=400)

    if comment.is_discarded:
        # Blatant spam: nothing to show, and nothing that tells a robot what happened.
        response = HttpResponseRedirect(f"{article.get_absolute_url()}#comments")
    else:
        response = HttpResponseRedirect(
            f"{page_url(article, thread_page(comment))}#{comment.anchor}")
    if comment.state != CommentState.APPROVED and not comment.is_discarded:
        _remember_held(request, response, comment)
    if staff is None:
        _remember_author(response, form)
    return response


def _check_page(request: HttpRequest, form: CommentForm, *, status: int,
                message: str = "") -> HttpResponse:
    """The filled form again, with what went wrong at the top: nothing typed is lost."""
    article = form.article
    # Each error with its field's label and input id, for a link from the summary. The
    # hidden parent has no input to go to; its message says what happens next.
    errors = []
    for name, messages in form.errors.items():
        visible = name in form.fields and name != "parent"
        for error in messages:
            errors.append({"field_id": form[name].auto_id if visible else "",
                           "label": form.fields[name].label if visible else "",
                           "message": error})
    parent = form.cleaned_data.get("parent")
    context = {
        "article": article,
        "headline": article.headline,
        "message": message,
        "errors": errors,
        "form_context": respond_context(form, started=form.started_for_retry(),
                                        key=form.key_for_retry(), replying_to=parent,
                                        cancel_url=""),
    }
    return render(request, "comments/check.html", context, status=status)


def respond_context(form: CommentForm, *, started: str, key: str,
                    replying_to: Comment | None, cancel_url: str) -> dict[str, Any]:
    """What comments/includes/form.html shows: the form, its hidden helpers, whom it replies
    to and who is posting. The story page and the check-your-comment page both draw it."""
    return {
        "form": form,
        "article": form.article,
        "started": started,
        "key": key,
        "staff_name": display_name(form.staff) if form.staff is not None else "",
        "replying_to": replying_to,
        "cancel_url": cancel_url,
        "akismet": spam.is_configured(),
    }


def _cookie_options() -> dict[str, Any]:
    return {"secure": settings.SESSION_COOKIE_SECURE, "httponly": True, "samesite": "Lax"}


def _remember_held(request: HttpRequest, response: HttpResponse, comment: Comment) -> None:
    ids = [pk for pk in held_ids(request) if pk != comment.pk] + [comment.pk]
    response.set_signed_cookie(
        HELD_COOKIE, ".".join(str(pk) for pk in ids[-HELD_COOKIE_KEEP:]), salt=HELD_SALT,
        max_age=HELD_COOKIE_DAYS * 86400, **_cookie_options())


def _remember_author(response: HttpResponse, form: CommentForm) -> None:
    """Store the reader's details only when they ticked the box; unticking forgets them."""
    data = form.cleaned_data
    if data.get("remember"):
        value = json.dumps({"name": data["name"], "email": data["email"], "url": data["url"]})
        response.set_signed_cookie(AUTHOR_COOKIE, value, salt=AUTHOR_SALT,
                                   max_age=AUTHOR_COOKIE_DAYS * 86400, **_cookie_options())
    else:
        response.delete_cookie(AUTHOR_COOKIE, samesite="Lax")


@require_safe
def privacy(request: HttpRequest) -> HttpResponse:
    pagecache.tag(request, pagecache.NAV)
    contact = parseaddr(settings.DEFAULT_FROM_EMAIL)[1]
    return render(request, "comments/privacy.html", {
        "akismet": spam.is_configured(),
        "purge_days": settings.COMMENTS_PURGE_AFTER_DAYS,
        "held_cookie_days": HELD_COOKIE_DAYS,
        "author_cookie_days": AUTHOR_COOKIE_DAYS,
        "contact": contact if "@" in contact else "",
    })
