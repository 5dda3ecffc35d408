"""A story's update history, its versions and what changed in each are gathered once and
kept until the story changes: a reader's request asks nothing of the database, and every
change to the story reaches these pages at once. The page cache is off: each request is
rendered."""
from __future__ import annotations

import pytest

from articles.services.publishing import article_unpublish
from tests.articles.helpers import headings

pytestmark = pytest.mark.django_db

PAGES = ["updates/", "v2/", "v2/changes/"]


@pytest.fixture(autouse=True)
def _pages_rendered(settings):
    settings.PAGE_CACHE_SECONDS = 0


@pytest.fixture
def story(live_article, revise, publish):
    """Version 1, then a March update as version 2."""
    publish(revise(live_article, update_label="March Update", public_note="Filming began.",
                   headline="The Salt Line is filming"))
    live_article.refresh_from_db()
    return live_article


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


@pytest.mark.parametrize("subpage", PAGES)
def test_a_second_reader_costs_no_queries(client, story, subpage, django_assert_num_queries):
    url = story.get_absolute_url() + subpage
    first = page(client, url)

    with django_assert_num_queries(0):
        again = page(client, url)
    assert again == first


def test_a_new_update_reaches_the_history_and_the_old_versions_banner(client, story, revise,
                                                                       publish):
    history_url = story.get_absolute_url() + "updates/"
    version_url = story.get_absolute_url() + "v2/"
    assert headings(page(client, history_url), 2)[0] == "Version 2: March Update"
    assert "the current version of this story" in page(client, version_url)

    publish(revise(story, update_label="April Update", public_note="A date."))

    assert headings(page(client, history_url), 2)[:2] == ["Version 3: April Update",
                                                          "Version 2: March Update"]
    banner = page(client, version_url)
    assert "You are reading version 2 of 3" in banner
    assert "the current version of this story" not in banner


@pytest.mark.parametrize("subpage", PAGES)
def test_a_story_taken_down_takes_its_kept_pages_with_it(client, story, editor, committed,
                                                         subpage):
    url = story.get_absolute_url() + subpage
    page(client, url)

    committed(article_unpublish, story, by=editor)

    assert client.get(url).status_code == 404


@pytest.mark.parametrize("subpage", PAGES)
def test_a_new_address_moves_the_kept_pages_at_once(client, story, revise, publish, editor,
                                                   subpage):
    old = story.get_absolute_url() + subpage
    page(client, old)

    publish(revise(story, slug="salt-line-filming", kind="minor", by=editor))

    moved = client.get(old)
    assert moved.status_code == 301
    assert moved["Location"] == f"/articles/salt-line-filming/{subpage}"
