"""The newsroom's work end to end in Chromium, each step checked by what the person sees:
a story written, previewed, published and updated; a comment held, approved and answered;
spam that never shows; a comment kept through an Akismet outage; a scheduled story."""
from __future__ import annotations

import re
import time
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import TestCase
from django.utils import timezone
from playwright.sync_api import expect

from articles.models import Article
from comments.models import Comment, CommentState
from comments.services.pipeline import comments_recheck_due
from tests.browser.conftest import sign_in
from tests.fake_akismet import SPAM_AUTHOR

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def choose(page, field, typed, option):
    """Pick `option` in one of the admin's search-as-you-type boxes (select2)."""
    page.locator(f"#id_{field} + .select2 .select2-selection").click()
    page.locator(".select2-container--open .select2-search__field").press_sequentially(typed)
    page.locator(".select2-results__option", has_text=option).click()


def write_in_body(page, text):
    page.locator(".field-body [contenteditable=true]").click()
    page.keyboard.type(text)


def start_story(page, headline, standfirst, body):
    """Open a new story in the admin and type its words, in the TV News section."""
    page.goto("/admin/articles/article/add/")
    page.get_by_label("Headline").fill(headline)
    page.get_by_label("Standfirst").fill(standfirst)
    write_in_body(page, body)
    choose(page, "sections", "TV", "TV News")


@pytest.fixture
def newsroom(section, make_show, make_image, editor):
    salt_line = make_show(name="The Salt Line", platform="Netflix", status="renewed", season=2)
    harbour = make_show(name="Harbour Lights", platform="BBC One", status="released", season=1)
    make_image(title="Harbour wall", alt_text="Two actors on a rainy harbour wall")
    return salt_line, harbour


def test_a_story_is_written_previewed_published_and_updated(
        page, new_person, writer, editor, newsroom, screenshot, expected_errors):
    salt_line, harbour = newsroom
    sign_in(page, writer)

    # The writer drafts the story: a lead picture and two shows.
    start_story(page, "The Salt Line season 2: what we know",
                "The coastal thriller returns; here is the plan.",
                "The cast is back and filming starts in spring.")
    choose(page, "lead_image", "Harbour", "Harbour wall")
    choose(page, "shows", "Salt", "The Salt Line")
    choose(page, "shows", "Harbour", "Harbour Lights")
    page.get_by_role("button", name="Save draft").click()

    expect(page.get_by_text("Saved version 1 as a draft.")).to_be_visible()
    story = Article.objects.get(slug="the-salt-line-season-2-what-we-know")
    expect(page.get_by_role("row", name="1").get_by_text("Draft")).to_be_visible()

    # The preview shows the draft as readers will see it; readers cannot see it yet.
    page.get_by_role("link", name="Preview").click()
    expect(page.get_by_role("heading", name="The Salt Line season 2: what we know")).to_be_visible()
    expect(page.get_by_role("img", name="Two actors on a rainy harbour wall")).to_be_visible()
    expect(page.get_by_text("The cast is back and filming starts in spring.")).to_be_visible()
    expect(page.get_by_text("Comments open when the story is published.")).to_be_visible()
    screenshot(page, "journey-story-preview")
    expected_errors.append((404, story.get_absolute_url()))
    reader = new_person()
    assert reader.goto(story.get_absolute_url()).status == 404

    # The editor publishes it.
    desk = new_person()
    sign_in(desk, editor)
    desk.goto(f"/admin/articles/article/{story.pk}/change/")
    desk.get_by_role("button", name="Publish version 1").click()
    expect(desk.get_by_role("row", name="1").get_by_text("Live")).to_be_visible()
    reader.goto(story.get_absolute_url())
    expect(reader.get_by_role("heading", name="The Salt Line season 2: what we know")).to_be_visible()
    for show in ("The Salt Line", "Harbour Lights"):
        expect(reader.get_by_role("link", name=show).first).to_be_visible()
    expect(reader.locator(".updated")).to_have_count(0)
    # The show's hub lists the new story beside its status.
    reader.get_by_role("link", name="The Salt Line").first.click()
    expect(reader.get_by_role("heading", name="The Salt Line", exact=True)).to_be_visible()
    expect(reader.get_by_role("link", name="The Salt Line season 2: what we know")
           ).to_be_visible()
    expect(reader.get_by_text("Renewed").first).to_be_visible()
    screenshot(reader, "journey-show-hub")

    # Later the writer writes an update with a label and a note, and the editor publishes it.
    page.goto(f"/admin/articles/article/{story.pk}/change/")
    page.locator(".field-body [contenteditable=true]").click()
    page.keyboard.press("End")
    page.keyboard.type(" Update: cameras rolled on 3 March.")
    page.get_by_role("textbox", name="Update label").fill("March Update")
    page.get_by_role("textbox", name="Public note").fill("Filming has begun.")
    page.get_by_role("button", name="Save and submit for review").click()
    expect(page.get_by_text("Version 2 is saved and waiting for an editor's review.")).to_be_visible()
    desk.reload()
    desk.get_by_role("button", name="Publish version 2").click()

    reader.goto(story.get_absolute_url())
    expect(reader.locator(".updated")).to_have_text(re.compile(r"^Updated \w+ \d+, \d{4}$"))
    expect(reader.get_by_text("Latest update: March Update — Filming has begun.")).to_be_visible()
    screenshot(reader, "journey-story-updated")
    reader.get_by_role("link", name="Update history (2 versions)").click()
    expect(reader.get_by_role("heading", name="Version 2: March Update")).to_be_visible()
    expect(reader.get_by_role("heading", name="Version 1: first published")).to_be_visible()
    screenshot(reader, "journey-update-history")
    reader.get_by_role("link", name="What changed from version 1").click()
    expect(reader.get_by_role("heading", name="What changed in version 2")).to_be_visible()
    story_changes = reader.get_by_role("region", name="Story")
    expect(story_changes.locator("ins")).to_have_text(" Update: cameras rolled on 3 March.")
    expect(reader.locator(".diff del")).to_have_count(0)
    screenshot(reader, "journey-diff")


@pytest.fixture(autouse=True)
def _people_share_an_address(settings):
    # Every tab here is a different person, but all come from 127.0.0.1.
    settings.COMMENTS_RATE_SECONDS = 0


def post_comment(page, body, *, name, email):
    form = page.locator("#respond")
    form.get_by_role("textbox", name="Comment").fill(body)
    form.get_by_role("textbox", name="Name").fill(name)
    form.get_by_role("textbox", name="Email").fill(email)
    form.get_by_role("button", name="Post Comment").click()
    page.wait_for_load_state()


def shown_comment(page, body):
    return page.locator(".comment-body", has_text=body)


def test_a_comment_is_held_approved_answered_and_spam_never_shows(
        page, new_person, desk, moderator, akismet, screenshot):
    story = desk.story.get_absolute_url()
    page.goto(story)

    # A first-time commenter is held: they see their comment waiting, nobody else does.
    post_comment(page, "Will the lighthouse keeper be back?", name="Noor Reader",
                 email="noor@example.org")
    noor = Comment.objects.get(author_email="noor@example.org")
    expect(page.locator(f"#comment-{noor.pk}").get_by_text(
        "Your comment is awaiting moderation.")).to_be_visible()
    passer_by = new_person()
    passer_by.goto(story)
    expect(shown_comment(passer_by, "lighthouse keeper")).to_have_count(0)

    # A spammer's comment is stored as spam and shown to no other reader. Its author is
    # told only that it awaits moderation, which tells a robot nothing.
    post_comment(page, "Cheap replica watches, click here", name=SPAM_AUTHOR,
                 email="bot@example.net")
    spam = Comment.objects.get(author_email="bot@example.net")
    assert spam.state == CommentState.SPAM
    expect(page.locator(f"#comment-{spam.pk}")).to_contain_text("awaiting moderation")
    passer_by.reload()
    expect(shown_comment(passer_by, "replica watches")).to_have_count(0)

    # The moderator finds Noor's comment at the top of the queue and approves it.
    desk_tab = new_person()
    sign_in(desk_tab, moderator)
    desk_tab.goto("/admin/comments/comment/")
    held = desk_tab.get_by_role("row").filter(has_text="Will the lighthouse keeper be back?")
    expect(held).to_contain_text("Held")
    expect(desk_tab.get_by_role("row").filter(has_text="replica watches")).to_contain_text(
        "Spam")
    screenshot(desk_tab, "journey-moderation-queue")
    held.get_by_role("checkbox").check()
    desk_tab.locator("select[name=action]").select_option(label="Approve selected comments")
    desk_tab.get_by_role("button", name="Go").click()
    expect(desk_tab.locator(".messagelist")).to_contain_text("Approved 1")

    passer_by.reload()
    expect(shown_comment(passer_by, "Will the lighthouse keeper be back?")).to_be_visible()
    expect(shown_comment(passer_by, "replica watches")).to_have_count(0)
    expect(passer_by.locator(f"#comment-{noor.pk}").get_by_text(
        "awaiting moderation")).to_have_count(0)

    # Another reader answers Noor through the form that moves under her comment.
    passer_by.get_by_role("link", name="Reply to Noor Reader").click()
    expect(passer_by.locator(f"#comment-{noor.pk} #respond")).to_be_visible()
    post_comment(passer_by, "Yes, the keeper is in the first trailer.", name="Sam Viewer",
                 email="sam@example.org")
    sam = Comment.objects.get(author_email="sam@example.org")
    assert sam.parent_id == noor.pk
    expect(passer_by.locator(f"#comment-{noor.pk} .comment-replies #comment-{sam.pk}")
           ).to_contain_text("Yes, the keeper is in the first trailer.")
    screenshot(passer_by, "journey-comment-thread")


def test_a_comment_posted_while_akismet_is_down_is_kept_and_approved_later(
        page, new_person, desk, moderator, akismet, settings):
    settings.COMMENTS_MODERATION = "approve_ham"
    akismet.fail(times=None)
    page.goto(desk.story.get_absolute_url())

    post_comment(page, "Posted while the spam check was down.", name="Ola Reader",
                 email="ola@example.org")

    # Nothing is lost: the reader sees the comment waiting, and it waits for the check.
    ola = Comment.objects.get(author_email="ola@example.org")
    assert ola.state == CommentState.CHECKING
    expect(page.locator(f"#comment-{ola.pk}").get_by_text(
        "Your comment is awaiting moderation.")).to_be_visible()
    desk_tab = new_person()
    sign_in(desk_tab, moderator)
    desk_tab.goto("/admin/comments/comment/")
    expect(desk_tab.get_by_role("row").filter(has_text="Posted while the spam check")
           ).to_contain_text("spam check", ignore_case=True)

    # Akismet is back; the next retry (cron's process_comments) judges it ham.
    akismet.reset()
    ola.refresh_from_db()
    with TestCase.captureOnCommitCallbacks(execute=True):
        assert comments_recheck_due(now=ola.next_check_at) == 1

    reader = new_person()
    reader.goto(desk.story.get_absolute_url())
    expect(shown_comment(reader, "Posted while the spam check was down.")).to_be_visible()


def test_a_scheduled_story_appears_only_once_publish_scheduled_runs_at_its_time(
        page, new_person, editor, newsroom, expected_errors):
    sign_in(page, editor)
    start_story(page, "Harbour Lights returns on Friday", "The second series starts this week.",
                "All six episodes arrive at once.")
    page.get_by_text("Scheduling").click()
    # A few seconds ahead, so the test can wait for the time to come.
    go_live = timezone.localtime() + timedelta(seconds=6)
    page.locator("#id_go_live_at_0").fill(f"{go_live:%Y-%m-%d}")
    page.locator("#id_go_live_at_1").fill(f"{go_live:%H:%M:%S}")
    page.get_by_role("button", name="Save and schedule").click()
    expect(page.get_by_role("row", name="1").get_by_text("Scheduled for")).to_be_visible()

    story = Article.objects.get(slug="harbour-lights-returns-on-friday")
    expected_errors.append((404, story.get_absolute_url()))
    reader = new_person()
    assert reader.goto(story.get_absolute_url()).status == 404

    # cron runs before the time: nothing is published yet.
    call_command("publish_scheduled", stdout=StringIO())
    assert reader.goto(story.get_absolute_url()).status == 404
    reader.goto("/")
    expect(reader.get_by_role("link", name="Harbour Lights returns on Friday")).to_have_count(0)

    # ... and at its time it is.
    time.sleep(max(0.0, (go_live - timezone.localtime()).total_seconds()) + 0.5)
    output = StringIO()
    call_command("publish_scheduled", stdout=output)
    assert "Published harbour-lights-returns-on-friday version 1." in output.getvalue()
    reader.goto("/")
    reader.get_by_role("link", name="Harbour Lights returns on Friday").first.click()
    expect(reader.get_by_role("heading", name="Harbour Lights returns on Friday")).to_be_visible()
    expect(reader.get_by_text("All six episodes arrive at once.")).to_be_visible()
