"""Reader pages checked by axe-core in Chromium, and the comment form used with the keyboard
alone."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from comments.models import Comment
from tests.browser.conftest import accessibility_problems

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

READER_PAGES = {
    "home": lambda desk: "/",
    "story": lambda desk: desk.story.get_absolute_url(),
    "show hub": lambda desk: desk.shows[0].get_absolute_url(),
    "search results": lambda desk: "/search/?q=salt+line",
    "update history": lambda desk: f"{desk.story.get_absolute_url()}updates/",
    "diff": lambda desk: f"{desk.story.get_absolute_url()}v2/changes/",
}


def test_axe_reports_what_a_screen_reader_user_would_miss(page):
    """The checker itself works in this browser: a picture with no text and a nameless
    button are found."""
    page.set_content('<html lang="en"><title>t</title><main>'
                     '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">'
                     '<button></button></main></html>')

    found = " ".join(accessibility_problems(page))

    assert "image-alt (critical)" in found and "button-name (critical)" in found


@pytest.mark.parametrize("name", READER_PAGES)
def test_reader_page_has_no_serious_accessibility_problems(page, desk, name):
    response = page.goto(READER_PAGES[name](desk))
    assert response.status == 200

    assert accessibility_problems(page) == []


def test_story_page_shows_its_thread_and_form_to_axe(page, desk):
    """The story page check above covers the comments: they are on the page it scanned."""
    page.goto(desk.story.get_absolute_url())
    assert page.locator(f"#comment-{desk.comments['ben'].pk}").is_visible()
    assert page.get_by_role("heading", name="Leave a Reply").is_visible()


def test_comment_form_in_its_error_state_has_no_serious_accessibility_problems(
        page, desk, expected_errors):
    expected_errors.append((400, "/comments/post/"))
    page.goto(desk.story.get_absolute_url())
    form = page.locator("#respond form")
    # As a browser that does not check required fields itself: the server's answer shows.
    form.evaluate("form => { form.noValidate = true; }")
    page.get_by_role("textbox", name="Comment").fill("Too eager to wait for a name.")
    form.get_by_role("button", name="Post Comment").click()
    page.wait_for_load_state()

    assert page.get_by_role("heading", name="Check your comment").is_visible()
    assert page.get_by_role("alert").get_by_role("link", name="Name").is_visible()
    assert page.get_by_role("textbox", name="Comment").input_value() == (
        "Too eager to wait for a name.")
    assert accessibility_problems(page) == []
    assert not Comment.objects.filter(body__contains="Too eager").exists()


# What the focused element is, and whether a sighted keyboard user can see where focus is:
# an outline of at least 2 px that is drawn (not transparent).
FOCUS = """() => {
  const element = document.activeElement;
  const style = getComputedStyle(element);
  const visible = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2
      && style.outlineColor !== 'rgba(0, 0, 0, 0)';
  const name = element.getAttribute('aria-label') || element.name || element.textContent;
  return {tag: element.tagName.toLowerCase(), name: (name || '').trim().slice(0, 60),
          visible: visible};
}"""


def tab_until(page, tag, name, *, limit=150):
    """Press Tab until the element `tag` named `name` has focus; returns every stop on the
    way whose focus could not be seen."""
    unseen = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        focus = page.evaluate(FOCUS)
        if not focus["visible"]:
            unseen.append(focus)
        if (focus["tag"], focus["name"]) == (tag, name):
            return unseen
    raise AssertionError(f"{limit} presses of Tab never reached the {tag} {name!r}")


def type_in_field(page, text):
    page.keyboard.type(text)
    page.keyboard.press("Tab")


def test_a_keyboard_user_sees_focus_and_posts_a_comment(page, desk):
    page.goto(desk.story.get_absolute_url())

    unseen = tab_until(page, "textarea", "body")
    type_in_field(page, "Typed without a mouse.")
    type_in_field(page, "Kim Keys")
    type_in_field(page, "kim@example.org")
    assert page.evaluate(FOCUS)["name"] == "url"
    unseen += tab_until(page, "button", "Post Comment", limit=5)
    assert unseen == [], "focus could not be seen on these stops"
    with page.expect_navigation():
        page.keyboard.press("Enter")

    comment = Comment.objects.get(author_email="kim@example.org")
    assert (comment.author_name, comment.body) == ("Kim Keys", "Typed without a mouse.")
    assert page.locator(f"#comment-{comment.pk}").get_by_text(
        "Your comment is awaiting moderation.").is_visible()


def test_a_keyboard_user_replies_through_the_reply_link(page, desk):
    ada = desk.comments["ada"]
    page.goto(desk.story.get_absolute_url())

    unseen = tab_until(page, "a", "Reply to Ada Reader")
    page.keyboard.press("Enter")

    # The form moved under Ada's comment and took the focus, ready to type.
    assert page.locator(f"#comment-{ada.pk} #respond").count() == 1
    assert page.evaluate(FOCUS)["name"] == "body"
    type_in_field(page, "Replying by keyboard.")
    type_in_field(page, "Kim Keys")
    type_in_field(page, "kim@example.org")
    unseen += tab_until(page, "button", "Post Comment", limit=5)
    assert unseen == [], "focus could not be seen on these stops"
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert Comment.objects.get(author_email="kim@example.org").parent_id == ada.pk


def test_the_skip_link_is_the_first_stop_and_jumps_to_the_story(page, desk):
    page.goto(desk.story.get_absolute_url())

    page.keyboard.press("Tab")
    assert page.evaluate(FOCUS) == {"tag": "a", "name": "Skip to content", "visible": True}
    assert page.get_by_role("link", name="Skip to content").is_visible()
    page.keyboard.press("Enter")

    # The address bar changes a moment after the key press, so wait for it rather than
    # read it at once.
    expect(page).to_have_url(re.compile(r"#main$"))
    expect(page.locator("#main")).to_be_focused()
