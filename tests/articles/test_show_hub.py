"""A show's hub page: its facts, poster, JSON-LD, timeline, stories and addresses."""
from __future__ import annotations

import re
from datetime import date

import pytest
from django.urls import reverse

from articles.services.publishing import article_unpublish
from articles.services.shows import show_update, tracker_report
from tests.articles.helpers import at, headings, jsonld, text


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
    show_update(tracked_show, by=editor, release_window="")  # the date is exact now
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


@pytest.mark.django_db
def test_show_hub_shows_its_poster_and_names_it_in_json_ld(client, show, poster, editor):
    show_update(show, by=editor, poster=poster)
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
        tracker=tracker_report(show, status="filming"),
    )
    publish_at(reporting, at(2026, 3, 12, 9))
    taken_down = make_article(
        slug="salt-line-date", shows=[show], headline="The Salt Line gets a date",
        tracker=tracker_report(show, release_date=date(2027, 10, 1),
                                        release_window="late 2027"),
    )
    publish_at(taken_down, at(2026, 4, 2, 9))
    article_unpublish(taken_down, by=editor)

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
    show_update(show, by=editor, platform="Disney+")
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
    show_update(show, by=editor, name="The Salt Line: Reckoning")

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


@pytest.mark.parametrize("stories", [3, 4])
@pytest.mark.django_db
def test_show_hub_query_count(client, show, show_stories, stories, editor, poster, settings,
                              django_assert_num_queries):
    settings.PAGE_CACHE_SECONDS = 0  # the second request must be rendered, not a copy
    show_stories(show, stories)
    show_update(show, by=editor, status="filming", poster=poster)
    # show (+ poster); count; which stories; their teasers' versions and pictures; their
    # sections; timeline with reporting versions and stories; nav sections
    with django_assert_num_queries(7):
        assert client.get("/shows/the-salt-line/").status_code == 200
    # Then nothing: the show, its count, which stories, their teasers and the timeline are
    # kept until a change purges them.
    with django_assert_num_queries(0):
        assert client.get("/shows/the-salt-line/").status_code == 200
