"""Bringing a WordPress post's comments over, with their threading, dates, authors and
status. Each keeps a history line "imported from WordPress"; WordPressComment remembers
which comment came from which WordPress id, so a second run adds only new ones."""
from __future__ import annotations

import ipaddress
from collections import Counter
from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from articles import pagecache
from articles.models import Article
from articles.sanitize import markup_to_plain_text
from articles.wordpress import Report
from articles.wxr import Comment as WxrComment
from comments.models import Comment, CommentEvent, CommentState, WordPressComment
from comments.pagekeys import thread_key

# WordPress's comment_approved; anything else (trash, post-trashed, unknown) is trash here:
# kept, never public.
STATES = {"1": CommentState.APPROVED, "approve": CommentState.APPROVED,
          "0": CommentState.PENDING, "hold": CommentState.PENDING,
          "spam": CommentState.SPAM}
IMPORT_ACTOR = "WordPress import"


_WEBSITE = URLValidator(schemes=["http", "https"])


def _website(value: str) -> str:
    """The commenter's website if it is a web address the comment form would take: a
    `javascript:` "website" would become a live link on the story page."""
    value = value.strip()[:300]
    try:
        _WEBSITE(value)
    except ValidationError:
        return ""
    return value


def _address(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def import_comments(article: Article, comments: list[WxrComment], *, site: str,
                    users: dict[int, Any], report: Report, now: datetime) -> Counter[str]:
    """Add `comments` of one post to `article`; returns how many landed in each state.

    Replies come after what they answer, a level at a time, so each knows its parent's
    row. A comment whose parent is neither in the post nor imported before is reported
    and left out, with its replies.
    """
    ids = [comment.wp_id for comment in comments]
    known: dict[int, Comment] = {
        link.wp_id: link.comment for link in WordPressComment.objects.filter(
            site=site, wp_id__in=ids).select_related("comment")}
    waiting = {comment.wp_id: comment for comment in comments if comment.wp_id not in known}
    report.counts["comments already imported"] += len(comments) - len(waiting)
    version_id = article.live_version_id or article.latest_version_id
    assert version_id is not None  # every story is made with its first version
    landed: Counter[str] = Counter()
    while waiting:
        ready = [c for c in waiting.values() if c.parent_id == 0 or c.parent_id in known]
        if not ready:
            for comment in waiting.values():
                report.skip("comment", comment.wp_id,
                            f"its parent comment {comment.parent_id} is not in the export")
            break
        rows = [_row(c, article, version_id, known, users, now) for c in ready]
        Comment.objects.bulk_create(rows)
        WordPressComment.objects.bulk_create(
            WordPressComment(site=site, wp_id=c.wp_id, comment=row) for c, row in zip(ready, rows))
        CommentEvent.objects.bulk_create(
            CommentEvent(comment=row, at=now, actor=IMPORT_ACTOR, action="imported",
                         to_state=row.state, reason=f"imported from WordPress ({site}, comment "
                                                    f"{c.wp_id}, status “{c.approved}”)")
            for c, row in zip(ready, rows))
        for c, row in zip(ready, rows):
            known[c.wp_id] = row
            del waiting[c.wp_id]
            landed[row.state] += 1
    if landed[CommentState.APPROVED]:
        pagecache.purge(thread_key(article.pk))
    return landed


def _row(comment: WxrComment, article: Article, version_id: int,
         known: dict[int, Comment], users: dict[int, Any], now: datetime) -> Comment:
    parent = known.get(comment.parent_id)
    # At the deepest level replies become siblings, as on the site itself.
    while parent is not None and parent.depth + 1 >= settings.COMMENTS_MAX_DEPTH \
            and parent.parent_id is not None:
        parent = parent.parent
    state = STATES.get(comment.approved, CommentState.TRASH)
    when = comment.date_gmt or now
    return Comment(
        article=article, version_id=version_id, parent=parent,
        root=(parent.root or parent) if parent else None,
        depth=parent.depth + 1 if parent else 0,
        user=users.get(comment.user_id) if comment.user_id else None,
        author_name=(" ".join(comment.author.split()) or "Anonymous")[:100],
        author_email=comment.email[:254], author_url=_website(comment.url),
        body=markup_to_plain_text(comment.content), ip_address=_address(comment.ip),
        state=state, state_source="", state_changed_at=when,
        state_reason=f"Imported from WordPress (status “{comment.approved}”)"[:300],
        created_at=when)
