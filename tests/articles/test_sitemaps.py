"""sitemap.xml, the Google News sitemap and robots.txt, read back with an XML parser."""
from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date, datetime, time, timedelta

import pytest
from django.utils import timezone

from articles.services.publishing import article_unpublish
from articles.services.shows import show_update
from articles.sitemaps import StorySitemap

pytestmark = pytest.mark.django_db

SITE = "https://news.example"
NS = {
    "sm": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "news": "http://www.google.com/schemas/sitemap-news/0.9",
}


@pytest.fixture(autouse=True)
def _site(settings):
    # Not the test client's host: locations must come from SITE_URL, not from the request.
    settings.SITE_URL = SITE
    settings.SITE_NAME = "Couch Report"


def read_xml(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "application/xml"
    root = ET.fromstring(response.content)
    assert root.tag == f"{{{NS['sm']}}}urlset"
    return root


def read_index(client):
    """{location of a sitemap page: lastmod, or None} from /sitemap.xml, the index."""
    response = client.get("/sitemap.xml")
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "application/xml"
    root = ET.fromstring(response.content)
    assert root.tag == f"{{{NS['sm']}}}sitemapindex"
    return {entry.findtext("sm:loc", namespaces=NS): entry.findtext("sm:lastmod", namespaces=NS)
            for entry in root.findall("sm:sitemap", NS)}


def read_sitemap(client):
    """Every entry of every page the index names, as `lastmods` gives them."""
    found = {}
    for location in read_index(client):
        assert location.startswith(f"{SITE}/sitemap-"), location
        found.update(lastmods(read_xml(client, location.removeprefix(SITE))))
    return found


def lastmods(root):
    """{location: lastmod as a datetime, or None when the entry gives none}."""
    found = {}
    for url in root.findall("sm:url", NS):
        lastmod = url.findtext("sm:lastmod", namespaces=NS)
        found[url.findtext("sm:loc", namespaces=NS)] = (
            datetime.fromisoformat(lastmod) if lastmod else None
        )
    return found


@pytest.fixture
def newsroom(make_article, publish, revise, make_section, make_show, show, editor):
    """Three live stories (one updated), in TV News; one about The Salt Line; plus a draft,
    an expired story and an unpublished one."""

    def live(slug, days_ago, **fields):
        article = make_article(slug=slug, **fields)
        publish(article.latest_version, days_ago=days_ago)
        return article

    cast = live("cast", 3, shows=[show])
    harbour = live("harbour", 1)
    dates = live("dates", 4)
    publish(revise(dates, kind="update", update_label="March Update",
                   public_note="Netflix confirmed the release date."), days_ago=2)
    make_article(slug="draft")
    expired = make_article(slug="expired", expire_at=timezone.now() - timedelta(days=1))
    publish(expired.latest_version, days_ago=5)
    pulled = live("pulled", 6)
    article_unpublish(pulled, by=editor)
    make_section(name="Reviews", slug="reviews")
    for article in (cast, harbour, dates):
        article.refresh_from_db()
    return {"cast": cast, "harbour": harbour, "dates": dates}


def test_sitemap_lists_pages_sections_shows_and_live_stories(client, newsroom):
    found = read_sitemap(client)

    assert list(found) == [
        f"{SITE}/", f"{SITE}/shows/", f"{SITE}/archive/",
        f"{SITE}/sections/reviews/", f"{SITE}/sections/tv-news/",
        f"{SITE}/shows/the-salt-line/",
        f"{SITE}/articles/harbour/", f"{SITE}/articles/dates/", f"{SITE}/articles/cast/",
    ]


def test_sitemap_story_lastmod_is_its_last_update(client, newsroom):
    found = read_sitemap(client)

    for article in newsroom.values():
        assert found[f"{SITE}/articles/{article.slug}/"] == article.last_updated_at
    dates = newsroom["dates"]
    assert dates.last_updated_at - dates.first_published_at > timedelta(days=1)


def test_sitemap_lastmod_moves_with_update_but_not_minor_fix(client, newsroom, revise, publish):
    cast = newsroom["cast"]
    publish(revise(cast, kind="minor", body="<p>Fixed a typo.</p>"))
    assert read_sitemap(client)[f"{SITE}/articles/cast/"] == (
        cast.last_updated_at
    )

    publish(revise(cast, kind="update", update_label="Casting Update",
                   public_note="Two new cast members joined."))
    cast.refresh_from_db()
    found = read_sitemap(client)

    assert found[f"{SITE}/articles/cast/"] == cast.last_updated_at
    assert cast.last_updated_at > timezone.now() - timedelta(minutes=1)


def test_sitemap_section_lastmod_is_its_newest_live_story(client, newsroom):
    found = read_sitemap(client)

    assert found[f"{SITE}/sections/tv-news/"] == newsroom["harbour"].last_updated_at
    assert found[f"{SITE}/sections/reviews/"] is None


def test_sitemap_show_lastmod_is_newest_story_or_confirmation(
        client, newsroom, make_show, editor, show, django_capture_on_commit_callbacks):
    make_show(name="Quiet Hills")
    found = read_sitemap(client)
    assert found[f"{SITE}/shows/the-salt-line/"] == newsroom["cast"].last_updated_at
    assert found[f"{SITE}/shows/quiet-hills/"] is None

    confirmed = timezone.localdate()
    with django_capture_on_commit_callbacks(execute=True):
        show_update(show, by=editor, last_confirmed=confirmed)
    found = read_sitemap(client)

    assert found[f"{SITE}/shows/the-salt-line/"] == timezone.make_aware(
        datetime.combine(confirmed, time.min)
    )


def test_sitemap_show_confirmed_long_ago_keeps_story_lastmod(client, newsroom, editor, show):
    show_update(show, by=editor, last_confirmed=date(2020, 1, 1))

    found = read_sitemap(client)

    assert found[f"{SITE}/shows/the-salt-line/"] == newsroom["cast"].last_updated_at


def test_sitemap_query_count(client, newsroom, django_assert_num_queries):
    # the index: the stories' count and newest update; the sections' and the shows' counts
    # and newest lastmods
    with django_assert_num_queries(6):
        read_index(client)
    # each page: its items (the stories' count is kept from the index)
    with django_assert_num_queries(1):
        found = lastmods(read_xml(client, "/sitemap-stories.xml"))
    assert sum(loc.startswith(f"{SITE}/articles/") for loc in found) == 3


def test_sitemap_index_names_each_sections_page_and_when_stories_changed(client, newsroom):
    index = read_index(client)

    assert list(index) == [f"{SITE}/sitemap-pages.xml", f"{SITE}/sitemap-sections.xml",
                           f"{SITE}/sitemap-shows.xml", f"{SITE}/sitemap-stories.xml"]
    newest = max(story.last_updated_at for story in newsroom.values())
    assert datetime.fromisoformat(index[f"{SITE}/sitemap-stories.xml"]) == newest
    # Every story here is in TV News, and the Salt Line's newest story is "cast".
    assert datetime.fromisoformat(index[f"{SITE}/sitemap-sections.xml"]) == newest
    assert datetime.fromisoformat(index[f"{SITE}/sitemap-shows.xml"]) == (
        newsroom["cast"].last_updated_at)
    assert index[f"{SITE}/sitemap-pages.xml"] is None  # the fixed pages have no dates


def test_a_big_desks_stories_come_a_page_at_a_time(client, newsroom, monkeypatch):
    monkeypatch.setattr(StorySitemap, "limit", 2)

    pages = [location for location in read_index(client) if "stories" in location]
    assert pages == [f"{SITE}/sitemap-stories.xml", f"{SITE}/sitemap-stories.xml?p=2"]
    first = lastmods(read_xml(client, "/sitemap-stories.xml"))
    second = lastmods(read_xml(client, "/sitemap-stories.xml?p=2"))
    # Most lately updated first, each story once.
    assert list(first) == [f"{SITE}/articles/harbour/", f"{SITE}/articles/dates/"]
    assert list(second) == [f"{SITE}/articles/cast/"]
    assert client.get("/sitemap-stories.xml?p=3").status_code == 404


def test_unknown_sitemap_section_is_not_found(client, newsroom):
    assert client.get("/sitemap-comments.xml").status_code == 404


@pytest.fixture
def news_stories(make_article, publish, revise):
    fresh = make_article(slug="fresh", headline='Tom & Jerry’s "reboot" is coming')
    publish(fresh.latest_version, days_ago=1 / 24)
    yesterday = make_article(slug="yesterday", headline="Night Harbour renewed")
    publish(yesterday.latest_version, days_ago=1)
    old = make_article(slug="old", headline="Old news, just updated")
    publish(old.latest_version, days_ago=3)
    publish(revise(old, kind="update", update_label="March Update",
                   public_note="New dates."), days_ago=1 / 24)
    make_article(slug="draft")
    expired = make_article(slug="expired", expire_at=timezone.now() - timedelta(minutes=5))
    publish(expired.latest_version, days_ago=1 / 24 * 2)
    for article in (fresh, yesterday, old):
        article.refresh_from_db()
    return {"fresh": fresh, "yesterday": yesterday, "old": old}


def test_news_sitemap_lists_stories_first_published_in_last_two_days(client, news_stories):
    root = read_xml(client, "/news-sitemap.xml")

    locations = [url.findtext("sm:loc", namespaces=NS) for url in root.findall("sm:url", NS)]
    assert locations == [f"{SITE}/articles/fresh/", f"{SITE}/articles/yesterday/"]


def test_news_sitemap_entry_names_publication_date_and_title(client, news_stories):
    fresh = news_stories["fresh"]
    url = read_xml(client, "/news-sitemap.xml").find("sm:url", NS)
    news = url.find("news:news", NS)

    assert news.findtext("news:publication/news:name", namespaces=NS) == "Couch Report"
    assert news.findtext("news:publication/news:language", namespaces=NS) == "en"
    published = news.findtext("news:publication_date", namespaces=NS)
    assert datetime.fromisoformat(published) == fresh.first_published_at
    assert news.findtext("news:title", namespaces=NS) == 'Tom & Jerry’s "reboot" is coming'


def test_news_sitemap_is_empty_when_nothing_is_new(client, live_article):
    root = read_xml(client, "/news-sitemap.xml")

    assert root.findall("sm:url", NS) == []


def test_news_sitemap_query_count(client, news_stories, make_article, publish,
                                  django_assert_num_queries):
    publish(make_article(slug="third").latest_version, days_ago=0.5)
    # the new stories with their live versions
    with django_assert_num_queries(1):
        root = read_xml(client, "/news-sitemap.xml")
    assert len(root.findall("sm:url", NS)) == 3


def test_robots_txt_names_both_sitemaps_and_keeps_crawlers_out_of_admin_and_search(
    client, django_assert_num_queries
):
    with django_assert_num_queries(0):
        response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert lines[0] == "User-agent: *"
    assert "Disallow: /admin/" in lines
    assert "Disallow: /search/" in lines
    assert [line for line in lines if line.startswith("Sitemap:")] == [
        f"Sitemap: {SITE}/sitemap.xml",
        f"Sitemap: {SITE}/news-sitemap.xml",
    ]
