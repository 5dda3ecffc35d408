"""RSS and Atom feeds, read back with a real feed parser."""
from __future__ import annotations

import calendar
import time
from datetime import datetime, timedelta
from types import SimpleNamespace

import feedparser
import pytest
from django.utils import timezone
from django.utils.http import http_date

from articles.services.publishing import article_unpublish
from articles.services.sections import section_save
from articles.services.shows import show_merge, show_update
from tests.conftest import EXPIRES_IN_SECONDS

pytestmark = pytest.mark.django_db

SITE = "https://news.example"
FEEDS = ["/feed/", "/feed/atom/"]


@pytest.fixture(autouse=True)
def _site(settings):
    # Not the test client's host: links must come from SITE_URL, not from the request.
    settings.SITE_URL = SITE
    settings.SITE_NAME = "Couch Report"


def read_feed(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    return feed


def entry_for(feed, article):
    link = f"{SITE}/articles/{article.slug}/"
    matches = [entry for entry in feed.entries if entry.link == link]
    assert len(matches) == 1, [entry.link for entry in feed.entries]
    return matches[0]


def slugs(feed):
    return [entry.link.removeprefix(f"{SITE}/articles/").rstrip("/") for entry in feed.entries]


@pytest.fixture
def newsroom(make_article, publish, revise, make_section, make_show, show, section, editor):
    """Live stories about two shows in two sections, plus three that readers cannot see.

    Newest first: dates (updated just now), harbour (1 day), trailer (2 days), cast (3 days).
    """
    reviews = make_section(name="Reviews", slug="reviews")
    harbour_show = make_show(name="Night Harbour")

    def live(slug, days_ago, **fields):
        article = make_article(slug=slug, headline=f"Headline of {slug}", **fields)
        publish(article.latest_version, days_ago=days_ago)
        return article

    cast = live("cast", 3, shows=[show], topics=["Thriller"])
    trailer = live("trailer", 2, shows=[show], sections=[reviews])
    harbour = live("harbour", 1, shows=[harbour_show], topics=["KDrama"])
    dates = live("dates", 4, shows=[show], topics=["Thriller"])
    publish(revise(dates, kind="update", update_label="March Update",
                   public_note="Netflix confirmed the release date."))

    make_article(slug="draft", shows=[show])
    expired = make_article(slug="expired", shows=[show],
                           expire_at=timezone.now() - timedelta(days=1))
    publish(expired.latest_version, days_ago=5)
    pulled = live("pulled", 6, shows=[show])
    article_unpublish(pulled, by=editor)

    stories = SimpleNamespace(cast=cast, trailer=trailer, harbour=harbour, dates=dates,
                              show=show, harbour_show=harbour_show, section=section,
                              reviews=reviews)
    for article in (cast, trailer, harbour, dates):
        article.refresh_from_db()
    return stories


@pytest.mark.parametrize("url", FEEDS)
def test_site_feed_lists_live_stories_newest_update_first(client, newsroom, url):
    feed = read_feed(client, url)

    assert slugs(feed) == ["dates", "harbour", "trailer", "cast"]
    assert feed.feed.title == "Couch Report: latest stories"
    assert feed.feed.link == f"{SITE}/"
    assert feed.feed.subtitle == "The newest and latest updated stories from Couch Report."
    self_links = [link.href for link in feed.feed.links if link.rel == "self"]
    assert self_links == [f"{SITE}{url}"]


@pytest.mark.parametrize("url", FEEDS)
def test_feed_item_carries_story_words_dates_authors_and_tags(client, newsroom, url):
    cast = newsroom.cast
    entry = entry_for(read_feed(client, url), cast)

    assert entry.title == "Headline of cast"
    assert entry.summary == "<p>Everything we know about the return of the coastal thriller.</p>"
    assert entry.author == "Wendy Park"
    assert [tag.term for tag in entry.tags] == ["TV News", "The Salt Line", "Thriller"]
    assert calendar.timegm(entry.published_parsed) == int(cast.first_published_at.timestamp())
    assert datetime.fromisoformat(entry.updated) == cast.last_updated_at
    host_and_day = f"news.example,{cast.first_published_at.date().isoformat()}"
    assert entry.id == f"tag:{host_and_day}:story/{cast.pk}"
    assert entry.guidislink is False


@pytest.mark.parametrize("url", FEEDS)
def test_updated_story_shows_label_note_and_update_time(client, newsroom, url):
    dates = newsroom.dates
    entry = entry_for(read_feed(client, url), dates)

    assert entry.title == "Headline of dates [March Update]"
    assert entry.summary == (
        "<p>Everything we know about the return of the coastal thriller.</p>"
        "<p><strong>Latest update: March Update</strong> — Netflix confirmed the release date.</p>"
    )
    assert datetime.fromisoformat(entry.updated) == dates.last_updated_at
    assert dates.last_updated_at > dates.first_published_at + timedelta(days=3)
    assert calendar.timegm(entry.published_parsed) == int(dates.first_published_at.timestamp())


@pytest.mark.parametrize("url", FEEDS)
def test_update_keeps_guid_and_moves_item_to_top(client, newsroom, revise, publish, url):
    cast = newsroom.cast
    before = entry_for(read_feed(client, url), cast)

    publish(revise(cast, kind="update", update_label="Casting Update",
                   public_note="Two new cast members joined."))
    cast.refresh_from_db()
    feed = read_feed(client, url)
    after = entry_for(feed, cast)

    assert after.id == before.id
    assert after.title == "Headline of cast [Casting Update]"
    assert "Two new cast members joined." in after.summary
    assert datetime.fromisoformat(after.updated) == cast.last_updated_at
    assert after.updated != before.updated
    assert slugs(feed)[0] == "cast"


@pytest.mark.parametrize("url", FEEDS)
def test_label_already_in_headline_is_not_repeated(client, newsroom, revise, publish, url):
    publish(revise(newsroom.harbour, kind="update", update_label="Renewal Update",
                   headline="Night Harbour is back [Renewal Update]",
                   public_note="The show was renewed."))

    entry = entry_for(read_feed(client, url), newsroom.harbour)

    assert entry.title == "Night Harbour is back [Renewal Update]"


@pytest.mark.parametrize("url", FEEDS)
def test_label_on_first_publication_is_not_an_update(client, make_article, publish, url):
    article = make_article(headline="Night Harbour renewed", update_label="March Update",
                           public_note="Renewed.")
    publish(article.latest_version)

    entry = read_feed(client, url).entries[0]

    assert entry.title == "Night Harbour renewed"
    assert entry.summary == "<p>Everything we know about the return of the coastal thriller.</p>"


@pytest.mark.parametrize("url", FEEDS)
def test_correction_after_update_keeps_the_update_label(client, newsroom, revise, publish, url):
    publish(revise(newsroom.dates, kind="correction",
                   public_note="An earlier version gave the wrong platform."))

    entry = entry_for(read_feed(client, url), newsroom.dates)

    assert entry.title == "Headline of dates [March Update]"


@pytest.mark.parametrize("url", FEEDS)
def test_slug_change_keeps_guid_and_links_to_new_address(client, newsroom, revise, publish,
                                                         editor, url):
    before = entry_for(read_feed(client, url), newsroom.cast)

    publish(revise(newsroom.cast, by=editor, kind="minor", slug="cast-announced"))
    newsroom.cast.refresh_from_db()
    after = entry_for(read_feed(client, url), newsroom.cast)

    assert after.link == f"{SITE}/articles/cast-announced/"
    assert after.id == before.id


@pytest.mark.parametrize("url", FEEDS)
def test_feed_escapes_headline_characters(client, make_article, publish, url):
    article = make_article(headline='Tom & Jerry’s "reboot" gets <a> date')
    publish(article.latest_version)

    entry = read_feed(client, url).entries[0]

    assert entry.title == 'Tom & Jerry’s "reboot" gets <a> date'


@pytest.mark.parametrize("suffix", ["", "atom/"])
def test_show_feed_lists_only_that_shows_live_stories(client, newsroom, suffix):
    url = f"/shows/the-salt-line/feed/{suffix}"
    feed = read_feed(client, url)

    assert slugs(feed) == ["dates", "trailer", "cast"]
    assert feed.feed.title == "Couch Report: The Salt Line"
    assert feed.feed.link == f"{SITE}/shows/the-salt-line/"
    assert feed.feed.subtitle == "The latest stories about The Salt Line from Couch Report."
    assert [link.href for link in feed.feed.links if link.rel == "self"] == [f"{SITE}{url}"]

    other = read_feed(client, f"/shows/night-harbour/feed/{suffix}")
    assert slugs(other) == ["harbour"]


@pytest.mark.parametrize("suffix", ["", "atom/"])
def test_show_feed_for_show_without_stories_is_empty(client, make_show, suffix):
    make_show(name="Quiet Hills")

    feed = read_feed(client, f"/shows/quiet-hills/feed/{suffix}")

    assert feed.feed.title == "Couch Report: Quiet Hills"
    assert feed.entries == []


@pytest.mark.parametrize("suffix", ["", "atom/"])
def test_unknown_show_feed_is_not_found(client, newsroom, suffix):
    assert client.get(f"/shows/no-such-show/feed/{suffix}").status_code == 404


@pytest.mark.parametrize("suffix", ["", "atom/"])
def test_renamed_show_old_feed_address_redirects_permanently(client, newsroom, editor, suffix):
    show_update(newsroom.show, by=editor, name="The Salt Line Returns")

    response = client.get(f"/shows/the-salt-line/feed/{suffix}")

    assert response.status_code == 301
    assert response["Location"] == f"/shows/the-salt-line-returns/feed/{suffix}"
    assert slugs(read_feed(client, response["Location"])) == ["dates", "trailer", "cast"]


@pytest.mark.parametrize("suffix", ["", "atom/"])
def test_merged_show_old_feed_address_redirects_to_surviving_show(client, newsroom, editor,
                                                                  suffix):
    show_merge(newsroom.harbour_show, into=newsroom.show, by=editor)

    response = client.get(f"/shows/night-harbour/feed/{suffix}")

    assert response.status_code == 301
    assert response["Location"] == f"/shows/the-salt-line/feed/{suffix}"


@pytest.mark.parametrize("suffix", ["", "atom/"])
def test_section_feed_lists_only_that_sections_live_stories(client, newsroom, suffix):
    url = f"/sections/tv-news/feed/{suffix}"
    feed = read_feed(client, url)

    assert slugs(feed) == ["dates", "harbour", "cast"]
    assert feed.feed.title == "Couch Report: TV News"
    assert feed.feed.link == f"{SITE}/sections/tv-news/"
    assert feed.feed.subtitle == "The latest TV News stories from Couch Report."
    assert [link.href for link in feed.feed.links if link.rel == "self"] == [f"{SITE}{url}"]

    assert slugs(read_feed(client, f"/sections/reviews/feed/{suffix}")) == ["trailer"]


@pytest.mark.parametrize("suffix", ["", "atom/"])
def test_section_feed_describes_section_in_its_own_words(client, make_section, suffix):
    make_section(name="Streaming", slug="streaming", description="What to watch this week.")

    feed = read_feed(client, f"/sections/streaming/feed/{suffix}")

    assert feed.feed.subtitle == "What to watch this week."


@pytest.mark.parametrize("suffix", ["", "atom/"])
def test_unknown_section_feed_is_not_found(client, newsroom, suffix):
    assert client.get(f"/sections/no-such-section/feed/{suffix}").status_code == 404


@pytest.mark.parametrize("url", [
    "/feed/", "/feed/atom/",
    "/shows/the-salt-line/feed/", "/shows/the-salt-line/feed/atom/",
    "/sections/tv-news/feed/", "/sections/tv-news/feed/atom/",
])
def test_drafts_expired_and_unpublished_stories_stay_out_of_feeds(client, newsroom, url):
    listed = slugs(read_feed(client, url))

    assert listed
    assert not {"draft", "expired", "pulled"} & set(listed)


def test_site_feed_stops_at_thirty_stories(client, make_article, publish):
    for n in range(31):
        publish(make_article(slug=f"bulk-{n}").latest_version, days_ago=31 - n)

    listed = slugs(read_feed(client, "/feed/"))

    assert len(listed) == 30
    assert listed[0] == "bulk-30"
    assert "bulk-0" not in listed


@pytest.mark.parametrize("url", FEEDS)
def test_site_feed_query_count(client, newsroom, django_assert_num_queries, url, settings):
    settings.PAGE_CACHE_SECONDS = 0
    # which stories; then, for the items not kept yet: the stories with live versions and
    # update labels; their sections; authors; shows; topics
    with django_assert_num_queries(6):
        read_feed(client, url)
    # Every item is kept now, and which stories they are: nothing.
    with django_assert_num_queries(0):
        read_feed(client, url)


@pytest.mark.parametrize("suffix", ["", "atom/"])
def test_show_feed_query_count(client, newsroom, django_assert_num_queries, suffix, settings):
    settings.PAGE_CACHE_SECONDS = 0
    # the show; which stories; their live versions and update labels; sections; authors;
    # shows; topics
    with django_assert_num_queries(7):
        assert len(read_feed(client, f"/shows/the-salt-line/feed/{suffix}").entries) == 3
    # Then only the show: its items, and which stories they are, are kept.
    with django_assert_num_queries(1):
        assert len(read_feed(client, f"/shows/the-salt-line/feed/{suffix}").entries) == 3


@pytest.mark.parametrize("suffix", ["", "atom/"])
def test_section_feed_query_count(client, newsroom, django_assert_num_queries, suffix,
                                  settings):
    settings.PAGE_CACHE_SECONDS = 0
    # the section; which stories; their live versions and update labels; sections;
    # authors; shows; topics
    with django_assert_num_queries(7):
        assert len(read_feed(client, f"/sections/tv-news/feed/{suffix}").entries) == 3
    # Then only the section: its items, and which stories they are, are kept.
    with django_assert_num_queries(1):
        assert len(read_feed(client, f"/sections/tv-news/feed/{suffix}").entries) == 3


# --- items kept between requests -------------------------------------------------------------

def test_an_update_renders_only_its_own_item_again(client, newsroom, revise, publish,
                                                  committed, settings,
                                                  django_assert_num_queries):
    settings.PAGE_CACHE_SECONDS = 0
    before = read_feed(client, "/feed/")
    story = newsroom.harbour

    committed(publish, revise(story, headline="Harbour Lights gets a third season",
                              update_label="June Update", public_note="Renewed."))

    # which stories; the one changed story with its sections, authors, shows and topics
    with django_assert_num_queries(6) as captured:
        after = read_feed(client, "/feed/")
    fetched = [query["sql"] for query in captured.captured_queries
               if '"articles_article"."id" IN (' in query["sql"]]
    assert len(fetched) == 1 and f'"articles_article"."id" IN ({story.pk})' in fetched[0]
    assert after.entries[0].title == "Harbour Lights gets a third season [June Update]"
    assert "Renewed." in after.entries[0].summary
    assert [entry.title for entry in after.entries[1:]] == [
        entry.title for entry in before.entries if entry.id != after.entries[0].id]


def test_a_renamed_section_is_in_every_item_at_once(client, newsroom, committed, settings):
    settings.PAGE_CACHE_SECONDS = 0
    read_feed(client, "/feed/")

    newsroom.section.name = "Television"
    committed(section_save, newsroom.section)

    terms = {tag.term for entry in read_feed(client, "/feed/").entries for tag in entry.tags}
    assert "Television" in terms and "TV News" not in terms


def test_a_renamed_show_is_in_every_item_about_it_at_once(client, newsroom, editor,
                                                         committed, settings):
    settings.PAGE_CACHE_SECONDS = 0
    read_feed(client, "/feed/")

    committed(show_update, newsroom.show, by=editor, name="The Salt Line (UK)")

    terms = [{tag.term for tag in entry.tags} for entry in read_feed(client, "/feed/").entries]
    assert sum("The Salt Line (UK)" in item for item in terms) == 3
    assert not any("The Salt Line" in item for item in terms)


def test_a_story_about_no_show_shows_its_update_at_once(client, make_article, publish,
                                                       revise, settings):
    settings.PAGE_CACHE_SECONDS = 0
    story = make_article(slug="ratings", headline="Ratings for the week")
    publish(story.latest_version, days_ago=1)
    assert read_feed(client, "/feed/").entries[0].title == "Ratings for the week"

    publish(revise(story, headline="Ratings for the week, revised", kind="minor"))

    assert read_feed(client, "/feed/").entries[0].title == "Ratings for the week, revised"


def test_a_pulled_story_leaves_the_feed_though_its_item_is_kept(client, newsroom, editor,
                                                               committed, settings):
    settings.PAGE_CACHE_SECONDS = 0
    assert "harbour" in slugs(read_feed(client, "/feed/"))

    committed(article_unpublish, newsroom.harbour, by=editor)

    assert "harbour" not in slugs(read_feed(client, "/feed/"))


@pytest.mark.parametrize("url", FEEDS)
def test_a_feed_says_when_its_newest_item_changed(client, newsroom, url):
    # Feed readers poll with If-Modified-Since: without the header each poll costs a feed.
    response = client.get(url)

    newest = max(story.last_updated_at for story in (newsroom.cast, newsroom.trailer,
                                                     newsroom.harbour, newsroom.dates))
    assert response["Last-Modified"] == http_date(newest.timestamp())


@pytest.mark.parametrize("suffix", ["", "atom/"])
def test_a_new_story_about_a_show_heads_its_feed_at_once(client, newsroom, make_article,
                                                         publish, settings, suffix):
    settings.PAGE_CACHE_SECONDS = 0
    url = f"/shows/the-salt-line/feed/{suffix}"
    read_feed(client, url)

    fresh = make_article(slug="fresh", headline="Salt Line casting news", shows=[newsroom.show])
    publish(fresh.latest_version)

    assert slugs(read_feed(client, url))[0] == "fresh"


def test_a_listed_story_that_expires_leaves_the_feed_with_no_purge(client, newsroom,
                                                                   expire_soon, settings):
    settings.PAGE_CACHE_SECONDS = 0
    expire_soon(newsroom.harbour)
    assert "harbour" in slugs(read_feed(client, "/feed/"))

    time.sleep(EXPIRES_IN_SECONDS + 0.5)

    assert "harbour" not in slugs(read_feed(client, "/feed/"))
