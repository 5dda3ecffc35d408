"""Listing and search counts are kept in the fragment cache (a COUNT over a big desk costs
more than the rest of the page), yet every change to what a list holds shows in its count
at once. The page cache is off here: these are the pages drawn for each reader."""
from __future__ import annotations

import time
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.services.publishing import article_unpublish
from articles.services.stories import version_create

HUB = "/shows/the-salt-line/"


@pytest.fixture(autouse=True)
def _page_cache_off(settings):
    settings.PAGE_CACHE_SECONDS = 0


@pytest.fixture
def about_show(make_article, publish, show):
    def make(**fields):
        story = make_article(shows=[show], **fields)
        publish(story.latest_version)
        story.refresh_from_db()
        return story
    return make


def hub_count(client):
    html = client.get(HUB).content.decode()
    start = html.index('<p class="hub-count">') + len('<p class="hub-count">')
    return html[start:html.index(",", start)]


@pytest.mark.django_db
def test_show_hub_counts_its_stories_once_until_one_is_published(client, about_show):
    about_show()
    assert hub_count(client) == "1 story"

    with CaptureQueriesContext(connection) as again:
        assert hub_count(client) == "1 story"
    assert not [q for q in again.captured_queries if "COUNT(" in q["sql"]]

    about_show()
    assert hub_count(client) == "2 stories"


@pytest.mark.django_db
def test_show_hub_count_falls_when_a_story_is_taken_down(client, about_show, editor, committed):
    about_show()
    leaving = about_show()
    assert hub_count(client) == "2 stories"

    committed(article_unpublish, leaving, by=editor)

    assert hub_count(client) == "1 story"


@pytest.mark.django_db
def test_show_hub_count_falls_when_a_story_expires_with_no_purge(client, about_show, editor):
    about_show()
    expiring = about_show()
    # Not `committed`: expiry itself announces nothing until cron runs.
    version_create(expiring, by=editor, based_on=None,
                            expire_at=timezone.now() + timedelta(seconds=1.5),
                            headline=expiring.live_version.headline,
                            standfirst=expiring.live_version.standfirst)
    assert hub_count(client) == "2 stories"

    time.sleep(2)

    assert hub_count(client) == "1 story"


@pytest.mark.django_db
def test_search_count_and_results_follow_a_newly_published_story(
        client, make_article, publish):
    first = make_article(headline="Lighthousekeepers returns for a second season")
    publish(first.latest_version)
    page = client.get("/search/", {"q": "lighthousekeepers"}).content.decode()
    assert "1 result for" in page

    second = make_article(headline="Lighthousekeepers cast grows")
    publish(second.latest_version)

    page = client.get("/search/", {"q": "lighthousekeepers"}).content.decode()
    assert "2 results for" in page
    assert "cast grows" in page
