"""Shows in the admin: picking them on stories, managing them, merging, the update queue."""
from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Show, ShowFactChange, ShowSlugRedirect
from articles.search import search
from articles.services.shows import SHOW_FIELDS, show_alias_add, show_update
from tests.articles.admin.test_stories import (
    ADD_URL,
    change_url,
    form_data,
    messages_of,
)

SHOWS_URL = reverse("admin:articles_show_changelist")
QUEUE_URL = reverse("admin:articles_storytoupdate_changelist")


def show_form(**overrides):
    data = {
        "name": "Harbor Lights", "slug": "harbor-lights", "synopsis": "", "poster": "",
        "status": "announced", "season": "", "release_date": "", "release_window": "",
        "platform": "", "last_confirmed": "", "country": "", "genre": "", "official_url": "",
        "aliases-TOTAL_FORMS": "1", "aliases-INITIAL_FORMS": "0",
        "aliases-MIN_NUM_FORMS": "0", "aliases-MAX_NUM_FORMS": "1000", "aliases-0-name": "",
        "fact_changes-TOTAL_FORMS": "0", "fact_changes-INITIAL_FORMS": "0",
        "fact_changes-MIN_NUM_FORMS": "0", "fact_changes-MAX_NUM_FORMS": "1000",
    }
    data.update(overrides)
    return data


def edit_form(show, **overrides):
    fields = {name: getattr(show, name) for name in SHOW_FIELDS}
    fields.update(poster="", season=show.season or "", release_date=show.release_date or "",
                  last_confirmed=show.last_confirmed or "")
    return show_form(**{**fields, **overrides})


@pytest.mark.django_db
def test_writer_tags_a_new_story_with_shows_and_topics(client, writer, section, show):
    client.force_login(writer)
    client.post(ADD_URL, form_data(section, shows=[show.pk], topics="KDrama, Zombie"))
    article = Article.objects.get()
    assert list(article.shows.all()) == [show]
    assert sorted(t.name for t in article.topics.all()) == ["KDrama", "Zombie"]
    assert article.latest_version.metadata["topics"] == ["KDrama", "Zombie"]


@pytest.mark.django_db
def test_writer_finds_a_show_by_another_spelling_in_the_picker(client, writer, show, editor):
    show_alias_add(show, name="Sogeum Line", by=editor)
    client.force_login(writer)
    response = client.get(reverse("admin:autocomplete"), {
        "term": "sogeum", "app_label": "articles", "model_name": "article", "field_name": "shows",
    })
    assert response.status_code == 200
    assert response.json()["results"] == [{"id": str(show.pk), "text": "The Salt Line"}]


@pytest.mark.django_db
def test_a_tracker_report_saved_in_the_admin_applies_on_publish(client, editor, section, show):
    client.force_login(editor)
    response = client.post(ADD_URL, form_data(
        section, action="publish", shows=[show.pk], tracker_show=show.pk,
        tracker_status="filming", tracker_release_date="2027-09-01",
        tracker_release_window="late 2027",
    ), follow=True)
    assert "Version 1 is live." in messages_of(response)
    show.refresh_from_db()
    assert (show.status, show.expected_release) == ("filming", "late 2027")
    article = Article.objects.get()
    assert ShowFactChange.objects.filter(version__article=article).count() == 2


@pytest.mark.django_db
def test_a_draft_keeps_its_tracker_report_in_the_form(client, writer, section, show):
    client.force_login(writer)
    client.post(ADD_URL, form_data(section, shows=[show.pk], tracker_show=show.pk,
                                   tracker_status="filming", tracker_season="3"))
    article = Article.objects.get()
    form = client.get(change_url(article)).context["adminform"].form
    assert form.initial["tracker_show"] == show.pk
    assert (form.initial["tracker_status"], form.initial["tracker_season"]) == ("filming", 3)


@pytest.mark.django_db
def test_a_report_without_a_show_keeps_the_form_and_says_why(client, writer, section, show):
    client.force_login(writer)
    response = client.post(ADD_URL, form_data(section, shows=[show.pk], tracker_status="filming",
                                               headline="Filming has begun"))
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert form.errors["tracker_show"] == ["Pick the show this news is about."]
    assert form["headline"].value() == "Filming has begun"
    assert not Article.objects.exists()


@pytest.mark.django_db
def test_a_report_about_another_show_is_shown_beside_the_field(client, writer, section, show,
                                                               make_show):
    other = make_show(name="Ashfall Crown")
    client.force_login(writer)
    response = client.post(ADD_URL, form_data(section, shows=[show.pk], tracker_show=other.pk,
                                               tracker_status="filming"))
    assert response.status_code == 200
    assert "Pick one of this story's shows" in response.context["adminform"].form.errors[
        "tracker_show"][0]
    assert not Article.objects.exists()


@pytest.mark.parametrize(("role", "status"), [("Writers", 403), ("Editors", 302)])
@pytest.mark.django_db
def test_only_editors_add_shows(client, make_user, role, status):
    client.force_login(make_user(role))
    response = client.post(reverse("admin:articles_show_add"), show_form(**{
        "aliases-0-name": "Harbour Lights"}))
    assert response.status_code == status
    if status == 302:
        show = Show.objects.get()
        assert list(show.aliases.values_list("name", flat=True)) == ["Harbour Lights"]


@pytest.mark.django_db
def test_editor_renames_a_show_and_changes_its_facts(client, editor, show):
    client.force_login(editor)
    response = client.post(reverse("admin:articles_show_change", args=[show.pk]),
                           edit_form(show, name="The Salt Line: Tides", status="filming"))
    assert response.status_code == 302
    show.refresh_from_db()
    assert show.slug == "the-salt-line-tides"
    assert ShowSlugRedirect.objects.get().old_slug == "the-salt-line"
    change = ShowFactChange.objects.get()
    assert (change.describe(), change.by, change.version) == (
        "Status: Renewed → Filming", editor, None)


@pytest.mark.django_db
def test_a_duplicate_name_is_refused_on_the_form(client, editor, show):
    client.force_login(editor)
    response = client.post(reverse("admin:articles_show_add"),
                           show_form(name="the salt line", slug="salt-2"))
    assert response.status_code == 200
    assert "There is already a show with this name" in str(response.context["adminform"].form.errors)
    assert Show.objects.count() == 1


@pytest.mark.django_db
def test_an_alias_that_names_another_show_is_refused_on_the_form(client, editor, show, make_show):
    other = make_show(name="Moonlit Pharmacy")
    client.force_login(editor)
    response = client.post(reverse("admin:articles_show_change", args=[other.pk]),
                           edit_form(other, **{"aliases-0-name": "The Salt Line"}))
    assert response.status_code == 200
    assert "is the name of another show" in str(response.context["inline_admin_formsets"][0].formset.errors)
    assert not other.aliases.exists()


@pytest.mark.django_db
def test_editor_merges_duplicates_from_the_show_list(client, editor, show, make_show,
                                                     make_article):
    duplicate = make_show(name="Salt Line")
    article = make_article(shows=[duplicate])
    client.force_login(editor)
    ids = [show.pk, duplicate.pk]
    page = client.post(SHOWS_URL, {"action": "merge_shows", "_selected_action": ids})
    assert page.status_code == 200 and b"Keep this show" in page.content

    response = client.post(SHOWS_URL, {"action": "merge_shows", "_selected_action": ids,
                                       "apply": "1", "into": show.pk}, follow=True)
    assert "Merged Salt Line into The Salt Line." in " ".join(messages_of(response))
    assert list(article.shows.all()) == [show]
    assert ShowSlugRedirect.objects.get(old_slug="salt-line").show == show


@pytest.mark.django_db
def test_a_show_with_stories_cannot_be_deleted(client, editor, show, make_article):
    make_article(shows=[show])
    client.force_login(editor)
    response = client.post(reverse("admin:articles_show_delete", args=[show.pk]), {"post": "yes"})
    assert response.status_code == 403
    assert Show.objects.filter(pk=show.pk).exists()


@pytest.mark.django_db
def test_show_list_query_count_is_flat(client, editor, make_show, make_article, publish,
                                       django_assert_num_queries):
    for n in range(3):
        show = make_show(name=f"Show number {n}")
        publish(make_article(shows=[show]).latest_version)
    client.force_login(editor)
    # session; user; permissions (x2: user, groups); count (x2: filtered, total); page of
    # shows with live-story counts; the platform filter's choices
    with django_assert_num_queries(8):
        response = client.get(SHOWS_URL)
    assert response.status_code == 200
    assert b"Show number 2" in response.content


@pytest.fixture
def stale_desk(show, make_article, publish, revise, make_user, writer, editor):
    """Two week-old stories about The Salt Line (Wendy's and Otto's); then filming news."""
    otto = make_user("Writers", username="otto", first_name="Otto", last_name="Brandt")
    week_ago = timezone.now() - timedelta(days=7)
    stories = []
    for slug, author in [("wendys-story", writer), ("ottos-story", otto),
                         ("wendys-other", writer)]:
        article = make_article(slug=slug, shows=[show], authors=[author], by=author, at=week_ago)
        publish(article.latest_version, days_ago=6)
        stories.append(article)
    show_update(show, by=editor, status="filming")
    return {"otto": otto, "stories": stories}


@pytest.mark.django_db
def test_writers_see_their_own_stories_that_need_an_update(client, writer, stale_desk):
    client.force_login(writer)
    response = client.get(QUEUE_URL)
    page = response.content.decode()
    assert response.status_code == 200
    assert page.count("When will The Salt Line season 2 arrive?") == 2
    assert page.count("Status: Renewed → Filming") == 2
    assert reverse("admin:articles_article_change", args=[stale_desk["stories"][0].pk]) in page
    assert reverse("admin:articles_article_change", args=[stale_desk["stories"][1].pk]) not in page


@pytest.mark.django_db
def test_editors_see_every_story_that_needs_an_update(client, editor, stale_desk,
                                                      django_assert_num_queries):
    client.force_login(editor)
    # session; user; permissions (x2); count (x2); the page of stories with their newest
    # change; their authors
    with django_assert_num_queries(8):
        response = client.get(QUEUE_URL)
    assert response.content.decode().count("When will The Salt Line season 2 arrive?") == 3
    assert "Otto Brandt" in response.content.decode()


@pytest.mark.django_db
def test_moderators_have_no_update_queue(client, moderator):
    client.force_login(moderator)
    assert client.get(QUEUE_URL).status_code == 403


# --- other spellings go through the show services ---------------------------------------------

LOOKALIKE = "S\u0430lt Line"  # the "а" is Cyrillic


@pytest.mark.django_db
def test_a_lookalike_spelling_is_refused_beside_its_row_and_nothing_is_saved(client, editor,
                                                                              show):
    client.force_login(editor)
    response = client.post(reverse("admin:articles_show_change", args=[show.pk]),
                           edit_form(show, status="filming", **{"aliases-0-name": LOOKALIKE}))
    assert response.status_code == 200
    aliases = response.context["inline_admin_formsets"][0].formset
    assert "mixes Cyrillic and Latin letters" in aliases.forms[0].errors["name"][0]
    assert aliases.forms[0]["name"].value() == LOOKALIKE  # the row keeps what was typed
    assert response.context["adminform"].form["status"].value() == "filming"
    assert "mixes Cyrillic and Latin letters" in response.content.decode()
    show.refresh_from_db()
    assert (show.status, show.aliases.count(), ShowFactChange.objects.count()) == (
        "renewed", 0, 0)


@pytest.mark.django_db
def test_a_lookalike_spelling_on_a_new_show_keeps_the_add_form(client, editor):
    client.force_login(editor)
    response = client.post(reverse("admin:articles_show_add"),
                           show_form(**{"aliases-0-name": LOOKALIKE}))
    assert response.status_code == 200
    assert response.context["original"] is None
    aliases = response.context["inline_admin_formsets"][0].formset
    assert "mixes Cyrillic and Latin letters" in aliases.forms[0].errors["name"][0]
    assert not Show.objects.exists()


@pytest.mark.django_db
def test_a_spelling_added_in_the_admin_is_searchable_and_refreshes_the_show_page(
        client, editor, show, make_article, publish, committed):
    story = make_article(slug="salt-line-news", shows=[show])
    publish(story.latest_version)
    reader = Client()
    show_page = reverse("articles:show", args=[show.slug])
    reader.get(show_page)
    assert reader.get(show_page)["X-Page-Cache"] == "hit"
    assert [hit.article_id for hit in search("saltline")[0:12]] == []

    client.force_login(editor)
    response = committed(client.post, reverse("admin:articles_show_change", args=[show.pk]),
                         edit_form(show, **{"aliases-0-name": "Saltline"}))

    assert response.status_code == 302
    assert list(show.aliases.values_list("name", flat=True)) == ["Saltline"]
    assert [hit.article_id for hit in search("saltline")[0:12]] == [story.pk]
    assert reader.get(show_page)["X-Page-Cache"] == "miss"


def existing_spelling_form(show, alias, **row):
    """The show's change form with its one other spelling as an existing row."""
    return edit_form(show, **{"aliases-INITIAL_FORMS": "1", "aliases-0-id": str(alias.pk),
                              "aliases-0-show": str(show.pk), "aliases-0-name": alias.name,
                              **{f"aliases-0-{key}": value for key, value in row.items()}})


@pytest.mark.django_db
def test_a_spelling_changed_to_a_lookalike_is_refused_and_the_old_one_kept(client, editor,
                                                                           show):
    alias = show_alias_add(show, name="Saltline", by=editor)
    client.force_login(editor)
    response = client.post(reverse("admin:articles_show_change", args=[show.pk]),
                           existing_spelling_form(show, alias, name=LOOKALIKE))
    assert response.status_code == 200
    aliases = response.context["inline_admin_formsets"][0].formset
    assert "mixes Cyrillic and Latin letters" in aliases.forms[0].errors["name"][0]
    assert list(show.aliases.values_list("name", flat=True)) == ["Saltline"]


@pytest.mark.django_db
def test_a_spelling_removed_in_the_admin_no_longer_finds_the_story(
        client, editor, show, make_article, publish, committed):
    alias = show_alias_add(show, name="Saltline", by=editor)
    story = make_article(slug="salt-line-news", shows=[show])
    publish(story.latest_version)
    assert [hit.article_id for hit in search("saltline")[0:12]] == [story.pk]

    client.force_login(editor)
    response = committed(client.post, reverse("admin:articles_show_change", args=[show.pk]),
                         existing_spelling_form(show, alias, DELETE="on"))

    assert response.status_code == 302
    assert not show.aliases.exists()
    assert [hit.article_id for hit in search("saltline")[0:12]] == []
