"""Every hostile input through every input readers and writers have.

Each payload of tests/hostile_input.py goes into the comment form, search, the story,
show and picture forms of the admin, and the URL path. Whatever is typed is either stored
as typed (a story body as the sanitizer cleans it) or refused with a message beside the
field on a form that keeps everything else; the server never answers 500 (the test client
raises the view's exception instead); and the reader pages that show what was stored
carry no script, event handler or script URL from it.
"""
from __future__ import annotations

import html
import re
from urllib.parse import quote, urlencode

import feedparser
import pytest
from django.urls import reverse

from articles.models import Article, Show
from articles.sanitize import clean_story_html
from comments.models import Comment
from tests import imagefiles
from tests.articles.admin.test_images import change_url as image_change_url
from tests.articles.admin.test_images import details_form
from tests.articles.admin.test_shows import edit_form, show_form
from tests.articles.admin.test_stories import ADD_URL as STORY_ADD_URL
from tests.articles.admin.test_stories import change_url as story_change_url
from tests.articles.admin.test_stories import form_data as story_form
from tests.comments.reader import post as post_comment
from tests.hostile_input import INVALID_UTF8, PAYLOADS, live_code

pytestmark = pytest.mark.django_db

NAMES = sorted(PAYLOADS)
# Where one post carries a payload in several fields, each gets at most this much of it.
SHARED_POST_LIMIT = 100_000
# Django's own words for a NUL; a reader cannot act on them, so we say it our way.
UNCLEAR = ["Null characters are not allowed."]


@pytest.fixture(autouse=True)
def _quick_approving_comments(settings):
    settings.COMMENTS_MIN_FILL_SECONDS = 0
    settings.COMMENTS_RATE_SECONDS = 0
    settings.COMMENTS_RATE_PER_HOUR = 100_000
    settings.COMMENTS_MAX_LINKS = 100
    settings.COMMENTS_MODERATION = "approve_ham"  # shown at once, so the page can be checked


def typed(value):
    """What a form keeps of a typed value: Django's CharField trims the ends."""
    return value.strip()


def shown(value):
    """`value` as the page prints it inside an input or a textarea."""
    return html.escape(value, quote=True)


def safe_page(client, url, *, statuses=(200,)):
    """GET a reader page; fail on a 500 (raised), an unexpected status or live code."""
    response = client.get(url)
    assert response.status_code in statuses, f"{url} answered {response.status_code}"
    if response.status_code == 200 and "html" in response.get("Content-Type", ""):
        found = live_code(response.content.decode())
        assert found == [], f"{url} carries live code from input: {found}"
    return response


def field_errors(response, field):
    form = response.context["adminform"].form if "adminform" in response.context else (
        response.context["form"])
    return form.errors.get(field, [])


def refused_clearly(response, field, others):
    """A refused admin form: the field's own error is on the page, in words a person can
    act on, and every other value typed is still in the form."""
    errors = field_errors(response, field)
    page = response.content.decode()
    problems = []
    if not errors:
        problems.append(f"refused without an error beside {field!r}: "
                        f"{response.context['adminform'].form.errors.as_data()}")
    for error in errors:
        if error in UNCLEAR:
            problems.append(f"{field!r}: an error a person cannot act on: {error!r}")
        if shown(error) not in page:
            problems.append(f"{field!r}: its error is not on the page: {error!r}")
    for name, value in others.items():
        if shown(value) not in page:
            problems.append(f"{field!r} refused, and {name!r} was not kept: {value!r}")
    return problems


# --- the comment form ------------------------------------------------------------------------

COMMENT_FIELDS = ["name", "email", "url", "body", "parent", "started", "key", "homepage"]


@pytest.mark.parametrize("payload", NAMES)
def test_comment_form_stores_or_clearly_refuses_each_payload_in_each_field(
        client, live_article, payload):
    text = PAYLOADS[payload]
    problems = []
    for field in COMMENT_FIELDS:
        body = f"A comment with {payload} in its {field}."
        fields = {"name": "Mina Cho", "body": body, field: text}
        response = post_comment(client, live_article, **fields)
        if response.status_code == 302:
            comment = Comment.objects.order_by("pk").last()
            stored = {"name": comment.author_name, "email": comment.author_email,
                      "url": comment.author_url, "body": comment.body}
            expected = {"name": " ".join(text.split()), "body": typed(text).replace("\r\n", "\n")}
            if field in expected and stored[field] != expected[field]:
                problems.append(f"{field}: stored {stored[field][:80]!r}, typed {text[:80]!r}")
            continue
        page = response.content.decode()
        if response.status_code != 400 or not re.search(
                r'class="comment-problem" role="alert">\s*<(p|ul)>', page):
            problems.append(f"{field}: answered {response.status_code} without a message")
            continue
        for error in UNCLEAR:
            if shown(error) in page:
                problems.append(f"{field}: an error a person cannot act on: {error!r}")
        if field != "body" and shown(body) not in page:
            problems.append(f"{field} refused and the comment was lost")
        if field not in ("name", "parent") and "Mina Cho" not in page:
            problems.append(f"{field} refused and the name was lost")
    assert problems == [], "\n".join(problems)

    # Everything stored is approved: the story's thread shows it, and nothing of it runs.
    safe_page(client, live_article.get_absolute_url())


def test_a_comment_sent_as_broken_utf8_is_stored_with_replacement_characters(
        client, live_article):
    from tests.comments.reader import ORIGIN, form_data

    fields = form_data(email="broken@example.org")
    fields["body"] = "before"
    encoded = urlencode(fields).encode().replace(b"before", b"before%ED%A0%80%E2%82")
    response = client.post(f"/comments/post/{live_article.pk}/", encoded,
                           content_type="application/x-www-form-urlencoded",
                           headers={"Origin": ORIGIN})
    assert response.status_code == 302
    assert Comment.objects.get(author_email="broken@example.org").body.startswith("before\ufffd")


# --- search ----------------------------------------------------------------------------------

@pytest.mark.parametrize("payload", NAMES)
def test_search_answers_each_payload_with_a_page(client, live_article, payload):
    text = PAYLOADS[payload]
    response = safe_page(client, "/search/?" + urlencode({"q": text}))
    page = response.content.decode()
    if len(text) > 200:
        assert "too long" in page
    for params in ({"q": "salt", "page": text}, {"q": "salt", "comments": text},
                   {"q[]": text, text[:1000]: "x"}):
        safe_page(client, "/search/?" + urlencode(params), statuses=(200, 404))
    # The header's search box on any page, and the story page's own parameters.
    safe_page(client, live_article.get_absolute_url() + "?" + urlencode(
        {"comments": text, "replyto": text}), statuses=(200, 404))


def test_a_query_sent_as_broken_utf8_is_searched(client, live_article):
    response = safe_page(client, "/search/?q=salt" + quote(INVALID_UTF8))
    assert "salt" in response.content.decode()


# --- stories in the admin --------------------------------------------------------------------

STORY_FIELDS = ["headline", "standfirst", "body", "update_label", "public_note", "slug",
                "seo_title", "seo_description", "topics"]


def reader_pages_of(article):
    article.refresh_from_db()
    urls = [article.get_absolute_url(), f"{article.get_absolute_url()}updates/", "/",
            "/feed/", "/feed/atom/", "/sitemap.xml", "/news-sitemap.xml"]
    for version in article.versions.filter(published_at__isnull=False):
        if version.public_number is not None:
            urls.append(version.get_public_url())
        if (version.public_number or 0) > 1:
            urls.append(version.get_changes_url())
    return urls


@pytest.mark.parametrize("payload", NAMES)
def test_story_form_stores_or_clearly_refuses_each_payload_in_each_field(
        client, editor, section, show, make_article, publish, payload):
    text = PAYLOADS[payload]
    article = make_article(shows=[show])
    publish(article.latest_version, days_ago=1)
    client.force_login(editor)
    problems = []
    for field in STORY_FIELDS:
        article.refresh_from_db()
        headline = f"The story with {payload} in its {field}"
        data = story_form(section, action="publish", based_on=article.latest_version_number,
                          slug=article.slug, headline=headline, shows=[show.pk],
                          update_label="Hostile update", public_note="A note for readers.")
        data[field] = text
        response = client.post(story_change_url(article), data)
        if response.status_code == 302:
            article.refresh_from_db()
            version = article.live_version
            if field == "topics":
                continue  # taggit splits the text into tags by design
            stored = article.slug if field == "slug" else getattr(version, field)
            expected = clean_story_html(text) if field == "body" else typed(text)
            if stored != expected:
                problems.append(f"{field}: stored {stored[:80]!r}, typed {text[:80]!r}")
            continue
        others = {name: data[name] for name in ("headline", "standfirst", "public_note")
                  if name != field}
        problems += refused_clearly(response, field, others)
    assert problems == [], "\n".join(problems)

    urls = reader_pages_of(article)
    urls += [show.get_absolute_url(), f"{show.get_absolute_url()}feed/",
             "/search/?" + urlencode({"q": "story"}), "/search/?" + urlencode({"q": text[:200]})]
    urls += [topic_url for topic_url in (f"/topics/{t.slug}/" for t in article.topics.all())]
    for url in urls:
        safe_page(client, url)


@pytest.mark.parametrize("payload", NAMES)
def test_a_new_story_with_each_payload_everywhere_is_saved_or_refused_clearly(
        client, editor, section, payload):
    text = PAYLOADS[payload]
    # Django refuses a whole post over 2.5 MB (DATA_UPLOAD_MAX_MEMORY_SIZE) before any form
    # sees it, so only the body carries the full megabyte here.
    short = text[:SHARED_POST_LIMIT]
    client.force_login(editor)
    data = story_form(section, action="publish", headline=short, standfirst=short, body=text,
                      slug=f"hostile-{payload.replace('_', '-')}")
    response = client.post(STORY_ADD_URL, data)
    if response.status_code == 302:
        article = Article.objects.get(slug=data["slug"])
        assert article.live_version.headline == typed(short)
        assert article.live_version.body == clean_story_html(text)
        for url in reader_pages_of(article):
            safe_page(client, url)
        return
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert form.errors, "refused without saying why"
    assert not set(form.errors) - {"headline", "standfirst", "body", "__all__"}
    for name in form.errors:
        assert refused_clearly(response, name, {}) == []


# --- shows in the admin ----------------------------------------------------------------------

@pytest.mark.parametrize("payload", NAMES)
def test_show_forms_store_or_clearly_refuse_each_payload(client, editor, show, make_article,
                                                         publish, payload):
    text = PAYLOADS[payload]
    article = make_article(shows=[show])
    publish(article.latest_version, days_ago=1)
    client.force_login(editor)
    problems = []
    attempts = [
        ("add name", reverse("admin:articles_show_add"),
         show_form(name=text, slug="hostile-name", platform="Netflix"), "name"),
        ("add slug", reverse("admin:articles_show_add"),
         show_form(name=f"Slug test {payload}", slug=text, platform="Netflix"), "slug"),
        ("rename", reverse("admin:articles_show_change", args=[show.pk]),
         edit_form(show, name=text, slug=show.slug), "name"),
        ("alias", reverse("admin:articles_show_change", args=[show.pk]),
         edit_form(show, **{"aliases-0-name": text}), "aliases-0-name"),
        ("platform", reverse("admin:articles_show_change", args=[show.pk]),
         edit_form(show, platform=text), "platform"),
    ]
    for label, url, data, field in attempts:
        response = client.post(url, data)
        show.refresh_from_db()
        if response.status_code == 302:
            if label == "rename" and show.name != typed(text):
                problems.append(f"{label}: stored {show.name[:80]!r}, typed {text[:80]!r}")
            if label == "platform" and show.platform != typed(text):
                problems.append(f"{label}: stored {show.platform[:80]!r}, typed {text[:80]!r}")
            continue
        if field.startswith("aliases-"):
            formset = response.context["inline_admin_formsets"][0].formset
            if not formset.forms[0].errors.get("name"):
                problems.append(f"{label}: refused without an error beside the spelling")
            continue
        others = {"platform": "Netflix"} if field != "platform" else {}
        problems += [f"{label}: {problem}" for problem in refused_clearly(response, field, others)]
    assert problems == [], "\n".join(problems)

    for kept in Show.objects.all():
        for url in (kept.get_absolute_url(), f"{kept.get_absolute_url()}feed/",
                    f"{kept.get_absolute_url()}feed/atom/"):
            safe_page(client, url)
    for url in ("/shows/", "/shows/?by=status", article.get_absolute_url(),
                "/search/?" + urlencode({"q": show.name[:200]})):
        safe_page(client, url)


# --- pictures in the admin -------------------------------------------------------------------

IMAGE_FIELDS = ["title", "alt_text", "caption", "credit"]


@pytest.mark.parametrize("payload", NAMES)
def test_picture_words_store_or_clearly_refuse_each_payload(
        client, editor, section, make_image, make_article, publish, payload):
    text = PAYLOADS[payload]
    image = make_image(caption="A quiet harbour", credit="Netflix")
    # A caption typed into the body's token, too (a "]" would end the token early).
    caption = html.escape(text.replace("]", ")"))
    article = make_article(body=f"<p>Before.</p><p>[image {image.pk}]</p>"
                                f"<p>[image {image.pk}: {caption}]</p>")
    publish(article.latest_version, days_ago=1)
    client.force_login(editor)
    problems = []
    for field in IMAGE_FIELDS:
        image.refresh_from_db()
        response = client.post(image_change_url(image), details_form(image, **{field: text}))
        if response.status_code == 302:
            image.refresh_from_db()
            if getattr(image, field) != typed(text):
                problems.append(f"{field}: stored {getattr(image, field)[:80]!r}, "
                                f"typed {text[:80]!r}")
            continue
        others = {"title": image.title} if field != "title" else {}
        problems += refused_clearly(response, field, others)

    upload = {"file": imagefiles.jpeg(),
              **{field: text[:SHARED_POST_LIMIT] for field in IMAGE_FIELDS}}
    response = client.post(reverse("admin:articles_image_add"), upload)
    if response.status_code != 302:
        form = response.context["adminform"].form
        if not form.errors:
            problems.append("upload refused without saying why")
        for name in form.errors:
            problems += refused_clearly(response, name, {})
    assert problems == [], "\n".join(problems)

    for url in (article.get_absolute_url(), reverse("admin:articles_image_changelist"),
                image_change_url(image)):
        safe_page(client, url)


# --- the address itself ----------------------------------------------------------------------

PATHS = ["/articles/{}/", "/articles/{}/updates/", "/articles/{}/v1/", "/shows/{}/",
         "/shows/{}/feed/", "/shows/{}/feed/atom/", "/topics/{}/", "/authors/{}/",
         "/sections/{}/", "/sections/{}/feed/", "/archive/{}/", "/{}"]


@pytest.mark.parametrize("payload", NAMES)
def test_each_payload_in_the_address_is_a_not_found_page(client, live_article, payload):
    text = PAYLOADS[payload]
    for pattern in PATHS:
        safe_page(client, pattern.format(quote(text, safe="")), statuses=(404,))



# --- what slipped past the forms, and the admin's own addresses and searches -------------------

def test_feeds_drop_a_control_character_saved_before_the_forms_refused_them(
        client, live_article, show, revise, publish):
    """An older release stored what the forms now refuse: XML 1.0 cannot carry it, and one
    such headline must not take the whole feed down."""
    live_article.shows.add(show)
    publish(revise(live_article, headline="Bell\x07 rings for the finale",
                   update_label="Finale", public_note="The date is out."))

    for url in ("/feed/", "/feed/atom/", show.get_absolute_url() + "feed/",
                show.get_absolute_url() + "feed/atom/"):
        feed = feedparser.parse(safe_page(client, url).content)
        assert not feed.bozo, f"{url}: {feed.bozo_exception}"
        assert feed.entries[0].title == "Bell rings for the finale"


@pytest.mark.parametrize("view", ["change", "compare", "history"])
def test_a_story_address_in_the_admin_with_no_number_is_not_found(client, editor, view):
    client.force_login(editor)

    response = client.get(f"/admin/articles/article/abc/{view}/", follow=True)

    assert response.status_code in (200, 404)
    if response.status_code == 200:  # the admin's own answer: back to the list, saying why
        assert "doesn’t exist" in response.content.decode()


@pytest.mark.parametrize("text", [PAYLOADS["null_byte"], PAYLOADS["one_megabyte"],
                                  "salt " * 200_000], ids=["null byte", "1 MB", "200,000 words"])
def test_admin_searches_take_any_text(client, editor, live_article, show, text):
    """A search is cut to what a person types, whatever is pasted in."""
    client.force_login(editor)

    for url in ("/admin/articles/article/", "/admin/articles/show/", "/admin/articles/image/",
                "/admin/comments/comment/", "/admin/articles/publicationevent/"):
        assert client.get(url, {"q": text}).status_code == 200, url
    autocomplete = client.get("/admin/autocomplete/", {
        "app_label": "articles", "model_name": "article", "field_name": "shows", "term": text})
    assert autocomplete.status_code == 200
    assert "results" in autocomplete.json()


def test_a_search_for_a_show_still_finds_it(client, editor, show):
    client.force_login(editor)

    page = client.get("/admin/articles/show/", {"q": "Salt\x00"}).content.decode()

    assert "The Salt Line" in page


def test_a_post_too_large_to_read_says_so_and_how_to_keep_the_words(client, live_article):
    response = client.post(reverse("comments:post", args=[live_article.pk]),
                           {"body": "x" * 3_000_000, "name": "Ada", "email": "a@example.org"},
                           headers={"Origin": "http://testserver"})

    assert response.status_code == 400
    page = response.content.decode()
    assert "too large" in page and "Nothing was saved" in page and "Back" in page
    assert not Comment.objects.exists()


def test_a_right_to_left_override_in_a_name_flips_nothing_but_the_name(client, live_article):
    """U+202E reverses the text after it until the paragraph ends: in a name it could turn
    the date or the reply link around. Names are isolated (<bdi>) so it stops with them."""
    name = "Ben \u202eweiV"
    assert post_comment(client, live_article, name=name, body="Same here.").status_code == 302

    comment = Comment.objects.get(author_name=name)
    page = client.get(f"{live_article.get_absolute_url()}?replyto={comment.pk}").content.decode()

    # Shown twice, each time isolated: above the comment and in "Replying to".
    assert f"<bdi>{name}</bdi>" in page
    assert f"<bdi data-replying-name>{name}</bdi>" in page
    shown_in_text = len(re.findall(rf">{re.escape(name)}<", page))
    assert shown_in_text == 2
