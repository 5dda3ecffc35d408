"""A comment's page in the admin: its history, the moderation buttons, what it shows,
and replying from it."""
from __future__ import annotations

import pytest
from django.test import Client

from comments.models import Comment, StoryCommentOptions
from comments.services.history import record_event
from comments.services.moderation import comment_moderate
from tests.comments.moderation import (  # noqa: F401 (fixtures)
    QUEUE_URL,
    _clear_cache,
    change_url,
    make_comment,
    messages_of,
    moderate_url,
    moderator_client,
    reply_url,
)


pytestmark = pytest.mark.django_db


# --- a comment's page ---------------------------------------------------------------------

def test_comment_page_shows_history_with_who_and_why(moderator_client, moderator, make_comment):
    comment = make_comment(state="checking")
    record_event(comment, "submitted", actor="reader")
    comment_moderate(comment, action="spam", by=moderator, reason="Casino link farm")
    response = moderator_client.get(change_url(comment))
    page = response.content.decode()
    assert "History" in page
    assert "Posted" in page and "reader" in page
    name = moderator.get_full_name()
    assert "Marked as spam" in page and name in page and "Casino link farm" in page
    assert "Waiting for the spam check → Spam" in page


@pytest.mark.parametrize("rows", [3, 6])
def test_comment_page_query_count_does_not_grow_with_history_or_replies(
        moderator_client, moderator, make_comment, rows, django_assert_num_queries):
    parent = make_comment(state="approved")
    comment = make_comment(state="approved", parent=parent, root=parent, depth=1,
                           akismet_fields={"user_ip": "203.0.113.1"})
    for n in range(rows):
        make_comment(state="approved", parent=comment, root=parent, depth=2)
        comment_moderate(comment, action="unapprove" if n % 2 == 0 else "approve",
                                  by=moderator)
    moderator_client.get(change_url(comment))  # Django caches the content type per process
    # session, user, permissions (user and groups); the comment with its story, versions,
    # options, parent and user; the history with who did what; the open Akismet outage;
    # comments_open() and comments_close_at() (the story's options each); the replies
    with django_assert_num_queries(10):
        response = moderator_client.get(change_url(comment))
    assert len(response.context["history"]) == rows
    assert response.content.decode().count("(approved): Comment number") == rows


def test_comment_page_buttons_match_the_state(moderator_client, make_comment):
    buttons = {}
    for state in ["pending", "approved", "spam", "trash"]:
        response = moderator_client.get(change_url(make_comment(state=state)))
        buttons[state] = [label for _, label in response.context["moderation_buttons"]]
    assert buttons == {
        "pending": ["Approve", "Spam", "Trash", "Check again"],
        "approved": ["Unapprove", "Spam", "Trash"],
        "spam": ["Not spam", "Trash", "Delete permanently"],
        "trash": ["Restore", "Spam", "Delete permanently"],
    }


def test_comment_page_button_approves_and_records_who(moderator_client, moderator, make_comment):
    comment = make_comment(state="pending", author_name="Rosa Lind")
    response = moderator_client.post(moderate_url(comment), {"action": "approve"}, follow=True)
    assert messages_of(response) == ["Approved the comment by Rosa Lind."]
    assert response.redirect_chain[-1][0] == change_url(comment)
    comment.refresh_from_db()
    assert comment.state == "approved"
    assert comment.events.get().by == moderator


def test_comment_page_delete_refuses_an_approved_comment(moderator_client, make_comment):
    comment = make_comment(state="approved")
    response = moderator_client.post(moderate_url(comment), {"action": "delete"}, follow=True)
    assert messages_of(response) == [
        "Only spam and trash can be deleted permanently. Move the comment to the trash first."]
    assert Comment.objects.filter(pk=comment.pk).exists()


def test_comment_page_delete_of_spam_goes_back_to_the_queue(moderator_client, make_comment):
    comment = make_comment(state="spam", author_name="Spammer")
    response = moderator_client.post(moderate_url(comment), {"action": "delete"}, follow=True)
    assert response.redirect_chain[-1][0] == QUEUE_URL
    assert "Deleted the comment by Spammer permanently." in messages_of(response)
    assert not Comment.objects.exists()


def test_comment_page_buttons_need_a_csrf_token(moderator, make_comment):
    comment = make_comment(state="pending")
    client = Client(enforce_csrf_checks=True)
    client.force_login(moderator)
    assert client.post(moderate_url(comment), {"action": "approve"}).status_code == 403
    assert client.get(moderate_url(comment)).status_code == 405
    comment.refresh_from_db()
    assert comment.state == "pending"


def test_comment_page_shows_what_was_sent_to_akismet_read_only(moderator_client, make_comment):
    comment = make_comment(akismet_fields={"comment_author": "Rosa Lind",
                                           "user_ip": "198.51.100.23",
                                           "comment_content": "<b>bold</b> claim"})
    response = moderator_client.get(change_url(comment))
    page = response.content.decode()
    assert "<th>user_ip</th><td>198.51.100.23</td>" in page
    assert "<td>&lt;b&gt;bold&lt;/b&gt; claim</td>" in page
    assert not response.context["has_change_permission"]
    assert 'name="_save"' not in page
    assert 'name="body"' not in page.split('id="reply-heading"')[0]  # no input but the reply


def test_comment_page_cannot_change_what_the_reader_wrote(moderator_client, make_comment):
    comment = make_comment(body="Original words")
    response = moderator_client.post(change_url(comment), {"body": "Edited words",
                                                           "author_name": "Someone"})
    assert response.status_code == 403
    comment.refresh_from_db()
    assert comment.body == "Original words"


def test_comment_page_renders_the_text_safely_with_its_parent(moderator_client, make_comment):
    parent = make_comment(state="approved", author_name="Rosa Lind",
                          body="Season 2 is filming in Cornwall.")
    reply = make_comment(parent=parent, root=parent, depth=1,
                         body="<script>alert(1)</script>\n\nsee https://example.org/x")
    page = moderator_client.get(change_url(reply)).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert 'rel="nofollow ugc noopener"' in page
    assert f'href="{change_url(parent)}">Rosa Lind</a>' in page
    assert "Season 2 is filming in Cornwall." in page
    parent_page = moderator_client.get(change_url(parent)).content.decode()
    assert f'href="{change_url(reply)}">' in parent_page  # listed among its replies


# --- replying from the admin -----------------------------------------------------------------

def test_moderator_reply_is_approved_at_once_under_their_account(moderator_client, moderator,
                                                                 make_comment, live_article):
    parent = make_comment(state="approved", author_name="Rosa Lind")
    response = moderator_client.post(reply_url(parent), {"body": "Thanks, we have fixed it."},
                                     follow=True)
    assert messages_of(response) == ["Your reply is approved and shown on the story."]
    reply = Comment.objects.get(parent=parent)
    assert (reply.state, reply.user, reply.by_staff, reply.body) == (
        "approved", moderator, True, "Thanks, we have fixed it.")
    assert reply.author_name == moderator.get_full_name()
    assert reply in Comment.objects.on(live_article).approved()
    moderator_client.logout()
    assert "Thanks, we have fixed it." in moderator_client.get(
        live_article.get_absolute_url()).content.decode()  # what readers see


def test_reply_on_a_closed_story_keeps_the_text_and_says_why(moderator_client, make_comment,
                                                             live_article):
    parent = make_comment(state="approved")
    StoryCommentOptions.objects.create(article=live_article, closed=True)
    response = moderator_client.post(reply_url(parent), {"body": "A careful answer."})
    assert response.status_code == 200
    form = response.context["reply_form"]
    assert form.non_field_errors() == ["Comments on this story are closed."]
    assert "A careful answer." in response.content.decode()
    assert Comment.objects.count() == 1


def test_empty_reply_is_refused_with_a_message(moderator_client, make_comment):
    parent = make_comment(state="approved")
    response = moderator_client.post(reply_url(parent), {"body": "   "})
    assert response.context["reply_form"].errors["body"] == ["Write a reply before posting."]
    assert Comment.objects.count() == 1


def test_reply_form_is_offered_only_under_approved_comments(moderator_client, make_comment):
    approved, held = make_comment(state="approved"), make_comment(state="pending")
    assert 'name="body"' in moderator_client.get(change_url(approved)).content.decode()
    page = moderator_client.get(change_url(held)).content.decode()
    assert 'name="body"' not in page
    assert "Approve this comment to reply to it" in page
