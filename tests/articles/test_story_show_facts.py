"""What a story page says about its shows and topics: a facts box per show, the tags, and
related stories."""
from __future__ import annotations

import re

import pytest

from articles.services.publishing import article_unpublish
from articles.services.shows import show_update
from tests.articles.helpers import text


@pytest.mark.django_db
def test_story_page_has_a_facts_box_per_show_with_current_facts(client, tracked_show, make_show,
                                                                make_article, publish, editor):
    quiet = make_show(name="Quiet Harbour", platform="", status="announced")
    article = make_article(slug="two-shows", shows=[tracked_show, quiet], topics=["KDrama"])
    publish(article.latest_version)
    show_update(tracked_show, by=editor, platform="Netflix Korea")

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
    article_unpublish(live("Same show taken down", 1, shows=[show]), by=editor)

    html = client.get("/articles/the-story/").content.decode()
    related = html[html.index('<aside class="related'):]
    related = related[:related.index("</aside>")]

    assert re.findall(r'<li class="related-item">\s*<a href="[^"]+">([^<]+)</a>', related) == [
        "Same show and topic", "Same show, older", "Same topic, newest", "Same topic, old",
    ]
    assert "/articles/the-story/" not in related
    assert '<h2 id="related-heading">Related stories</h2>' in related
