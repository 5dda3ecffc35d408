"""Posting from another site is refused without losing the comment, and the story page
stays one cached page for every reader until it shows a held comment."""
from __future__ import annotations

import pytest
from django.test import Client

from comments.models import Comment
from tests.comments.reader import (  # noqa: F401 (fixtures)
    _fresh_rate_limits,
    form_data,
    post,
    story,
    textarea,
)


@pytest.mark.parametrize(
    "headers",
    [{"Origin": "https://evil.example"}, {"Origin": "null"},
     {"Origin": "https://evil.example", "Referer": "http://testserver/articles/x/"}, False],
    ids=["foreign-origin", "null-origin", "foreign-origin-own-referer", "no-headers"],
)
@pytest.mark.django_db
def test_post_from_another_site_is_refused_and_loses_nothing(client, story, headers):
    response = post(client, story, body="Sent from elsewhere", headers=headers)

    html = response.content.decode()
    assert response.status_code == 403
    assert "could not confirm that this comment was sent from this site" in html
    assert textarea(html) == "Sent from elsewhere"
    assert Comment.objects.count() == 0


@pytest.mark.django_db
def test_post_with_own_referer_and_no_origin_is_accepted(client, story):
    response = client.post(f"/comments/post/{story.pk}/", form_data(),
                           headers={"Referer": "http://testserver/articles/salt-line-season-2/"})
    assert response.status_code == 302


@pytest.mark.django_db
def test_post_from_own_origin_works_without_a_csrf_cookie(story):
    strict = Client(enforce_csrf_checks=True)

    response = post(strict, story)

    assert response.status_code == 302
    assert Comment.objects.count() == 1


@pytest.mark.django_db
def test_story_page_is_the_same_for_every_reader(client, story):
    response = client.get(story.get_absolute_url())

    assert "csrfmiddlewaretoken" not in response.content.decode()
    assert "Cookie" not in response.get("Vary", "")
    assert not response.cookies


@pytest.mark.django_db
def test_page_showing_a_held_comment_varies_on_cookie(client, story):
    post(client, story, body="Only mine")

    response = client.get(story.get_absolute_url())

    assert "Only mine" in response.content.decode()
    assert "Cookie" in response["Vary"]
