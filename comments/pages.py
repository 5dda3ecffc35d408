"""Pages of a story's comments: threads are paged oldest first by their top-level comment,
``COMMENTS_THREADS_PER_PAGE`` to a page, page N at the story's address with
``?comments=N`` (page 1 at the plain address). The thread under the story and the redirect
after posting both count pages here.
"""
from __future__ import annotations

import math

from django.conf import settings
from django.db.models import Q

from articles.models import Article
from comments.models import Comment, CommentState

PAGE_PARAM = "comments"


def threads_per_page() -> int:
    return max(1, settings.COMMENTS_THREADS_PER_PAGE)


def page_count(threads: int) -> int:
    """How many pages `threads` top-level comments fill: at least one, even when empty."""
    return max(1, math.ceil(threads / threads_per_page()))


def page_number(requested: str | None, last: int) -> int:
    """The page to show for ``?comments=<requested>`` on a story with `last` pages."""
    try:
        number = int(requested or 1)
    except ValueError:
        return 1
    # A page that no longer exists (comments removed since the link was made) shows the last.
    return min(max(number, 1), last)


def threads_on(number: int) -> slice:
    """Which threads, counted from 0 oldest first, page `number` shows."""
    start = (number - 1) * threads_per_page()
    return slice(start, start + threads_per_page())


def page_url(article: Article, page: int) -> str:
    """The address of page `page` of `article`'s comments."""
    url = article.get_absolute_url()
    return f"{url}?{PAGE_PARAM}={page}" if page > 1 else url


def thread_page(comment: Comment) -> int:
    """The comment page (1-based) that shows `comment`'s thread.

    A top-level comment still awaiting moderation is shown to its author on the last page.
    """
    top = comment.root if comment.root_id else comment
    assert top is not None
    tops = Comment.objects.on(comment.article).approved().filter(parent__isnull=True,
                                                                 root__isnull=True)
    if top.state != CommentState.APPROVED:
        return page_count(tops.count())
    before = tops.filter(Q(created_at__lt=top.created_at)
                         | Q(created_at=top.created_at, pk__lt=top.pk)).count()
    return before // threads_per_page() + 1
