"""What the moderation buttons and the queue's actions can do, and how the admin words it.

The comment's page (one button, one comment) and the queue (one action, many comments) run
the same operations through `moderate_one`, so both reach the same services and say the
same things about the result.
"""
from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError

from comments.models import Comment, CommentState
from comments.services.moderation import (
    Moderation,
    comment_check_again,
    comment_delete,
    comment_moderate,
)
from comments.services.submitting import CommentRejected

# Two operations that are not state changes but share the moderation buttons and actions.
CHECK_AGAIN = "check_again"
DELETE = "delete"

# What each operation did, for messages: "{n}" is "3 comments" or "the comment by Rosa".
DONE = {
    Moderation.APPROVE: "Approved {n}.",
    Moderation.UNAPPROVE: "Unapproved {n}: held for moderation.",
    Moderation.SPAM: "Marked {n} as spam.",
    Moderation.NOT_SPAM: "Marked {n} as not spam and approved.",
    Moderation.TRASH: "Moved {n} to the trash.",
    Moderation.RESTORE: "Restored {n} from the trash: held for moderation.",
    CHECK_AGAIN: "Checked {n} again.",
    DELETE: "Deleted {n} permanently.",
}

# The buttons a comment's page offers in each state, in the order shown.
BUTTONS: dict[str, list[tuple[str, str]]] = {
    CommentState.CHECKING: [(Moderation.APPROVE, "Approve"), (Moderation.SPAM, "Spam"),
                            (Moderation.TRASH, "Trash"), (CHECK_AGAIN, "Check again")],
    CommentState.PENDING: [(Moderation.APPROVE, "Approve"), (Moderation.SPAM, "Spam"),
                           (Moderation.TRASH, "Trash"), (CHECK_AGAIN, "Check again")],
    CommentState.APPROVED: [(Moderation.UNAPPROVE, "Unapprove"), (Moderation.SPAM, "Spam"),
                            (Moderation.TRASH, "Trash")],
    CommentState.SPAM: [(Moderation.NOT_SPAM, "Not spam"), (Moderation.TRASH, "Trash"),
                        (DELETE, "Delete permanently")],
    CommentState.TRASH: [(Moderation.RESTORE, "Restore"), (Moderation.SPAM, "Spam"),
                         (DELETE, "Delete permanently")],
}

# Pressing "Approve" on an approved comment would only add a confusing line to its history.
NO_OP_WHEN_ALREADY_THERE = {Moderation.APPROVE, Moderation.UNAPPROVE, Moderation.SPAM,
                            Moderation.TRASH}


def n_comments(n: int) -> str:
    """How messages count what an operation touched: "1 comment", "3 comments"."""
    return f"{n} comment{'s' if n != 1 else ''}"


def error_messages(error: ValidationError | PermissionDenied | CommentRejected) -> list[str]:
    """The sentences to show a moderator for a refusal by a service or a model check."""
    if isinstance(error, ValidationError) and hasattr(error, "error_dict"):
        # A model check, not a service's sentence: name the field it is about.
        return [f"{name.replace('_', ' ').capitalize()}: {message}"
                if name != "__all__" else message
                for name, errors in error.message_dict.items() for message in errors]
    if isinstance(error, ValidationError):
        return list(error.messages)
    return [str(error) or "You are not allowed to do this."]


def moderate_one(comment: Comment, operation: str, *, by: Any) -> Comment | None:
    """Run one moderation button or action; returns the comment (None once deleted)."""
    if operation == CHECK_AGAIN:
        return comment_check_again(comment, by=by)
    if operation == DELETE:
        comment_delete(comment, by=by)
        return None
    return comment_moderate(comment, action=operation, by=by)
