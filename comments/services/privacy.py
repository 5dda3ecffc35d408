"""Data-protection requests: everything stored about a commenter, and erasing it."""
from __future__ import annotations

import logging
from typing import Any

from django.db import transaction

from articles.people import display_name
from articles.structured_data import absolute_url
from comments.models import Comment
from comments.services.moderation import delete_keeping_replies, require_moderator

logger = logging.getLogger(__name__)


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
    require_moderator(by)
    comments = list(Comment.objects.by_email(email))
    count = len(comments)
    delete_keeping_replies(comments)
    logger.info("Erased %s comments for a data-protection request by %s", count,
                display_name(by))
    return count
