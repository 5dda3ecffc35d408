"""The dated archive: months with stories, and each month's page."""
from __future__ import annotations

import re

import pytest

from tests.articles.helpers import at, headings


@pytest.fixture
def archive_stories(make_article, publish_at):
    """Two stories in January 2026, none in February, one in March."""
    for slug, headline, when in [
        ("jan-a", "January first", at(2026, 1, 5, 12)),
        ("jan-b", "January second", at(2026, 1, 20, 12)),
        ("mar-a", "March story", at(2026, 3, 10, 12)),
    ]:
        publish_at(make_article(slug=slug, headline=headline), when)


@pytest.mark.django_db
def test_archive_index_lists_months_with_stories_newest_first(client, archive_stories):
    html = client.get("/archive/").content.decode()

    months = re.findall(r'<li><a href="([^"]+)">([^<]+)</a> <span class="archive-count">([^<]+)</span>',
                        html)
    assert months == [("/archive/2026/03/", "March 2026", "1 story"),
                      ("/archive/2026/01/", "January 2026", "2 stories")]
    assert headings(html, 2) == ["2026"]
    assert '<a href="/archive/" aria-current="page">Archive</a>' in html


@pytest.mark.django_db
def test_archive_month_lists_its_stories_newest_first_with_neighbouring_months(
        client, archive_stories):
    html = client.get("/archive/2026/01/").content.decode()

    assert "<h1>January 2026</h1>" in html
    assert headings(html, 2) == ["January second", "January first"]
    assert "2 stories first published in January 2026, newest first." in html
    # February has no stories: the next link skips to March, and nothing comes before.
    assert '<a href="/archive/2026/03/">March 2026<span aria-hidden="true"> →</span></a>' in html
    assert 'class="month-prev"' not in html

    march = client.get("/archive/2026/03/").content.decode()
    assert '<a href="/archive/2026/01/"><span aria-hidden="true">← </span>January 2026</a>' in march
    assert 'class="month-next"' not in march


@pytest.mark.django_db
def test_a_story_in_a_new_month_is_linked_from_the_month_before_at_once(
        client, archive_stories, make_article, publish_at, committed, settings):
    settings.PAGE_CACHE_SECONDS = 0  # each request rendered: the months around are kept
    assert 'class="month-next"' not in client.get("/archive/2026/03/").content.decode()

    committed(publish_at, make_article(slug="apr", headline="April story"), at(2026, 4, 2, 12))

    march = client.get("/archive/2026/03/").content.decode()
    assert '<a href="/archive/2026/04/">April 2026<span aria-hidden="true"> →</span></a>' in march


@pytest.mark.parametrize("url", ["/archive/2026/02/", "/archive/2026/13/", "/archive/2026/00/",
                                 "/archive/0000/01/", "/archive/2026/1/"])
@pytest.mark.django_db
def test_archive_month_that_is_empty_or_not_a_month_is_not_found(client, archive_stories, url):
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_archive_months_follow_the_sites_time_zone(client, make_article, publish_at, settings):
    settings.TIME_ZONE = "Asia/Tokyo"  # UTC+9 all year
    # 16:00 UTC on 31 March is 01:00 on 1 April in Tokyo; 15:30 UTC on 28 February is
    # 00:30 on 1 March.
    publish_at(make_article(headline="April in Tokyo"), at(2026, 3, 31, 16))
    publish_at(make_article(headline="March in Tokyo"), at(2026, 2, 28, 15, 30))

    index = client.get("/archive/").content.decode()
    march = client.get("/archive/2026/03/").content.decode()
    april = client.get("/archive/2026/04/").content.decode()

    assert '<a href="/archive/2026/04/">April 2026</a> <span class="archive-count">1 story' in index
    assert '<a href="/archive/2026/03/">March 2026</a> <span class="archive-count">1 story' in index
    assert "/archive/2026/02/" not in index
    assert headings(march, 2) == ["March in Tokyo"]
    assert headings(april, 2) == ["April in Tokyo"]
    assert client.get("/archive/2026/02/").status_code == 404


@pytest.mark.django_db
def test_archive_month_paginates(client, make_article, publish_at, settings):
    total = settings.NEWSDESK_PAGE_SIZE + 1
    for n in range(total):
        publish_at(make_article(headline=f"May story {n}"), at(2026, 5, 1 + n, 12))

    second = client.get("/archive/2026/05/?page=2").content.decode()

    assert headings(second, 2) == ["May story 0"]
    assert "Page 2 of 2" in second


@pytest.mark.parametrize("stories", [3, 4])
@pytest.mark.django_db
def test_archive_query_counts(client, show, show_stories, stories, settings,
                              django_assert_num_queries):
    settings.PAGE_CACHE_SECONDS = 0  # the second request must be rendered, not a copy
    show_stories(show, stories)
    # months with counts; nav sections
    with django_assert_num_queries(2):
        assert client.get("/archive/").status_code == 200
    # count (none is a 404); which stories; their teasers' versions and pictures; their
    # sections; neighbouring months (the nav sections came with the first page and stay
    # cached)
    with django_assert_num_queries(5):
        assert client.get("/archive/2026/03/").status_code == 200
    # Then nothing: the count, which stories, their teasers and the months around are kept.
    with django_assert_num_queries(0):
        assert client.get("/archive/2026/03/").status_code == 200
