"""The shared page cache: readers get cached pages, every change purges exactly the pages it
touches, and nothing one reader may see alone is ever shared."""
from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest
from django.core.management import call_command

from articles import pagecache
from articles.pagecache import store
from articles.services.images import image_update
from articles.services.publishing import article_unpublish
from articles.services.sections import section_save
from articles.services.shows import show_update
from tests.conftest import EXPIRES_IN_SECONDS


def cached(client, url):
    """GET `url` twice; the second answer must come from the page cache."""
    first = client.get(url)
    assert first.status_code == 200, url
    assert first["X-Page-Cache"] == "miss"
    again = client.get(url)
    assert again["X-Page-Cache"] == "hit", url
    return again


def served_from_cache(client, url):
    return client.get(url)["X-Page-Cache"] == "hit"


@pytest.fixture
def desk(make_article, make_section, make_show, publish, section, show):
    """Two live stories in different sections, about different shows."""
    other_section = make_section(name="Reviews", slug="reviews")
    other_show = make_show(name="Harbour Lights", status="ended")
    story = make_article(slug="salt-line-news", shows=[show], topics=["Thriller"])
    publish(story.latest_version, days_ago=3)
    other = make_article(slug="harbour-review", sections=[other_section],
                         shows=[other_show], headline="Harbour Lights reviewed")
    publish(other.latest_version, days_ago=2)
    story.refresh_from_db()
    other.refresh_from_db()
    return {"story": story, "other": other, "section": section, "other_section": other_section,
            "show": show, "other_show": other_show}


# --- served from the cache ------------------------------------------------------------------

@pytest.mark.django_db
def test_second_reader_gets_the_story_page_without_touching_the_database(
        client, desk, django_assert_num_queries):
    url = desk["story"].get_absolute_url()
    first = client.get(url)

    with django_assert_num_queries(0):
        again = client.get(url)

    assert again["X-Page-Cache"] == "hit"
    assert again.content == first.content


@pytest.mark.parametrize("url", ["/", "/sections/tv-news/", "/shows/", "/shows/the-salt-line/",
                                 "/topics/thriller/", "/archive/", "/search/?q=salt",
                                 "/feed/", "/feed/atom/", "/sitemap.xml", "/comments/privacy/"])
@pytest.mark.django_db
def test_every_reader_page_is_served_from_the_cache(client, desk, url):
    assert cached(client, url).status_code == 200


@pytest.mark.django_db
def test_cached_page_says_what_it_shows_and_how_long_a_cdn_may_keep_it(client, desk, settings):
    settings.PAGE_CACHE_CDN_SECONDS = 120
    story, show = desk["story"], desk["show"]
    response = client.get(story.get_absolute_url())

    keys = set(response["Surrogate-Key"].split())
    assert {f"story-{story.pk}", f"comments-{story.pk}", f"show-{show.pk}",
            f"section-{desk['section'].pk}", "nav", "all"} <= keys
    assert f"story-{desk['other'].pk}" not in keys
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert cache_control == {"public", "max-age=0", "must-revalidate", "s-maxage=120"}
    assert response["ETag"]
    assert response["Last-Modified"]


@pytest.mark.django_db
def test_unchanged_page_answers_304_to_a_browser_that_has_it(client, desk):
    url = desk["story"].get_absolute_url()
    first = client.get(url)

    by_etag = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    by_date = client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])

    assert by_etag.status_code == 304
    assert by_etag.content == b""
    assert by_date.status_code == 304


@pytest.mark.django_db
def test_changed_page_answers_200_with_a_new_etag(client, desk, revise, publish, committed):
    story = desk["story"]
    first = client.get(story.get_absolute_url())

    committed(publish, revise(story, headline="Salt Line season 2 confirmed",
                              update_label="June Update", public_note="Confirmed."))
    response = client.get(story.get_absolute_url(), HTTP_IF_NONE_MATCH=first["ETag"],
                          HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])

    assert response.status_code == 200
    assert response["ETag"] != first["ETag"]
    assert "Salt Line season 2 confirmed" in response.content.decode()


@pytest.mark.django_db
def test_page_cache_off_serves_every_page_fresh(client, desk, settings):
    settings.PAGE_CACHE_SECONDS = 0
    url = desk["story"].get_absolute_url()
    client.get(url)

    response = client.get(url)

    assert "X-Page-Cache" not in response
    assert "Surrogate-Key" not in response


# --- what each change purges ----------------------------------------------------------------

@pytest.mark.django_db
def test_published_update_refreshes_the_story_and_every_list_it_is_in(
        client, desk, revise, publish, committed):
    story = desk["story"]
    touched = [story.get_absolute_url(), "/", "/sections/tv-news/", "/shows/the-salt-line/",
               "/topics/thriller/", "/feed/"]
    untouched = [desk["other"].get_absolute_url(), "/sections/reviews/",
                 "/shows/harbour-lights/"]
    for url in touched + untouched:
        cached(client, url)

    committed(publish, revise(story, headline="Salt Line season 2 starts filming",
                              update_label="May Update", public_note="Filming started."))

    for url in touched:
        response = client.get(url)
        assert response["X-Page-Cache"] == "miss", url
        assert "Salt Line season 2 starts filming" in response.content.decode(), url
    for url in untouched:
        assert served_from_cache(client, url), url


@pytest.mark.django_db
def test_saved_but_unpublished_version_purges_nothing(client, desk, revise, committed):
    story = desk["story"]
    cached(client, story.get_absolute_url())

    committed(revise, story, headline="A draft nobody reads yet")

    assert served_from_cache(client, story.get_absolute_url())


@pytest.mark.django_db
def test_correction_shows_its_notice_at_once(client, desk, revise, publish, committed):
    story = desk["story"]
    cached(client, story.get_absolute_url())

    committed(publish, revise(story, kind="correction",
                              public_note="An earlier version named the wrong network."))

    assert "An earlier version named the wrong network." in client.get(
        story.get_absolute_url()).content.decode()


@pytest.mark.django_db
def test_unpublished_story_disappears_from_its_page_and_lists(client, desk, editor, committed):
    story = desk["story"]
    for url in (story.get_absolute_url(), "/", "/shows/the-salt-line/",
                desk["other"].get_absolute_url()):
        cached(client, url)

    committed(article_unpublish, story, by=editor)

    assert client.get(story.get_absolute_url()).status_code == 404
    assert story.get_absolute_url() not in client.get("/").content.decode()
    assert story.get_absolute_url() not in client.get("/shows/the-salt-line/").content.decode()
    assert served_from_cache(client, desk["other"].get_absolute_url())


@pytest.mark.django_db
def test_cached_copy_of_an_expiring_story_lives_no_longer_than_the_story(
        client, live_article, expire_soon):
    expire_soon(live_article)
    url = live_article.get_absolute_url()
    assert client.get(url).status_code == 200

    time.sleep(EXPIRES_IN_SECONDS + 0.5)

    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_editor_moving_a_story_refreshes_the_old_and_the_new_section(
        client, desk, revise, editor, committed):
    story = desk["story"]
    for url in ("/sections/tv-news/", "/sections/reviews/"):
        cached(client, url)

    committed(revise, story, by=editor, sections=[desk["other_section"]])

    assert story.get_absolute_url() not in client.get("/sections/tv-news/").content.decode()
    assert story.get_absolute_url() in client.get("/sections/reviews/").content.decode()


@pytest.mark.django_db
def test_show_facts_change_refreshes_the_hub_and_the_stories_about_it(
        client, desk, editor, committed):
    story, show = desk["story"], desk["show"]
    for url in (story.get_absolute_url(), "/shows/the-salt-line/", "/shows/",
                desk["other"].get_absolute_url(), "/shows/harbour-lights/"):
        cached(client, url)

    committed(show_update, show, by=editor, status="cancelled")

    for url in (story.get_absolute_url(), "/shows/the-salt-line/", "/shows/"):
        response = client.get(url)
        assert response["X-Page-Cache"] == "miss", url
        assert "Cancelled" in response.content.decode(), url
    assert served_from_cache(client, desk["other"].get_absolute_url())
    assert served_from_cache(client, "/shows/harbour-lights/")


@pytest.mark.django_db
def test_picture_change_refreshes_the_pages_that_show_it(
        client, desk, make_article, make_image, publish, editor, committed):
    picture = make_image(alt_text="A lighthouse at dusk")
    story = make_article(slug="with-picture", lead_image=picture)
    publish(story.latest_version)
    for url in (story.get_absolute_url(), "/", desk["story"].get_absolute_url()):
        cached(client, url)

    committed(image_update, picture, by=editor, alt_text="A red lighthouse in a storm")

    assert 'alt="A red lighthouse in a storm"' in client.get(
        story.get_absolute_url()).content.decode()
    # Teasers show the picture too (without alt text: the headline beside it says it all).
    assert client.get("/")["X-Page-Cache"] == "miss"
    assert served_from_cache(client, desk["story"].get_absolute_url())


@pytest.mark.django_db
def test_renamed_section_shows_in_every_pages_menu(client, desk, committed):
    urls = [desk["story"].get_absolute_url(), "/", "/shows/"]
    for url in urls:
        cached(client, url)
    section = desk["section"]
    section.name = "Television"

    committed(section_save, section)

    for url in urls:
        assert ">Television</a>" in client.get(url).content.decode(), url


@pytest.mark.django_db
def test_purge_during_a_render_leaves_no_stale_copy(settings):
    """A change that commits while a page is being drawn (from data read before it) must
    not be kept: the next reader gets a fresh draw."""
    draws = []

    def draw_while_someone_publishes():
        draws.append("drawn")
        store._mark_purged({"story-1"})  # lands mid-render, as another server's would
        return f"draw {len(draws)}"

    assert pagecache.fragment("race", ["story-1"], draw_while_someone_publishes) == "draw 1"
    assert pagecache.fragment("race", ["story-1"], lambda: "fresh") == "fresh"


@pytest.mark.django_db
def test_page_drawn_within_the_clock_skew_after_a_purge_is_drawn_again(client, desk, settings):
    """Another server's clock may be behind: a purge it records can carry an earlier time
    than a render that in truth came before it. Pages drawn that close to a purge are not
    trusted."""
    settings.PAGE_CACHE_CLOCK_SKEW_SECONDS = 60
    url = desk["story"].get_absolute_url()
    store._mark_purged({f"story-{desk['story'].pk}"})
    client.get(url)

    assert client.get(url)["X-Page-Cache"] == "miss"
    assert client.get(url)["X-Page-Cache"] == "miss"


@pytest.mark.django_db
def test_emptied_shared_cache_takes_every_process_copy_with_it(client, desk):
    """Each process keeps copies of what it read, checked against the purge times in the
    shared cache. A restarted or flushed cache has lost those purge times, so the copies
    cannot be trusted any more: the page is drawn again."""
    url = desk["story"].get_absolute_url()
    cached(client, url)

    store._purges().clear()  # where the purge times are: Redis, or files on one machine

    assert client.get(url)["X-Page-Cache"] == "miss"


@pytest.mark.django_db
def test_process_copies_off_still_serve_the_shared_cache(client, desk, settings):
    settings.PAGE_CACHE_LOCAL_ENTRIES = 0
    url = desk["story"].get_absolute_url()
    cached(client, url)
    assert served_from_cache(client, url)


# --- per-reader pages are never shared ------------------------------------------------------

@pytest.mark.django_db
def test_logged_in_staff_never_get_the_shared_copy(client, desk, editor):
    url = desk["story"].get_absolute_url()
    cached(client, url)
    client.force_login(editor)

    response = client.get(url)

    assert "X-Page-Cache" not in response
    assert "Logged in as" in response.content.decode()
    assert "private" in response["Cache-Control"]


@pytest.mark.django_db
def test_purge_pages_command_makes_every_cached_page_stale(client, desk, capsys, committed):
    urls = [desk["story"].get_absolute_url(), "/", "/shows/"]
    for url in urls:
        cached(client, url)

    committed(call_command, "purge_pages")

    assert "Every cached page and fragment will be drawn again." in capsys.readouterr().out
    for url in urls:
        assert client.get(url)["X-Page-Cache"] == "miss", url


# --- a CDN in front ---------------------------------------------------------------------------

class PurgeRecorder(BaseHTTPRequestHandler):
    """A CDN's purge API on 127.0.0.1: records what it is told."""

    received: list[dict[str, str]] = []

    def do_POST(self):  # noqa: N802 (the name http.server calls)
        self.received.append({"path": self.path, **{k.lower(): v for k, v in self.headers.items()}})
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(b'{"status": "ok"}')

    def log_message(self, *args):
        pass


@pytest.fixture
def cdn(settings):
    PurgeRecorder.received = []
    server = HTTPServer(("127.0.0.1", 0), PurgeRecorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.CDN_PURGE_URL = f"http://127.0.0.1:{server.server_port}/service/abc/purge"
    settings.CDN_PURGE_TOKEN = "cdn-token-123"
    yield PurgeRecorder.received
    server.shutdown()
    server.server_close()


@pytest.mark.django_db
def test_each_purge_is_passed_on_to_the_cdn_by_key(client, desk, editor, cdn, committed):
    show = desk["show"]

    committed(show_update, show, by=editor, status="cancelled")

    [request] = cdn
    assert request["path"] == "/service/abc/purge"
    assert request["fastly-key"] == "cdn-token-123"
    assert set(request["surrogate-key"].split()) == {f"show-{show.pk}", "shows"}
    # The keys the CDN is told are the ones pages carry.
    assert f"show-{show.pk}" in client.get("/shows/the-salt-line/")["Surrogate-Key"].split()



@pytest.mark.django_db
def test_a_purge_by_another_process_reaches_pages_kept_in_this_ones_memory(
        client, desk, settings, tmp_path):
    """On one machine pages live in the server's memory, but cron's commands and the task
    worker change pages too. Their purges must reach it: purge times are files every
    process shares."""
    var = tmp_path / "var"
    settings.CACHES = {**settings.CACHES, "purges": {
        **settings.CACHES["purges"], "LOCATION": str(var / "cache" / "purges")}}
    url = desk["story"].get_absolute_url()
    cached(client, url)

    environment = {key: value for key, value in os.environ.items()
                   if key not in ("REDIS_URL", "DATABASE_URL")}
    result = subprocess.run(
        [sys.executable, "manage.py", "purge_pages"], cwd=Path(__file__).resolve().parents[3],
        env={**environment, "NEWSDESK_VAR_DIR": str(var)}, capture_output=True, text=True)

    assert result.returncode == 0, result.stderr
    assert client.get(url)["X-Page-Cache"] == "miss"
