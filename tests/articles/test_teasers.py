"""Teasers, hub parts and search-result frames are kept between renders of the pages that
show them: whatever a reader sees change in one reaches every page at once, and a publish
renders only what it changed. The page cache is off: each request is rendered."""
from __future__ import annotations

import re
import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.services.images import image_update
from articles.services.publishing import article_unpublish
from articles.services.sections import section_save
from articles.services.shows import show_update, tracker_report
from tests.articles.helpers import headings
from tests.conftest import EXPIRES_IN_SECONDS

pytestmark = pytest.mark.django_db

LISTS = ["/", "/sections/tv-news/", "/shows/the-salt-line/", "/topics/thriller/",
         "/authors/{writer}/", "/archive/{year}/{month:02d}/"]


@pytest.fixture(autouse=True)
def _pages_rendered(settings):
    settings.PAGE_CACHE_SECONDS = 0


@pytest.fixture
def story(make_article, make_image, publish, show):
    story = make_article(slug="renewed", shows=[show], topics=["Thriller"],
                         headline="Salt Line renewed",
                         lead_image=make_image(alt_text="A trawler leaving the harbour"))
    publish(story.latest_version)
    story.refresh_from_db()
    return story


def list_url(url, writer):
    now = timezone.localtime()
    return url.format(writer=writer.username, year=now.year, month=now.month)


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def teaser_headlines(html):
    return [*headings(html, 2), *headings(html, 3)]


@pytest.mark.parametrize("url", LISTS)
def test_an_update_reaches_every_list_at_once(client, story, revise, publish, writer, url):
    url = list_url(url, writer)
    assert "Salt Line renewed" in teaser_headlines(page(client, url))

    publish(revise(story, headline="Salt Line renewed for a third season",
                   update_label="June Update", public_note="Renewed."))

    shown = teaser_headlines(page(client, url))
    assert "Salt Line renewed for a third season" in shown
    assert "Salt Line renewed" not in shown


def test_a_recropped_picture_reaches_the_teaser(client, story, editor, committed):
    before = page(client, "/")
    assert "wide-640-50x50.jpg" in before  # cropped about the middle

    committed(image_update, story.live_version.lead_image, by=editor, focal_x=0.2, focal_y=0.3)

    after = page(client, "/")
    assert "wide-640-20x30.jpg" in after
    assert "50x50" not in after


def test_a_renamed_section_reaches_every_teaser_and_search_result(client, story, section,
                                                                  committed):
    page(client, "/")
    page(client, "/search/?q=renewed")

    section.name = "Television"
    committed(section_save, section)

    for url in ("/", "/search/?q=renewed"):
        kickers = re.findall(r'<p class="kicker">(.*?)</p>', page(client, url))
        assert '<a href="/sections/tv-news/">Television</a>' in kickers, url


def test_a_story_taken_down_leaves_the_lists(client, story, editor, committed):
    page(client, "/")

    committed(article_unpublish, story, by=editor)

    assert "Salt Line renewed" not in page(client, "/")


def test_a_publish_renders_only_the_new_storys_teaser(client, story, make_article, publish):
    page(client, "/")
    newer = make_article(slug="trailer", headline="Salt Line trailer is out")
    publish(newer.latest_version)

    with CaptureQueriesContext(connection) as captured:
        html = page(client, "/")

    fetched = [query["sql"] for query in captured.captured_queries
               if '"articles_article"."id" IN (' in query["sql"]]
    assert len(fetched) == 1 and f'"articles_article"."id" IN ({newer.pk})' in fetched[0]
    assert headings(html, 2)[:2] == ["Salt Line trailer is out", "Salt Line renewed"]


def test_a_hub_timeline_follows_the_stories_it_cites(client, show, make_article, publish,
                                                     editor, committed):
    page(client, "/shows/the-salt-line/")
    reporting = make_article(slug="filming", shows=[show], headline="The Salt Line starts filming",
                             tracker=tracker_report(show, status="filming"))
    publish(reporting.latest_version)

    timeline = page(client, "/shows/the-salt-line/").split('<ol class="timeline">')[1]
    assert "Status: Renewed → Filming" in timeline
    assert 'Reported in <a href="/articles/filming/">The Salt Line starts filming</a>' in timeline

    committed(article_unpublish, reporting, by=editor)

    timeline = page(client, "/shows/the-salt-line/").split('<ol class="timeline">')[1]
    assert "Status: Renewed → Filming" in timeline
    assert "Reported in" not in timeline


def test_a_renamed_show_moves_its_hub_at_once(client, story, show, editor, committed):
    page(client, "/shows/the-salt-line/")

    committed(show_update, show, by=editor, name="The Salt Line (UK)")

    moved = client.get("/shows/the-salt-line/")
    assert moved.status_code == 301
    assert headings(page(client, moved["Location"]), 1) == ["The Salt Line (UK)"]


def test_a_new_poster_reaches_the_hub_at_once(client, show, poster, editor, committed):
    assert "<figure class=\"show-poster\">" not in page(client, "/shows/the-salt-line/")

    committed(show_update, show, by=editor, poster=poster)

    assert 'alt="A lighthouse above a stormy harbour"' in page(client, "/shows/the-salt-line/")


def test_a_story_that_expires_leaves_the_lists_with_no_purge(client, story, expire_soon):
    expire_soon(story)
    assert "Salt Line renewed" in teaser_headlines(page(client, "/"))

    time.sleep(EXPIRES_IN_SECONDS + 0.5)

    assert "Salt Line renewed" not in teaser_headlines(page(client, "/"))
