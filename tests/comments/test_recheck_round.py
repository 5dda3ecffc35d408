"""The periodic recheck after an Akismet outage: one comment the pipeline cannot take does
not keep the others waiting."""
from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from comments.models import Comment, CommentState
from comments.services.pipeline import comments_recheck_due
from comments.services.submitting import Submission, comment_submit
from tests.fake_akismet import COMMENT_CHECK

pytestmark = pytest.mark.django_db


def held_by_outage(article, akismet, *, email, body):
    cache.clear()  # a fresh reader for the rate limits
    akismet.fail()
    comment = comment_submit(article, submission=Submission(
        name="Mina Cho", email=email, body=body, ip="203.0.113.7",
        started_at=timezone.now() - timedelta(seconds=20)))
    akismet.reset()
    assert comment.state == CommentState.CHECKING
    return comment


def test_a_comment_that_breaks_the_check_does_not_stop_the_round(akismet, live_article,
                                                                 settings, caplog):
    settings.COMMENTS_MODERATION = "approve_ham"
    broken = held_by_outage(live_article, akismet, email="one@example.org", body="First!")
    fine = held_by_outage(live_article, akismet, email="two@example.org", body="Second!")
    # Sent fields stored by an older release, with a name the Akismet client refuses (a
    # TypeError, not an outage): this comment cannot be checked until someone looks.
    Comment.objects.filter(pk=broken.pk).update(
        akismet_fields={**broken.akismet_fields, "comment_mood": "cheerful"})
    now = max(broken.next_check_at, fine.next_check_at) + timedelta(seconds=1)

    assert comments_recheck_due(now=now) == 2

    broken.refresh_from_db()
    fine.refresh_from_db()
    assert fine.state == CommentState.APPROVED
    assert [r.form["comment_content"] for r in akismet.requests_to(COMMENT_CHECK)] == ["Second!"]
    # Still held, kept, and tried again with the next round.
    assert broken.state == CommentState.CHECKING and broken.body == "First!"
    assert broken.next_check_at == now + timedelta(minutes=1)
    assert f"Judging comment {broken.pk} failed" in caplog.text
    assert comments_recheck_due(now=now + timedelta(minutes=1)) == 1
