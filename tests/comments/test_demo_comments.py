"""The demo desk's reader comments."""
from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.db.models import Count

from comments.models import HELD_STATES, Comment, CommentState


@pytest.mark.django_db
def test_demo_comments_have_a_long_thread_and_some_held_and_spam():
    call_command("seed_demo", stdout=io.StringIO())
    call_command("seed_demo_comments", stdout=io.StringIO())

    per_story = Comment.objects.values("article").annotate(n=Count("pk")).order_by("-n")
    assert per_story[0]["n"] >= 200
    assert len({row["n"] for row in per_story}) >= 4  # threads of varied lengths
    assert Comment.objects.filter(depth__gte=1).count() >= 50
    assert Comment.objects.filter(state__in=HELD_STATES).count() >= 2
    assert Comment.objects.filter(state=CommentState.SPAM).count() >= 2
    assert all(c.version.article_id == c.article_id for c in Comment.objects.select_related("version")[:50])
    # Every approved comment is on a live story, so readers can see it.
    assert not Comment.objects.filter(state=CommentState.APPROVED).exclude(
        article__state="published").exists()

    total = Comment.objects.count()
    call_command("seed_demo_comments", stdout=io.StringIO())
    assert Comment.objects.count() == total
