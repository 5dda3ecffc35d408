"""What a reader's browser keeps for the comments app, in signed cookies: the comments it
posted that are still waiting for moderation (so their author alone sees them), and, when
the reader asks, their name, email and website for the next comment.

Both cookies are signed: a reader cannot add someone else's comment ids to see held
comments, and cannot plant a name and email in another browser. A page read with either
cookie is that reader's own, never a shared copy (``CommentsConfig.ready`` registers them
with the page cache).
"""
from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from comments.models import Comment

HELD_COOKIE = "comments_mine"
HELD_SALT = "comments.held"
HELD_COOKIE_DAYS = 30
HELD_COOKIE_KEEP = 20
AUTHOR_COOKIE = "comment_author"
AUTHOR_SALT = "comments.author"
AUTHOR_COOKIE_DAYS = 365


def held_ids(request: HttpRequest) -> list[int]:
    """Ids of comments this browser posted that may still be waiting for moderation."""
    raw = request.get_signed_cookie(HELD_COOKIE, default="", salt=HELD_SALT,
                                    max_age=HELD_COOKIE_DAYS * 86400)
    return [int(part) for part in (raw or "").split(".") if part.isdigit()]


def remembered_author(request: HttpRequest) -> dict[str, str]:
    """The name, email and website this reader asked us to remember, or {}."""
    raw = request.get_signed_cookie(AUTHOR_COOKIE, default="", salt=AUTHOR_SALT,
                                    max_age=AUTHOR_COOKIE_DAYS * 86400)
    try:
        data = json.loads(raw or "{}")
    except ValueError:
        return {}
    if not isinstance(data, dict) or not data.get("name"):
        return {}
    return {key: str(data.get(key, "")) for key in ("name", "email", "url")}


def remember_held(request: HttpRequest, response: HttpResponse, comment: Comment) -> None:
    """Add `comment` to the held comments this browser may see (the latest few)."""
    ids = [pk for pk in held_ids(request) if pk != comment.pk] + [comment.pk]
    response.set_signed_cookie(
        HELD_COOKIE, ".".join(str(pk) for pk in ids[-HELD_COOKIE_KEEP:]), salt=HELD_SALT,
        max_age=HELD_COOKIE_DAYS * 86400, **_cookie_options())


def remember_author(response: HttpResponse, posted: Mapping[str, Any]) -> None:
    """Store the reader's details (`posted`: the comment form's cleaned data) only when they
    ticked the box; unticking forgets them."""
    if posted.get("remember"):
        value = json.dumps({"name": posted["name"], "email": posted["email"],
                            "url": posted["url"]})
        response.set_signed_cookie(AUTHOR_COOKIE, value, salt=AUTHOR_SALT,
                                   max_age=AUTHOR_COOKIE_DAYS * 86400, **_cookie_options())
    else:
        response.delete_cookie(AUTHOR_COOKIE, samesite="Lax")


def _cookie_options() -> dict[str, Any]:
    return {"secure": settings.SESSION_COOKIE_SECURE, "httponly": True, "samesite": "Lax"}
