"""Comments on story pages served from the shared page cache: moderation shows at once,
commenting works from a cached copy, and what one reader may see alone is never shared."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from comments.models import Comment, CommentState, StoryCommentOptions
from comments.readers import HELD_COOKIE
from comments.services.moderation import Moderation, comment_moderate
from comments.services.options import comment_options_save

ORIGIN = "http://127.0.0.1:8000"


@pytest.fixture
def story(live_article, settings):
    settings.COMMENTS_MIN_FILL_SECONDS = 0
    return live_article


def held_comment(story, body="Is the first season on DVD?"):
    return Comment.objects.create(
        article=story, version=story.live_version, author_name="Held Reader",
        author_email="held@example.org", body=body, state=CommentState.PENDING)


def approved_comment(story, body="Loved the finale."):
    return Comment.objects.create(
        article=story, version=story.live_version, author_name="Ada Reader",
        author_email="ada@example.org", body=body, state=CommentState.APPROVED,
        created_at=timezone.now() - timedelta(hours=1))


def cache_page(client, story):
    client.get(story.get_absolute_url())
    response = client.get(story.get_absolute_url())
    assert response["X-Page-Cache"] == "hit"
    return response.content.decode()


def form_fields(html):
    """The comment form's hidden helpers, as a browser would send them back."""
    return {name: value for name, value in re.findall(
        r'<input type="hidden" name="(started|key)" value="([^"]*)"', html)}


@pytest.mark.django_db
def test_approved_comment_shows_on_the_cached_story_page_at_once(client, story, moderator,
                                                                 committed):
    comment = held_comment(story)
    assert "Is the first season on DVD?" not in cache_page(client, story)

    committed(comment_moderate, comment, action=Moderation.APPROVE, by=moderator)

    response = client.get(story.get_absolute_url())
    assert response["X-Page-Cache"] == "miss"
    assert "Is the first season on DVD?" in response.content.decode()


@pytest.mark.django_db
def test_trashed_comment_leaves_the_cached_story_page_at_once(client, story, moderator,
                                                              committed):
    comment = approved_comment(story)
    assert "Loved the finale." in cache_page(client, story)

    committed(comment_moderate, comment, action=Moderation.TRASH, by=moderator)

    assert "Loved the finale." not in client.get(story.get_absolute_url()).content.decode()


@pytest.mark.django_db
def test_comment_moderation_leaves_other_pages_cached(client, story, make_article, publish,
                                                      moderator, committed):
    other = make_article(slug="other-story")
    publish(other.latest_version)
    comment = held_comment(story)
    for url in (other.get_absolute_url(), "/"):
        client.get(url)

    committed(comment_moderate, comment, action=Moderation.APPROVE, by=moderator)

    assert client.get(other.get_absolute_url())["X-Page-Cache"] == "hit"
    assert client.get("/")["X-Page-Cache"] == "hit"


@pytest.mark.django_db
def test_closing_comments_takes_the_form_off_the_cached_page(client, story, committed):
    assert "Leave a Reply" in cache_page(client, story)

    committed(comment_options_save, StoryCommentOptions(article=story, closed=True))

    html = client.get(story.get_absolute_url()).content.decode()
    assert "Comments are closed." in html
    assert "Leave a Reply" not in html


@pytest.mark.django_db
def test_reader_posts_from_a_cached_page(client, story, settings):
    settings.COMMENTS_MODERATION = "approve_ham"
    html = cache_page(client, story)

    response = client.post(f"/comments/post/{story.pk}/", {
        "name": "Mina Cho", "email": "mina@example.org", "body": "Posted from a cached page.",
        **form_fields(html)}, headers={"Origin": ORIGIN}, REMOTE_ADDR="198.51.100.7")

    assert response.status_code == 302
    assert Comment.objects.get().body == "Posted from a cached page."


@pytest.mark.django_db
def test_two_readers_of_one_cached_copy_each_get_their_own_comment(client, story):
    """Everyone who gets the cached copy shares its hidden fields; their comments must
    still be two comments, neither mistaken for a repeat of the other."""
    shared = form_fields(cache_page(client, story))
    for n, body in enumerate(["First reader's thoughts.", "Second reader's thoughts."]):
        Client().post(f"/comments/post/{story.pk}/", {
            "name": f"Reader {n}", "email": f"reader{n}@example.org", "body": body, **shared},
            headers={"Origin": ORIGIN}, REMOTE_ADDR=f"198.51.100.{n + 1}")

    assert sorted(Comment.objects.values_list("body", flat=True)) == [
        "First reader's thoughts.", "Second reader's thoughts."]


@pytest.mark.django_db
def test_held_comment_is_never_shared_through_the_cache(client, story):
    cache_page(client, story)
    response = client.post(f"/comments/post/{story.pk}/", {
        "name": "New Reader", "email": "new@example.org",
        "body": "My first comment, held for a moderator.", **form_fields(
            client.get(story.get_absolute_url()).content.decode())},
        headers={"Origin": ORIGIN}, REMOTE_ADDR="198.51.100.9")
    assert HELD_COOKIE in response.cookies
    assert Comment.objects.get().state == CommentState.PENDING

    mine = client.get(story.get_absolute_url())  # the author, with their cookie
    someone_else = Client().get(story.get_absolute_url())

    assert "My first comment, held for a moderator." in mine.content.decode()
    assert "X-Page-Cache" not in mine
    assert "private" in mine["Cache-Control"]
    assert "My first comment, held for a moderator." not in someone_else.content.decode()
    assert someone_else["X-Page-Cache"] == "hit"


@pytest.mark.django_db
def test_each_reader_gets_a_form_of_their_own_when_the_blank_form_is_kept(
        client, story, settings):
    """With the page cache off the page is drawn for every reader, but the blank form comes
    from the fragment cache: each copy still carries its own key and start time."""
    settings.PAGE_CACHE_SECONDS = 0
    settings.COMMENTS_MODERATION = "approve_ham"
    pages = [Client().get(story.get_absolute_url()).content.decode() for _ in range(2)]
    first, second = (form_fields(html) for html in pages)

    assert first["key"] != second["key"]
    assert all(first.values()) and all(second.values())
    assert "__newsdesk" not in pages[0] + pages[1]
    response = client.post(f"/comments/post/{story.pk}/", {
        "name": "Mina Cho", "email": "mina@example.org", "body": "From a kept form.",
        **second}, headers={"Origin": ORIGIN}, REMOTE_ADDR="198.51.100.7")
    assert response.status_code == 302
    assert Comment.objects.get().body == "From a kept form."
