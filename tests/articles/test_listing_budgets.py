"""Every listing page and feed costs the same queries for 3 stories as for 12: nothing is
read per story shown. Counted with the page cache off and every cache empty."""
from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

LISTINGS = ["/", "/sections/tv-news/", "/authors/{writer}/", "/shows/", "/shows/the-salt-line/",
            "/topics/thriller/", "/archive/", "/archive/{year}/{month:02d}/", "/search/?q=salt",
            "/feed/", "/feed/atom/", "/sections/tv-news/feed/", "/shows/the-salt-line/feed/",
            "/sitemap.xml", "/sitemap-stories.xml", "/news-sitemap.xml"]


@pytest.fixture(autouse=True)
def _whole_pages_not_cached(settings):
    settings.PAGE_CACHE_SECONDS = 0
    settings.NEWSDESK_PAGE_SIZE = 12


@pytest.fixture
def add_stories(make_article, make_show, make_image, publish, show, writer):
    shows = [show, make_show(name="Harbour Lights")]

    def add(count):
        for n in range(count):
            story = make_article(shows=shows[: n % 2 + 1], topics=["Thriller", f"Topic {n}"],
                                 headline=f"Salt Line story {n}",
                                 lead_image=make_image() if n % 3 == 0 else None)
            publish(story.latest_version)

    return add


def queries_for(client, url):
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


@pytest.mark.django_db
def test_listing_pages_and_feeds_cost_the_same_whatever_they_list(client, add_stories, writer):
    now = timezone.localtime()
    urls = [url.format(writer=writer.username, year=now.year, month=now.month)
            for url in LISTINGS]
    add_stories(3)
    few = {url: queries_for(client, url) for url in urls}

    add_stories(9)
    many = {url: queries_for(client, url) for url in urls}

    assert many == few
    assert max(few.values()) <= 8


@pytest.mark.django_db
def test_admin_story_list_costs_the_same_whatever_it_lists(client, add_stories, editor):
    client.force_login(editor)
    url = reverse("admin:articles_article_changelist")
    add_stories(3)
    few = queries_for(client, url)

    add_stories(9)

    assert queries_for(client, url) == few
