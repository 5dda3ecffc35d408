"""Posting a comment, and the privacy page the comment form links to. What happens to a
posted comment, step by step, is told in comments/services/submitting.py.

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

from email.utils import parseaddr
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST, require_safe

from articles import pagecache
from articles.models import Article
from comments import spam
from comments.forms import CommentForm
from comments.models import CommentState
from comments.pages import page_url, thread_page
from comments.readers import (
    AUTHOR_COOKIE_DAYS,
    HELD_COOKIE_DAYS,
    remember_author,
    remember_held,
)
from comments.respond import respond_context
from comments.services.submitting import CommentRejected, comment_submit

FOREIGN_ORIGIN_MESSAGE = (
    "We could not confirm that this comment was sent from this site, so it was not posted. "
    "If you wrote it, check it below and post it again from here."
)


def staff_author(request: HttpRequest) -> Any:
    """The logged-in staff member, or None for a reader."""
    user = request.user
    return user if user.is_authenticated and user.is_staff else None


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
        remember_held(request, response, comment)
    if staff is None:
        remember_author(response, form.cleaned_data)
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
