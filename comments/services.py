"""Comment operations: submitting, the spam pipeline, moderation, mail, purge and privacy.

A comment is saved before it is judged and every stage writes its verdict to the comment's
history, so whatever fails later (Akismet, mail, a bug) never loses what a reader wrote.
"""
from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from articles import pagecache
from articles.models import Article
from articles.sanitize import count_links
from articles.services import display_name
from articles.structured_data import absolute_url
from comments import spam
from comments.models import (
    HELD_STATES,
    AkismetOutage,
    Comment,
    CommentEvent,
    CommentState,
    SpamRule,
    StoryCommentOptions,
    VerdictSource,
)

logger = logging.getLogger(__name__)

MODERATE_PERMISSION = "comments.moderate_comment"
# Minutes to wait before each new try when Akismet cannot be reached: five tries over
# about five and a half hours, then the comment waits for a person.
CHECK_RETRY_MINUTES = (1, 5, 15, 60, 240)
FEEDBACK_RETRY_MINUTES = (1, 5, 15, 60, 240)
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


# --- open or closed ---------------------------------------------------------------------

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
    now = now or timezone.now()
    if not article.is_live(now):
        return False
    close_at = comments_close_at(article, options=options)
    return close_at is None or now < close_at


def comment_options_save(options: StoryCommentOptions) -> StoryCommentOptions:
    """Save a story's comment settings (checked by the admin's form): its page shows the
    form or "Comments are closed" at once."""
    options.save()
    pagecache.purge(pagecache.comments_key(options.article_id))
    return options


def comment_options_delete(options: StoryCommentOptions) -> None:
    pagecache.purge(pagecache.comments_key(options.article_id))
    options.delete()


# --- submitting ---------------------------------------------------------------------------

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
            _record(comment, "submitted", actor=display_name(by) if comment.by_staff
                    else "reader", at=now)
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
        return _set_state(comment, State.SPAM, source=VerdictSource.CHECKS, actor="form checks",
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
    comment = Comment(
        article=article, version_id=article.live_version_id, parent=parent,
        root=(parent.root or parent) if parent else None,
        depth=parent.depth + 1 if parent else 0,
        user=by if staff else None, by_staff=staff,
        author_name=display_name(by) if staff else " ".join(submission.name.split()),
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
    from comments import tasks  # the task module imports this one

    try:
        result = tasks.judge_comment.enqueue(comment_id)
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


# --- the pipeline -------------------------------------------------------------------------

def comment_judge_submitted(comment: Comment, *, now: datetime | None = None) -> Comment:
    """Judge a comment that comment_submit has just stored, unless a moderator or the retry
    schedule has taken it over meanwhile.

    Never raises: whatever breaks, the comment stays CHECKING and the next periodic check
    tries again.
    """
    if comment.state != State.CHECKING or comment.check_attempts:
        return comment
    return _judge_or_hold(comment, now or timezone.now())


def _judge_or_hold(comment: Comment, now: datetime) -> Comment:
    """comment_judge, except that whatever breaks (a bug, data the pipeline cannot take)
    is logged and leaves the comment CHECKING for the periodic recheck a minute later."""
    try:
        return comment_judge(comment, now=now)
    except Exception:
        logger.exception("Judging comment %s failed; it stays held", comment.pk)
        Comment.objects.filter(pk=comment.pk).update(next_check_at=now + timedelta(minutes=1))
        comment.refresh_from_db()
        return comment


def comment_judge(comment: Comment, *, now: datetime | None = None) -> Comment:
    """Run site rules, Akismet and the approval policy on a saved comment."""
    now = now or timezone.now()
    blocked = _blocked_by_rule(comment)
    if blocked:
        return _set_state(comment, State.SPAM, source=VerdictSource.RULE,
                          actor="site rule", reason=blocked, at=now)
    hold_reason = _held_by_rule(comment)
    if hold_reason:
        _record(comment, "rule", actor="site rule", reason=hold_reason, at=now)

    if spam.is_configured() and not comment.by_staff:
        verdict = _ask_akismet(comment, now)
        if verdict is None:
            return comment  # unreachable: held for a later try, or for a person
        if verdict is spam.Verdict.DISCARD:
            Comment.objects.filter(pk=comment.pk).update(is_discarded=True)
            comment.is_discarded = True
            return _set_state(comment, State.SPAM, source=VerdictSource.AKISMET, actor="Akismet",
                              reason="Akismet: blatant spam (discard)", at=now)
        if verdict is spam.Verdict.SPAM:
            return _set_state(comment, State.SPAM, source=VerdictSource.AKISMET, actor="Akismet",
                              reason="Akismet: spam", at=now)
        _record(comment, "checked", actor="Akismet", reason="Akismet: not spam", at=now)

    if hold_reason:
        return _set_state(comment, State.PENDING, source=VerdictSource.RULE, actor="site rule",
                          reason=hold_reason, at=now)
    return _apply_policy(comment, now)


def _blocked_by_rule(comment: Comment) -> str:
    text = f"{comment.author_name}\n{comment.author_url}\n{comment.body}".lower()
    email = comment.author_email.lower()
    for rule in SpamRule.objects.exclude(kind=SpamRule.Kind.HOLD_WORD):
        value = rule.value.strip().lower()
        if not value:
            continue
        if rule.kind == SpamRule.Kind.BLOCK_WORD and value in text:
            return f"Site rule: blocked word “{rule.value}”"
        if rule.kind == SpamRule.Kind.BLOCK_IP and comment.ip_address == rule.value.strip():
            return f"Site rule: blocked IP address {rule.value}"
        if rule.kind == SpamRule.Kind.BLOCK_EMAIL and (
                email == value or (value.startswith("@") and email.endswith(value))):
            return f"Site rule: blocked email {rule.value}"
    return ""


def _held_by_rule(comment: Comment) -> str:
    text = comment.body.lower()
    for rule in SpamRule.objects.filter(kind=SpamRule.Kind.HOLD_WORD):
        if rule.value.strip() and rule.value.strip().lower() in text:
            return f"Site rule: contains “{rule.value}”"
    links = count_links(comment.body)
    if links > settings.COMMENTS_MAX_LINKS:
        return f"Site rule: {links} links (more than {settings.COMMENTS_MAX_LINKS})"
    return ""


def _akismet_fields(comment: Comment) -> dict[str, str]:
    article = comment.article
    return spam.build_fields(
        user_ip=comment.ip_address or "", user_agent=comment.user_agent,
        referrer=comment.referrer, permalink=absolute_url(article.get_absolute_url()),
        comment_type="reply" if comment.parent_id else "comment",
        author=comment.author_name, author_email=comment.author_email,
        author_url=comment.author_url, content=comment.body, created_at=comment.created_at,
        post_modified_at=article.last_updated_at,
    )


def _ask_akismet(comment: Comment, now: datetime) -> spam.Verdict | None:
    if not comment.ip_address:
        # Akismet cannot judge without the sender's address; asking again will not help.
        _set_state(comment, State.PENDING, source=VerdictSource.AKISMET, actor="Akismet",
                   reason="No IP address to check with Akismet: a person must decide", at=now)
        return None
    if not comment.akismet_fields:
        comment.akismet_fields = _akismet_fields(comment)
        Comment.objects.filter(pk=comment.pk).update(akismet_fields=comment.akismet_fields)
    try:
        verdict = spam.check(comment.akismet_fields)
    except spam.AkismetUnavailable as error:
        _akismet_failed(comment, str(error), now)
        return None
    AkismetOutage.objects.filter(ended_at__isnull=True).update(ended_at=now)
    return verdict


def _akismet_failed(comment: Comment, error: str, now: datetime) -> None:
    outage = AkismetOutage.objects.filter(ended_at__isnull=True).first()
    if outage is None:
        AkismetOutage.objects.create(started_at=now, last_error=error[:300])
    else:
        AkismetOutage.objects.filter(pk=outage.pk).update(
            last_error=error[:300], failures=outage.failures + 1)
    attempts = comment.check_attempts + 1
    if attempts > len(CHECK_RETRY_MINUTES):
        Comment.objects.filter(pk=comment.pk).update(check_attempts=attempts, next_check_at=None)
        comment.check_attempts, comment.next_check_at = attempts, None
        _set_state(comment, State.PENDING, source=VerdictSource.AKISMET, actor="Akismet",
                   reason=f"Akismet unreachable after {attempts} tries: a person must decide",
                   at=now)
        return
    retry_at = now + timedelta(minutes=CHECK_RETRY_MINUTES[attempts - 1])
    Comment.objects.filter(pk=comment.pk).update(check_attempts=attempts, next_check_at=retry_at)
    comment.check_attempts, comment.next_check_at = attempts, retry_at
    _set_state(comment, State.CHECKING, source=VerdictSource.AKISMET, actor="Akismet",
               reason=f"Akismet unreachable ({error}); try {attempts + 1} at "
                      f"{timezone.localtime(retry_at):%H:%M}", at=now)


def _apply_policy(comment: Comment, now: datetime) -> Comment:
    if comment.by_staff:
        return _set_state(comment, State.APPROVED, source=VerdictSource.POLICY, actor="policy",
                          reason="Written by staff", at=now)
    policy = settings.COMMENTS_MODERATION
    if policy == "approve_ham":
        return _set_state(comment, State.APPROVED, source=VerdictSource.POLICY, actor="policy",
                          reason="The site approves every comment that passes the checks",
                          at=now)
    if policy == "hold_all":
        return _set_state(comment, State.PENDING, source=VerdictSource.POLICY, actor="policy",
                          reason="The site holds every comment for a moderator", at=now)
    known = Comment.objects.by_email(comment.author_email).approved().exclude(pk=comment.pk)
    if known.exists():
        return _set_state(comment, State.APPROVED, source=VerdictSource.POLICY, actor="policy",
                          reason="Earlier comments from this email were approved", at=now)
    return _set_state(comment, State.PENDING, source=VerdictSource.POLICY, actor="policy",
                      reason="First comment from this email", at=now)


def _set_state(comment: Comment, state: str, *, source: str, actor: str, reason: str,
               by: Any = None, at: datetime | None = None, action: str = "") -> Comment:
    at = at or timezone.now()
    before = comment.state
    comment.state, comment.state_source, comment.state_reason = state, source, reason[:300]
    comment.state_changed_at = at
    comment.save(update_fields=["state", "state_source", "state_reason", "state_changed_at"])
    _record(comment, action or state, actor=actor, by=by, reason=reason, at=at,
            from_state=before, to_state=state)
    if State.APPROVED in (before, state):
        # Shown to every reader, or no longer: the story's pages and thread are redrawn.
        pagecache.purge(pagecache.comments_key(comment.article_id))
    return comment


def _record(comment: Comment, action: str, *, actor: str, by: Any = None, reason: str = "",
            at: datetime | None = None, from_state: str = "", to_state: str = "") -> None:
    CommentEvent.objects.create(
        comment=comment, action=action, actor=actor, by=by, reason=reason[:300],
        at=at or timezone.now(), from_state=from_state, to_state=to_state,
    )


def comments_recheck_due(now: datetime | None = None) -> int:
    """Try Akismet again for every comment whose next check is due. Returns how many.

    One comment that cannot be judged does not stop the round: it is logged and tried
    again in the next one.
    """
    now = now or timezone.now()
    due = list(Comment.objects.due_for_check(now).select_related("article"))
    for comment in due:
        _judge_or_hold(comment, now)
    return len(due)


def akismet_unreachable_since() -> datetime | None:
    outage = AkismetOutage.objects.filter(ended_at__isnull=True).first()
    return outage.started_at if outage else None


# --- moderation ---------------------------------------------------------------------------

class Moderation:
    APPROVE = "approve"
    UNAPPROVE = "unapprove"
    SPAM = "spam"
    NOT_SPAM = "not_spam"
    TRASH = "trash"
    RESTORE = "restore"
    TARGETS = {
        APPROVE: State.APPROVED, UNAPPROVE: State.PENDING, SPAM: State.SPAM,
        NOT_SPAM: State.APPROVED, TRASH: State.TRASH, RESTORE: State.PENDING,
    }
    LABELS = {
        APPROVE: "Approved", UNAPPROVE: "Unapproved", SPAM: "Marked as spam",
        NOT_SPAM: "Marked as not spam", TRASH: "Moved to trash", RESTORE: "Restored from trash",
    }


def _require_moderator(by: Any) -> None:
    if by is not None and not by.has_perm(MODERATE_PERMISSION):
        raise PermissionDenied("Only moderators can do this.")


@transaction.atomic
def comment_moderate(comment: Comment, *, action: str, by: Any, reason: str = "",
                     now: datetime | None = None) -> Comment:
    """A moderator's verdict. Spam / not-spam verdicts are reported to Akismet afterwards."""
    _require_moderator(by)
    if action not in Moderation.TARGETS:
        raise ValidationError(f"Unknown moderation action “{action}”.")
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    if action == Moderation.APPROVE and comment.state == State.SPAM:
        action = Moderation.NOT_SPAM  # Akismet learns from it, and it counts as a false positive
    if action == Moderation.RESTORE and comment.state != State.TRASH:
        raise ValidationError("Only comments in the trash can be restored.")
    if action == Moderation.NOT_SPAM and comment.state != State.SPAM:
        raise ValidationError("Only spam can be marked as not spam.")
    now = now or timezone.now()
    feedback = ""
    if comment.akismet_fields and action in (Moderation.SPAM, Moderation.NOT_SPAM):
        feedback = "spam" if action == Moderation.SPAM else "ham"
    if action == Moderation.NOT_SPAM:
        comment.is_discarded = False
    Comment.objects.filter(pk=comment.pk).update(
        feedback_pending=feedback or comment.feedback_pending, feedback_attempts=0,
        next_feedback_at=now if feedback else comment.next_feedback_at,
        is_discarded=comment.is_discarded, next_check_at=None,
    )
    comment.refresh_from_db()
    _set_state(comment, Moderation.TARGETS[action], source=VerdictSource.MODERATOR,
               actor=display_name(by), by=by, at=now, action=action,
               reason=reason or f"{Moderation.LABELS[action]} by {display_name(by)}")
    if feedback:
        transaction.on_commit(lambda: _send_feedback_later(comment.pk))
    return comment


def _send_feedback_later(comment_id: int) -> None:
    from comments import tasks  # the task module imports this one

    tasks.send_akismet_feedback.enqueue(comment_id)


def akismet_feedback_send(comment: Comment, *, now: datetime | None = None) -> bool:
    """Report a moderator's spam/ham verdict to Akismet with the fields first sent.

    Returns True when reported (or nothing is left to report); on failure schedules the
    next try, up to the last one.
    """
    now = now or timezone.now()
    kind = comment.feedback_pending
    if not kind or not spam.is_configured():
        return True
    try:
        (spam.submit_spam if kind == "spam" else spam.submit_ham)(comment.akismet_fields)
    except spam.AkismetUnavailable as error:
        attempts = comment.feedback_attempts + 1
        next_at = (now + timedelta(minutes=FEEDBACK_RETRY_MINUTES[attempts - 1])
                   if attempts <= len(FEEDBACK_RETRY_MINUTES) else None)
        Comment.objects.filter(pk=comment.pk).update(
            feedback_attempts=attempts, next_feedback_at=next_at,
            feedback_pending=kind if next_at else "")
        _record(comment, f"report_{kind}_failed", actor="Akismet", at=now,
                reason=f"Could not report to Akismet ({error})"
                       + ("; will try again" if next_at else "; gave up"))
        return False
    Comment.objects.filter(pk=comment.pk).update(feedback_pending="", next_feedback_at=None)
    _record(comment, f"reported_{kind}", actor="Akismet", at=now,
            reason=f"Reported to Akismet as {kind}")
    return True


def akismet_feedback_due(now: datetime | None = None) -> int:
    now = now or timezone.now()
    due = list(Comment.objects.due_for_feedback(now))
    for comment in due:
        akismet_feedback_send(comment, now=now)
    return len(due)


def comment_check_again(comment: Comment, *, by: Any) -> Comment:
    """Re-run the pipeline on a held comment, e.g. after Akismet is back."""
    _require_moderator(by)
    if comment.state not in HELD_STATES:
        raise ValidationError("Only held comments can be checked again.")
    Comment.objects.filter(pk=comment.pk).update(check_attempts=0, next_check_at=None)
    comment.refresh_from_db()
    _record(comment, "check_again", actor=display_name(by), by=by, reason="Checked again")
    return comment_judge(comment)


@transaction.atomic
def comment_delete(comment: Comment, *, by: Any) -> None:
    """Delete a spam or trashed comment for good; anything else must be trashed first."""
    _require_moderator(by)
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    if comment.state not in (State.SPAM, State.TRASH):
        raise ValidationError("Only spam and trash can be deleted permanently. Move the "
                              "comment to the trash first.")
    _delete_keeping_replies([comment])


def _delete_keeping_replies(doomed: list[Comment]) -> None:
    """Delete `doomed`; replies to them by others move up to the nearest comment that stays
    (or start threads of their own), so no approved reply drops out of its thread."""
    doomed_ids = {c.pk for c in doomed}
    thread_ids = {c.root_id or c.pk for c in doomed}
    members = {c.pk: c for c in Comment.objects.filter(Q(pk__in=thread_ids) |
                                                       Q(root_id__in=thread_ids))}

    def kept_parent(comment: Comment) -> int | None:
        parent_id = comment.parent_id
        while parent_id in doomed_ids:
            parent_id = members[parent_id].parent_id if parent_id in members else None
        return parent_id

    def top(comment_id: int) -> int:
        parent_id = kept_parent(members[comment_id])
        return comment_id if parent_id is None else top(parent_id)

    pagecache.purge(*{pagecache.comments_key(c.article_id) for c in members.values()})
    for comment in members.values():
        if comment.pk in doomed_ids:
            continue
        parent_id = kept_parent(comment)
        root_id = None if parent_id is None else top(parent_id)
        if (comment.parent_id, comment.root_id) != (parent_id, root_id):
            Comment.objects.filter(pk=comment.pk).update(parent_id=parent_id, root_id=root_id)
    Comment.objects.filter(pk__in=doomed_ids).delete()


def comment_reply_as_staff(parent: Comment, *, by: Any, body: str) -> Comment:
    """A moderator's reply from the admin: under their account, approved at once."""
    _require_moderator(by)
    if not by.email:
        raise CommentRejected("Add an email address to your account before replying: every "
                              "comment keeps one, even if it is never shown.")
    return comment_submit(
        parent.article, parent=parent, by=by,
        submission=Submission(name="", email="", body=body),
    )


# --- mail, purge, figures -------------------------------------------------------------------

def notify_moderators(now: datetime | None = None) -> int:
    """Mail moderators one digest of comments held since the last digest.

    At most one digest per COMMENTS_NOTIFY_EVERY_MINUTES, so a spam wave sends one mail.
    Comments still waiting for Akismet are left for a later digest. Returns how many
    comments the mail listed.
    """
    now = now or timezone.now()
    last = Comment.objects.exclude(notified_at=None).order_by("-notified_at").first()
    if last and last.notified_at and now - last.notified_at < timedelta(
            minutes=settings.COMMENTS_NOTIFY_EVERY_MINUTES):
        return 0
    waiting = list(Comment.objects.filter(state=State.PENDING, notified_at=None)
                   .select_related("article__live_version").order_by("created_at")[:200])
    if not waiting:
        return 0
    recipients = list(get_user_model().objects.filter(
        Q(groups__name="Moderators") | Q(is_superuser=True), is_active=True,
    ).exclude(email="").values_list("email", flat=True).distinct())
    if recipients:
        queue = absolute_url(reverse("admin:comments_comment_changelist") + "?state=pending")
        lines = [f"- {c.author_name} on “{c.article.headline}”: {c.state_reason}" for c in waiting]
        send_mail(
            subject=f"{len(waiting)} comment{'s' if len(waiting) != 1 else ''} waiting for "
                    f"moderation",
            message="\n".join([*lines, "", f"Moderation queue: {queue}"]),
            from_email=None, recipient_list=recipients,
        )
    Comment.objects.filter(pk__in=[c.pk for c in waiting]).update(notified_at=now)
    return len(waiting)


def comments_purge(now: datetime | None = None) -> int:
    """Delete spam and trash untouched for COMMENTS_PURGE_AFTER_DAYS. Returns how many."""
    now = now or timezone.now()
    old = list(Comment.objects.purgeable(now - timedelta(days=settings.COMMENTS_PURGE_AFTER_DAYS)))
    _delete_keeping_replies(old)
    return len(old)


def moderation_figures(now: datetime | None = None) -> dict[str, int]:
    """The queue page's figures for the last 30 days."""
    now = now or timezone.now()
    since = now - timedelta(days=30)
    recent = Comment.objects.filter(created_at__gte=since)
    counts = recent.aggregate(
        approved=Count("pk", filter=Q(state=State.APPROVED)),
        held=Count("pk", filter=Q(state__in=HELD_STATES)),
        spam_akismet=Count("pk", filter=Q(state=State.SPAM, state_source=VerdictSource.AKISMET)),
        spam_rules=Count("pk", filter=Q(state=State.SPAM,
                                        state_source__in=[VerdictSource.RULE,
                                                          VerdictSource.CHECKS])),
    )
    counts["false_positives"] = CommentEvent.objects.filter(
        at__gte=since, action=Moderation.NOT_SPAM).values("comment").distinct().count()
    return counts


# --- privacy ---------------------------------------------------------------------------------

def commenter_export(email: str) -> dict[str, Any]:
    """Everything stored about the commenter with `email`, for a data-protection request."""
    comments = Comment.objects.by_email(email).select_related("article").order_by("created_at")
    return {
        "email": email.strip(),
        "comments": [
            {
                "story": absolute_url(c.article.get_absolute_url()),
                "posted_at": c.created_at.isoformat(),
                "name": c.author_name,
                "website": c.author_url,
                "text": c.body,
                "state": c.state,
                "ip_address": c.ip_address,
                "user_agent": c.user_agent,
                "referrer": c.referrer,
                "sent_to_akismet": c.akismet_fields,
            }
            for c in comments
        ],
    }


@transaction.atomic
def commenter_erase(email: str, *, by: Any) -> int:
    """Delete every comment (with its IPs, user agents and history) by `email`.

    Replies by other people stay; they move up to where the erased comment was.
    """
    _require_moderator(by)
    comments = list(Comment.objects.by_email(email))
    count = len(comments)
    _delete_keeping_replies(comments)
    logger.info("Erased %s comments for a data-protection request by %s", count,
                display_name(by))
    return count
