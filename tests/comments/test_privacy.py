"""Data-protection requests: exporting and erasing everything about a commenter."""
from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command

from comments.models import Comment, CommentEvent
from tests.comments.moderation import (  # noqa: F401 (fixtures)
    QUEUE_URL,
    _clear_cache,
    action,
    make_comment,
    messages_of,
    moderator_client,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def other_story(make_article, publish):
    story = make_article(slug="harbor-lights-finale", headline="Harbor Lights ends")
    publish(story.latest_version, days_ago=1)
    story.refresh_from_db()
    return story


@pytest.fixture
def rosa(make_comment, other_story):
    """Rosa's two comments, on two stories, once with her email in capitals."""
    first = make_comment(state="approved", author_name="Rosa Lind",
                         author_email="rosa@example.org", body="Season 2 is filming!",
                         ip_address="198.51.100.23", user_agent="Firefox/128.0",
                         akismet_fields={"comment_author": "Rosa Lind", "user_ip": "198.51.100.23"})
    second = make_comment(other_story, state="pending", author_name="Rosa L.",
                          author_email="ROSA@Example.org", body="Sad to see it end.")
    return [first, second]


def test_export_downloads_everything_about_the_selected_commenters(moderator_client, rosa,
                                                                   make_comment):
    tom = make_comment(author_name="Tom", author_email="tom@example.org", body="First!")
    make_comment(author_name="Ann", author_email="ann@example.org", body="Not selected")
    response = moderator_client.post(QUEUE_URL, action("export_commenters", rosa[0], tom))
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="commenters-')
    data = json.loads(response.content)
    assert [c["email"] for c in data["commenters"]] == ["rosa@example.org", "tom@example.org"]
    rosas = data["commenters"][0]["comments"]
    assert [c["text"] for c in rosas] == ["Season 2 is filming!", "Sad to see it end."]
    assert rosas[0]["ip_address"] == "198.51.100.23"
    assert rosas[0]["user_agent"] == "Firefox/128.0"
    assert rosas[0]["sent_to_akismet"] == {"comment_author": "Rosa Lind",
                                           "user_ip": "198.51.100.23"}
    assert rosas[1]["story"].endswith("/harbor-lights-finale/")
    assert "Not selected" not in response.content.decode()


def test_erase_asks_first_and_lists_what_will_go(moderator_client, rosa, make_comment,
                                                 django_assert_num_queries):
    tom = [make_comment(author_email="tom@example.org") for _ in range(3)]
    # session, user, permissions (user and groups); Django builds the queue's list once (the
    # story filter's stories and the count) and its filters again for the action (the stories);
    # then the selected comments' emails, the comments per email, the selected ids for the form
    with django_assert_num_queries(10):
        response = moderator_client.post(QUEUE_URL, action("erase_commenters", rosa[0], *tom))
    assert response.status_code == 200
    assert response.context["commenters"] == [
        {"email": "rosa@example.org", "count": 2}, {"email": "tom@example.org", "count": 3}]
    assert "In all: 5 comments." in response.content.decode()
    assert Comment.objects.count() == 5


def test_erase_confirmed_removes_the_commenter_and_keeps_others_replies(moderator_client, rosa,
                                                                       make_comment):
    reply = make_comment(state="approved", author_name="Tom", author_email="tom@example.org",
                         parent=rosa[0], root=rosa[0], depth=1, body="Agreed!")
    CommentEvent.objects.create(comment=rosa[0], action="submitted", actor="reader")
    response = moderator_client.post(QUEUE_URL, {**action("erase_commenters", rosa[0]),
                                                 "confirm": "yes"}, follow=True)
    assert messages_of(response) == [
        "Erased 2 comments by 1 commenter, with their IP addresses and history. Replies by "
        "other people were kept."]
    assert list(Comment.objects.all()) == [reply]
    reply.refresh_from_db()
    assert (reply.state, reply.body, reply.parent) == ("approved", "Agreed!", None)
    assert not CommentEvent.objects.filter(comment_id=rosa[0].pk).exists()


def test_writers_cannot_export_or_erase(client, writer, rosa):
    client.force_login(writer)
    assert client.post(QUEUE_URL, action("export_commenters", rosa[0])).status_code == 403
    assert client.post(QUEUE_URL, {**action("erase_commenters", rosa[0]),
                                   "confirm": "yes"}).status_code == 403
    assert Comment.objects.count() == 2


def test_export_commenter_command_prints_json(rosa):
    out, err = StringIO(), StringIO()
    call_command("export_commenter", "Rosa@example.org", stdout=out, stderr=err)
    data = json.loads(out.getvalue())
    assert data["email"] == "Rosa@example.org"
    assert [c["name"] for c in data["comments"]] == ["Rosa Lind", "Rosa L."]
    assert err.getvalue() == ""


def test_export_commenter_command_says_when_there_is_nothing(rosa):
    out, err = StringIO(), StringIO()
    call_command("export_commenter", "nobody@example.org", stdout=out, stderr=err)
    assert json.loads(out.getvalue()) == {"email": "nobody@example.org", "comments": []}
    assert "No comments by nobody@example.org." in err.getvalue()


def test_erase_commenter_command_with_yes_erases_at_once(rosa, make_comment, monkeypatch):
    monkeypatch.setattr("builtins.input", lambda prompt: pytest.fail("asked for confirmation"))
    other = make_comment(author_email="tom@example.org")
    out = StringIO()
    call_command("erase_commenter", "rosa@example.org", "--yes", stdout=out)
    assert out.getvalue().strip() == "Erased 2 comments by rosa@example.org."
    assert list(Comment.objects.all()) == [other]


def test_erase_commenter_command_without_a_terminal_erases_nothing(rosa, monkeypatch):
    def no_terminal(prompt):
        raise EOFError

    monkeypatch.setattr("builtins.input", no_terminal)
    out = StringIO()
    call_command("erase_commenter", "rosa@example.org", stdout=out)
    assert "Cancelled: nothing was erased." in out.getvalue()
    assert Comment.objects.count() == 2


@pytest.mark.parametrize(("answer", "left"), [("no", 2), ("", 2), ("YES ", 0)])
def test_erase_commenter_command_asks_for_confirmation(rosa, monkeypatch, answer, left):
    prompts = []
    monkeypatch.setattr("builtins.input", lambda prompt: prompts.append(prompt) or answer)
    out = StringIO()
    call_command("erase_commenter", "rosa@example.org", stdout=out)
    assert prompts == ["Erase 2 comments by rosa@example.org, with their IP addresses and "
                       "history? This cannot be undone. Type 'yes' to continue: "]
    assert Comment.objects.count() == left
    expected = "Erased 2 comments" if left == 0 else "Cancelled: nothing was erased."
    assert expected in out.getvalue()


def test_erase_commenter_command_with_an_unknown_email_does_nothing(rosa):
    out = StringIO()
    call_command("erase_commenter", "nobody@example.org", "--yes", stdout=out)
    assert out.getvalue().strip() == "No comments by nobody@example.org; nothing erased."
    assert Comment.objects.count() == 2
