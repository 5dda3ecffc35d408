"""Comment pages: threads are split across pages, never their replies."""
from __future__ import annotations

import pytest
from django.test import Client

from comments.models import Comment
from tests.comments.reader import (  # noqa: F401 (fixtures)
    _fresh_rate_limits,
    approve_all,
    page,
    post,
    story,
    thread_of,
)


@pytest.mark.django_db
def test_threads_page_without_splitting_replies(client, story, approve_all, settings):
    settings.COMMENTS_THREADS_PER_PAGE = 2
    tops = []
    for n in range(5):
        post(client, story, name=f"Top {n}", email=f"t{n}@example.org", body=f"Thread {n}")
        tops.append(Comment.objects.get(author_name=f"Top {n}"))
    post(client, story, name="Late replier", body="Reply to the first thread",
         parent=str(tops[0].pk))
    reply = Comment.objects.get(author_name="Late replier")
    response = post(client, story, name="Page two replier", body="Reply on page two",
                    parent=str(tops[2].pk))
    second_reply = Comment.objects.get(author_name="Page two replier")

    assert response["Location"] == (
        f"/articles/salt-line-season-2/?comments=2#comment-{second_reply.pk}")
    first = page(Client(), story)
    assert "7 thoughts on" in first
    assert thread_of(first) == [(tops[0].pk, [(reply.pk, [])]), (tops[1].pk, [])]
    assert "Comment page 1 of 3" in first
    assert 'href="/articles/salt-line-season-2/?comments=2#comments">Newer comments' in first
    second = page(Client(), story, "?comments=2")
    assert thread_of(second) == [(tops[2].pk, [(second_reply.pk, [])]), (tops[3].pk, [])]
    assert f'href="/articles/salt-line-season-2/?comments=2#comment-{tops[2].pk}"' in second
    assert (f'href="/articles/salt-line-season-2/?comments=2&amp;replyto={tops[2].pk}#respond"'
            in second)
    assert thread_of(page(Client(), story, "?comments=3")) == [(tops[4].pk, [])]
    # A page that does not exist (any more) shows the last one.
    assert thread_of(page(Client(), story, "?comments=99")) == [(tops[4].pk, [])]
    assert thread_of(page(Client(), story, "?comments=abc"))[0][0] == tops[0].pk


@pytest.mark.django_db
def test_held_new_thread_shows_to_its_author_on_the_last_page(client, story, approve_all,
                                                            settings):
    settings.COMMENTS_THREADS_PER_PAGE = 2
    for n in range(2):
        post(Client(), story, email=f"t{n}@example.org", body=f"Thread {n}")
    settings.COMMENTS_MODERATION = "hold_all"

    response = post(client, story, body="Held new thread")

    held = Comment.objects.get(body="Held new thread")
    assert response["Location"] == f"/articles/salt-line-season-2/#comment-{held.pk}"
    assert "Held new thread" in page(client, story)
