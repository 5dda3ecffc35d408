"""The writers' admin: saving versions, roles, locking, history, compare, restore, preview."""
from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, ArticleState, PublicationEvent
from articles.services.images import image_create
from articles.services.stories import version_create

ADD_URL = reverse("admin:articles_article_add")


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def form_data(section, *, action="draft", based_on=0, **overrides):
    data = {
        "headline": "Harbor Lights renewed for season 3",
        "standfirst": "The fishing-town drama returns next autumn.",
        "body": "<h2>What we know</h2><p>Filming starts in May.</p>",
        "lead_image": "",
        "slug": "",
        "sections": [section.pk],
        "authors": [],
        "kind": "update",
        "update_label": "",
        "public_note": "",
        "seo_title": "",
        "seo_description": "",
        "go_live_at_0": "",
        "go_live_at_1": "",
        "expire_at_0": "",
        "expire_at_1": "",
        "based_on": based_on,
        "_action": action,
    }
    data.update(overrides)
    return data


def messages_of(response):
    return [str(m) for m in response.context["messages"]] if response.context else []


@pytest.mark.django_db
def test_writer_creates_a_draft_and_becomes_its_author(client, writer, section):
    client.force_login(writer)
    response = client.post(ADD_URL, form_data(section), follow=True)

    article = Article.objects.get(slug="harbor-lights-renewed-for-season-3")
    assert article.state == ArticleState.DRAFT
    assert list(article.authors.all()) == [writer]
    assert article.latest_version.number == 1
    assert article.latest_version.created_by == writer
    assert "Saved version 1 as a draft." in messages_of(response)


@pytest.mark.django_db
def test_every_admin_save_keeps_a_new_version(client, writer, section, make_article):
    article = make_article()
    client.force_login(writer)
    for n in (1, 2):
        client.post(change_url(article), form_data(section, based_on=n, slug=article.slug,
                                                   headline=f"Headline {n + 1}"))
    assert list(article.versions.order_by("number").values_list("headline", flat=True)) == [
        "When will The Salt Line season 2 arrive?", "Headline 2", "Headline 3"]


@pytest.mark.django_db
def test_writer_submits_for_review(client, writer, section):
    client.force_login(writer)
    response = client.post(ADD_URL, form_data(section, action="review"), follow=True)
    article = Article.objects.get()
    assert article.review_requested_at is not None
    assert article.state == ArticleState.DRAFT
    assert any("waiting for an editor" in m for m in messages_of(response))
    waiting = client.get(reverse("admin:articles_article_changelist") + "?review=waiting")
    assert "Harbor Lights renewed for season 3" in waiting.content.decode()


@pytest.mark.django_db
def test_writer_cannot_publish_and_keeps_what_they_typed(client, writer, section):
    client.force_login(writer)
    response = client.post(ADD_URL, form_data(section, action="publish",
                                              headline="Typed words stay put"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Only editors can publish" in html
    assert 'value="Typed words stay put"' in html
    assert Article.objects.count() == 0


@pytest.mark.django_db
def test_editor_publishes_from_the_form(client, editor, section):
    client.force_login(editor)
    client.post(ADD_URL, form_data(section, action="publish"))
    article = Article.objects.get()
    assert article.state == ArticleState.PUBLISHED
    assert client.get(article.get_absolute_url()).status_code == 200


@pytest.mark.django_db
def test_update_to_live_story_needs_label_and_note(client, editor, section, live_article):
    client.force_login(editor)
    response = client.post(change_url(live_article), form_data(
        section, action="publish", based_on=1, slug=live_article.slug, kind="update"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "An update needs a label" in html
    assert "Say in one sentence what changed." in html
    assert live_article.versions.count() == 1


@pytest.mark.django_db
def test_editor_schedules_an_update_to_a_live_story(client, editor, section, live_article):
    client.force_login(editor)
    when = timezone.localtime(timezone.now() + timedelta(days=1))
    client.post(change_url(live_article), form_data(
        section, action="schedule", based_on=1, slug=live_article.slug, kind="update",
        update_label="Trailer Update", public_note="The trailer is out.",
        go_live_at_0=when.strftime("%Y-%m-%d"), go_live_at_1=when.strftime("%H:%M:%S")))
    live_article.refresh_from_db()
    assert live_article.state == ArticleState.PUBLISHED
    assert live_article.live_version.number == 1
    assert live_article.latest_version.go_live_at is not None


@pytest.mark.django_db
def test_stale_save_is_refused_naming_who_saved_and_keeps_the_form(client, writer, editor,
                                                                    section, live_article):
    client.force_login(writer)
    page = client.get(change_url(live_article)).content.decode()
    assert 'name="based_on" value="1"' in page
    version_create(live_article, by=editor, based_on=1, headline="Editor got there first",
                            standfirst="Meanwhile.")

    response = client.post(change_url(live_article), form_data(
        section, based_on=1, slug=live_article.slug, body="<p>My careful paragraph.</p>"))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Eddie Stone saved version 2 of this story" in html
    assert "My careful paragraph." in html
    assert live_article.versions.count() == 2


@pytest.mark.django_db
def test_hostile_body_is_cleaned_before_it_is_stored(client, editor, section):
    client.force_login(editor)
    client.post(ADD_URL, form_data(section, body=(
        '<p onclick="steal()">Hi<script>alert(1)</script>'
        '<a href="javascript:alert(2)">x</a><a href="https://example.com">ok</a></p>')))
    body = Article.objects.get().latest_version.body
    assert body == ('<p>Hi<a rel="noopener noreferrer">x</a>'
                    '<a href="https://example.com" rel="noopener noreferrer">ok</a></p>')


@pytest.mark.django_db
def test_history_compare_and_restore(client, editor, make_section, live_article, revise, publish):
    reviews = make_section(name="Reviews", slug="reviews")
    publish(revise(live_article, kind="update", update_label="May Update", public_note="Date.",
                   headline="Salt Line returns in May"))
    version_create(live_article, by=editor, based_on=None, sections=[reviews],
                            headline="Salt Line returns in May", standfirst="New standfirst.")
    client.force_login(editor)

    page = client.get(change_url(live_article)).content.decode()
    assert "Version history" in page
    assert "May Update" in page
    assert "Publishing log" in page

    compare = client.get(reverse("admin:articles_article_compare", args=[live_article.pk]),
                         {"old": 1, "new": 3}).content.decode()
    assert "<del>When will The </del>Salt Line <del>season</del><ins>returns</ins>" in compare
    assert "Added: <ins>Reviews</ins>" in compare
    assert "Removed: <del>TV News</del>" in compare

    response = client.post(reverse("admin:articles_article_restore",
                                   args=[live_article.pk, 1]), follow=True)
    assert any("Version 1 was copied into a new version" in m for m in messages_of(response))
    restored = live_article.versions.get(number=4)
    assert restored.headline == "When will The Salt Line season 2 arrive?"
    assert live_article.versions.get(number=2).headline == "Salt Line returns in May"


@pytest.mark.django_db
def test_compare_with_a_missing_version_says_so(client, editor, live_article):
    client.force_login(editor)
    html = client.get(reverse("admin:articles_article_compare", args=[live_article.pk]),
                      {"old": 1, "new": 7}).content.decode()
    assert "This story has versions 1 to 1." in html


@pytest.mark.django_db
def test_preview_shows_unpublished_version_as_readers_would(client, writer, live_article, revise):
    draft = revise(live_article, headline="Draft headline nobody has seen")
    client.force_login(writer)
    html = client.get(reverse("admin:articles_article_preview",
                              args=[live_article.pk, draft.number])).content.decode()
    assert "<h1>Draft headline nobody has seen</h1>" in html
    assert "Preview of version 2." in html
    assert '<meta name="robots" content="noindex, nofollow">' in html
    assert "Draft headline nobody has seen" not in client.get(live_article.get_absolute_url()).content.decode()


@pytest.mark.django_db
def test_unpublish_and_republish_buttons(client, editor, live_article):
    client.force_login(editor)
    client.post(reverse("admin:articles_article_unpublish", args=[live_article.pk]))
    assert client.get(live_article.get_absolute_url()).status_code == 404
    client.post(reverse("admin:articles_article_republish", args=[live_article.pk]))
    assert client.get(live_article.get_absolute_url()).status_code == 200
    assert list(PublicationEvent.objects.filter(article=live_article).values_list("action", flat=True)) == [
        "republished", "unpublished", "published"]


# --- roles --------------------------------------------------------------------------

@pytest.mark.parametrize(("role", "changelist", "publish_log"), [
    ("Writers", 200, 403),
    ("Editors", 200, 200),
    ("Moderators", 403, 403),
])
@pytest.mark.django_db
def test_each_role_sees_what_it_may(client, make_user, live_article, role, changelist, publish_log):
    client.force_login(make_user(role))
    assert client.get(reverse("admin:articles_article_changelist")).status_code == changelist
    assert client.get(reverse("admin:articles_publicationevent_changelist")).status_code == publish_log


@pytest.mark.django_db
def test_anonymous_is_sent_to_login(client, live_article):
    response = client.get(reverse("admin:articles_article_changelist"))
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


@pytest.mark.django_db
def test_writer_can_read_but_not_edit_another_writers_story(client, make_user, section, live_article):
    other = make_user("Writers")
    client.force_login(other)
    page = client.get(change_url(live_article))
    assert page.status_code == 200  # view only, with the latest version's words shown
    html = page.content.decode()
    assert "Everything we know about the return of the coastal thriller." in html
    assert "<h2>Has filming started?</h2>" in html
    assert 'name="headline"' not in html
    assert "Save draft" not in html and "submit for review" not in html  # nothing to press
    response = client.post(change_url(live_article), form_data(section, based_on=1, slug=live_article.slug))
    assert response.status_code == 403
    assert client.post(reverse("admin:articles_article_restore", args=[live_article.pk, 1])).status_code == 403
    assert live_article.versions.count() == 1


@pytest.mark.parametrize("view", ["admin:articles_article_unpublish", "admin:articles_article_republish"])
@pytest.mark.django_db
def test_writer_cannot_unpublish_their_own_story(client, writer, live_article, view):
    client.force_login(writer)
    response = client.post(reverse(view, args=[live_article.pk]), follow=True)
    assert any("permission" in m for m in messages_of(response))
    live_article.refresh_from_db()
    assert live_article.state == ArticleState.PUBLISHED


@pytest.mark.django_db
def test_no_one_can_delete_a_story_in_the_admin(client, editor, live_article):
    client.force_login(editor)
    response = client.post(reverse("admin:articles_article_delete", args=[live_article.pk]),
                           {"post": "yes"})
    assert response.status_code == 403
    assert Article.objects.filter(pk=live_article.pk).exists()


@pytest.mark.django_db
def test_changelist_query_count_is_flat(client, editor, make_article, publish,
                                        django_assert_num_queries):
    for n in range(3):
        publish(make_article(slug=f"row-{n}").latest_version)
    client.force_login(editor)
    # session, user, user and group permissions; section and author filter choices;
    # two counts; the rows with their versions; sections; authors; two for the date bar
    with django_assert_num_queries(13):
        response = client.get(reverse("admin:articles_article_changelist"))
    assert len(response.context["cl"].result_list) == 3


@pytest.mark.parametrize("view", ["admin:articles_article_unpublish", "admin:articles_article_republish"])
@pytest.mark.django_db
def test_publishing_buttons_only_answer_post(client, editor, live_article, view):
    client.force_login(editor)
    assert client.get(reverse(view, args=[live_article.pk])).status_code == 405
    live_article.refresh_from_db()
    assert live_article.state == ArticleState.PUBLISHED


@pytest.mark.django_db
def test_saving_again_after_a_stale_refusal_goes_on_top(client, writer, editor, section, live_article):
    import re

    client.force_login(writer)
    version_create(live_article, by=editor, based_on=1, headline="Editor first",
                            standfirst="Meanwhile.")
    refused = client.post(change_url(live_article), form_data(
        section, based_on=1, slug=live_article.slug, body="<p>Mine.</p>")).content.decode()
    based_on = re.search(r'name="based_on" value="(\d+)"', refused).group(1)
    assert based_on == "2"

    client.post(change_url(live_article), form_data(section, based_on=based_on,
                                                    body="<p>Mine.</p>"))
    assert live_article.versions.get(number=3).body == "<p>Mine.</p>"


@pytest.mark.django_db
def test_writer_saves_words_on_a_live_story_but_not_its_address_or_expiry(client, writer, section,
                                                                          live_article):
    client.force_login(writer)
    page = client.get(change_url(live_article)).content.decode()
    assert 'name="slug"' not in page and 'name="expire_at_0"' not in page

    data = form_data(section, based_on=1, headline="Writer's new headline")
    for name in ("slug", "sections", "authors", "expire_at_0", "expire_at_1"):
        data.pop(name)
    client.post(change_url(live_article), data)
    live_article.refresh_from_db()
    assert live_article.latest_version.headline == "Writer's new headline"
    assert live_article.slug == "salt-line-season-2"

    with pytest.raises(PermissionDenied, match="Only editors can change the web address"):
        version_create(live_article, by=writer, based_on=None, slug="hijacked",
                                headline="x", standfirst="y")
    with pytest.raises(PermissionDenied, match="expiry"):
        version_create(live_article, by=writer, based_on=None,
                                expire_at=timezone.now() - timedelta(days=1),
                                headline="x", standfirst="y")
    assert client.get(live_article.get_absolute_url()).status_code == 200


@pytest.mark.django_db
def test_preview_of_a_pending_update_shows_its_label(client, editor, live_article, revise):
    pending = revise(live_article, kind="update", update_label="July Update",
                     public_note="The premiere date is set.")
    client.force_login(editor)
    html = client.get(reverse("admin:articles_article_preview",
                              args=[live_article.pk, pending.number])).content.decode()
    assert "Latest update: July Update</strong> — The premiere date is set." in html


@pytest.mark.django_db
def test_too_long_body_is_refused_with_a_clear_message_and_kept(client, editor, section):
    client.force_login(editor)
    body = "<p>" + "word " * 70_000 + "</p>"
    response = client.post(ADD_URL, form_data(section, body=body, headline="Very long story"))
    html = response.content.decode()
    assert "The story is too long to save" in html
    assert 'value="Very long story"' in html
    assert Article.objects.count() == 0


@pytest.mark.django_db
def test_headline_without_latin_letters_asks_for_an_address(client, editor, section):
    client.force_login(editor)
    response = client.post(ADD_URL, form_data(section, headline="Сериал вернётся"))
    assert "We could not make a web address from this headline" in response.content.decode()
    assert Article.objects.count() == 0


@pytest.mark.django_db
def test_expiry_in_the_past_is_refused(client, editor, section):
    client.force_login(editor)
    past = timezone.localtime(timezone.now() - timedelta(hours=1))
    response = client.post(ADD_URL, form_data(section, expire_at_0=past.strftime("%Y-%m-%d"),
                                              expire_at_1=past.strftime("%H:%M:%S")))
    assert "Pick a time in the future, or leave it empty." in response.content.decode()
    assert Article.objects.count() == 0


@pytest.mark.django_db
def test_writers_cannot_change_library_images(client, writer, editor, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from articles.demo.pictures import render_title_card

    image = image_create(
        title="Poster", alt_text="A poster", by=editor,
        file=SimpleUploadedFile("p.jpg", render_title_card("Poster", ["#000000", "#ffffff"])))
    client.force_login(writer)
    url = reverse("admin:articles_image_change", args=[image.pk])
    assert client.post(url, {"title": "Replaced", "alt_text": "x"}).status_code == 403
    image.refresh_from_db()
    assert image.title == "Poster"


@pytest.mark.django_db
def test_publishing_log_query_count_is_flat(client, editor, make_article, publish,
                                            django_assert_num_queries):
    for n in range(3):
        publish(make_article(slug=f"log-{n}").latest_version)
    client.force_login(editor)
    # session, user, user and group permissions; "by" filter choices; two counts; the rows
    # with story and people; two for the date bar
    with django_assert_num_queries(10):
        response = client.get(reverse("admin:articles_publicationevent_changelist"))
    assert len(response.context["cl"].result_list) == 3
