"""`python -m bench.seed_scale`: a large desk written in bulk that the real pages show as their
own."""
from __future__ import annotations

import io
import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import Count, Max, Q
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.text import slugify

from articles import search
from articles.models import (
    Article,
    ArticleVersion,
    SearchEntry,
    Show,
    ShowStatus,
    TaggedShow,
)
from articles.sanitize import clean_story_html
from bench.seed_scale.command import Command
from bench.seed_scale.words import SECTIONS
from comments.models import Comment, CommentState
from comments.services.options import comments_open
from comments.services.submitting import Submission, comment_submit

SMALL = ("--stories", "60", "--comments", "1500", "--shows", "8")


def seed(*args):
    out = io.StringIO()
    call_command(Command(), *args, stdout=out)
    return out.getvalue()


def found(client, query):
    """Slugs of the stories on the first search results page for `query`."""
    html = client.get("/search/", {"q": query}).content.decode()
    return re.findall(r'<h2><a href="/articles/([^/]+)/">', html)


@pytest.mark.django_db
def test_small_desk_has_exactly_the_numbers_asked_for():
    output = seed(*SMALL)

    assert Article.objects.count() == 60
    assert Article.objects.published().count() == 60
    assert Comment.objects.count() == 1500
    assert Show.objects.count() == 8
    assert len({name.lower() for name in Show.objects.values_list("name", flat=True)}) == 8
    assert SearchEntry.objects.count() == 60
    updated = Article.objects.filter(latest_version_number=2).count()
    assert 5 <= updated <= 20  # about one in five
    assert ArticleVersion.objects.count() == 60 + updated
    assert "60 stories" in output and "1,500 comments" in output and "8 shows" in output


@pytest.mark.django_db
def test_more_shows_than_the_name_vocabulary_still_have_distinct_names():
    seed("--stories", "0", "--comments", "0", "--shows", "5000")

    names = Show.objects.values_list("name", flat=True)
    assert len({name.lower() for name in names}) == 5000
    assert set(Show.objects.values_list("status", flat=True)) == set(ShowStatus.values)


@pytest.mark.django_db
def test_stories_look_like_published_ones():
    seed(*SMALL)

    for article in Article.objects.select_related("live_version", "latest_version"):
        live = article.live_version
        assert live == article.latest_version
        assert live.number == article.latest_version_number
        assert live.public_number == live.number
        assert live.published_at == article.last_updated_at
        assert live.metadata["slug"] == article.slug
        assert live.metadata["shows"] == sorted(s.name for s in article.shows.all())
        assert 1 <= article.sections.count() <= 2
        assert 1 <= article.authors.count() <= 2
        assert article.shows.count() <= 3
        assert 1 <= article.topics.count() <= 3
        assert article.events.count() == live.number  # one publishing log line per version
    first_published = Article.objects.values_list("first_published_at", flat=True)
    assert max(first_published) - min(first_published) > timedelta(days=4 * 365)
    assert len(set(Article.objects.values_list("slug", flat=True))) == 60


@pytest.mark.django_db
def test_story_bodies_are_already_as_the_sanitizer_leaves_them():
    seed(*SMALL)

    for version in ArticleVersion.objects.all():
        assert clean_story_html(version.body) == version.body
        assert 6 <= version.body.count("<p>") <= 12


@pytest.mark.django_db
def test_search_entries_match_what_indexing_the_story_writes():
    seed(*SMALL)
    fields = ["headline", "standfirst", "body", "shows", "vector"]
    seeded = {entry["article_id"]: entry
              for entry in SearchEntry.objects.values("article_id", *fields)}

    for article in Article.objects.select_related("live_version"):
        search.index_article(article)

    indexed = {entry["article_id"]: entry
               for entry in SearchEntry.objects.values("article_id", *fields)}
    assert indexed == seeded


@pytest.mark.django_db
def test_site_search_finds_a_seeded_story(client):
    seed(*SMALL)
    live = ArticleVersion.objects.filter(pk__in=Article.objects.values("live_version"))
    stories_per_headline = dict(live.values_list("headline").annotate(n=Count("pk")))
    article = next(a for a in Article.objects.select_related("live_version").order_by("pk")
                   if stories_per_headline[a.live_version.headline] == 1)

    assert article.slug in found(client, article.live_version.headline)


@pytest.mark.django_db
def test_comments_are_threaded_as_replies_are_posted():
    seed(*SMALL)
    comments = {c.pk: c for c in Comment.objects.select_related("article", "version")}

    replies = [c for c in comments.values() if c.parent_id]
    for comment in comments.values():
        assert comment.version.article_id == comment.article_id
        assert comment.created_at > comment.article.first_published_at
        assert comment.created_at < timezone.now()
        # Posted on the version live at the time: before an update, the first one.
        article = comment.article
        if article.latest_version_number == 2 and comment.created_at < article.last_updated_at:
            assert comment.version.number == 1
        else:
            assert comment.version_id == article.live_version_id
        if not comment.parent_id:
            assert (comment.root_id, comment.depth) == (None, 0)
    for reply in replies:
        parent = comments[reply.parent_id]
        assert parent.article_id == reply.article_id
        assert parent.state == CommentState.APPROVED
        assert parent.created_at < reply.created_at
        assert reply.root_id == (parent.root_id or parent.pk)
        assert reply.depth == parent.depth + 1 <= settings.COMMENTS_MAX_DEPTH - 1
    assert 0.25 <= len(replies) / len(comments) <= 0.4
    assert {c.depth for c in replies} == set(range(1, settings.COMMENTS_MAX_DEPTH))


@pytest.mark.django_db
def test_most_comments_are_approved_and_some_are_held_spam_or_trash():
    seed("--stories", "60", "--comments", "5000", "--shows", "8")

    states = dict(Comment.objects.values_list("state").annotate(n=Count("pk")))

    assert states[CommentState.APPROVED] / 5000 > 0.85
    assert states[CommentState.PENDING] > 0
    assert states[CommentState.SPAM] > 0
    assert states[CommentState.TRASH] > 0


@pytest.mark.django_db
def test_comments_have_a_long_tail_over_stories():
    seed("--stories", "200", "--comments", "4000", "--shows", "8")

    per_story = sorted(
        Article.objects.exclude(slug__startswith="scale-")
        .annotate(n=Count("comments")).values_list("n", flat=True))

    assert per_story[len(per_story) // 2] <= 10  # most stories have a few
    assert per_story[-1] >= 100  # some have many
    assert per_story[0] == 0


@pytest.mark.parametrize(("slug", "count"), [("scale-200-comments", 200),
                                             ("scale-1000-comments", 1000)])
@pytest.mark.django_db
def test_benchmark_stories_have_exactly_their_approved_comments(client, slug, count):
    seed(*SMALL)
    article = Article.objects.get(slug=slug)

    assert article.comments.count() == count
    assert article.comments.approved().count() == count
    assert article.comments.filter(depth__gte=1).count() > count // 5
    shows = list(article.shows.all())
    assert shows

    html = client.get(article.get_absolute_url()).content.decode()
    assert f"{count} thoughts on “{article.headline}”" in html
    assert f'<a href="{shows[0].get_absolute_url()}">{shows[0].name}</a>' in html
    assert html.count('<ol class="comment-replies">') > 0


@pytest.mark.django_db
def test_benchmark_stories_stay_open_for_comments_while_others_close():
    seed(*SMALL)
    months_later = timezone.now() + timedelta(days=90)

    assert comments_open(Article.objects.get(slug="scale-200-comments"), months_later)
    assert not comments_open(Article.objects.exclude(slug__startswith="scale-").first(),
                             months_later)


@pytest.mark.django_db
def test_a_reader_can_comment_after_seeding():
    seed(*SMALL)
    article = Article.objects.get(slug="scale-200-comments")
    seeded_top = Comment.objects.aggregate(top=Max("pk"))["top"]

    comment = comment_submit(article, submission=Submission(
        name="Late Reader", email="late.reader@example.org", body="Still reading these.",
        ip="192.0.2.7", started_at=timezone.now() - timedelta(minutes=2)))

    assert comment.pk > seeded_top
    assert Comment.objects.count() == 1501


@pytest.mark.django_db
def test_seeded_story_page_shows_its_thread_shows_and_update(client):
    seed(*SMALL)
    # An updated story with shows and a thread that fits on one page.
    article = (Article.objects.filter(latest_version_number=2, show_links__isnull=False)
               .exclude(slug__startswith="scale-")
               .annotate(n=Count("comments", filter=Q(comments__state=CommentState.APPROVED),
                             distinct=True))
               .filter(n__gte=3, n__lte=settings.COMMENTS_THREADS_PER_PAGE).order_by("-n")
               .first())
    approved = article.comments.approved()
    assert approved.filter(parent__isnull=False).exists()

    response = client.get(article.get_absolute_url())

    html = response.content.decode()
    assert response.status_code == 200
    assert f"<h1>{article.live_version.headline}</h1>" in html
    assert "Updated <time" in html
    assert f"Latest update: {article.live_version.update_label}</strong>" in html
    for show in article.shows.all():
        assert f'<a href="{show.get_absolute_url()}">{show.name}</a>' in html
    assert html.count('<li class="comment') == approved.count()
    assert f"{approved.count()} thought" in html
    for reply in approved.filter(parent__isnull=False):
        # Each reply is drawn inside its parent's list item.
        parent_at = html.index(f'id="comment-{reply.parent_id}"')
        assert html.index(f'id="comment-{reply.pk}"') > parent_at


@pytest.mark.django_db
def test_seeded_story_page_costs_what_a_published_story_page_costs(
        client, make_article, publish, revise, make_show, django_assert_num_queries):
    seed(*SMALL)
    seeded = (Article.objects.filter(latest_version_number=2, show_links__isnull=False,
                                     topic_links__isnull=False)
              .exclude(slug__startswith="scale-")
              .annotate(n=Count("comments")).filter(n__gte=3).first())
    # The same kind of story made by the services: a show, a topic, an update, and
    # comments with a reply.
    normal = make_article(slug="made-by-hand", shows=[make_show(name="Hand Made")],
                          topics=["Handmade"])
    publish(normal.latest_version, days_ago=3)
    publish(revise(normal, update_label="May Update", public_note="Dates added."), days_ago=1)
    normal.refresh_from_db()
    first = Comment.objects.create(article=normal, version=normal.live_version,
                                   author_name="A", author_email="a@example.org",
                                   body="First.", state=CommentState.APPROVED)
    Comment.objects.create(article=normal, version=normal.live_version, parent=first,
                           root=first, depth=1, author_name="B", author_email="b@example.org",
                           body="Reply.", state=CommentState.APPROVED)
    cache.clear()
    with CaptureQueriesContext(connection) as normal_page:
        assert client.get(normal.get_absolute_url()).status_code == 200
    cache.clear()

    # Whatever a story page costs (story, tags, versions, menu, related stories, comment
    # settings, counts and the page of threads), a seeded one costs the same.
    with django_assert_num_queries(len(normal_page)):
        assert client.get(seeded.get_absolute_url()).status_code == 200


@pytest.mark.django_db
def test_show_hub_lists_its_seeded_stories(client):
    seed(*SMALL)
    show = Show.objects.annotate(n=Count("tagged_items")).filter(n__gte=2).first()
    newest = Article.objects.about_show(show).newest_first().first()

    html = client.get(show.get_absolute_url()).content.decode()

    assert f'href="{newest.get_absolute_url()}"' in html
    assert newest.headline in html
    assert f"<dd>{show.get_status_display()}</dd>" in html
    assert f"<dd>{show.platform}</dd>" in html


@pytest.mark.django_db
def test_pages_cached_before_seeding_are_not_served_after(client, make_section,
                                                         django_capture_on_commit_callbacks):
    # The desk's sections are there already, so no new one purges the menu on every page.
    for name, _ in SECTIONS:
        make_section(name=name, slug=slugify(name))
    assert "No stories here yet." in client.get("/").content.decode()
    assert client.get("/")["X-Page-Cache"] == "hit"

    with django_capture_on_commit_callbacks(execute=True):
        seed(*SMALL)

    newest = Article.objects.newest_first().first()
    assert newest.headline in client.get("/").content.decode()


@pytest.mark.django_db
def test_few_comments_skip_the_benchmark_stories_and_say_so():
    output = seed("--stories", "10", "--comments", "100", "--shows", "3")

    assert "Benchmark stories skipped: scale-200-comments, scale-1000-comments need 1,200 " \
           "comments and two stories; this run makes 100 comments and 10 stories." in output
    assert not Article.objects.filter(slug__startswith="scale-").exists()
    assert Comment.objects.count() == 100
    assert Article.objects.count() == 10


@pytest.mark.django_db
def test_output_reports_each_phase_with_its_seconds():
    output = seed(*SMALL)

    for phase in ("people, sections, topics", "shows", "stories", "comments", "finishing",
                  "commit"):
        assert re.search(rf"^  {re.escape(phase)} +\d+\.\d s ", output, re.MULTILINE)
    assert "Benchmark story: /articles/scale-1000-comments/ with 1,000 approved comments." \
        in output


@pytest.mark.parametrize(("args", "message"), [
    (("--stories", "-1"), "--stories must be zero or more, not -1."),
    (("--comments", "-5"), "--comments must be zero or more, not -5."),
    (("--shows", "-2"), "--shows must be zero or more, not -2."),
    (("--stories", "0", "--comments", "10"),
     "There are no stories to put 10 comments under: give --stories 1 or more, or "
     "--comments 0."),
    (("--stories", "2", "--comments", "1500"),
     "The two benchmark stories take exactly 1,200 comments, so the other 300 need stories "
     "of their own: give --stories 3 or more, or --comments 1200."),
])
@pytest.mark.django_db
def test_impossible_numbers_are_refused_with_a_clear_message(args, message):
    with pytest.raises(CommandError) as refused:
        seed(*args)

    assert str(refused.value) == message
    assert not Article.objects.exists()


@pytest.mark.django_db
def test_second_run_is_refused_before_writing_anything():
    seed(*SMALL)

    with pytest.raises(CommandError) as refused:
        seed(*SMALL)

    assert str(refused.value).startswith(
        "This database already holds 60 stories, 8 shows, 1,500 comments. seed_scale only "
        "fills an empty one")
    assert Article.objects.count() == 60
    assert Comment.objects.count() == 1500
    assert TaggedShow.objects.filter(content_object__slug="scale-200-comments").count() == 2
