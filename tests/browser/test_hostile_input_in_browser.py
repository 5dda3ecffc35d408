"""Hostile input on reader pages, in Chromium: nothing a reader or writer typed runs.

Stories, comments, show names, picture words and search queries carry the corpus of
tests/hostile_input.py. Every page is opened twice: as served, and in a browser told to
ignore our Content-Security-Policy, so a pass shows that escaping and the sanitizer stop
the script on their own, not only the policy. A payload that ran would call
`window.__xss` or open a dialog; both are watched from before the page's first script.
"""
from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlencode

import pytest
from django.core.cache import cache
from django.utils import timezone

from articles.sanitize import clean_story_html
from articles.services.stories import version_create
from comments.services.moderation import comment_moderate
from comments.services.submitting import Submission, comment_submit
from tests.browser.conftest import _new_page
from tests.hostile_input import EXECUTING, MARKER, PAYLOADS

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

WATCH = f"""
window.__fired = [];
window.{MARKER} = (name) => window.__fired.push(String(name));
"""

# What the browser itself parsed: inline handlers, script URLs and inline scripts in the
# DOM, whatever the server's HTML looked like.
FIND_LIVE_CODE = r"""() => {
  const found = [];
  for (const element of document.querySelectorAll('*')) {
    for (const attribute of element.attributes) {
      const value = attribute.value.replace(/[\x00-\x20]/g, '').toLowerCase();
      if (attribute.name.startsWith('on')) found.push(`${element.tagName} ${attribute.name}`);
      if (/^(javascript|vbscript|data:text\/html)/.test(value) &&
          ['href', 'src', 'action', 'formaction', 'srcdoc', 'data'].includes(attribute.name)) {
        found.push(`${element.tagName} ${attribute.name}=${attribute.value}`);
      }
    }
  }
  for (const script of document.querySelectorAll('script:not([src])')) {
    if (script.type !== 'application/ld+json') found.push(`inline script ${script.text}`);
  }
  for (const tag of ['iframe', 'object', 'embed', 'base', 'meta[http-equiv]']) {
    if (document.querySelector(tag)) found.push(tag);
  }
  return found;
}"""

# Every payload that runs script, as short names (a comment name holds 100 characters).
SCRIPTED = sorted(EXECUTING)
LOOKALIKES = ["homoglyph_staff", "homoglyph_show", "rtl_override", "rtl_unterminated",
              "bidi_isolates", "zero_width", "combining_marks"]
# A lookalike show name is refused when the show is made (tests/articles/test_shows.py).
SHOW_NAMES = ["script", "img_onerror", "svg_onload", "attribute_breakout", "title_breakout",
              "json_breakout", "autofocus_breakout", "rtl_override"]


@pytest.fixture(autouse=True)
def _quick_comments(settings):
    cache.clear()  # rate limits live in the cache
    settings.COMMENTS_RATE_SECONDS = 0
    settings.COMMENTS_RATE_PER_HOUR = 100_000
    settings.COMMENTS_THREADS_PER_PAGE = 500


@pytest.fixture
def page_bypassing_csp(browser, live_server, expected_errors):
    """A tab that ignores the Content-Security-Policy, with the same checks as `page`."""
    yield from _new_page(browser, live_server, expected_errors, bypass_csp=True)


@pytest.fixture(params=["page", "page_bypassing_csp"])
def tab(request):
    return request.getfixturevalue(request.param)


@pytest.fixture
def hostile_desk(make_article, make_show, make_image, publish, moderator, show):
    """A live story whose words, picture, shows and comments are all hostile."""
    image = make_image(caption=PAYLOADS["img_onerror"], credit=PAYLOADS["attribute_breakout"],
                       alt_text=PAYLOADS["autofocus_breakout"], title=PAYLOADS["script"])
    shows = [show] + [make_show(name=PAYLOADS[name]) for name in SHOW_NAMES]
    # The story form cleans a body before the service sees it; the service refuses <img>.
    body = clean_story_html("".join(f"<p>{PAYLOADS[name]}</p>" for name in SCRIPTED))
    body += f"<p>[image {image.pk}]</p><p>[image {image.pk}: {PAYLOADS['svg_onload']}]</p>"
    article = make_article(
        slug="hostile-story", headline=f"Salt Line {PAYLOADS['title_breakout']}",
        standfirst=f"Salt Line {PAYLOADS['json_quote']} {PAYLOADS['attribute_breakout']}",
        body=body, shows=shows, topics=[PAYLOADS["script"][:50]])
    version = article.latest_version
    version_create(
        article, by=version.created_by, based_on=None, kind="update",
        headline=version.headline, standfirst=version.standfirst, body=version.body + "<p>More.</p>",
        update_label=PAYLOADS["textarea_breakout"][:80], public_note=PAYLOADS["svg_onload"],
        lead_image=image, seo_title="", seo_description=PAYLOADS["json_breakout"])
    publish(article.versions.get(number=1), days_ago=2)
    publish(article.versions.get(number=2))
    article.refresh_from_db()

    started = timezone.now() - timedelta(minutes=1)
    for n, name in enumerate(SCRIPTED + LOOKALIKES):
        text = PAYLOADS[name]
        comment = comment_submit(article, submission=Submission(
            name=" ".join(text.split())[:100], email=f"reader{n}@example.org",
            url="https://example.org/" if n % 2 else "", body=text, ip=f"198.51.100.{n + 1}",
            started_at=started))
        comment_moderate(comment, action="approve", by=moderator)
    return article, shows


def open_and_check(tab, url, *, mouse_over=True):
    """Open `url`, stir every element, and return what ran or could run."""
    dialogs = []
    tab.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    response = tab.goto(url)
    assert response is not None and response.status == 200, url
    if mouse_over:
        tab.evaluate("""() => { for (const element of document.querySelectorAll('body *')) {
            for (const kind of ['mouseover', 'focus', 'click']) {
              if (kind === 'click' && element.closest('a, button, form')) continue;
              element.dispatchEvent(new Event(kind, {bubbles: true}));
            } } }""")
    tab.wait_for_timeout(50)  # a timer or an image error handler would have fired by now
    return {"ran": tab.evaluate("window.__fired"), "dialogs": dialogs,
            "live code": tab.evaluate(FIND_LIVE_CODE)}


NOTHING = {"ran": [], "dialogs": [], "live code": []}


def test_story_page_with_hostile_words_picture_and_comments_runs_nothing(tab, hostile_desk):
    article, shows = hostile_desk
    tab.add_init_script(WATCH)
    result = open_and_check(tab, article.get_absolute_url())
    assert result == NOTHING

    # The words are shown as text, not swallowed: a reader sees what was typed.
    assert tab.get_by_text(PAYLOADS["script"]).count() >= 1
    assert tab.locator("figcaption").first.inner_text().startswith(PAYLOADS["img_onerror"])
    name = " ".join(PAYLOADS["rtl_override"].split())
    assert tab.locator(".comment-author").get_by_text(name, exact=True).count() == 1

    for url in (f"{article.get_absolute_url()}updates/", f"{article.get_absolute_url()}v2/",
                f"{article.get_absolute_url()}v2/changes/"):
        assert open_and_check(tab, url) == NOTHING, url


def test_show_hubs_and_list_with_hostile_names_run_nothing(tab, hostile_desk):
    article, shows = hostile_desk
    tab.add_init_script(WATCH)
    for show in shows:
        assert open_and_check(tab, show.get_absolute_url()) == NOTHING, show.name
        assert tab.get_by_role("heading", level=1).inner_text() == show.name
    for url in ("/shows/", "/shows/?by=status", "/"):
        assert open_and_check(tab, url) == NOTHING, url


@pytest.mark.parametrize("names", [SCRIPTED[:len(SCRIPTED) // 2], SCRIPTED[len(SCRIPTED) // 2:]])
def test_search_for_hostile_queries_runs_nothing(tab, hostile_desk, names):
    tab.add_init_script(WATCH)
    for name in [*names, "homoglyph_show", "rtl_override"]:
        query = PAYLOADS[name][:200]
        result = open_and_check(tab, "/search/?" + urlencode({"q": query}), mouse_over=False)
        assert result == NOTHING, name
        assert tab.locator("#site-search-q").input_value() == " ".join(query.split())
    # Matches are highlighted inside escaped text: the story's hostile headline and
    # standfirst are found, and the markup in them is shown as words.
    result = open_and_check(tab, "/search/?" + urlencode({"q": "salt line"}))
    assert result == NOTHING
    assert tab.locator("mark").count() >= 2
    assert tab.get_by_text("</title>", exact=False).count() >= 1


def test_lookalike_and_right_to_left_names_are_shown_as_typed(page, live_article, moderator,
                                                               editor, screenshot):
    """Names that imitate the editor or flip their text: each is shown exactly as typed,
    the editor's real comment carries the staff mark and the imitation does not."""
    started = timezone.now() - timedelta(minutes=1)
    staff = comment_submit(live_article, by=editor, submission=Submission(
        name="", email="", body="The editor's own comment.", started_at=started))
    assert staff.by_staff
    for n, name in enumerate(LOOKALIKES):
        comment = comment_submit(live_article, submission=Submission(
            name=PAYLOADS[name], email=f"reader{n}@example.org",
            body=f"{PAYLOADS[name]} wrote this, then a plain sentence.",
            ip=f"198.51.100.{n + 1}", started_at=started))
        comment_moderate(comment, action="approve", by=moderator)
    page.add_init_script(WATCH)
    assert open_and_check(page, live_article.get_absolute_url()) == NOTHING

    authors = page.locator(".comment-author")
    shown = [text.removesuffix("Staff").strip() for text in authors.all_text_contents()]
    assert shown == ["Eddie Stone", *(" ".join(PAYLOADS[name].split()) for name in LOOKALIKES)]
    marked = authors.filter(has=page.locator(".staff-mark"))
    assert marked.all_text_contents() == ["Eddie Stone Staff"]
    page.locator("#comments").scroll_into_view_if_needed()
    screenshot(page, "hostile-lookalike-comments")
