"""Held, spam and discarded comments: who sees them, and what the count and the thread
leave out."""
from __future__ import annotations

import pytest
from django.test import Client

from comments.models import Comment, CommentState, SpamRule
from comments.readers import HELD_COOKIE
from comments.services.moderation import comment_delete, comment_moderate
from tests.comments.reader import (  # noqa: F401 (fixtures)
    _fresh_rate_limits,
    approve_all,
    page,
    post,
    story,
    thread_of,
)


@pytest.mark.django_db
def test_held_comment_is_shown_only_to_its_author(client, story):
    response = post(client, story, name="New Reader", body="My very first comment here")

    comment = Comment.objects.get()
    assert comment.state == CommentState.PENDING  # first comment from this email
    assert response["Location"] == f"/articles/salt-line-season-2/#comment-{comment.pk}"
    mine = page(client, story)
    assert "My very first comment here" in mine
    assert "Your comment is awaiting moderation." in mine
    assert "thought" not in mine  # nothing approved yet, so no count

    someone_else = page(Client(), story)
    assert "My very first comment here" not in someone_else
    assert "awaiting moderation" not in someone_else


@pytest.mark.django_db
def test_held_cookie_cannot_be_forged_to_see_others_held_comments(client, story):
    post(client, story, body="Held for a moderator")
    comment = Comment.objects.get()

    snoop = Client()
    snoop.cookies[HELD_COOKIE] = str(comment.pk)
    assert "Held for a moderator" not in page(snoop, story)


@pytest.mark.django_db
def test_held_reply_appears_under_its_parent_for_its_author(client, story, approve_all,
                                                            settings):
    post(client, story, name="Old Hand", body="Approved comment")
    parent = Comment.objects.get()
    settings.COMMENTS_MODERATION = "hold_all"
    author = Client()
    post(author, story, name="Newcomer", body="A held reply", parent=str(parent.pk))
    reply = Comment.objects.get(author_name="Newcomer")

    assert thread_of(page(author, story)) == [(parent.pk, [(reply.pk, [])])]
    assert thread_of(page(Client(), story)) == [(parent.pk, [])]


@pytest.mark.django_db
def test_honeypot_comment_is_stored_as_spam_and_not_shown(client, story):
    response = post(client, story, body="Cheap watches", homepage="https://spam.example")

    comment = Comment.objects.get()
    assert comment.state == CommentState.SPAM
    assert response.status_code == 302
    html = page(Client(), story)
    assert "Cheap watches" not in html
    assert "thought" not in html


@pytest.mark.django_db
def test_spam_is_not_shown_to_others_and_looks_held_to_its_author(client, story):
    SpamRule.objects.create(kind=SpamRule.Kind.BLOCK_WORD, value="casino")
    post(client, story, body="Best casino bonus")

    assert Comment.objects.get().state == CommentState.SPAM
    # The author learns nothing about the verdict: a moderator can still rescue it.
    assert "Your comment is awaiting moderation." in page(client, story)
    assert "casino" not in page(Client(), story)


@pytest.mark.django_db
def test_discarded_spam_is_shown_to_nobody(client, story, akismet):
    response = post(client, story, body="discard-me now")

    comment = Comment.objects.get()
    assert comment.is_discarded
    assert response["Location"] == "/articles/salt-line-season-2/#comments"
    assert HELD_COOKIE not in response.cookies
    assert "discard-me" not in page(client, story)


@pytest.mark.django_db
def test_count_covers_only_what_everyone_sees(client, story, approve_all):
    for n in range(3):
        post(client, story, name=f"Reader {n}", email=f"r{n}@example.org", body=f"Approved {n}")
    approved = list(Comment.objects.order_by("pk"))
    post(client, story, name="Replier", body="Reply", parent=str(approved[0].pk))
    post(client, story, email="held@example.org", body="Held")
    post(client, story, email="trashed@example.org", body="Trashed")
    Comment.objects.filter(body="Held").update(state=CommentState.PENDING)
    Comment.objects.filter(body="Trashed").update(state=CommentState.TRASH)

    html = page(Client(), story)
    assert "4 thoughts on" in html
    assert "Held" not in html and "Trashed" not in html


@pytest.mark.django_db
def test_reply_to_an_unapproved_comment_moves_up_to_the_thread(client, story, approve_all):
    post(client, story, name="Top", body="Top comment")
    top = Comment.objects.get()
    post(client, story, name="Middle", body="Middle comment", parent=str(top.pk))
    middle = Comment.objects.get(author_name="Middle")
    post(client, story, name="Bottom", body="Bottom comment", parent=str(middle.pk))
    bottom = Comment.objects.get(author_name="Bottom")
    Comment.objects.filter(pk=middle.pk).update(state=CommentState.TRASH)

    html = page(Client(), story)
    assert "2 thoughts on" in html
    assert thread_of(html) == [(top.pk, [(bottom.pk, [])])]


@pytest.mark.django_db
def test_reply_to_a_deleted_comment_stays_in_its_thread(client, story, approve_all, moderator):
    post(client, story, name="Top", body="Top comment")
    top = Comment.objects.get()
    post(client, story, name="Middle", body="Middle comment", parent=str(top.pk))
    middle = Comment.objects.get(author_name="Middle")
    post(client, story, name="Bottom", body="Bottom comment", parent=str(middle.pk))
    bottom = Comment.objects.get(author_name="Bottom")
    comment_moderate(middle, action="trash", by=moderator)
    comment_delete(middle, by=moderator)

    html = page(Client(), story)
    assert "2 thoughts on" in html
    assert thread_of(html) == [(top.pk, [(bottom.pk, [])])]
