"""The show index (/shows/): A to Z, by status, and what each entry says."""
from __future__ import annotations

import re
from datetime import date

import pytest

from articles.services.publishing import article_unpublish
from tests import imagefiles
from tests.articles.helpers import headings, text


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
    article_unpublish(gone, by=editor)

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
