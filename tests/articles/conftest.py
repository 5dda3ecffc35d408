"""Fixtures shared by the picture tests and the reader pages of shows, topics and the
archive."""
from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from articles.services.publishing import article_publish
from tests import imagefiles
from tests.articles.helpers import at


@pytest.fixture(scope="session")
def big_jpeg(tmp_path_factory):
    """A 24-megapixel JPEG on disk, drawn once: memory tests read it in a fresh process."""
    path = tmp_path_factory.mktemp("big") / "24-megapixels.jpg"
    path.write_bytes(imagefiles.jpeg(6000, 4000).read())
    return path


@pytest.fixture
def publish_at(editor):
    def make(article, when: datetime):
        return article_publish(article.latest_version, by=editor, now=when)

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


@pytest.fixture
def poster(editor, make_image):
    return make_image(imagefiles.png(800, 1200, name="salt-line.png"), by=editor,
                      title="Salt Line poster", alt_text="A lighthouse above a stormy harbour")


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
