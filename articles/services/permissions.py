"""Who may do what to stories: the permission names and the checks every service makes."""
from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied

from articles.models import Article


PUBLISH_PERMISSION = "articles.publish_article"


EDIT_ANY_PERMISSION = "articles.change_any_article"


def can_edit(article: Article, user: Any) -> bool:
    if user.has_perm(EDIT_ANY_PERMISSION):
        return True
    return user.has_perm("articles.change_article") and article.authors.filter(pk=user.pk).exists()


def require_permission(user: Any, permission: str) -> None:
    # `by=None` is the system itself: scheduled publishing and expiry.
    if user is not None and not user.has_perm(permission):
        raise PermissionDenied(f"You do not have permission to do this ({permission}).")
