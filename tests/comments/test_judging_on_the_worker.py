"""With a task worker, a reader's post is answered at once and the worker asks Akismet.

The `worker_queue` fixture keeps what is queued and runs nothing, as the database backend
does until `db_worker` picks a task up, and `.run()` then runs each task the way the
worker does. The integration suite runs the real worker.
"""
from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from comments.models import Comment, CommentState
from comments.readers import HELD_COOKIE
from comments.services.moderation import comment_moderate, comment_reply_as_staff
from comments.services.pipeline import comments_recheck_due
from comments.services.privacy import commenter_erase
from comments.services.submitting import JUDGE_FALLBACK_MINUTES, Submission, comment_submit
from tests.comments.reader import page, post
from tests.fake_akismet import COMMENT_CHECK, SPAM_AUTHOR

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()


def submit(article, **overrides):
    data = {"name": "Mina Cho", "email": "mina@example.org", "body": "Filming news at last!",
            "ip": "203.0.113.7", "started_at": timezone.now() - timedelta(seconds=20)}
    data.update(overrides)
    return comment_submit(article, submission=Submission(**data))


def test_the_post_is_answered_before_akismet_is_asked(client, live_article, akismet,
                                                      worker_queue):
    response = post(client, live_article, name="Mina Cho", body="Is the cast all back?")

    comment = Comment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/articles/salt-line-season-2/#comment-{comment.pk}"
    assert comment.state == CommentState.CHECKING
    assert akismet.requests_to(COMMENT_CHECK) == []
    assert worker_queue.queued == [("judge_comment", [comment.pk])]
    # Its author sees it as held; nobody else sees it at all.
    assert response.cookies[HELD_COOKIE].value.startswith(f"{comment.pk}:")
    assert "Your comment is awaiting moderation." in page(client, live_article)
    assert "Is the cast all back?" not in page(Client(), live_article)


def test_the_worker_approves_ham_and_readers_see_it(client, live_article, akismet,
                                                    worker_queue, settings):
    settings.COMMENTS_MODERATION = "approve_ham"
    post(client, live_article, name="Mina Cho", body="Is the cast all back?")

    worker_queue.run()

    comment = Comment.objects.get()
    assert (comment.state, comment.state_reason) == (
        CommentState.APPROVED, "The site approves every comment that passes the checks")
    assert len(akismet.requests_to(COMMENT_CHECK)) == 1
    assert "Is the cast all back?" in page(Client(), live_article)


def test_the_worker_stores_spam_that_nobody_sees(client, live_article, akismet,
                                                 worker_queue, settings):
    settings.COMMENTS_MODERATION = "approve_ham"
    post(client, live_article, name=SPAM_AUTHOR, body="Replica watches, cheap")

    worker_queue.run()

    comment = Comment.objects.get()
    assert (comment.state, comment.state_reason) == (CommentState.SPAM, "Akismet: spam")
    assert "Replica watches" not in page(Client(), live_article)


def test_a_moderator_deciding_before_the_worker_keeps_the_decision(live_article, akismet,
                                                                   worker_queue, moderator):
    comment = submit(live_article)
    comment_moderate(comment, action="approve", by=moderator)

    worker_queue.run()

    comment.refresh_from_db()
    assert comment.state == CommentState.APPROVED
    assert comment.state_reason == f"Approved by {moderator.get_full_name()}"
    assert akismet.requests_to(COMMENT_CHECK) == []


def test_a_comment_deleted_before_the_worker_is_skipped(live_article, akismet,
                                                        worker_queue, moderator):
    submit(live_article)
    commenter_erase("mina@example.org", by=moderator)

    [result] = worker_queue.backend.results
    assert result.task.call(*result.args) == "deleted"
    assert akismet.requests_to(COMMENT_CHECK) == []


def test_a_lost_judging_task_is_caught_by_the_periodic_recheck(live_article, akismet,
                                                               worker_queue):
    comment = submit(live_article)
    worker_queue.lose()  # the worker never gets it

    soon = timezone.now() + timedelta(minutes=JUDGE_FALLBACK_MINUTES - 1)
    assert comments_recheck_due(now=soon) == 0
    later = timezone.now() + timedelta(minutes=JUDGE_FALLBACK_MINUTES)
    assert comments_recheck_due(now=later) == 1

    comment.refresh_from_db()
    assert (comment.state, comment.state_reason) == (CommentState.PENDING,
                                                     "First comment from this email")


def test_a_crash_on_the_worker_keeps_the_comment_for_the_next_check(live_article, worker_queue,
                                                                    settings):
    comment = submit(live_article)
    # A real fault, not a stand-in: a broken setting makes the link rule raise TypeError.
    settings.COMMENTS_MAX_LINKS = None

    worker_queue.run()

    comment.refresh_from_db()
    assert comment.state == CommentState.CHECKING
    assert timezone.now() < comment.next_check_at <= timezone.now() + timedelta(minutes=1)
    settings.COMMENTS_MAX_LINKS = 2
    assert comments_recheck_due(now=comment.next_check_at) == 1
    comment.refresh_from_db()
    assert comment.state == CommentState.PENDING


def test_a_staff_reply_is_approved_without_waiting_for_the_worker(live_article, akismet,
                                                                  worker_queue, moderator):
    parent = comment_moderate(submit(live_article), action="approve", by=moderator)
    worker_queue.lose()

    reply = comment_reply_as_staff(parent, by=moderator, body="Thanks, Mina!")

    assert reply.state == CommentState.APPROVED
    assert worker_queue.queued == []
