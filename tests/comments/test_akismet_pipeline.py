"""The pipeline with Akismet, over real HTTP to the fake server: verdicts, outages, retries."""
from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from comments.models import AkismetOutage, Comment, CommentState
from comments.services.moderation import akismet_feedback_due, comment_moderate
from comments.services.pipeline import (
    CHECK_RETRY_MINUTES,
    akismet_unreachable_since,
    comments_recheck_due,
)
from comments.services.submitting import Submission, comment_submit
from tests.fake_akismet import COMMENT_CHECK, SPAM_EMAIL, SUBMIT_HAM, SUBMIT_SPAM


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()


def submit(article, *, parent=None, **overrides):
    data = {
        "name": "Mina Cho", "email": "mina@example.org", "body": "Filming news at last!",
        "url": "https://mina.example", "ip": "203.0.113.7",
        "user_agent": "Mozilla/5.0 (X11; Linux)", "referrer": "https://ref.example/",
        "started_at": timezone.now() - timedelta(seconds=20),
    }
    data.update(overrides)
    comment = comment_submit(article, submission=Submission(**data), parent=parent)
    cache.clear()
    return comment


@pytest.mark.django_db
def test_every_useful_field_reaches_akismet_and_is_stored(akismet, live_article):
    comment = submit(live_article)
    [sent] = akismet.requests_to(COMMENT_CHECK)
    expected = {
        "user_ip": "203.0.113.7", "user_agent": "Mozilla/5.0 (X11; Linux)",
        "referrer": "https://ref.example/", "comment_type": "comment",
        "comment_author": "Mina Cho", "comment_author_email": "mina@example.org",
        "comment_author_url": "https://mina.example", "comment_content": "Filming news at last!",
        "blog_lang": "en_US", "blog_charset": "UTF-8",
        "permalink": "http://127.0.0.1:8000/articles/salt-line-season-2/",
    }
    assert {name: sent.form.get(name) for name in expected} == expected
    assert sent.form["comment_date_gmt"].startswith(str(comment.created_at.year))
    assert "comment_post_modified_gmt" in sent.form and "is_test" not in sent.form
    assert comment.akismet_fields["comment_content"] == "Filming news at last!"
    # Ham from a first-time commenter still waits for a moderator.
    assert comment.state == CommentState.PENDING


@pytest.mark.django_db
def test_a_reply_is_sent_as_a_reply(akismet, live_article):
    parent = submit(live_article, email="first@example.org", body="Top")
    Comment.objects.filter(pk=parent.pk).update(state=CommentState.APPROVED)
    parent.refresh_from_db()
    submit(live_article, parent=parent, body="Answer")
    assert akismet.requests_to(COMMENT_CHECK)[-1].form["comment_type"] == "reply"


@pytest.mark.django_db
def test_akismet_spam_goes_to_spam(akismet, live_article):
    comment = submit(live_article, email=SPAM_EMAIL)
    assert (comment.state, comment.state_reason, comment.is_discarded) == (
        CommentState.SPAM, "Akismet: spam", False)


@pytest.mark.django_db
def test_blatant_spam_is_kept_but_never_shown(akismet, live_article):
    comment = submit(live_article, body="discard-me now")
    assert comment.state == CommentState.SPAM and comment.is_discarded
    assert not Comment.objects.approved().exists()


@pytest.mark.django_db
def test_without_a_key_akismet_is_never_called(fake_akismet_server, live_article, settings):
    fake_akismet_server.reset()
    settings.AKISMET_API_URL = fake_akismet_server.url
    settings.AKISMET_API_KEY = ""
    comment = submit(live_article)
    assert comment.state == CommentState.PENDING and comment.akismet_fields == {}
    assert fake_akismet_server.requests == []


@pytest.mark.parametrize("outage", ["slow", "fail", "drop", "garbage"])
@pytest.mark.django_db
def test_an_outage_holds_the_comment_and_schedules_a_retry(akismet, live_article, outage):
    getattr(akismet, outage)(**({"seconds": 2} if outage == "slow" else {}))
    comment = submit(live_article)
    assert comment.state == CommentState.CHECKING
    assert comment.check_attempts == 1
    assert comment.next_check_at is not None and comment.next_check_at > timezone.now()
    assert "Akismet unreachable" in comment.state_reason
    assert akismet_unreachable_since() is not None
    assert Comment.objects.get().body == "Filming news at last!"


@pytest.mark.django_db
def test_the_retry_judges_the_comment_when_akismet_is_back(akismet, live_article):
    akismet.fail()
    comment = submit(live_article, email=SPAM_EMAIL)
    akismet.reset()
    later = comment.next_check_at + timedelta(seconds=1)
    assert comments_recheck_due(now=later) == 1
    comment.refresh_from_db()
    assert comment.state == CommentState.SPAM
    assert akismet_unreachable_since() is None
    outage = AkismetOutage.objects.get()
    assert outage.ended_at == later


@pytest.mark.django_db
def test_after_the_last_try_a_person_decides(akismet, live_article):
    akismet.fail()
    comment = submit(live_article)
    for _ in range(len(CHECK_RETRY_MINUTES)):
        comment.refresh_from_db()
        comments_recheck_due(now=comment.next_check_at + timedelta(seconds=1))
    comment.refresh_from_db()
    assert comment.state == CommentState.PENDING
    assert comment.next_check_at is None
    assert "a person must decide" in comment.state_reason
    assert comment.check_attempts == len(CHECK_RETRY_MINUTES) + 1
    assert len(akismet.requests_to(COMMENT_CHECK)) == len(CHECK_RETRY_MINUTES) + 1


@pytest.mark.django_db
def test_retries_back_off(akismet, live_article):
    akismet.fail()
    comment = submit(live_article)
    gaps = []
    for _ in range(3):
        comment.refresh_from_db()
        now = comment.next_check_at + timedelta(seconds=1)
        comments_recheck_due(now=now)
        comment.refresh_from_db()
        gaps.append(round((comment.next_check_at - now).total_seconds() / 60))
    assert gaps == list(CHECK_RETRY_MINUTES[1:4])


@pytest.mark.django_db
def test_moderator_verdicts_are_reported_with_the_fields_first_sent(
        akismet, live_article, moderator, django_capture_on_commit_callbacks):
    comment = submit(live_article)
    checked = akismet.requests_to(COMMENT_CHECK)[0].form

    # Reports go out once the verdict is committed (a task, run at once by the test backend).
    with django_capture_on_commit_callbacks(execute=True):
        comment_moderate(comment, action="spam", by=moderator)
    with django_capture_on_commit_callbacks(execute=True):
        comment_moderate(comment, action="not_spam", by=moderator)

    [reported_spam] = akismet.requests_to(SUBMIT_SPAM)
    [reported_ham] = akismet.requests_to(SUBMIT_HAM)
    for report in (reported_spam, reported_ham):
        assert {k: v for k, v in report.form.items() if k != "api_key"} == {
            k: v for k, v in checked.items() if k != "api_key"}
    comment.refresh_from_db()
    assert comment.state == CommentState.APPROVED and comment.feedback_pending == ""


@pytest.mark.django_db
def test_a_failed_report_is_retried_later(akismet, live_article, moderator,
                                          django_capture_on_commit_callbacks):
    comment = submit(live_article)
    akismet.fail()
    with django_capture_on_commit_callbacks(execute=True):
        comment_moderate(comment, action="spam", by=moderator)
    comment.refresh_from_db()
    assert comment.feedback_pending == "spam" and comment.feedback_attempts == 1
    akismet.reset()
    assert akismet_feedback_due(now=comment.next_feedback_at + timedelta(seconds=1)) == 1
    assert len(akismet.requests_to(SUBMIT_SPAM)) == 1
    comment.refresh_from_db()
    assert comment.feedback_pending == ""


@pytest.mark.django_db
def test_a_comment_without_an_address_waits_for_a_person(akismet, live_article):
    comment = submit(live_article, ip=None)
    assert comment.state == CommentState.PENDING
    assert "No IP address" in comment.state_reason
    assert akismet.requests_to(COMMENT_CHECK) == []
