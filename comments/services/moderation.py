"""What moderators do to comments: verdicts, Akismet feedback, checking again, deleting for
good, and replying as staff. Each needs the moderate permission (`by=None` is the system:
a management command) and writes the comment's history.

A spam or not-spam verdict on a comment Akismet has seen is reported back to it with the
fields it first saw (`akismet_feedback_send`, run by the `send_akismet_feedback` task once
the verdict is committed); a report that fails is retried by the periodic work on the
`FEEDBACK_RETRY_MINUTES` schedule (`akismet_feedback_due`).
"""
from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django_tasks import task

from articles import pagecache
from articles.people import display_name
from comments import spam
from comments.models import HELD_STATES, Comment, CommentState, VerdictSource
from comments.pagekeys import thread_key
from comments.services.history import record_event, set_state
from comments.services.pipeline import comment_judge
from comments.services.submitting import CommentRejected, Submission, comment_submit

MODERATE_PERMISSION = "comments.moderate_comment"
FEEDBACK_RETRY_MINUTES = (1, 5, 15, 60, 240)

State = CommentState


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


def require_moderator(by: Any) -> None:
    """PermissionDenied unless `by` may moderate comments (None: the system, which may)."""
    if by is not None and not by.has_perm(MODERATE_PERMISSION):
        raise PermissionDenied("Only moderators can do this.")


@transaction.atomic
def comment_moderate(comment: Comment, *, action: str, by: Any, reason: str = "",
                     now: datetime | None = None) -> Comment:
    """A moderator's verdict. Spam / not-spam verdicts are reported to Akismet afterwards."""
    require_moderator(by)
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
    moderator = display_name(by)
    set_state(comment, Moderation.TARGETS[action], source=VerdictSource.MODERATOR,
              actor=moderator, by=by, at=now, action=action,
              reason=reason or f"{Moderation.LABELS[action]} by {moderator}")
    if feedback:
        transaction.on_commit(lambda: send_akismet_feedback.enqueue(comment.pk))
    return comment


@task()
def send_akismet_feedback(comment_id: int) -> bool:
    """Report a moderator's spam/ham verdict; a failure is retried by `process_comments`."""
    comment = Comment.objects.filter(pk=comment_id).first()
    if comment is None:
        return True  # deleted meanwhile: nothing to report
    return akismet_feedback_send(comment)


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
        record_event(comment, f"report_{kind}_failed", actor="Akismet", at=now,
                     reason=f"Could not report to Akismet ({error})"
                            + ("; will try again" if next_at else "; gave up"))
        return False
    Comment.objects.filter(pk=comment.pk).update(feedback_pending="", next_feedback_at=None)
    record_event(comment, f"reported_{kind}", actor="Akismet", at=now,
                 reason=f"Reported to Akismet as {kind}")
    return True


def akismet_feedback_due(now: datetime | None = None) -> int:
    """Retry every Akismet report whose next try is due. Returns how many were tried."""
    now = now or timezone.now()
    due = list(Comment.objects.due_for_feedback(now))
    for comment in due:
        akismet_feedback_send(comment, now=now)
    return len(due)


def comment_check_again(comment: Comment, *, by: Any) -> Comment:
    """Re-run the pipeline on a held comment, e.g. after Akismet is back."""
    require_moderator(by)
    if comment.state not in HELD_STATES:
        raise ValidationError("Only held comments can be checked again.")
    Comment.objects.filter(pk=comment.pk).update(check_attempts=0, next_check_at=None)
    comment.refresh_from_db()
    record_event(comment, "check_again", actor=display_name(by), by=by,
                 reason="Checked again")
    return comment_judge(comment)


@transaction.atomic
def comment_delete(comment: Comment, *, by: Any) -> None:
    """Delete a spam or trashed comment for good; anything else must be trashed first."""
    require_moderator(by)
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    if comment.state not in (State.SPAM, State.TRASH):
        raise ValidationError("Only spam and trash can be deleted permanently. Move the "
                              "comment to the trash first.")
    delete_keeping_replies([comment])


def delete_keeping_replies(doomed: list[Comment]) -> None:
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

    pagecache.purge(*{thread_key(c.article_id) for c in members.values()})
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
    require_moderator(by)
    if not by.email:
        raise CommentRejected("Add an email address to your account before replying: every "
                              "comment keeps one, even if it is never shown.")
    return comment_submit(
        parent.article, parent=parent, by=by,
        submission=Submission(name="", email="", body=body),
    )
