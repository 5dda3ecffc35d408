"""The story page's queries do not grow with its comments."""
from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.http import HttpResponse
from django.utils import timezone

from comments.models import Comment, CommentState
from comments.readers import HELD_COOKIE, HELD_SALT

# The story page without comments: article with live version and lead image; sections;
# authors; shows; topics; public versions; nav sections (no shows or topics, so no related
# stories). The comments add two: the story's comment settings (open or closed) with the
# count of comments and threads, and one page of threads with all their replies.
STORY_QUERIES = 7
COMMENT_QUERIES = 2


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()


@pytest.fixture
def story(live_article, revise, publish):
    """Version 1 published ten days ago, then the March Update (version 2) is live."""
    publish(revise(live_article, update_label="March Update", public_note="Dates added."),
            days_ago=2)
    live_article.refresh_from_db()
    return live_article


def add_comments(article, threads):
    """`threads` approved top-level comments, each with a reply, every third reply with a
    reply of its own; half of them posted on version 1; plus held and spam comments."""
    first = article.versions.get(number=1)
    live = article.live_version
    start = timezone.now() - timedelta(days=5)

    def comment(n, **fields):
        return Comment(article=article, author_name=f"Reader {n}",
                       author_email=f"reader{n}@example.org", body=f"Comment number {n}",
                       created_at=start + timedelta(seconds=n), **fields)

    tops = Comment.objects.bulk_create([
        comment(n, version=first if n % 2 else live, state=CommentState.APPROVED)
        for n in range(threads)])
    replies = Comment.objects.bulk_create([
        comment(threads + n, version=live, parent=top, root=top, depth=1,
                state=CommentState.APPROVED)
        for n, top in enumerate(tops)])
    Comment.objects.bulk_create([
        comment(2 * threads + n, version=live, parent=reply, root=reply.root, depth=2,
                state=CommentState.APPROVED)
        for n, reply in enumerate(replies) if n % 3 == 0])
    Comment.objects.bulk_create([
        comment(3 * threads + n, version=live, state=state)
        for n, state in enumerate([CommentState.PENDING, CommentState.SPAM,
                                   CommentState.TRASH])])
    return threads + threads + len(range(0, threads, 3))


def signed_cookie(name, value, salt):
    response = HttpResponse()
    response.set_signed_cookie(name, value, salt=salt)
    return response.cookies[name].value


@pytest.mark.parametrize("threads", [0, 50, 500])
@pytest.mark.django_db
def test_story_page_queries_do_not_grow_with_comments(client, story, threads, settings,
                                                      django_assert_num_queries):
    settings.COMMENTS_THREADS_PER_PAGE = 50
    total = add_comments(story, threads)

    with django_assert_num_queries(STORY_QUERIES + COMMENT_QUERIES):
        html = client.get(story.get_absolute_url()).content.decode()

    shown = min(threads, 50)
    assert html.count('<li class="comment') == shown * 2 + len(range(0, shown, 3))
    assert html.count("posted before the") == shown // 2
    if threads:
        assert f"{total} thoughts on" in html


@pytest.mark.parametrize("page", [1, 4, 10])
@pytest.mark.django_db
def test_later_comment_pages_cost_the_same(client, story, page, django_assert_num_queries):
    add_comments(story, 500)

    with django_assert_num_queries(STORY_QUERIES + COMMENT_QUERIES):
        html = client.get(f"{story.get_absolute_url()}?comments={page}").content.decode()

    assert f"Comment page {page} of 10" in html
    assert f">Comment number {(page - 1) * 50}</p>" in html


@pytest.mark.django_db
def test_reader_with_held_comments_costs_no_extra_query(client, story, settings,
                                                        django_assert_num_queries):
    add_comments(story, 50)
    held = list(Comment.objects.filter(state__in=[CommentState.PENDING, CommentState.SPAM]))
    client.cookies[HELD_COOKIE] = signed_cookie(
        HELD_COOKIE, ".".join(str(c.pk) for c in held), HELD_SALT)

    with django_assert_num_queries(STORY_QUERIES + COMMENT_QUERIES):
        html = client.get(story.get_absolute_url()).content.decode()

    assert html.count("Your comment is awaiting moderation.") == 2


@pytest.mark.django_db
def test_staff_page_adds_only_the_login(client, story, editor, django_assert_num_queries):
    add_comments(story, 50)
    client.force_login(editor)

    # ... plus the session and the user.
    with django_assert_num_queries(STORY_QUERIES + COMMENT_QUERIES + 2):
        html = client.get(story.get_absolute_url()).content.decode()

    assert "Logged in as <strong>Eddie Stone</strong>" in html
