"""The newsroom's work end to end in Chromium, each step checked by what the person sees:
a story written, previewed, published and updated; a comment held, approved and answered;
spam that never shows; a comment kept through an Akismet outage; a scheduled story."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from articles.models import Article
from tests.browser.conftest import sign_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def choose(page, field, typed, option):
    """Pick `option` in one of the admin's search-as-you-type boxes (select2)."""
    page.locator(f"#id_{field} + .select2 .select2-selection").click()
    page.locator(".select2-container--open .select2-search__field").press_sequentially(typed)
    page.locator(".select2-results__option", has_text=option).click()


def write_in_body(page, text):
    page.locator(".field-body [contenteditable=true]").click()
    page.keyboard.type(text)


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
    page.goto("/admin/articles/article/add/")
    page.get_by_label("Headline").fill("The Salt Line season 2: what we know")
    page.get_by_label("Standfirst").fill("The coastal thriller returns; here is the plan.")
    write_in_body(page, "The cast is back and filming starts in spring.")
    choose(page, "lead_image", "Harbour", "Harbour wall")
    choose(page, "sections", "TV", "TV News")
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
