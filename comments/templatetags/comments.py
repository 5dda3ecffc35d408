"""The comment thread and form under a story: ``{% load comments %}{% comment_section article %}``.

Queries, whatever the number of comments: the story's comment settings (open or closed)
with the count of visible comments and threads, and one query for the page of threads with
all their replies (through ``Comment.root``); none while the rendered thread is in the
fragment cache. The story's public versions, which name the update a comment predates,
come from the page's context (``public_versions``); the tag loads them itself only where a
page does not provide them.

The tag names the thread's page-cache key (``comments.pagekeys.thread_key``) on the page
it is part of, so whatever changes the thread purges every copy of that page; the story
page itself knows nothing of comments. Pages of threads are counted in ``comments.pages``,
the form is composed in ``comments.respond``.
"""
from __future__ import annotations

import bisect
import time
from dataclasses import dataclass, field
from typing import Any

from django import template
from django.conf import settings
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from articles import pagecache
from articles.models import Article, ArticleVersion
from articles.sanitize import comment_html
from comments.forms import CommentForm, new_form_key, started_token
from comments.models import Comment, CommentState, StoryCommentOptions
from comments.pagekeys import thread_key
from comments.pages import PAGE_PARAM, page_count, page_number, page_url, threads_on
from comments.readers import held_ids, remembered_author
from comments.respond import blank_form, render_form, respond_context
from comments.services.options import comments_close_at, comments_open

register = template.Library()

# What a thread shows; everything private (email, IP, user agent, Akismet's fields) stays
# in the database.
THREAD_FIELDS = ("parent", "root", "by_staff", "author_name", "author_url", "body", "state",
                 "is_discarded", "created_at", "version__number")
# What a comment's author may see of their own comment before a moderator has: held
# comments, and spam that was not discarded. Telling them "awaiting moderation" for spam
# is true (a moderator can still rescue it until the purge) and tells a spammer nothing.
AUTHOR_ONLY_STATES = (CommentState.CHECKING, CommentState.PENDING, CommentState.SPAM)


@register.filter
def comment_text(body: str) -> SafeString:
    """A comment's plain text as safe HTML (escaped, paragraphs, linked web addresses)."""
    return mark_safe(comment_html(body))  # comment_html escapes everything it is given


@dataclass
class ThreadComment:
    comment: Comment
    # Shown only to its author: not approved yet.
    awaiting: bool = False
    # The first public update or correction after the version the comment was posted on.
    before: ArticleVersion | None = None
    replies: list[ThreadComment] = field(default_factory=list)


@dataclass(frozen=True)
class ThreadPage:
    """What every comment in the thread needs to render its links."""

    url: str  # the story's address at this page of comments
    reply_url: str  # ...with "replyto=" ready for a comment id
    is_open: bool


def _later_public_versions(article: Article, versions: list[ArticleVersion] | None
                           ) -> list[ArticleVersion]:
    if versions is None:
        versions = list(article.versions.public().order_by("public_number"))
    return sorted((v for v in versions if v.public_number and v.public_number > 1
                   and v.published_at is not None), key=lambda v: v.number)


def _first_after(number: int, later: list[ArticleVersion], numbers: list[int]
                 ) -> ArticleVersion | None:
    index = bisect.bisect_right(numbers, number)
    return later[index] if index < len(later) else None


def _build_threads(rows: list[Comment], article: Article, later: list[ArticleVersion]
                   ) -> tuple[list[ThreadComment], dict[int, ThreadComment]]:
    numbers = [v.number for v in later]
    live_id = article.live_version_id
    nodes = {}
    for row in rows:
        before = None
        if row.version_id != live_id:
            before = _first_after(row.version.number, later, numbers)
        nodes[row.pk] = ThreadComment(row, awaiting=row.state != CommentState.APPROVED,
                                      before=before)
    tops = []
    for row in rows:
        node = nodes[row.pk]
        if row.parent_id is None and row.root_id is None:
            tops.append(node)
            continue
        # A reply whose parent is no longer shown (or was deleted) hangs under its
        # thread's first comment: moderating one comment never hides others' replies.
        host = nodes.get(row.parent_id or 0) or nodes.get(row.root_id or 0)
        if host is not None:
            host.replies.append(node)
    return tops, nodes


@dataclass(frozen=True)
class _Thread:
    """A page of the thread, rendered: what the form and the fragment cache need of it."""

    html: str
    number: int
    # Reply links are rendered only while comments are open.
    is_open: bool
    # Every comment rendered, by id: a reply's target is looked up here (not cached).
    nodes: dict[int, ThreadComment] = field(default_factory=dict)
    # The story's comment settings it was rendered with (None: the site's defaults). Saving
    # them purges the fragment, so a cached thread knows whether comments are still open.
    options: StoryCommentOptions | None = None


@dataclass(frozen=True)
class _Figures:
    options: StoryCommentOptions | None
    total: int
    threads: int


def _approved_count(comments: QuerySet[Comment]) -> Coalesce:
    counted = comments.order_by().values("article").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted[:1]), 0)


def _figures(article: Article) -> _Figures:
    """The story's comment settings and its visible comments and threads, in one query."""
    shown = Comment.objects.approved().filter(article=OuterRef("pk"))
    # A comment heads a thread when it has neither parent nor root; a reply is shown (and
    # counted) whenever its thread's first comment is.
    heads = Q(parent__isnull=True, root__isnull=True)
    row = Article.objects.filter(pk=article.pk).values(
        "comment_options__pk", "comment_options__closed",
        "comment_options__close_after_days",
        total=_approved_count(shown.filter(heads | Q(root__state=CommentState.APPROVED))),
        threads=_approved_count(shown.filter(heads)),
    ).get()
    options = None
    if row["comment_options__pk"] is not None:
        options = StoryCommentOptions(
            # By id: the settings are kept with the cached thread, the story is not.
            pk=row["comment_options__pk"], article_id=article.pk,
            closed=row["comment_options__closed"],
            close_after_days=row["comment_options__close_after_days"])
    return _Figures(options, row["total"], row["threads"])


def _render_thread(article: Article, figures: _Figures, *, requested_page: str | None,
                   mine: list[int], is_open: bool,
                   public_versions: list[ArticleVersion] | None) -> _Thread:
    """One query: a page of threads with all their replies (and this reader's held ones)."""
    last_page = page_count(figures.threads)
    number = page_number(requested_page, last_page)
    heads = Q(parent__isnull=True, root__isnull=True)
    page_tops = (Comment.objects.on(article).approved().filter(heads)
                 .order_by("created_at", "pk").values("pk")[threads_on(number)])

    in_page = Q(pk__in=page_tops) | Q(root__in=page_tops)
    visible = Q(state=CommentState.APPROVED)
    if mine:
        visible |= Q(pk__in=mine, state__in=AUTHOR_ONLY_STATES, is_discarded=False)
        if number == last_page:
            in_page |= Q(heads, pk__in=mine)
    rows = list(Comment.objects.on(article).for_thread().filter(in_page & visible)
                .only(*THREAD_FIELDS))

    later = _later_public_versions(article, public_versions)
    threads, nodes = _build_threads(rows, article, later)

    base_url = page_url(article, number)
    separator = "&" if "?" in base_url else "?"
    html = render_to_string("comments/includes/thread.html", {
        "headline": article.headline,
        "count": figures.total,
        "threads": threads,
        "thread_page": ThreadPage(url=base_url, reply_url=f"{base_url}{separator}replyto=",
                                  is_open=is_open),
        "page_number": number,
        "last_page": last_page,
        "previous_url": page_url(article, number - 1) if number > 1 else "",
        "next_url": page_url(article, number + 1) if number < last_page else "",
    })
    return _Thread(html=html, number=number, is_open=is_open, nodes=nodes)


def _thread(article: Article, *, requested_page: str | None, mine: list[int],
            shared: bool, public_versions: list[ArticleVersion] | None
            ) -> tuple[_Thread, StoryCommentOptions | None]:
    """The page of the thread this reader sees.

    What every reader without held comments sees (`shared`) comes from the fragment cache:
    comment bodies are cleaned and linked on every render, which is most of a story page's
    work. The fragment is rendered again once a comment on the story is approved or removed,
    the story changes (its live version is in the name: comments say which update they
    predate), or comments open or close. A cached thread costs no query; a rendered one two
    (settings with counts, then the page of threads).
    Returns the thread and the story's comment settings.
    """
    page = requested_page if requested_page and requested_page.isdigit() else ""
    name = f"comment-thread:{article.pk}:{article.live_version_id}:{page[:9]}"
    if shared:
        cached = pagecache.fragment_get(name)
        if cached is not None:
            thread: _Thread = cached.value
            if thread.is_open == comments_open(article, options=thread.options):
                return thread, thread.options
    started = time.time()
    figures = _figures(article)
    is_open = comments_open(article, options=figures.options)
    rendered = _render_thread(article, figures, requested_page=requested_page, mine=mine,
                              is_open=is_open, public_versions=public_versions)
    if shared:
        kept = _Thread(html=rendered.html, number=rendered.number, is_open=is_open,
                       options=figures.options)
        keys = frozenset({thread_key(article.pk), pagecache.story_key(article.pk)})
        pagecache.fragment_set(name, pagecache.Rendered(kept, keys), started)
    return rendered, figures.options


@register.inclusion_tag("comments/section.html", takes_context=True)
def comment_section(context: template.Context, article: Article) -> dict[str, Any]:
    """The story's comments (a page of threads) and the reply form, or the closed notice.

    Reads from the request: the comment page (``?comments=N``), the comment to reply to
    (``?replyto=<pk>``, so replying works without JavaScript), the signed cookie of this
    reader's held comments and their remembered details.
    """
    request = context["request"]
    # The section is purged under this key when what it shows changes (see comments.pagekeys).
    pagecache.tag(request, thread_key(article.pk))
    mine = held_ids(request)
    remembered = remembered_author(request)
    # Only look at the login when there is a session: asking for the user reads the
    # session, which marks every reader's page "Vary: Cookie".
    staff = None
    if settings.SESSION_COOKIE_NAME in request.COOKIES and request.user.is_authenticated:
        staff = request.user if request.user.is_staff else None
    if (mine or remembered) and hasattr(request, "session"):
        # This page shows what only this reader may see: SessionMiddleware then adds
        # "Vary: Cookie", so a shared cache keeps it for this browser alone.
        request.session.accessed = True

    reply_param = request.GET.get("replyto", "")
    thread, options = _thread(article, requested_page=request.GET.get(PAGE_PARAM), mine=mine,
                              shared=not mine and not reply_param.isdigit(),
                              public_versions=context.get("public_versions"))
    is_open = thread.is_open
    if is_open:
        # The page's form goes at closing time, with no purge to announce it.
        pagecache.tag(request, until=comments_close_at(article, options=options))

    replying_to = None
    if is_open and reply_param.isdigit():
        target = thread.nodes.get(int(reply_param))
        replying_to = target.comment if target and not target.awaiting else None

    cancel_url = f"{page_url(article, thread.number)}#respond"
    if staff is None and not remembered and replying_to is None:
        form_html = blank_form(article, thread.number, cancel_url)
    else:
        form = CommentForm(article=article, staff=staff,
                           initial={**remembered, "remember": True} if remembered else {})
        form_html = render_form(respond_context(form, started=started_token(),
                                                key=new_form_key(), replying_to=replying_to,
                                                cancel_url=cancel_url))
    return {
        "article": article,
        "thread_html": mark_safe(thread.html),  # rendered by our own template, escaped there
        "is_open": is_open,
        "form_html": form_html,
    }

