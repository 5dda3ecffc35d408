"""A comment's history, and the one way its state changes.

Every stage of the pipeline and every moderator's action writes a line to the comment's
history (`record_event`); every change of state goes through `set_state`, which also
purges the story's thread when the change is one readers see.
"""
from __future__ import annotations

from datetime import datetime
from typing import Any

from django.utils import timezone

from articles import pagecache
from comments.models import Comment, CommentEvent, CommentState
from comments.pagekeys import thread_key


def record_event(comment: Comment, action: str, *, actor: str, by: Any = None,
                 reason: str = "", at: datetime | None = None, from_state: str = "",
                 to_state: str = "") -> None:
    """Add a line to `comment`'s history. `actor` names who acted when no user did."""
    CommentEvent.objects.create(
        comment=comment, action=action, actor=actor, by=by, reason=reason[:300],
        at=at or timezone.now(), from_state=from_state, to_state=to_state,
    )


def set_state(comment: Comment, state: str, *, source: str, actor: str, reason: str,
              by: Any = None, at: datetime | None = None, action: str = "") -> Comment:
    """Move `comment` to `state`, saying who decided (`source`, `actor`) and why, in its
    row and in its history. Returns the comment."""
    at = at or timezone.now()
    before = comment.state
    comment.state, comment.state_source, comment.state_reason = state, source, reason[:300]
    comment.state_changed_at = at
    comment.save(update_fields=["state", "state_source", "state_reason", "state_changed_at"])
    record_event(comment, action or state, actor=actor, by=by, reason=reason, at=at,
                 from_state=before, to_state=state)
    if CommentState.APPROVED in (before, state):
        # Shown to every reader, or no longer: the story's pages and thread are rendered again.
        pagecache.purge(thread_key(comment.article_id))
    return comment
