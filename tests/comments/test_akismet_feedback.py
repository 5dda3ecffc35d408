"""What moderating tells Akismet: ham and spam reports with the fields it judged, nothing
for the trash, and a check again once it is back."""
from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from comments.services.pipeline import akismet_unreachable_since
from comments.services.submitting import Submission, comment_submit
from tests.comments.moderation import (  # noqa: F401 (fixtures)
    QUEUE_URL,
    _clear_cache,
    action,
    messages_of,
    moderate_url,
    moderator_client,
)
from tests.fake_akismet import COMMENT_CHECK, SPAM_AUTHOR, SUBMIT_HAM, SUBMIT_SPAM


pytestmark = pytest.mark.django_db


@pytest.fixture
def akismet_comment(akismet, live_article):
    """A comment judged by the fake Akismet (as spam), with the fields it was sent."""
    comment = comment_submit(live_article, submission=Submission(
        name=SPAM_AUTHOR, email="seller@example.org", body="Great deals on replica watches",
        ip="198.51.100.77", user_agent="SpamBot/1.0", referrer="https://spam.example/",
        started_at=timezone.now() - timedelta(seconds=10)))
    assert comment.state == "spam" and comment.akismet_fields
    return comment


def test_not_spam_reports_ham_to_akismet_with_the_stored_fields(
        moderator_client, akismet, akismet_comment, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        moderator_client.post(QUEUE_URL, action("mark_not_spam", akismet_comment))
    reports = akismet.requests_to(SUBMIT_HAM)
    assert len(reports) == 1
    sent = {k: v for k, v in reports[0].form.items() if k != "api_key"}
    assert sent == akismet_comment.akismet_fields
    akismet_comment.refresh_from_db()
    assert (akismet_comment.state, akismet_comment.feedback_pending) == ("approved", "")
    assert akismet_comment.events.filter(action="reported_ham").exists()


def test_spam_reports_spam_to_akismet_with_the_stored_fields(
        moderator_client, akismet, live_article, django_capture_on_commit_callbacks):
    comment = comment_submit(live_article, submission=Submission(
        name="Quiet Reader", email="quiet@example.org", body="Loved the episode",
        ip="198.51.100.78", started_at=timezone.now() - timedelta(seconds=10)))
    assert comment.state == "pending" and comment.akismet_fields
    with django_capture_on_commit_callbacks(execute=True):
        moderator_client.post(moderate_url(comment), {"action": "spam"})
    reports = akismet.requests_to(SUBMIT_SPAM)
    assert len(reports) == 1
    assert {k: v for k, v in reports[0].form.items() if k != "api_key"} == comment.akismet_fields
    assert not akismet.requests_to(SUBMIT_HAM)


def test_trash_sends_nothing_to_akismet(moderator_client, akismet, akismet_comment,
                                        django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        moderator_client.post(QUEUE_URL, action("trash", akismet_comment))
    assert not akismet.requests_to(SUBMIT_SPAM) and not akismet.requests_to(SUBMIT_HAM)


def test_check_again_asks_akismet_once_it_is_back(moderator_client, akismet, live_article):
    akismet.fail(times=1)
    comment = comment_submit(live_article, submission=Submission(
        name="Quiet Reader", email="quiet@example.org", body="Loved the episode",
        ip="198.51.100.78", started_at=timezone.now() - timedelta(seconds=10)))
    assert comment.state == "checking"
    assert "Akismet unreachable since" in moderator_client.get(QUEUE_URL).content.decode()
    response = moderator_client.post(moderate_url(comment), {"action": "check_again"},
                                     follow=True)
    assert messages_of(response) == [
        "Checked the comment by Quiet Reader again: held for moderation (First comment from "
        "this email)."]
    checks = akismet.requests_to(COMMENT_CHECK)
    assert len(checks) == 2
    assert {k: v for k, v in checks[1].form.items() if k != "api_key"} == comment.akismet_fields
    assert akismet_unreachable_since() is None
    assert "Akismet unreachable since" not in response.content.decode()
