"""Housekeeping: purging old spam and trash, and the moderators' digest mail."""
from __future__ import annotations

from datetime import timedelta
from io import StringIO
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from comments.models import Comment
from comments.services.pipeline import comments_recheck_due
from comments.services.submitting import Submission, comment_submit
from comments.services.upkeep import notify_moderators
from tests.comments.moderation import _clear_cache, make_comment  # noqa: F401

pytestmark = pytest.mark.django_db


def submit(article, n, *, at=None):
    """A reader's comment through the real pipeline (held: a first comment from this email)."""
    at = at or timezone.now()
    return comment_submit(article, now=at, submission=Submission(
        name=f"Reader {n}", email=f"reader{n}@example.org", body=f"Comment {n}: more please!",
        ip=f"198.51.100.{n}", started_at=at - timedelta(seconds=10)))


# --- purge ------------------------------------------------------------------------------------

def test_purge_comments_deletes_old_spam_and_trash_only(make_comment):
    now = timezone.now()
    long_ago = now - timedelta(days=31)
    make_comment(state="spam", state_changed_at=long_ago)
    make_comment(state="trash", state_changed_at=long_ago)
    recent_spam = make_comment(state="spam", state_changed_at=now - timedelta(days=10))
    old_approved = make_comment(state="approved", state_changed_at=long_ago,
                                created_at=long_ago)
    old_held = make_comment(state="pending", state_changed_at=long_ago, created_at=long_ago)
    out = StringIO()
    call_command("purge_comments", stdout=out)
    assert out.getvalue().strip() == (
        "Purged 2 comments (spam and trash untouched for 30 days).")
    assert set(Comment.objects.all()) == {recent_spam, old_approved, old_held}


def test_purge_comments_follows_the_setting(make_comment, settings):
    settings.COMMENTS_PURGE_AFTER_DAYS = 7
    make_comment(state="spam", state_changed_at=timezone.now() - timedelta(days=8))
    fresh = make_comment(state="trash", state_changed_at=timezone.now() - timedelta(days=6))
    out = StringIO()
    call_command("purge_comments", stdout=out)
    assert out.getvalue().strip() == "Purged 1 comment (spam and trash untouched for 7 days)."
    assert list(Comment.objects.all()) == [fresh]


# --- the moderators' digest -------------------------------------------------------------------

@pytest.fixture
def moderators(make_user, django_user_model):
    people = [make_user("Moderators", email="mo@newsdesk.example"),
              make_user("Moderators", email="max@newsdesk.example"),
              django_user_model.objects.create_superuser("boss", "boss@newsdesk.example", "pw")]
    make_user("Moderators", email="")  # nowhere to send it
    make_user("Moderators", email="gone@newsdesk.example", is_active=False)
    make_user("Writers", email="wendy@newsdesk.example")
    make_user("Editors", email="eddie@newsdesk.example")
    return people


def test_a_wave_of_held_comments_sends_one_mail(live_article, moderators, client):
    now = timezone.now()
    wave = [submit(live_article, n, at=now - timedelta(seconds=60 - n)) for n in range(1, 31)]
    assert {c.state for c in wave} == {"pending"}
    assert notify_moderators(now) == 30
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "30 comments waiting for moderation"
    assert sorted(message.to) == ["boss@newsdesk.example", "max@newsdesk.example",
                                  "mo@newsdesk.example"]
    assert "- Reader 1 on “When will The Salt Line season 2 arrive?”: First comment from " \
           "this email" in message.body
    assert message.body.count("\n- ") == 29  # one line each, the first starts the body
    # The link opens the queue filtered to held comments.
    link = message.body.rsplit("Moderation queue: ", 1)[1].strip()
    client.force_login(moderators[0])
    response = client.get(f"{urlsplit(link).path}?{urlsplit(link).query}")
    assert len(response.context["cl"].result_list) == 30


def test_no_second_mail_within_the_interval(live_article, moderators, settings):
    settings.COMMENTS_NOTIFY_EVERY_MINUTES = 15
    now = timezone.now()
    submit(live_article, 1, at=now)
    assert notify_moderators(now) == 1
    later = submit(live_article, 2, at=now + timedelta(minutes=5))
    assert notify_moderators(now + timedelta(minutes=5)) == 0
    assert notify_moderators(now + timedelta(minutes=14)) == 0
    assert len(mail.outbox) == 1
    assert notify_moderators(now + timedelta(minutes=16)) == 1
    assert len(mail.outbox) == 2
    assert mail.outbox[1].subject == "1 comment waiting for moderation"
    assert later.author_name in mail.outbox[1].body
    assert "Reader 1 " not in mail.outbox[1].body  # each comment is mailed once


def test_nothing_held_sends_nothing(live_article, moderators, make_comment):
    make_comment(state="approved")
    make_comment(state="spam")
    assert notify_moderators() == 0
    assert mail.outbox == []


def test_comments_waiting_for_akismet_are_mailed_only_after_their_verdict(live_article,
                                                                         moderators, akismet):
    now = timezone.now()
    akismet.fail(times=1)
    waiting = submit(live_article, 1, at=now)
    assert waiting.state == "checking"
    assert notify_moderators(now) == 0
    assert mail.outbox == []
    # Akismet answers on the retry; the comment is then held for a moderator, and mailed.
    assert comments_recheck_due(now + timedelta(minutes=2)) == 1
    waiting.refresh_from_db()
    assert waiting.state == "pending"
    assert notify_moderators(now + timedelta(minutes=2)) == 1
    assert "Reader 1" in mail.outbox[0].body
