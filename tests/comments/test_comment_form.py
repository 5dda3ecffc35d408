"""The comment form's answers: the cheap checks, a refused comment shown again with its
text, and the details it remembers when asked."""
from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from django.test import Client

from comments.forms import new_form_key, started_token
from comments.models import Comment, CommentState
from comments.readers import AUTHOR_COOKIE
from tests.comments.reader import (  # noqa: F401 (fixtures)
    _fresh_rate_limits,
    approve_all,
    page,
    post,
    story,
    textarea,
)


# --- cheap checks and the filled form --------------------------------------------------


@pytest.mark.django_db
def test_double_submit_stores_one_comment(client, story, approve_all):
    data = {"key": new_form_key(), "body": "Pressed twice", "email": "twice@example.org"}

    first = post(client, story, ip="203.0.113.9", **data)
    second = post(client, story, ip="203.0.113.9", **data)

    comment = Comment.objects.get()
    assert first["Location"] == second["Location"] == (
        f"/articles/salt-line-season-2/#comment-{comment.pk}")


@pytest.mark.django_db
def test_readers_of_one_cached_form_do_not_collide(client, story, approve_all):
    shared_key = new_form_key()  # both loaded the same cached page

    post(client, story, key=shared_key, email="a@example.org", body="From reader A")
    post(Client(), story, key=shared_key, email="b@example.org", body="From reader B")

    assert Comment.objects.count() == 2


@pytest.mark.parametrize(
    ("setup", "fields", "message"),
    [
        (None, {"started": "shown just now"}, "quicker than we expect from a person"),
        (None, {"started": "forged-value"}, "quicker than we expect from a person"),
        (None, {"started": None}, "quicker than we expect from a person"),
        ("same_ip", {}, "You are commenting very fast. Wait 15 seconds"),
        ("duplicate", {}, "You have already posted this comment on this story."),
        (None, {"body": "x" * 5001}, "Your comment is 5,001 characters long; the limit is 5,000"),
        (None, {"email": "not-an-email"}, "Enter an email address like name@example.com."),
        (None, {"name": ""}, "Enter your name"),
    ],
    ids=["too-fast", "forged-time", "no-time", "rate-limit", "duplicate", "too-long",
         "bad-email", "no-name"],
)
@pytest.mark.django_db
def test_rejected_comment_is_rerendered_with_its_text_and_a_clear_message(
        client, story, setup, fields, message):
    if setup == "same_ip":
        post(client, story, ip="203.0.113.50", body="An earlier comment")
        assert Comment.objects.count() == 1
    if setup == "duplicate":
        fields["email"] = "twice@example.org"
        post(client, story, body="Typed twice on purpose", email="twice@example.org")
        cache.clear()
    before = Comment.objects.count()
    body = fields.pop("body", "Typed twice on purpose")
    if fields.get("started") == "shown just now":
        fields["started"] = started_token()

    response = post(client, story, ip="203.0.113.50" if setup == "same_ip" else None,
                    body=body, **fields)

    html = response.content.decode()
    assert response.status_code == 400
    assert "<h1>Check your comment</h1>" in html
    assert message in html
    assert textarea(html) == body
    assert Comment.objects.count() == before


@pytest.mark.django_db
def test_rerendered_form_gives_a_fresh_timestamp_in_place_of_a_forged_one(client, story):
    response = post(client, story, started="forged-value", body="Second try works")
    token = re.search(r'name="started" value="([^"]+)"', response.content.decode()).group(1)
    assert token != "forged-value"

    # The reader takes a moment, then posts the re-rendered form as it is.
    retry = post(client, story, started=token, body="Second try works")
    assert retry.status_code == 400  # posted at once: still too quick for a person
    retry = post(client, story, body="Second try works")
    assert retry.status_code == 302


@pytest.mark.django_db
def test_reply_to_a_vanished_comment_is_offered_as_a_new_comment(client, story, approve_all):
    post(client, story, body="Soon gone")
    gone = Comment.objects.get()
    Comment.objects.filter(pk=gone.pk).update(state=CommentState.TRASH)

    response = post(client, story, body="My reply", parent=str(gone.pk))

    html = response.content.decode()
    assert response.status_code == 400
    assert "Post again to add yours as a new comment." in html
    assert '<input type="hidden" name="parent" value="">' in html
    assert textarea(html) == "My reply"


# --- remember me ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_details_are_remembered_only_when_asked(client, story, approve_all):
    response = post(client, story, name="Rosa Lind", email="rosa@example.org")
    assert response.cookies[AUTHOR_COOKIE].value == ""  # unticked: nothing kept
    assert 'value="Rosa Lind"' not in page(client, story)

    cache.clear()  # the same email again at once would hit the rate limit
    response = post(client, story, name="Rosa Lind", email="rosa@example.org",
                    url="https://rosa.example.org", remember="on", body="Second comment")
    cookie = response.cookies[AUTHOR_COOKIE]
    assert cookie["max-age"] == 365 * 86400 and cookie["httponly"]
    html = page(client, story)
    assert 'name="name" value="Rosa Lind"' in html
    assert 'name="email" value="rosa@example.org"' in html
    assert re.search(r'name="remember" id="id_remember" checked', html)

    cache.clear()
    response = post(client, story, name="Rosa Lind", email="rosa@example.org",
                    body="Third comment, box unticked")
    assert response.cookies[AUTHOR_COOKIE]["max-age"] == 0
    assert 'value="Rosa Lind"' not in page(client, story)


@pytest.mark.django_db
def test_tampered_remember_cookie_is_ignored(client, story):
    client.cookies[AUTHOR_COOKIE] = '{"name": "Planted", "email": "x@example.org"}'

    assert "Planted" not in page(client, story)
