"""Topic pages: the live stories tagged with a topic."""
from __future__ import annotations

import pytest

from articles.services.publishing import article_unpublish
from tests.articles.helpers import headings


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
    article_unpublish(gone, by=editor)

    html = client.get("/topics/kdrama/").content.decode()

    assert "<h1>KDrama</h1>" in html
    assert headings(html, 2) == ["Newer KDrama news", "Older KDrama news"]
    assert "<title>KDrama | Newsdesk</title>" in html


@pytest.mark.django_db
def test_topic_unknown_or_without_live_stories_is_not_found(client, make_article):
    make_article(topics=["Cancelled Shows"])  # a draft: the tag exists, nobody can read it
    assert client.get("/topics/cancelled-shows/").status_code == 404
    assert client.get("/topics/no-such-topic/").status_code == 404


@pytest.mark.parametrize("stories", [3, 4])
@pytest.mark.django_db
def test_topic_page_query_count(client, show, show_stories, stories, settings,
                                django_assert_num_queries):
    settings.PAGE_CACHE_SECONDS = 0  # the second request must be rendered, not a copy
    show_stories(show, stories)
    # tag; count (none live is a 404); which stories; their teasers' versions and
    # pictures; their sections; nav
    with django_assert_num_queries(6):
        assert client.get("/topics/kdrama/").status_code == 200
    # Then only the tag: the count, which stories and their teasers are kept.
    with django_assert_num_queries(1):
        assert client.get("/topics/kdrama/").status_code == 200
