"""Replying to a comment in a real browser: the form moves under the comment with
JavaScript, and the same links work without it."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from comments.models import Comment, CommentState
from comments.services.moderation import comment_moderate
from comments.services.submitting import Submission, comment_submit

# The live server answers from its own thread, so the data must really be committed;
# serialized_rollback brings back the groups the migrations created.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def thread(live_article, moderator):
    """A live story with one approved comment by Ada."""
    comment = comment_submit(live_article, submission=Submission(
        name="Ada Reader", email="ada@example.org", body="Filming starts in May, I heard.",
        ip="198.51.100.7", started_at=timezone.now() - timedelta(minutes=1)))
    comment_moderate(comment, action="approve", by=moderator)
    return live_article, comment


def fill_in_reply(page, body):
    page.get_by_role("textbox", name="Comment").fill(body)
    page.get_by_role("textbox", name="Name").fill("Ben Viewer")
    page.get_by_role("textbox", name="Email").fill("ben@example.org")


def test_reply_link_moves_the_form_under_the_comment_and_posts_a_reply(page, thread):
    article, ada = thread
    page.goto(article.get_absolute_url())
    form = page.locator("#respond")
    assert page.locator(f"#comment-{ada.pk} #respond").count() == 0

    page.get_by_role("link", name="Reply to Ada Reader").click()

    assert page.locator(f"#comment-{ada.pk} #respond").count() == 1
    assert "replyto" not in page.url  # no page load
    assert form.get_by_text("Replying to Ada Reader").is_visible()
    assert page.evaluate("document.activeElement.name") == "body"

    fill_in_reply(page, "Thanks, that matches what the cast said.")
    form.get_by_role("button", name="Post Comment").click()
    page.wait_for_load_state()

    reply = Comment.objects.get(author_email="ben@example.org")
    assert reply.parent_id == ada.pk
    assert reply.state == CommentState.PENDING  # a first-time commenter is held
    shown = page.locator(f"#comment-{ada.pk} .comment-replies #comment-{reply.pk}")
    assert shown.get_by_text("Thanks, that matches what the cast said.").is_visible()
    assert shown.get_by_text("Your comment is awaiting moderation.").is_visible()


def test_cancel_puts_the_form_back_and_posts_a_top_level_comment(page, thread):
    article, ada = thread
    page.goto(article.get_absolute_url())
    reply_link = page.get_by_role("link", name="Reply to Ada Reader")
    reply_link.click()
    form = page.locator("#respond")

    form.get_by_role("link", name="cancel").click()

    assert page.locator(f"#comment-{ada.pk} #respond").count() == 0
    assert not form.get_by_text("Replying to").is_visible()
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == (
        "Reply to Ada Reader")
    fill_in_reply(page, "A comment of my own, not a reply.")
    form.get_by_role("button", name="Post Comment").click()
    page.wait_for_load_state()
    assert Comment.objects.get(author_email="ben@example.org").parent_id is None


def test_without_javascript_the_reply_link_loads_the_form_as_a_reply(page_without_js,
                                                                       thread):
    page = page_without_js
    article, ada = thread
    page.goto(article.get_absolute_url())

    page.get_by_role("link", name="Reply to Ada Reader").click()

    expect(page).to_have_url(re.compile(f"replyto={ada.pk}"))
    form = page.locator("#respond")
    assert form.get_by_text("Replying to Ada Reader").is_visible()
    fill_in_reply(page, "Posted from a browser with scripts off.")
    form.get_by_role("button", name="Post Comment").click()
    page.wait_for_load_state()
    reply = Comment.objects.get(author_email="ben@example.org")
    assert reply.parent_id == ada.pk
    assert page.locator(f"#comment-{ada.pk} #comment-{reply.pk}").get_by_text(
        "Posted from a browser with scripts off.").is_visible()
