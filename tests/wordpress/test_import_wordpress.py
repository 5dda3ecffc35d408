"""manage.py import_wordpress: a real WordPress 6.1 export (tests/wordpress/fixtures, 27
posts, 1,255 comments) and exports written for the cases it lacks (tests/wordpress/exports)."""
from __future__ import annotations

import re
import tracemalloc
import xml.etree.ElementTree as ElementTree
from collections import Counter
from datetime import UTC, datetime, timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles import wxr
from articles.models import Article, ArticleState, Image, Section, Show, WordPressPost
from comments.models import Comment, CommentState
from tests import imagefiles
from tests.wordpress.exports import Author, Post, Term, write_big_wxr, write_wxr
from tests.wordpress.exports import Comment as WpComment

pytestmark = pytest.mark.django_db

FIXTURE = Path(__file__).parent / "fixtures" / "screen-tracker.xml"
WP = "{http://wordpress.org/export/1.2/}"


def run(path, *options):
    out = StringIO()
    call_command("import_wordpress", str(path), *options, stdout=out, stderr=StringIO())
    return out.getvalue()


def table(report):
    """The report's table: {row name: count}."""
    return {name.strip(): int(count.replace(",", "")) for name, count in re.findall(
        r"^\s+(\S.*?)\s{2,}([\d,]+)$", report, re.M)}


def counted_in_file():
    """What the export holds, read with the standard library, not our reader."""
    statuses, comments, terms = Counter(), Counter(), {"category": set(), "post_tag": set()}
    for item in ElementTree.parse(FIXTURE).getroot().iter("item"):
        statuses[item.findtext(f"{WP}status")] += 1
        for comment in item.iter(f"{WP}comment"):
            comments[comment.findtext(f"{WP}comment_approved")] += 1
        for term in item.iter("category"):
            terms[term.get("domain")].add(term.text.lower())
    return statuses, comments, terms


@pytest.fixture
def imported():
    return run(FIXTURE)


# --- the real export ---------------------------------------------------------------------------

def test_the_fixture_imports_fully_and_the_report_matches_the_file(imported):
    statuses, comments, terms = counted_in_file()

    assert Article.objects.count() == sum(statuses.values()) == 27
    states = Counter(Article.objects.values_list("state", flat=True))
    assert states == {ArticleState.PUBLISHED: statuses["publish"],
                      ArticleState.DRAFT: statuses["draft"],
                      ArticleState.SCHEDULED: statuses["future"]}
    stored = Counter(Comment.objects.values_list("state", flat=True))
    assert stored == {CommentState.APPROVED: comments["1"], CommentState.PENDING: comments["0"],
                      CommentState.TRASH: comments["trash"]}
    assert table(imported) == {
        "stories": 27, "published": statuses["publish"], "scheduled": statuses["future"],
        "draft": statuses["draft"], "sections": len(terms["category"]),
        "topics": len(terms["post_tag"]), "shows": 0, "users": 2,
        "comments: approved": comments["1"], "comments: pending": comments["0"],
        "comments: spam": 0, "comments: trash": comments["trash"], "redirects": 27,
        "images": 0, "skipped": 0}


def test_published_posts_keep_their_date_drafts_stay_drafts_and_future_is_scheduled(imported):
    copper = Article.objects.get(slug="copper-valley-renewed-for-a-third-season")
    assert copper.first_published_at == datetime(2026, 1, 5, 9, 58, 45, tzinfo=UTC)
    assert copper.live_version.number == 1
    scheduled = WordPressPost.objects.get(wp_id=55).article
    assert scheduled.state == ArticleState.SCHEDULED
    assert scheduled.latest_version.go_live_at == datetime(2027, 6, 15, 10, 0, tzinfo=UTC)
    assert WordPressPost.objects.get(wp_id=54).article.state == ArticleState.DRAFT


def test_imported_story_pages_show_their_threaded_comments(client, imported):
    reply = Comment.objects.filter(parent__isnull=False, state=CommentState.APPROVED).first()
    story = reply.article

    page = client.get(story.get_absolute_url()).content.decode()

    approved = story.comments.filter(state=CommentState.APPROVED).count()
    assert f"{approved} thoughts on" in page
    assert f'id="comment-{reply.parent_id}"' in page
    assert page.index(f'id="comment-{reply.parent_id}"') < page.index(f'id="comment-{reply.pk}"')


def test_every_old_address_answers_with_a_redirect_to_its_story(client, imported):
    for post in WordPressPost.objects.filter(article__state=ArticleState.PUBLISHED):
        response = client.get(post.old_path)
        assert response.status_code == 301, post.old_path
        assert response["Location"] == post.article.get_absolute_url()
        by_id = client.get("/", {"p": post.wp_id})
        assert (by_id.status_code, by_id["Location"]) == (301, post.article.get_absolute_url())


def test_a_draft_or_unknown_old_address_is_not_found(client, imported):
    draft = WordPressPost.objects.get(wp_id=54)
    assert client.get("/", {"p": 54}).status_code == 200  # the home page, nothing to reveal
    assert client.get(draft.old_path or "/2026/01/nothing/").status_code in (200, 404)
    assert client.get("/2031/01/never-written/").status_code == 404


def test_a_second_run_changes_nothing(imported):
    before = (Article.objects.count(), Comment.objects.count(), Section.objects.count(),
              Show.objects.count(), get_user_model().objects.count())

    again = run(FIXTURE)

    assert (Article.objects.count(), Comment.objects.count(), Section.objects.count(),
            Show.objects.count(), get_user_model().objects.count()) == before
    assert table(again)["already imported"] == 27
    assert table(again)["comments already imported"] == 1255
    assert table(again)["stories"] == table(again)["comments: approved"] == 0


def test_a_dry_run_reports_and_changes_nothing():
    report = run(FIXTURE, "--dry-run")

    assert "Would import from Screen Tracker" in report
    assert table(report)["stories"] == 27 and table(report)["comments: approved"] == 1252
    assert "Dry run: nothing was changed." in report
    assert not Article.objects.exists() and not Comment.objects.exists()
    assert not get_user_model().objects.exists()


def test_authors_become_inactive_writers_with_their_names_unless_the_login_exists(
        make_user, imported):
    zoe = get_user_model().objects.get(username="zpark")
    assert (zoe.get_full_name(), zoe.is_active, zoe.has_usable_password()) == (
        "Zoë Park", False, False)
    assert list(zoe.groups.values_list("name", flat=True)) == ["Writers"]
    # A registered user's comment belongs to them.
    assert Comment.objects.filter(user=zoe, author_name="Zoë Park").exists()


def test_an_existing_login_is_used_and_left_as_it_is(make_user):
    editor = make_user("Editors", username="editor", first_name="Real", last_name="Editor")

    run(FIXTURE)

    editor.refresh_from_db()
    assert (editor.get_full_name(), editor.is_active) == ("Real Editor", True)
    assert Article.objects.filter(authors=editor).exists()


def test_comment_history_dates_authors_and_addresses_come_over(imported):
    comment = Comment.objects.exclude(ip_address=None).select_related("article").first()
    assert comment.created_at.tzinfo is not None
    assert comment.events.get().reason.startswith("imported from WordPress")
    trashed = Comment.objects.get(state=CommentState.TRASH)
    assert not trashed.events.get().to_state == CommentState.APPROVED


# --- exports written for the cases the real one lacks ------------------------------------------

def comment(number, **fields):
    fields.setdefault("author", f"Reader {number}")
    fields.setdefault("email", f"reader{number}@example.org")
    fields.setdefault("body", f"Comment number {number}.")
    return WpComment(number, **fields)


@pytest.mark.parametrize("version", ["1.0", "1.1", "1.2"])
def test_each_wxr_version_is_read_by_namespace_not_prefix(tmp_path, version):
    post = Post(7, "Harbour Lights returns", "harbour-lights-returns",
                content="<p>Filming wrapped ]]> at last.</p>",
                categories=[("category", "news", "News")], comments=[comment(1)])
    path = write_wxr(tmp_path / "old.xml", [post], version=version,
                     prefixes={"wp": "wordpress", "content": "body"})

    run(path)

    story = Article.objects.get(slug="harbour-lights-returns")
    assert "Filming wrapped ]]&gt; at last." in story.live_version.body  # CDATA split kept
    assert story.comments.get().body == "Comment number 1."


def test_a_later_larger_export_adds_only_what_is_new(tmp_path):
    first = Post(7, "Harbour Lights returns", "harbour-lights-returns",
                 comments=[comment(1), comment(2, parent=1)])
    run(write_wxr(tmp_path / "march.xml", [first]))
    first.comments.append(comment(3, parent=2))
    later = Post(8, "Harbour Lights: the cast", "harbour-lights-cast", comments=[comment(4)])

    report = run(write_wxr(tmp_path / "april.xml", [first, later]))

    assert Article.objects.count() == 2 and Comment.objects.count() == 4
    reply = Comment.objects.get(body="Comment number 3.")
    assert reply.parent.body == "Comment number 2."
    assert table(report)["comments already imported"] == 2
    assert (table(report)["stories"], table(report)["comments: approved"]) == (1, 2)


def test_a_bad_item_is_reported_by_id_and_the_rest_goes_in(tmp_path):
    posts = [
        Post(7, "Fine post", "fine-post", content="<p>Broken <strong>markup <em>here</p></div>",
             comments=[comment(1), comment(2, parent=999), comment(3, parent=2),
                       comment(4, approved="post-trashed")]),
        Post(8, "Stray revision", "stray", status="inherit"),
        Post(9, "A page", "about", post_type="page"),
    ]

    report = run(write_wxr(tmp_path / "mixed.xml", posts))

    story = Article.objects.get(slug="fine-post")
    assert "<strong>markup <em>here</em></strong>" in story.live_version.body  # mended
    assert "comment 2: its parent comment 999 is not in the export" in report
    assert "comment 3: its parent comment 2 is not in the export" in report
    assert "post 8: status “inherit”" in report
    assert "page 9: a page (--pages imports pages too)" in report
    assert table(report)["skipped"] == 4
    states = dict(story.comments.values_list("body", "state"))
    assert states == {"Comment number 1.": CommentState.APPROVED,
                      "Comment number 4.": CommentState.TRASH}


def test_pages_come_over_with_the_pages_option(tmp_path):
    path = write_wxr(tmp_path / "pages.xml", [Post(9, "About us", "about", post_type="page")])

    run(path, "--pages")

    assert Article.objects.get(slug="about").state == ArticleState.PUBLISHED


@pytest.mark.parametrize("content", [
    "<html><body><p>not an export</p></body></html>",
    '<?xml version="1.0"?><rss version="2.0"><channel><title>A feed</title>'
    "<item><title>x</title></item></channel></rss>",
    "this is not XML at all",
    "",
])
def test_a_file_that_is_not_an_export_stops_before_touching_anything(tmp_path, content):
    path = tmp_path / "upload.xml"
    path.write_text(content, encoding="utf-8")

    with pytest.raises(CommandError, match="Nothing was imported: .*upload.xml"):
        run(path)
    assert not Article.objects.exists() and not get_user_model().objects.exists()


def test_categories_tags_and_shows_with_their_names_and_slugs(tmp_path):
    terms = [Term("category", "tv", "TV"), Term("category", "streaming", "Streaming", "tv"),
             Term("category", "shows", "Shows"),
             Term("category", "copper-valley", "Copper Valley", "shows")]
    post = Post(7, "Seoul nights and Copper Valley", "%ec%84%9c%ec%9a%b8-nights",
                categories=[("category", "streaming", "Streaming"),
                            ("category", "copper-valley", "Copper Valley"),
                            ("post_tag", "%ec%84%9c%ec%9a%b8", "서울의 밤"),
                            ("post_tag", "signal-noise", "Signal &amp; Noise"),
                            ("post_tag", "caf%c3%a9", "café")])

    run(write_wxr(tmp_path / "terms.xml", [post], terms=terms),
        "--shows-from-category", "Shows", "--shows-from-tags", "signal-noise")

    story = Article.objects.get()
    assert list(story.sections.values_list("name", flat=True)) == ["TV: Streaming"]
    assert sorted(story.shows.values_list("name", flat=True)) == ["Copper Valley",
                                                                 "Signal & Noise"]
    assert sorted(story.topics.names()) == ["café", "서울의 밤"]
    # A slug our addresses cannot hold is made from the title; the old one still leads here.
    assert story.slug == "seoul-nights-and-copper-valley"


def test_an_old_non_ascii_address_redirects(client, tmp_path):
    post = Post(7, "서울의 밤 season 2", "%ec%84%9c%ec%9a%b8-2",
                link="http://old.example/%ec%84%9c%ec%9a%b8-2/")
    run(write_wxr(tmp_path / "seoul.xml", [post]))

    response = client.get("/%ec%84%9c%ec%9a%b8-2/")

    assert response.status_code == 301
    assert response["Location"] == Article.objects.get().get_absolute_url()


def test_the_body_loses_block_markers_and_scripts_and_links_point_at_the_new_stories(tmp_path):
    target = Post(8, "Redwater is back", "redwater-is-back",
                  link="http://old.example/2024/01/redwater-is-back/")
    post = Post(7, "Round-up", "round-up", content=(
        "<!-- wp:paragraph --><p>See <a href=\"http://old.example/2024/01/redwater-is-back/\">"
        "Redwater</a> and <a href=\"http://old.example/?p=8\">again</a>.</p>"
        "<!-- /wp:paragraph --><script>alert(1)</script>"))

    run(write_wxr(tmp_path / "links.xml", [post, target]))

    body = Article.objects.get(slug="round-up").live_version.body
    assert "wp:paragraph" not in body and "<script" not in body
    assert body.count('href="/articles/redwater-is-back/"') == 2


def test_classic_editor_text_becomes_paragraphs(tmp_path):
    post = Post(7, "Plain", "plain", content="First line\nsame paragraph.\n\nSecond paragraph.")

    run(write_wxr(tmp_path / "plain.xml", [post]))

    assert Article.objects.get().live_version.body == (
        "<p>First line<br>same paragraph.</p><p>Second paragraph.</p>")


# --- pictures -----------------------------------------------------------------------------------

def uploads(tmp_path):
    folder = tmp_path / "uploads" / "2024" / "01"
    folder.mkdir(parents=True)
    (folder / "harbour.jpg").write_bytes(imagefiles.jpeg(1200, 800).read())
    (folder / "set.jpg").write_bytes(imagefiles.jpeg(1000, 700).read())
    (folder / "notes.jpg").write_bytes(b"not a picture at all")
    return tmp_path / "uploads"


def picture_posts():
    site = "http://old.example/wp-content/uploads/2024/01/"
    return [
        Post(5, "harbour", "harbour", post_type="attachment", attachment_url=site + "harbour.jpg"),
        Post(7, "On set", "on-set", meta={"_thumbnail_id": "5"}, content=(
            f'<figure class="wp-block-image"><img src="{site}set.jpg" alt="The set at dusk">'
            "<figcaption>Built in six weeks</figcaption></figure>"
            f'<p>Text.</p><p><img src="{site}notes.jpg" alt="Notes"></p>'
            f'<p><img src="{site}missing.jpg" alt="Gone"></p>')),
    ]


def test_pictures_come_from_the_uploads_copy_through_the_usual_checks(
        tmp_path, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):  # renditions follow the commit
        report = run(write_wxr(tmp_path / "pictures.xml", picture_posts()),
                     "--media-dir", str(uploads(tmp_path)))

    story = Article.objects.get(slug="on-set")
    lead = story.live_version.lead_image
    assert (lead.width, lead.height) == (1200, 800) and lead.renditions
    body_picture = Image.objects.get(alt_text="The set at dusk")
    assert f"[image {body_picture.pk}: Built in six weeks]" in story.live_version.body
    assert "2024/01/notes.jpg (refused:" in report
    assert "2024/01/missing.jpg" in report
    # A second run finds the pictures it brought before.
    run(write_wxr(tmp_path / "pictures.xml", picture_posts()), "--media-dir",
        str(tmp_path / "uploads"))
    assert Image.objects.count() == 2


def test_without_the_uploads_the_story_comes_over_without_pictures(tmp_path):
    report = run(write_wxr(tmp_path / "pictures.xml", picture_posts()))

    story = Article.objects.get(slug="on-set")
    assert story.live_version.lead_image is None
    assert "<img" not in story.live_version.body and "Text." in story.live_version.body
    assert "2024/01/harbour.jpg" in report and "2024/01/set.jpg" in report
    assert not Image.objects.exists()


def test_a_future_post_whose_time_has_passed_goes_live(tmp_path):
    past = timezone.now() - timedelta(days=1)
    run(write_wxr(tmp_path / "late.xml", [Post(7, "Late", "late", status="future",
                                                date_gmt=past)]))

    assert Article.objects.get().state == ArticleState.PUBLISHED


def test_authors_without_an_author_block_still_become_users(tmp_path):
    run(write_wxr(tmp_path / "a.xml", [Post(7, "By Kim", "by-kim", creator="kim")],
                  authors=[Author(3, "zoe", "zoe@example.org", "Zoë", "Zoë", "Park")]))

    assert set(get_user_model().objects.values_list("username", flat=True)) == {"kim", "zoe"}


# --- cost as the export grows -------------------------------------------------------------------

def peak_memory_reading(path):
    tracemalloc.start()
    try:
        site, entries = wxr.read(path)
        posts = sum(1 for entry in entries if isinstance(entry, wxr.Item))
        return posts, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_reading_an_export_takes_the_same_memory_however_long_it_is(tmp_path):
    small = write_big_wxr(tmp_path / "small.xml", posts=20, comments_per_post=40)
    large = write_big_wxr(tmp_path / "large.xml", posts=160, comments_per_post=40)

    small_posts, small_peak = peak_memory_reading(small)
    large_posts, large_peak = peak_memory_reading(large)

    assert large.stat().st_size > 7 * small.stat().st_size
    assert (small_posts, large_posts) == (20, 160)
    # One post with its comments at a time: eight times the file, not eight times the memory.
    assert large_peak < small_peak * 1.5, (small_peak, large_peak)


def test_a_post_costs_the_same_queries_whatever_its_number_of_comments(tmp_path):
    def export(name, comments):
        return write_wxr(tmp_path / f"{name}.xml", [Post(7, name, name, comments=[
            comment(n, parent=n - 1 if n % 3 == 0 else 0) for n in range(1, comments + 1)])],
            site=f"http://{name}.example")

    few, many = export("few", 6), export("many", 300)
    with CaptureQueriesContext(connection) as with_few:
        run(few)
    with CaptureQueriesContext(connection) as with_many:
        run(many)

    assert Comment.objects.filter(article__slug="many").count() == 300
    # Comments go in a level of replies at a time, whatever their number.
    assert len(with_many) <= len(with_few) + 4, (len(with_few), len(with_many))


class Terminal(StringIO):
    """Standard error as a person's terminal: the progress bar shows only there."""

    def isatty(self):
        return True


def test_a_progress_bar_counts_posts_and_comments_with_the_rate(monkeypatch):
    terminal = Terminal()
    monkeypatch.setattr("sys.stderr", terminal)

    call_command("import_wordpress", str(FIXTURE), stdout=StringIO())

    shown = terminal.getvalue()
    assert "Importing: 100%" in shown and "27/27" in shown
    assert re.search(r"posts/s", shown)
    assert "comments=1255, stories=27" in shown  # every comment, whatever its status


def test_the_progress_bar_stays_out_of_logs_and_pipes(capsys):
    call_command("import_wordpress", str(FIXTURE), stdout=StringIO())

    assert "Importing" not in capsys.readouterr().err


def test_each_post_goes_in_whole_or_not_at_all(tmp_path, monkeypatch):
    """A failure half-way through a post (its comments, here) takes back its story too,
    and the posts around it go in."""
    from comments import wordpress as comment_import

    real = comment_import.import_comments

    def failing_on_the_second(article, comments, **options):
        if article.slug == "second":
            raise ValueError("the disk is full")
        return real(article, comments, **options)

    monkeypatch.setattr(
        "comments.management.commands.import_wordpress.import_comments", failing_on_the_second)
    posts = [Post(n, name, name, excerpt=f"All about the {name} post. " + "More. " * 200,
                  comments=[comment(n * 10)]) for n, name in ((1, "first"), (2, "second"),
                                                              (3, "third"))]

    report = run(write_wxr(tmp_path / "three.xml", posts))

    assert sorted(Article.objects.values_list("slug", flat=True)) == ["first", "third"]
    assert not WordPressPost.objects.filter(wp_id=2).exists()
    assert Comment.objects.count() == 2
    assert "post 2: ValueError: the disk is full" in report
    # The excerpt is the standfirst.
    standfirst = Article.objects.get(slug="first").live_version.standfirst
    assert standfirst.startswith("All about the first post. More.") and len(standfirst) <= 300


def test_only_web_addresses_come_over_as_commenters_websites(tmp_path, client):
    post = Post(7, "Links", "links", comments=[
        comment(1, url="javascript:alert(document.cookie)"), comment(2, url="https://ana.example/"),
        comment(3, url="data:text/html,<script>alert(1)</script>")])

    run(write_wxr(tmp_path / "links.xml", [post]))

    assert dict(Comment.objects.values_list("body", "author_url")) == {
        "Comment number 1.": "", "Comment number 2.": "https://ana.example/",
        "Comment number 3.": ""}
    page = client.get(Article.objects.get().get_absolute_url()).content.decode()
    assert "javascript:" not in page and "data:text/html" not in page
