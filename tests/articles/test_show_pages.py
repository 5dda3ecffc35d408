"""Reader pages for shows, topics and the dated archive."""
from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime

import pytest
from django.urls import reverse

from articles import services
from tests import imagefiles


def jsonld(html: str) -> dict:
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert match, "the page has no JSON-LD"
    return json.loads(match.group(1))


def headings(html: str, level: int) -> list[str]:
    return [re.sub(r"<[^>]+>", "", h).strip()
            for h in re.findall(rf"<h{level}[^>]*>(.*?)</h{level}>", html, re.S)]


def text(fragment: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", fragment)).strip()


def at(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


@pytest.fixture
def publish_at(editor):
    def make(article, when: datetime):
        return services.article_publish(article.latest_version, by=editor, now=when)

    return make


@pytest.fixture
def tracked_show(make_show):
    return make_show(
        name="The Salt Line", platform="Netflix", status="filming", season=2,
        release_date=date(2027, 10, 1), release_window="late 2027",
        last_confirmed=date(2026, 3, 12), genre="Thriller", country="South Korea",
        synopsis="A coast guard officer uncovers smuggling in a fishing town.",
        official_url="https://saltline.example/",
    )


# --- /shows/ ------------------------------------------------------------------------------

@pytest.mark.django_db
def test_show_index_files_shows_under_letters_a_to_z(client, make_show):
    for name in ("Zombie Verse", "apple Orchard", "Élite Academy", "24 Hours", "Alpha Station"):
        make_show(name=name)

    html = client.get("/shows/").content.decode()

    assert headings(html, 2) == ["#", "A", "E", "Z"]
    assert headings(html, 3) == ["24 Hours", "Alpha Station", "apple Orchard",
                                 "Élite Academy", "Zombie Verse"]
    assert '<a href="#letter-E">E</a>' in html
    assert '<h2 id="letter-E">E</h2>' in html
    assert '<a href="/shows/" aria-current="page">A–Z</a>' in html
    assert '<a href="/shows/" aria-current="page">Shows</a>' in html  # main navigation


@pytest.mark.django_db
def test_show_index_gives_status_platform_release_and_live_story_count(
        client, tracked_show, make_show, make_article, publish, editor):
    make_show(name="Quiet Harbour", platform="", status="announced")
    for n in range(2):
        publish(make_article(shows=[tracked_show]).latest_version)
    make_article(shows=[tracked_show])  # a draft
    gone = make_article(shows=[tracked_show])
    publish(gone.latest_version)
    services.article_unpublish(gone, by=editor)

    html = client.get("/shows/").content.decode()
    items = [text(item) for item in re.findall(r'<li class="show-item">(.*?)</li>', html, re.S)]

    assert items == [
        "Quiet Harbour Announced No stories yet",
        "The Salt Line Filming Watch on Netflix Expected late 2027 2 stories",
    ]
    assert '<h3><a href="/shows/the-salt-line/">The Salt Line</a></h3>' in html


@pytest.mark.django_db
def test_show_index_by_status_follows_tracker_order_soonest_release_first(client, make_show):
    make_show(name="Ended One", status="ended")
    make_show(name="Later Film", status="filming", release_date=date(2028, 1, 1))
    make_show(name="Undated Film", status="filming")
    make_show(name="Sooner Film", status="filming", release_date=date(2027, 5, 1),
              release_window="spring 2027")
    make_show(name="New Idea", status="announced")

    html = client.get("/shows/?by=status").content.decode()

    assert headings(html, 2) == ["Announced", "Filming", "Ended"]
    assert headings(html, 3) == ["New Idea", "Sooner Film", "Later Film", "Undated Film",
                                 "Ended One"]
    assert '<h2 id="status-filming">Filming</h2>' in html
    assert '<a href="/shows/?by=status" aria-current="page">By status</a>' in html
    assert '<a href="/shows/">A–Z</a>' in html


@pytest.mark.django_db
def test_show_index_ignores_an_unknown_arrangement(client, make_show):
    make_show(name="Alpha Station", status="filming")
    html = client.get("/shows/?by=colour").content.decode()
    assert headings(html, 2) == ["A"]


# --- show hub ----------------------------------------------------------------------------

@pytest.mark.django_db
def test_show_hub_shows_facts_synopsis_links_and_feeds(client, tracked_show):
    response = client.get("/shows/the-salt-line/")
    html = response.content.decode()

    assert response.status_code == 200
    assert "<h1>The Salt Line</h1>" in html
    assert "<p>A coast guard officer uncovers smuggling in a fishing town.</p>" in html
    facts = re.findall(r"<dt>([^<]+)</dt><dd>(.*?)</dd>", html)
    assert facts == [
        ("Status", "Filming"), ("Season", "2"), ("Expected", "late 2027"),
        ("Watch on", "Netflix"), ("Genre", "Thriller"), ("Country", "South Korea"),
        ("Last confirmed", '<time datetime="2026-03-12">12 March 2026</time>'),
    ]
    assert '<a href="https://saltline.example/" rel="external">Official site</a>' in html
    assert '<a href="/shows/the-salt-line/feed/">RSS feed</a>' in html
    assert '<a href="/shows/the-salt-line/feed/atom/">Atom feed</a>' in html
    assert ('<link rel="alternate" type="application/rss+xml" title="Newsdesk: The Salt Line" '
            'href="/shows/the-salt-line/feed/">') in html
    assert ('<link rel="alternate" type="application/atom+xml" '
            'title="Newsdesk: The Salt Line (Atom)" href="/shows/the-salt-line/feed/atom/">') in html
    assert '<a href="/shows/" aria-current="page">Shows</a>' in html
    assert "No stories about The Salt Line yet." in html


@pytest.mark.django_db
def test_show_hub_json_ld_describes_the_series_and_tracked_season(client, tracked_show, editor):
    services.show_update(tracked_show, by=editor, release_window="")  # the date is exact now
    data = jsonld(client.get("/shows/the-salt-line/").content.decode())

    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "TVSeries"
    assert data["name"] == "The Salt Line"
    assert data["url"] == "http://127.0.0.1:8000/shows/the-salt-line/"
    assert data["description"] == "A coast guard officer uncovers smuggling in a fishing town."
    assert data["genre"] == "Thriller"
    assert data["countryOfOrigin"] == {"@type": "Country", "name": "South Korea"}
    assert data["publisher"] == {"@type": "Organization", "name": "Netflix"}
    assert data["sameAs"] == "https://saltline.example/"
    assert data["containsSeason"] == [{
        "@type": "TVSeason", "name": "Season 2", "seasonNumber": 2, "startDate": "2027-10-01",
    }]


@pytest.mark.django_db
def test_show_hub_json_ld_gives_no_start_date_for_a_window_or_season_for_none(
        client, tracked_show, make_show):
    windowed = jsonld(client.get("/shows/the-salt-line/").content.decode())
    assert windowed["containsSeason"] == [{"@type": "TVSeason", "name": "Season 2",
                                           "seasonNumber": 2}]

    make_show(name="Bare Bones", platform="")
    bare = jsonld(client.get("/shows/bare-bones/").content.decode())
    assert bare == {"@context": "https://schema.org", "@type": "TVSeries", "name": "Bare Bones",
                    "url": "http://127.0.0.1:8000/shows/bare-bones/"}


@pytest.fixture
def poster(editor, make_image):
    return make_image(imagefiles.png(800, 1200, name="salt-line.png"), by=editor,
                      title="Salt Line poster", alt_text="A lighthouse above a stormy harbour")


@pytest.mark.django_db
def test_show_hub_shows_its_poster_and_names_it_in_json_ld(client, show, poster, editor):
    services.show_update(show, by=editor, poster=poster)
    html = client.get("/shows/the-salt-line/").content.decode()

    largest = poster.renditions["poster-600.jpeg"]
    assert (largest["width"], largest["height"]) == (600, 900)  # the 2:3 poster crop
    assert ('width="600" height="900" alt="A lighthouse above a stormy harbour" '
            'loading="lazy"') in html
    assert f'/media/{poster.renditions["poster-200.webp"]["name"]} 200w' in html
    # Too narrow for 1200 wide: the social crop is as wide as the poster, never upscaled.
    social = poster.renditions["social-800.jpeg"]["name"]
    assert jsonld(html)["image"] == f"http://127.0.0.1:8000/media/{social}"


@pytest.mark.django_db
def test_show_hub_timeline_links_changes_to_the_live_stories_that_reported_them(
        client, show, make_article, publish_at, editor):
    reporting = make_article(
        slug="salt-line-filming", shows=[show], headline="The Salt Line starts filming",
        tracker=services.tracker_report(show, status="filming"),
    )
    publish_at(reporting, at(2026, 3, 12, 9))
    taken_down = make_article(
        slug="salt-line-date", shows=[show], headline="The Salt Line gets a date",
        tracker=services.tracker_report(show, release_date=date(2027, 10, 1),
                                        release_window="late 2027"),
    )
    publish_at(taken_down, at(2026, 4, 2, 9))
    services.article_unpublish(taken_down, by=editor)

    html = client.get("/shows/the-salt-line/").content.decode()
    timeline = html[html.index('<ol class="timeline">'):html.index("</ol>")]
    entries = [text(entry) for entry in re.findall(r"<li[^>]*>(.*?)</li>", timeline, re.S)]

    # Newest first; the show fixture was created with no change history.
    assert entries == [
        "2 April 2026 Expected release: — → late 2027",
        "12 March 2026 Status: Renewed → Filming Reported in The Salt Line starts filming",
    ]
    assert '<time datetime="2026-03-12T09:00:00+00:00">12 March 2026</time>' in timeline
    assert 'Reported in <a href="/articles/salt-line-filming/">The Salt Line starts filming</a>' in timeline
    assert "/articles/salt-line-date/" not in timeline


@pytest.mark.django_db
def test_show_hub_timeline_lists_editor_changes_without_a_story(client, show, editor):
    services.show_update(show, by=editor, platform="Disney+")
    html = client.get("/shows/the-salt-line/").content.decode()
    timeline = html[html.index('<ol class="timeline">'):html.index("</ol>")]
    assert "Watch on: Netflix → Disney+" in timeline
    assert "Reported in" not in timeline


@pytest.mark.django_db
def test_show_hub_lists_its_live_stories_newest_update_first(client, show, make_show,
                                                            make_article, publish, revise):
    oldest = make_article(shows=[show], headline="Salt Line renewed")
    publish(oldest.latest_version, days_ago=30)
    publish(make_article(shows=[show], headline="Salt Line casting").latest_version, days_ago=20)
    publish(make_article(shows=[show], headline="Salt Line filming").latest_version, days_ago=10)
    make_article(shows=[show], headline="Salt Line draft")
    other = make_show(name="Other Show")
    publish(make_article(shows=[other], headline="Other show news").latest_version)
    publish(revise(oldest, kind="update", update_label="Date Update", public_note="A date."))

    html = client.get("/shows/the-salt-line/").content.decode()

    assert headings(html, 3) == ["Salt Line renewed", "Salt Line filming", "Salt Line casting"]
    assert "3 stories, newest update first." in html
    assert "Salt Line draft" not in html and "Other show news" not in html


@pytest.mark.django_db
def test_show_hub_paginates_its_stories(client, show, make_article, publish, settings):
    total = settings.NEWSDESK_PAGE_SIZE + 2
    for n in range(total):
        publish(make_article(shows=[show], headline=f"Salt Line story {n}").latest_version,
                days_ago=total - n)

    first = client.get("/shows/the-salt-line/").content.decode()
    second = client.get("/shows/the-salt-line/?page=2").content.decode()

    assert "Page 1 of 2" in first and 'rel="next" href="?page=2"' in first
    assert headings(second, 3) == ["Salt Line story 1", "Salt Line story 0"]
    assert client.get("/shows/the-salt-line/?page=3").status_code == 404


@pytest.mark.django_db
def test_show_old_address_redirects_permanently_keeping_the_query(client, show, editor):
    services.show_update(show, by=editor, name="The Salt Line: Reckoning")

    response = client.get("/shows/the-salt-line/?page=2")

    assert response.status_code == 301
    assert response["Location"] == "/shows/the-salt-line-reckoning/?page=2"
    assert client.get("/shows/the-salt-line/")["Location"] == "/shows/the-salt-line-reckoning/"


@pytest.mark.django_db
def test_show_with_a_non_latin_name_has_a_hub(client, make_show):
    make_show(name="오징어 게임", platform="Netflix")
    index = client.get("/shows/").content.decode()
    url = reverse("articles:show", args=["오징어-게임"])
    assert f'<a href="{url}">오징어 게임</a>' in index
    assert "<h1>오징어 게임</h1>" in client.get(url).content.decode()


@pytest.mark.django_db
def test_unknown_show_is_not_found(client, show):
    response = client.get("/shows/no-such-show/")
    assert response.status_code == 404
    assert "We can’t find that page" in response.content.decode()


# --- topics ------------------------------------------------------------------------------

@pytest.mark.django_db
def test_topic_page_lists_live_stories_with_the_topic_newest_first(client, make_article,
                                                                   publish, editor):
    publish(make_article(topics=["KDrama"], headline="Older KDrama news").latest_version,
            days_ago=5)
    publish(make_article(topics=["KDrama", "Zombie"], headline="Newer KDrama news").latest_version,
            days_ago=1)
    publish(make_article(topics=["Zombie"], headline="Zombie only").latest_version)
    make_article(topics=["KDrama"], headline="KDrama draft")
    gone = make_article(topics=["KDrama"], headline="KDrama taken down")
    publish(gone.latest_version)
    services.article_unpublish(gone, by=editor)

    html = client.get("/topics/kdrama/").content.decode()

    assert "<h1>KDrama</h1>" in html
    assert headings(html, 2) == ["Newer KDrama news", "Older KDrama news"]
    assert "<title>KDrama | Newsdesk</title>" in html


@pytest.mark.django_db
def test_topic_unknown_or_without_live_stories_is_not_found(client, make_article):
    make_article(topics=["Cancelled Shows"])  # a draft: the tag exists, nobody can read it
    assert client.get("/topics/cancelled-shows/").status_code == 404
    assert client.get("/topics/no-such-topic/").status_code == 404


# --- archive -----------------------------------------------------------------------------

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


# --- story page: facts box, tags, related stories ---------------------------------------

@pytest.mark.django_db
def test_story_page_has_a_facts_box_per_show_with_current_facts(client, tracked_show, make_show,
                                                                make_article, publish, editor):
    quiet = make_show(name="Quiet Harbour", platform="", status="announced")
    article = make_article(slug="two-shows", shows=[tracked_show, quiet], topics=["KDrama"])
    publish(article.latest_version)
    services.show_update(tracked_show, by=editor, platform="Netflix Korea")

    html = client.get("/articles/two-shows/").content.decode()

    boxes = re.findall(r'<aside class="show-facts"[^>]*>(.*?)</aside>', html, re.S)
    assert [text(box) for box in boxes] == [
        "Quiet Harbour Status Announced",
        "The Salt Line season 2 Status Filming Expected late 2027 Watch on Netflix Korea "
        "Last confirmed 12 March 2026",
    ]
    assert '<a href="/shows/the-salt-line/">The Salt Line</a> <span class="show-facts-season">' in boxes[1]
    assert '<dd><time datetime="2026-03-12">12 March 2026</time></dd>' in boxes[1]
    assert '<dt>Shows</dt><dd><a href="/shows/quiet-harbour/">Quiet Harbour</a></dd>' in html
    assert '<dt>Topics</dt><dd><a href="/topics/kdrama/">KDrama</a></dd>' in html


@pytest.mark.django_db
def test_story_page_without_shows_or_topics_has_no_box_tags_or_related(client, live_article,
                                                                      make_article, publish):
    publish(make_article(headline="Another untagged story").latest_version)
    html = client.get(live_article.get_absolute_url()).content.decode()
    assert 'class="show-facts"' not in html
    assert 'class="story-tags"' not in html
    assert "Related stories" not in html


@pytest.mark.django_db
def test_related_stories_put_same_show_first_then_same_topic(client, show, make_show,
                                                            make_article, publish, editor):
    story = make_article(slug="the-story", shows=[show], topics=["KDrama"])
    publish(story.latest_version, days_ago=2)

    def live(headline, days_ago, **tags):
        article = make_article(headline=headline, **tags)
        publish(article.latest_version, days_ago=days_ago)
        return article

    live("Same show, older", 20, shows=[show])
    live("Same show and topic", 15, shows=[show], topics=["KDrama"])
    live("Same topic, newest", 1, topics=["KDrama"])
    live("Same topic, old", 30, topics=["KDrama"])
    live("Same topic, oldest", 40, topics=["KDrama"])  # fifth: beyond the four shown
    live("Unrelated", 1, shows=[make_show(name="Other")], topics=["Zombie"])
    make_article(headline="Same show draft", shows=[show])
    services.article_unpublish(live("Same show taken down", 1, shows=[show]), by=editor)

    html = client.get("/articles/the-story/").content.decode()
    related = html[html.index('<aside class="related'):]
    related = related[:related.index("</aside>")]

    assert re.findall(r'<li class="related-item">\s*<a href="[^"]+">([^<]+)</a>', related) == [
        "Same show and topic", "Same show, older", "Same topic, newest", "Same topic, old",
    ]
    assert "/articles/the-story/" not in related
    assert '<h2 id="related-heading">Related stories</h2>' in related


# --- query counts ------------------------------------------------------------------------

@pytest.fixture
def show_stories(make_article, publish, make_section, make_user):
    """`add(n)` publishes n more stories about the Salt Line with topic KDrama, each with a
    second section and author, first published in March 2026."""
    extra = make_section(name="Streaming", slug="streaming")
    second_author = make_user("Writers")

    def add(show, n):
        for _ in range(n):
            article = make_article(shows=[show], topics=["KDrama"])
            article.sections.add(extra)
            article.authors.add(second_author)
            publish(article.latest_version,
                    days_ago=(datetime.now(UTC) - at(2026, 3, 15, 12)).total_seconds() / 86400)

    return add


@pytest.mark.parametrize("stories", [3, 4])
@pytest.mark.django_db
def test_show_index_query_count(client, make_show, show_stories, stories, make_image,
                                django_assert_num_queries):
    for n in range(stories):
        poster = make_image(imagefiles.png(600, 900), alt_text=f"Poster of show {n}")
        show_stories(make_show(name=f"Show {n}", poster=poster), 1)
    # shows with their posters and live story counts; nav sections
    with django_assert_num_queries(2):
        html = client.get("/shows/").content.decode()
    # Small posters beside each name, which the linked name already says.
    assert html.count('<picture class="show-item-poster">') == stories
    assert 'alt="Poster of show' not in html
    with django_assert_num_queries(1):  # the nav sections are cached by now
        assert client.get("/shows/?by=status").status_code == 200


@pytest.mark.parametrize("stories", [3, 4])
@pytest.mark.django_db
def test_show_hub_query_count(client, show, show_stories, stories, editor, poster,
                              django_assert_num_queries):
    show_stories(show, stories)
    services.show_update(show, by=editor, status="filming", poster=poster)
    # show (+ poster); count; page of stories with live versions; their sections; their
    # authors; timeline with reporting versions and stories; nav sections
    with django_assert_num_queries(7):
        assert client.get("/shows/the-salt-line/").status_code == 200


@pytest.mark.parametrize("stories", [3, 4])
@pytest.mark.django_db
def test_topic_page_query_count(client, show, show_stories, stories, django_assert_num_queries):
    show_stories(show, stories)
    # tag; any live stories?; count; page of stories; their sections; their authors; nav
    with django_assert_num_queries(7):
        assert client.get("/topics/kdrama/").status_code == 200


@pytest.mark.parametrize("stories", [3, 4])
@pytest.mark.django_db
def test_archive_query_counts(client, show, show_stories, stories, django_assert_num_queries):
    show_stories(show, stories)
    # months with counts; nav sections
    with django_assert_num_queries(2):
        assert client.get("/archive/").status_code == 200
    # any stories that month?; count; page of stories; their sections; their authors;
    # neighbouring months (the nav sections came with the first page and stay cached)
    with django_assert_num_queries(6):
        assert client.get("/archive/2026/03/").status_code == 200
