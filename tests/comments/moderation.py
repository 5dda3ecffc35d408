"""The moderators' admin in tests: its addresses, what it said, a bulk action's POST,
and fixtures for comments to moderate and a signed-in moderator. The fixtures are
imported by the test modules that use them."""
from __future__ import annotations

import itertools

import pytest
from django.core.cache import cache
from django.urls import reverse

from comments.models import Comment, CommentState, VerdictSource


QUEUE_URL = reverse("admin:comments_comment_changelist")


def change_url(comment):
    return reverse("admin:comments_comment_change", args=[comment.pk])


def moderate_url(comment):
    return reverse("admin:comments_comment_moderate", args=[comment.pk])


def reply_url(comment):
    return reverse("admin:comments_comment_reply", args=[comment.pk])


def messages_of(response):
    return [str(m) for m in response.context["messages"]] if response.context else []


def action(name, *comments):
    return {"action": name, "_selected_action": [c.pk for c in comments]}


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()  # rate limits live in the cache


@pytest.fixture
def make_comment(live_article):
    numbers = itertools.count(1)

    def make(article=None, *, state=CommentState.PENDING, **fields):
        article = article or live_article
        n = next(numbers)
        fields.setdefault("author_name", f"Reader {n}")
        fields.setdefault("author_email", f"reader{n}@example.org")
        fields.setdefault("body", f"Comment number {n}: the finale was a let-down.")
        fields.setdefault("ip_address", f"203.0.113.{n}")
        fields.setdefault("state_reason", "First comment from this email"
                          if state == CommentState.PENDING else "")
        fields.setdefault("state_source", VerdictSource.POLICY)
        return Comment.objects.create(article=article, version=article.live_version,
                                      state=state, **fields)

    return make


@pytest.fixture
def moderator_client(client, moderator):
    client.force_login(moderator)
    return client
