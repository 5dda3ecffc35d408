"""What happens when a comment is posted, from the form to its first verdict.

1. ``comments.views.post_comment`` takes the POST: it checks the request came from a page
   of this site (the story page is cached, so there is no CSRF token), binds
   ``comments.forms.CommentForm`` and hands a `Submission` to `comment_submit` below.
2. `comment_submit` refuses the comment, with nothing saved, by raising `CommentRejected`
   when comments on the story are closed (``comments.services.options``), the text is
   empty or too long, the comment replied to is gone, or, for readers only, a cheap check
   fails: the form was filled in faster than a person could, the sender posts too often
   (`_cheap_checks`, counted in the cache per IP address and per email), or the same text
   is already on the story.
3. Otherwise the comment is saved CHECKING with a "submitted" line in its history. The
   same form posted twice (a double click) finds the first comment by its submission key
   and returns that one.
4. A filled-in honeypot sends the comment straight to spam. A staff comment is judged at
   once. A reader's comment is handed to the `judge_comment` task; with a worker the
   reader does not wait for Akismet, and should the task be lost the periodic recheck
   takes the comment `JUDGE_FALLBACK_MINUTES` later.
5. Judging (site rules, Akismet, the moderation policy, outages and retries) is
   ``comments.services.pipeline``. It ends APPROVED (shown to everyone, the story's thread
   purged from the page cache), PENDING (held for a moderator: ``moderation``, with a
   digest mailed by ``upkeep.notify_moderators``) or SPAM.
6. The view redirects to the page of threads that shows the comment
   (``comments.pages.thread_page``) and, while the comment is held, remembers it in the
   reader's signed cookie (``comments.readers``) so its author sees it awaiting moderation.
"""
from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.utils import timezone

from articles.models import Article
from articles.people import display_name
from comments.models import Comment, CommentState, VerdictSource
from comments.services.history import record_event, set_state
from comments.services.options import comments_open
from comments.services.pipeline import comment_judge_submitted, judge_comment

logger = logging.getLogger(__name__)

# A reader's comment is judged by a task moments after it is saved; if that task never
# runs, the periodic recheck takes the comment this many minutes later.
JUDGE_FALLBACK_MINUTES = 5

State = CommentState


class CommentRejected(Exception):
    """The comment was not saved; the message tells the reader why and what to do."""


@dataclass(frozen=True)
class Submission:
    """What a reader typed, plus what the request tells us about them."""

    name: str
    email: str
    body: str
    url: str = ""
    ip: str | None = None
    user_agent: str = ""
    referrer: str = ""
    # When the form was first shown (from its signed timestamp); None if missing or forged.
    started_at: datetime | None = None
    honeypot: str = ""
    submission_key: str | None = None


def comment_submit(article: Article, *, submission: Submission, parent: Comment | None = None,
                   by: Any = None, now: datetime | None = None) -> Comment:
    """Save a reader's (or staff member's) comment, then run it through the spam pipeline.

    Raises CommentRejected, with nothing saved, when comments are closed or a cheap check
    fails (too fast, too often, a duplicate). A second post of the same form returns the
    comment the first one made.

    A reader's comment is judged by the `judge_comment` task, queued once the comment is
    committed (call this outside a transaction, as views and commands do): with in-process
    tasks it comes back judged, with a worker it comes back CHECKING and the worker asks
    Akismet. Inside a caller's transaction the database backend queues the task in that
    transaction, so the worker never sees a comment that was rolled back.
    """
    now = now or timezone.now()
    try:
        comment = _checked_comment(article, submission, parent, by, now)
        with transaction.atomic():
            comment.save()
            actor = display_name(by) if comment.by_staff else "reader"
            record_event(comment, "submitted", actor=actor, at=now)
    except (CommentRejected, IntegrityError):
        # The same form posted twice (a double click, a resend after a timeout) is refused
        # by the checks or by the key's unique index: the first post stands. Looked for only
        # then, which spares every first post two queries.
        earlier = _posted_before(submission)
        if earlier is None:
            raise
        return earlier
    _count_for_rate_limits(submission, now)

    if submission.honeypot and not comment.by_staff:
        return set_state(comment, State.SPAM, source=VerdictSource.CHECKS, actor="form checks",
                         reason="The hidden field that only robots fill in was filled in.")
    if comment.next_check_at is None:
        # Staff comments skip Akismet: the rules and policy are quick enough to wait for.
        return comment_judge_submitted(comment, now=now)
    if _judge_later(comment.pk):
        comment.refresh_from_db()  # judged already: tasks run in this process
    return comment


def _posted_before(submission: Submission) -> Comment | None:
    if not submission.submission_key:
        return None
    return Comment.objects.filter(submission_key=submission.submission_key).first()


def _checked_comment(article: Article, submission: Submission, parent: Comment | None,
                     by: Any, now: datetime) -> Comment:
    """The comment to save, unsaved; CommentRejected when it may not be posted."""
    if not comments_open(article, now):
        raise CommentRejected("Comments on this story are closed.")
    staff = by is not None and getattr(by, "is_staff", False)
    body = submission.body.strip()
    if not body:
        raise CommentRejected("Write a comment before posting.")
    if len(body) > settings.COMMENTS_MAX_LENGTH:
        raise CommentRejected(f"Your comment is {len(body):,} characters long; the limit is "
                              f"{settings.COMMENTS_MAX_LENGTH:,}. Shorten it and post again.")
    parent = _reply_target(article, parent)
    if not staff:
        _cheap_checks(article, submission, body, now)

    assert article.live_version_id is not None  # comments_open() checked the story is live
    name = display_name(by) if staff else " ".join(submission.name.split())
    comment = Comment(
        article=article, version_id=article.live_version_id, parent=parent,
        root=(parent.root or parent) if parent else None,
        depth=parent.depth + 1 if parent else 0,
        user=by if staff else None, by_staff=staff,
        author_name=name,
        author_email=by.email if staff and by.email else submission.email.strip(),
        author_url="" if staff else submission.url.strip(),
        body=body, ip_address=submission.ip or None,
        user_agent=submission.user_agent[:500], referrer=submission.referrer[:1000],
        submission_key=submission.submission_key or None, created_at=now,
        state_changed_at=now,
    )
    if not staff and not submission.honeypot:
        # Judged on the worker. Should that task be lost, the periodic recheck still
        # finds the comment.
        comment.next_check_at = now + timedelta(minutes=JUDGE_FALLBACK_MINUTES)
    # The key's uniqueness is left to the database (see comment_submit).
    comment.full_clean(exclude=["article", "version", "parent", "root", "user"],
                       validate_unique=False)
    return comment


def _judge_later(comment_id: int) -> bool:
    """Queue the spam check of a comment; True when it has run already (in-process tasks)."""
    try:
        result = judge_comment.enqueue(comment_id)
    except Exception:
        logger.exception("Could not queue the spam check of comment %s; the periodic "
                         "recheck will judge it", comment_id)
        return False
    return result.is_finished


def _reply_target(article: Article, parent: Comment | None) -> Comment | None:
    """The comment a reply hangs under: at the deepest level replies become siblings."""
    if parent is None:
        return None
    if parent.article_id != article.pk or parent.state != State.APPROVED:
        raise CommentRejected("The comment you replied to is not available any more. Your "
                              "reply can still be posted as a new comment.")
    while parent.depth + 1 >= settings.COMMENTS_MAX_DEPTH and parent.parent is not None:
        parent = parent.parent
    return parent


# --- the cheap checks and the rate limits -------------------------------------------------

def _cheap_checks(article: Article, submission: Submission, body: str, now: datetime) -> None:
    started = submission.started_at
    if started is None or (now - started).total_seconds() < settings.COMMENTS_MIN_FILL_SECONDS:
        raise CommentRejected("That was quicker than we expect from a person. Check your "
                              "comment and post it again.")
    keys = _rate_keys(submission)
    counted = cache.get_many([f"{key}:{span}" for key in keys for span in ("recent", "hour")])
    for key in keys:
        if counted.get(f"{key}:recent"):
            raise CommentRejected(f"You are commenting very fast. Wait "
                                  f"{settings.COMMENTS_RATE_SECONDS} seconds and post again.")
        if counted.get(f"{key}:hour", 0) >= settings.COMMENTS_RATE_PER_HOUR:
            raise CommentRejected("You have posted many comments in the last hour. Please "
                                  "come back later; your text is still here.")
    duplicate = Comment.objects.by_email(submission.email).filter(
        article=article, body=body).exclude(state=State.TRASH)
    if duplicate.exists():
        raise CommentRejected("You have already posted this comment on this story.")


def _rate_keys(submission: Submission) -> list[str]:
    keys = []
    if submission.ip:
        keys.append(f"comments:ip:{submission.ip}")
    if submission.email.strip():
        digest = hashlib.sha256(submission.email.strip().lower().encode()).hexdigest()[:32]
        keys.append(f"comments:email:{digest}")
    return keys


def _count_for_rate_limits(submission: Submission, now: datetime) -> None:
    for key in _rate_keys(submission):
        cache.set(f"{key}:recent", True, timeout=settings.COMMENTS_RATE_SECONDS)
        if cache.add(f"{key}:hour", 1, timeout=3600):
            continue
        try:
            cache.incr(f"{key}:hour")
        except ValueError:  # expired between add and incr
            cache.set(f"{key}:hour", 1, timeout=3600)
