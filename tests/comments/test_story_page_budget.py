"""The story page's query budget: the same small number of queries, at most 10, however many
comments, versions and shows a story has.

Counted with the page cache off and the story's own fragments cold (its parts and its
comment thread drawn from the database), the site-wide menu already cached by an earlier
page, as it is on a running site. With warm fragments the page asks the database nothing.
"""
from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from comments.models import Comment, CommentState

BUDGET = 10


@pytest.fixture(autouse=True)
def _whole_pages_not_cached(settings):
    settings.PAGE_CACHE_SECONDS = 0


def add_comments(article, count):
    """`count` approved comments: threads of three (a comment, a reply, a reply to that)."""
    start = timezone.now() - timedelta(days=2)
    made = 0
    while made < count:
        top = Comment.objects.create(
            article=article, version=article.live_version, author_name=f"Reader {made}",
            author_email=f"reader{made}@example.org", body=f"Thoughts number {made}",
            state=CommentState.APPROVED, created_at=start + timedelta(seconds=made))
        made += 1
        parent = top
        for depth in (1, 2):
            if made == count:
                break
            parent = Comment.objects.create(
                article=article, version=article.live_version, parent=parent, root=top,
                depth=depth, author_name=f"Reader {made}",
                author_email=f"reader{made}@example.org", body=f"Reply number {made}",
                state=CommentState.APPROVED, created_at=start + timedelta(seconds=made))
            made += 1


@pytest.fixture
def story_with(make_article, make_show, make_image, publish, revise):
    def make(*, comments, versions, shows):
        still = make_image(alt_text="The lighthouse keeper's cottage")
        article = make_article(
            shows=[make_show() for _ in range(shows)], topics=["Thriller"],
            lead_image=make_image(),
            body=f"<p>Filming notes.</p><p>[image {still.pk}]</p>")
        publish(article.latest_version, days_ago=5)
        for n in range(2, versions + 1):
            publish(revise(article, update_label=f"Update {n}", public_note=f"Change {n}."))
        # A related story, so that query is always part of the count.
        other = make_article(topics=["Thriller"], headline="Another thriller")
        publish(other.latest_version)
        article.refresh_from_db()
        add_comments(article, comments)
        return article

    return make


@pytest.mark.parametrize("shows", [0, 5])
@pytest.mark.parametrize("versions", [1, 10])
@pytest.mark.parametrize("comments", [0, 50, 200, 1000])
@pytest.mark.django_db
def test_story_page_costs_the_same_queries_whatever_its_size(
        client, story_with, comments, versions, shows, django_assert_num_queries):
    article = story_with(comments=comments, versions=versions, shows=shows)
    client.get("/shows/")  # any page: the menu is cached from here on

    # story with live version and lead picture; its sections; authors; shows; topics;
    # public versions; related stories; pictures in the body; comment settings with the
    # counts; one page of threads with their replies
    with django_assert_num_queries(BUDGET):
        html = client.get(article.get_absolute_url()).content.decode()

    assert html.count('class="show-facts"') == shows
    assert 'class="related-item"' in html
    assert "The lighthouse keeper&#x27;s cottage" in html
    if comments:
        assert f"{comments} thoughts on" in html
    if versions > 1:
        assert f"Update history ({versions} versions)" in html


@pytest.mark.django_db
def test_story_page_with_warm_fragments_asks_the_database_nothing(client, story_with,
                                                                  django_assert_num_queries):
    article = story_with(comments=200, versions=10, shows=5)
    first = client.get(article.get_absolute_url()).content.decode()

    # the story, its drawn parts, its thread and its comment settings all come from the
    # fragment cache
    with django_assert_num_queries(0):
        again = client.get(article.get_absolute_url()).content.decode()

    # 67 threads of three: the first page shows 50 of them
    assert again.count('<li class="comment') == first.count('<li class="comment') == 150
    assert "200 thoughts on" in again
