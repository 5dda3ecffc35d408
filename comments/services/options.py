"""Whether a story takes comments: the site's default closing delay, and the per-story
settings (closed now, or a delay of its own) that moderators edit in the admin."""
from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.utils import timezone

from articles import pagecache
from articles.models import Article
from comments.models import StoryCommentOptions
from comments.pagekeys import thread_key

_UNREAD: Any = object()


def comments_close_at(article: Article, *,
                      options: StoryCommentOptions | None = _UNREAD) -> datetime | None:
    """When comments on `article` close, or None if they never do.

    `options`: the story's comment settings when the caller has read them already (None
    for a story without any).
    """
    if options is _UNREAD:
        options = StoryCommentOptions.objects.filter(article=article).first()
    if options and options.closed:
        return article.first_published_at or timezone.now()
    days = options.close_after_days if options and options.close_after_days is not None else (
        settings.COMMENTS_CLOSE_AFTER_DAYS)
    if not days or article.first_published_at is None:
        return None
    return article.first_published_at + timedelta(days=days)


def comments_open(article: Article, now: datetime | None = None, *,
                  options: StoryCommentOptions | None = _UNREAD) -> bool:
    """Whether `article` takes comments at `now`: it is live and comments have not closed."""
    now = now or timezone.now()
    if not article.is_live(now):
        return False
    close_at = comments_close_at(article, options=options)
    return close_at is None or now < close_at


def comment_options_save(options: StoryCommentOptions) -> StoryCommentOptions:
    """Save a story's comment settings (checked by the admin's form): its page shows the
    form or "Comments are closed" at once."""
    options.save()
    pagecache.purge(thread_key(options.article_id))
    return options


def comment_options_delete(options: StoryCommentOptions) -> None:
    """Drop a story's comment settings: it follows the site's defaults again."""
    pagecache.purge(thread_key(options.article_id))
    options.delete()
