"""`manage.py enqueue_periodic`, which cron runs every minute: scheduled publishing and the
comment housekeeping, done by the worker (or at once with in-process tasks)."""
from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

from articles.services.publishing import version_schedule
from comments.models import Comment, CommentState
from comments.services.submitting import Submission, comment_submit
from tests.comments.moderation import make_comment  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db


@pytest.fixture
def due_update(live_article, revise, editor):
    """An update of the live story, scheduled an hour ago to go live a minute ago."""
    update = revise(live_article, headline="The Salt Line season 2 starts filming in May",
                    update_label="May Update", public_note="Filming dates are set.")
    go_live_at = timezone.now() - timedelta(minutes=1)
    version_schedule(update, by=editor, go_live_at=go_live_at,
                              now=go_live_at - timedelta(hours=1))
    return update


@pytest.fixture
def old_spam(live_article):
    """Spam caught by the hidden form field, untouched for longer than the purge delay."""
    cache.clear()
    comment = comment_submit(live_article, submission=Submission(
        name="Bot", email="bot@spam.example", body="Cheap watches", ip="192.0.2.9",
        honeypot="https://spam.example", started_at=timezone.now() - timedelta(minutes=1)))
    assert comment.state == CommentState.SPAM
    Comment.objects.filter(pk=comment.pk).update(
        state_changed_at=timezone.now() - timedelta(days=31))
    return comment


def headline_on_page(article):
    html = Client().get(article.get_absolute_url()).content.decode()
    return "starts filming in May" in html


def test_with_inprocess_tasks_the_command_does_the_work(live_article, due_update, old_spam):
    out = StringIO()
    call_command("enqueue_periodic", stdout=out)

    lines = out.getvalue().splitlines()
    assert [line.split(":")[0] for line in lines] == ["publish_scheduled", "process_comments"]
    assert all(line.endswith(" successful.") for line in lines), lines
    assert headline_on_page(live_article)
    assert not Comment.objects.filter(pk=old_spam.pk).exists()


def test_with_a_worker_the_command_only_queues_the_work(live_article, due_update, old_spam,
                                                        worker_queue):
    out = StringIO()
    call_command("enqueue_periodic", stdout=out)

    assert worker_queue.queued == [("publish_scheduled", []), ("process_comments", [])]
    assert all(line.endswith(" ready.") for line in out.getvalue().splitlines())
    assert not headline_on_page(live_article)
    assert Comment.objects.filter(pk=old_spam.pk).exists()

    worker_queue.run()

    assert headline_on_page(live_article)
    assert not Comment.objects.filter(pk=old_spam.pk).exists()


def test_a_failing_task_fails_the_command_naming_it(live_article, due_update, settings):
    # A real fault, not a stand-in: the purge cannot work out a cut-off from no setting.
    settings.COMMENTS_PURGE_AFTER_DAYS = None

    with pytest.raises(CommandError, match=r"^Failed: process_comments \(the traceback is in "
                                           r"the log\)\.$"):
        call_command("enqueue_periodic", stdout=StringIO())

    assert headline_on_page(live_article)  # stories go first, whatever comments do



def test_process_comments_does_the_housekeeping_here_and_says_what_it_did(settings, make_comment):
    long_ago = timezone.now() - timedelta(days=settings.COMMENTS_PURGE_AFTER_DAYS + 1)
    old_spam = make_comment(state=CommentState.SPAM, state_changed_at=long_ago)
    kept = make_comment(state=CommentState.SPAM, state_changed_at=timezone.now())
    out = StringIO()
    call_command("process_comments", stdout=out)
    assert out.getvalue().strip() == "0 rechecked, 0 reported, 0 notified, 1 purged."
    assert list(Comment.objects.filter(pk__in=[old_spam.pk, kept.pk])) == [kept]
