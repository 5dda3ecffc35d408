"""The media library in the admin: uploading one picture or several, describing them, the
focal point, where a picture is used, deleting, who may change what, and picking pictures
for stories and shows."""
from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from articles.models import Image
from articles.services.images import image_create, image_usage
from tests import imagefiles
from tests.articles.admin.test_shows import edit_form
from tests.articles.admin.test_stories import ADD_URL as STORY_ADD_URL
from tests.articles.admin.test_stories import form_data, messages_of

LIBRARY_URL = reverse("admin:articles_image_changelist")
ADD_URL = reverse("admin:articles_image_add")
UPLOAD_URL = reverse("admin:articles_image_upload")
DESCRIBE_URL = reverse("admin:articles_image_describe")
AUTOCOMPLETE_URL = reverse("admin:autocomplete")

NEEDS_ALT_CELL = '<td class="field-alt_text_column"><strong class="image-needs-alt">Needs alt text'
NOT_A_PICTURE = "This file is not a picture Newsdesk can read. Upload a JPEG, PNG, WebP or GIF."

pytestmark = pytest.mark.django_db


def change_url(image):
    return reverse("admin:articles_image_change", args=[image.pk])


def delete_url(image):
    return reverse("admin:articles_image_delete", args=[image.pk])


def details_form(image, **overrides):
    data = {"title": image.title, "alt_text": image.alt_text, "caption": image.caption,
            "credit": image.credit, "focal_x": round(image.focal_x * 100),
            "focal_y": round(image.focal_y * 100)}
    if image.is_decorative:
        data["is_decorative"] = "on"
    data.update(overrides)
    return data


def undescribed(by, name="still.jpg"):
    """A picture stored by a bulk upload and not described yet."""
    return image_create(title=name, file=imagefiles.jpeg(800, 450, name=name), by=by,
                                 describe_later=True)


def stored(settings, image_or_name):
    name = getattr(image_or_name, "file", None)
    return (Path(settings.MEDIA_ROOT) / str(name.name if name else image_or_name)).exists()


# --- uploading one picture ------------------------------------------------------------------

def test_writer_uploads_a_picture_and_it_is_saved_with_its_size_and_renditions(
        client, writer, django_capture_on_commit_callbacks):
    client.force_login(writer)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(ADD_URL, {
            "file": imagefiles.jpeg(1600, 900, name="Harbor Lights still.jpg"),
            "title": "Harbor Lights: Mara on the pier", "alt_text": "Mara alone on a wet pier",
            "caption": "Mara returns in season 3.", "credit": "Netflix",
        })
    response = client.get(LIBRARY_URL)

    image = Image.objects.get()
    assert (image.width, image.height, image.format) == (1600, 900, "JPEG")
    assert image.uploaded_by == writer
    assert image.alt_text == "Mara alone on a wet pier"
    assert [r["width"] for r in image.renditions_of("wide", "jpeg")] == [320, 640, 960, 1280, 1600]
    # The library shows the smallest rendition, never the original.
    smallest = image.file.storage.url(image.renditions["wide-320.jpeg"]["name"])
    assert f'src="{smallest}"' in response.content.decode()
    assert f'src="{image.file.url}"' not in response.content.decode()


@pytest.mark.parametrize("make_file, reason", [
    (imagefiles.truncated_jpeg, "The file is incomplete: its picture data stops before the end, "
                                "as after an interrupted download or copy. Upload the complete "
                                "file."),
    (imagefiles.svg, "SVG drawings are not accepted: export a PNG and upload that."),
    (imagefiles.text_file, NOT_A_PICTURE),
])
def test_a_bad_file_is_refused_beside_the_file_input_and_the_typed_words_are_kept(
        client, writer, make_file, reason):
    client.force_login(writer)
    response = client.post(ADD_URL, {"file": make_file(), "title": "Harbor Lights poster",
                                     "alt_text": "The poster: a lighthouse at dusk",
                                     "credit": "Apple TV+"})

    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {"file": [reason]}
    page = response.content.decode()
    assert 'value="Harbor Lights poster"' in page
    assert "The poster: a lighthouse at dusk</textarea>" in page
    assert 'value="Apple TV+"' in page
    assert not Image.objects.exists()


def test_a_picture_without_alt_text_is_refused_unless_decorative(client, writer):
    client.force_login(writer)
    response = client.post(ADD_URL, {"file": imagefiles.jpeg(), "title": "Logo"})
    assert response.context["adminform"].form.errors == {
        "alt_text": ["Describe the picture, or mark it as decorative."]}

    client.post(ADD_URL, {"file": imagefiles.jpeg(), "title": "Divider", "is_decorative": "on"})
    assert Image.objects.get().title == "Divider"


# --- uploading several ----------------------------------------------------------------------

def test_bulk_upload_keeps_the_good_files_names_the_bad_one_and_asks_for_descriptions(
        client, writer, settings):
    client.force_login(writer)
    response = client.post(UPLOAD_URL, {
        "pictures": [imagefiles.jpeg(name="harbor_lights-still.jpg"),
                     imagefiles.text_file(name="notes.jpg"),
                     imagefiles.png(name="cast.png")],
        "credit": "Netflix",
    }, follow=True)

    saved = list(Image.objects.order_by("pk"))
    assert [(i.title, i.credit, i.is_described()) for i in saved] == [
        ("harbor lights still", "Netflix", False), ("cast", "Netflix", False)]
    assert all(stored(settings, image) for image in saved)
    final_url = urlsplit(response.redirect_chain[-1][0])
    assert final_url.path == DESCRIBE_URL
    assert parse_qs(final_url.query) == {"ids": [f"{saved[0].pk},{saved[1].pk}"]}
    assert f"“notes.jpg” was not uploaded: {NOT_A_PICTURE}" in messages_of(response)
    assert "Uploaded 2 pictures." in messages_of(response)[-1]
    assert [form.initial["title"] for form in response.context["formset"]] == [
        "harbor lights still", "cast"]


def test_bulk_upload_of_only_bad_files_stays_on_the_upload_page_with_the_reasons(client, writer):
    client.force_login(writer)
    response = client.post(UPLOAD_URL, {"pictures": [imagefiles.svg()]}, follow=True)
    assert response.redirect_chain == []
    assert messages_of(response) == [
        "“logo.svg” was not uploaded: SVG drawings are not accepted: export a PNG and upload that."]
    assert not Image.objects.exists()


def test_bulk_upload_without_files_says_what_to_do(client, writer):
    client.force_login(writer)
    response = client.post(UPLOAD_URL, {"credit": "Netflix"})
    assert response.context["form"].errors == {"pictures": ["Choose one or more pictures to upload."]}


def describe_data(images, rows):
    data = {"form-TOTAL_FORMS": str(len(images)), "form-INITIAL_FORMS": str(len(images)),
            "form-MIN_NUM_FORMS": "0", "form-MAX_NUM_FORMS": "1000"}
    for n, (image, row) in enumerate(zip(images, rows)):
        fields = {"image": image.pk, "title": image.title, "alt_text": image.alt_text,
                  "caption": image.caption, "credit": image.credit, **row}
        data.update({f"form-{n}-{name}": value for name, value in fields.items()})
    return data


def test_describe_page_saves_alt_text_and_leaves_the_rest_flagged(client, writer):
    first, second = undescribed(writer, "pier.jpg"), undescribed(writer, "crowd.jpg")
    client.force_login(writer)
    url = f"{DESCRIBE_URL}?ids={first.pk},{second.pk}"
    response = client.post(url, describe_data([first, second], [
        {"alt_text": "Mara alone on a wet pier", "caption": "Season 3 begins here."}, {}]),
        follow=True)

    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.alt_text, first.caption, first.is_described()) == (
        "Mara alone on a wet pier", "Season 3 begins here.", True)
    assert not second.is_described()
    assert messages_of(response) == [
        "Saved 1 picture.",
        "1 picture still needs alt text: it stays marked “Needs alt text” in the library."]
    library = response.content.decode()
    assert response.redirect_chain[-1][0] == LIBRARY_URL
    assert library.count(NEEDS_ALT_CELL) == 1


def test_describe_page_refuses_a_change_that_leaves_no_alt_text(client, writer):
    image = undescribed(writer)
    client.force_login(writer)
    response = client.post(f"{DESCRIBE_URL}?ids={image.pk}",
                           describe_data([image], [{"title": "Mara on the pier"}]))
    assert response.status_code == 200
    assert response.context["formset"][0].errors == {
        "alt_text": ["Describe the picture, or mark it as decorative."]}
    image.refresh_from_db()
    assert image.title == "still.jpg"


def test_describe_page_leaves_out_pictures_the_writer_may_not_change(client, writer, editor):
    theirs, mine = undescribed(editor, "editor.jpg"), undescribed(writer, "mine.jpg")
    client.force_login(writer)
    response = client.get(f"{DESCRIBE_URL}?ids={theirs.pk},{mine.pk}")
    assert [form.initial["image"] for form in response.context["formset"]] == [mine.pk]
    # Posting the other picture's row anyway changes nothing.
    client.post(f"{DESCRIBE_URL}?ids={theirs.pk}",
                describe_data([theirs], [{"alt_text": "Hijacked"}]))
    theirs.refresh_from_db()
    assert theirs.alt_text == ""


# --- one picture: focal point, where it is used ---------------------------------------------

def test_setting_the_focal_point_in_percent_remakes_the_crops_around_it(
        client, editor, make_image, django_capture_on_commit_callbacks):
    image = make_image(imagefiles.jpeg(1600, 900))
    client.force_login(editor)
    page = client.get(change_url(image)).content.decode()
    preview = image.file.storage.url(image.renditions["original-480.jpeg"]["name"])
    assert f'<img src="{preview}"' in page
    assert 'name="focal_x" value="50"' in page

    with django_capture_on_commit_callbacks(execute=True):
        client.post(change_url(image), details_form(image, focal_x=25, focal_y=70))
    image.refresh_from_db()
    assert (image.focal_x, image.focal_y) == (0.25, 0.7)
    assert image.renditions["wide-640.jpeg"]["name"].endswith("-25x70.jpg")


def test_a_focal_point_outside_the_picture_is_refused(client, editor, make_image):
    image = make_image()
    client.force_login(editor)
    response = client.post(change_url(image), details_form(image, focal_x=120))
    assert response.context["adminform"].form.errors == {
        "focal_x": ["Ensure this value is less than or equal to 100."]}


def test_change_page_links_to_the_stories_and_shows_using_the_picture(
        client, editor, make_image, make_article, make_show):
    image = make_image(title="Pier still")
    story = make_article(headline="Harbor Lights returns", lead_image=image)
    show = make_show(name="Harbor Lights", poster=image)
    client.force_login(editor)
    page = client.get(change_url(image)).content.decode()
    story_url = reverse("admin:articles_article_change", args=[story.pk])
    show_url = reverse("admin:articles_show_change", args=[show.pk])
    assert f'<a href="{story_url}">Story: Harbor Lights returns</a>' in page
    assert f'<a href="{show_url}">Show poster: Harbor Lights</a>' in page


# --- deleting -----------------------------------------------------------------------------

def test_deleting_a_picture_a_story_uses_is_refused_naming_the_story(
        client, editor, make_image, make_article):
    image = make_image(title="Pier still")
    make_article(headline="Harbor Lights returns", body=f"<p>[image {image.pk}]</p>")
    client.force_login(editor)
    for response in (client.get(delete_url(image), follow=True),
                     client.post(delete_url(image), {"post": "yes"}, follow=True)):
        assert response.redirect_chain[-1][0] == change_url(image)
        assert messages_of(response) == [
            "“Pier still” is used by the story “Harbor Lights returns”. Replace it there first; "
            "old versions keep it for their history, so an image used by a story can never be "
            "deleted."]
    assert Image.objects.filter(pk=image.pk).exists()


def test_deleting_an_unused_picture_removes_it_and_its_files(
        client, editor, make_image, settings, django_capture_on_commit_callbacks):
    image = make_image()
    files = [image.file.name, *(r["name"] for r in image.renditions.values())]
    assert all(stored(settings, name) for name in files)
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(delete_url(image), {"post": "yes"})
    assert not Image.objects.exists()
    assert not any(stored(settings, name) for name in files)


def test_bulk_delete_keeps_pictures_in_use_and_deletes_the_rest_after_confirming(
        client, editor, make_image, make_article, make_show, settings,
        django_capture_on_commit_callbacks):
    used = make_image(title="Pier still")
    poster = make_image(title="Poster")
    spare = make_image(title="Spare")
    make_article(headline="Harbor Lights returns", lead_image=used)
    make_show(name="Harbor Lights", poster=poster)
    client.force_login(editor)
    selection = {"action": "delete_pictures", "_selected_action": [used.pk, poster.pk, spare.pk]}

    response = client.post(LIBRARY_URL, selection)
    assert [image.title for image, _ in response.context["pictures"]] == ["Spare"]
    assert messages_of(response) == [  # newest first, as the library lists them
        "“Poster” is used by the show Harbor Lights. Replace it there first; old versions "
        "keep it for their history, so an image used by a story can never be deleted.",
        "“Pier still” is used by the story “Harbor Lights returns”. Replace it there first; "
        "old versions keep it for their history, so an image used by a story can never be "
        "deleted."]
    assert Image.objects.count() == 3

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(LIBRARY_URL, {**selection, "_selected_action": [spare.pk],
                                             "confirm": "yes"}, follow=True)
    assert "Deleted 1 picture and its files." in messages_of(response)
    assert sorted(Image.objects.values_list("title", flat=True)) == ["Pier still", "Poster"]
    assert not stored(settings, spare)


# --- who may do what ------------------------------------------------------------------------

def test_writer_edits_their_own_unused_picture(client, writer, make_image):
    image = make_image(by=writer)
    client.force_login(writer)
    client.post(change_url(image), details_form(image, alt_text="Mara on the pier at night"))
    image.refresh_from_db()
    assert image.alt_text == "Mara on the pier at night"


@pytest.mark.parametrize("whose", ["an editor's", "their own, used by a story"])
def test_writer_cannot_change_a_picture_that_is_not_theirs_to_change(
        client, writer, editor, make_image, make_article, whose):
    image = make_image(by=editor if whose == "an editor's" else writer,
                       alt_text="Mara on the pier")
    if whose != "an editor's":
        make_article(lead_image=image)
    client.force_login(writer)

    page = client.get(change_url(image))
    assert page.status_code == 200
    assert 'name="alt_text"' not in page.content.decode()  # view only
    assert client.post(change_url(image), details_form(image, alt_text="Changed")).status_code == 403
    image.refresh_from_db()
    assert image.alt_text == "Mara on the pier"


@pytest.mark.parametrize("role, can_delete", [("Writers", False), ("Editors", True)])
def test_only_editors_delete_pictures(client, make_user, make_image, role, can_delete):
    person = make_user(role)
    image = make_image(by=person)
    client.force_login(person)
    assert client.get(delete_url(image)).status_code == (200 if can_delete else 403)
    action_form = client.get(LIBRARY_URL).context["action_form"]  # None: no actions at all
    actions = dict(action_form.fields["action"].choices) if action_form else {}
    assert ("delete_pictures" in actions) is can_delete


def test_editor_changes_a_picture_in_use(client, editor, writer, make_image, make_article):
    image = make_image(by=writer)
    make_article(lead_image=image)
    client.force_login(editor)
    client.post(change_url(image), details_form(image, credit="Apple TV+"))
    image.refresh_from_db()
    assert image.credit == "Apple TV+"


@pytest.mark.parametrize("role", ["Writers", "Editors"])
def test_staff_see_the_library_and_the_upload_pages(client, make_user, role):
    client.force_login(make_user(role))
    for url in (LIBRARY_URL, ADD_URL, UPLOAD_URL, DESCRIBE_URL):
        assert client.get(url).status_code == 200


def test_moderators_have_no_library(client, moderator):
    client.force_login(moderator)
    assert client.get(LIBRARY_URL).status_code == 403
    assert client.get(UPLOAD_URL).status_code == 403


# --- the library list -----------------------------------------------------------------------

def test_library_flags_pictures_needing_alt_text_and_counts_where_each_is_used(
        client, editor, writer, make_image, make_article, make_show, django_assert_num_queries):
    everywhere = make_image(title="Pier still", credit="Netflix")
    make_article(lead_image=everywhere)
    make_article(body=f"<p>[image {everywhere.pk}: Mara, in season 3]</p>")
    make_show(name="Harbor Lights", poster=everywhere)
    make_image(title="Divider", alt_text="", is_decorative=True)
    undescribed(writer, "crowd.jpg")
    client.force_login(editor)

    # session, user, user and group permissions; "uploaded by" filter choices; two counts;
    # the rows with their uploaders and use counts
    with django_assert_num_queries(8):
        response = client.get(LIBRARY_URL)

    rows = {image.title: image for image in response.context["cl"].result_list}
    assert {title: image.used_count for title, image in rows.items()} == {
        "Pier still": 3, "Divider": 0, "crowd.jpg": 0}
    page = response.content.decode()
    assert page.count(NEEDS_ALT_CELL) == 1
    assert '<span class="image-decorative">Decorative</span>' in page
    assert "3 places" in page


@pytest.mark.parametrize("query, found", [
    ({"q": "netflix"}, ["Pier still"]),
    ({"q": "lighthouse"}, ["Poster"]),
    ({"alt": "needed"}, ["crowd.jpg"]),
    ({"alt": "described"}, ["Poster", "Pier still"]),
])
def test_library_search_and_filters(client, editor, writer, make_image, query, found):
    make_image(title="Pier still", credit="Netflix")
    make_image(title="Poster", alt_text="A lighthouse at dusk")
    undescribed(writer, "crowd.jpg")
    client.force_login(editor)
    response = client.get(LIBRARY_URL, query)
    assert [image.title for image in response.context["cl"].result_list] == found


# --- picking pictures for stories and shows -------------------------------------------------

@pytest.mark.parametrize("model_name, field_name", [("articleversion", "lead_image"),
                                                    ("show", "poster")])
def test_pickers_offer_only_described_pictures(client, writer, make_image, model_name,
                                               field_name):
    ready = make_image(title="Harbor pier")
    undescribed(writer, "Harbor crowd")
    client.force_login(writer)
    response = client.get(AUTOCOMPLETE_URL, {"term": "harbor", "app_label": "articles",
                                             "model_name": model_name, "field_name": field_name})
    assert response.json()["results"] == [{"id": str(ready.pk), "text": "Harbor pier"}]


def test_show_poster_without_alt_text_is_refused_with_the_reason(client, editor, writer, show):
    image = undescribed(writer)
    client.force_login(editor)
    response = client.post(reverse("admin:articles_show_change", args=[show.pk]),
                           edit_form(show, poster=image.pk))
    assert response.context["adminform"].form.errors["poster"] == [
        "Pick a picture that has alt text: describe it in the media library first."]
    show.refresh_from_db()
    assert show.poster is None


def test_story_form_offers_tokens_for_recent_described_pictures(client, writer, make_image):
    ready = make_image(title="Harbor pier")
    waiting = undescribed(writer, "crowd.jpg")
    client.force_login(writer)
    page = client.get(STORY_ADD_URL).content.decode()
    assert f'<code class="body-pictures-token">[image {ready.pk}]</code>' in page
    assert f"[image {waiting.pk}]" not in page
    assert ("Put the token in a paragraph of its own; add ': your caption' before the ] to "
            "change the caption for this story.") in page
    assert f'action="{LIBRARY_URL}" target="_blank"' in page


def test_a_token_from_the_panel_places_the_picture_in_the_story(client, writer, section,
                                                                make_image):
    image = make_image(title="Harbor pier")
    client.force_login(writer)
    client.post(STORY_ADD_URL, form_data(
        section, body=f"<p>Filming starts in May.</p><p>[image {image.pk}: Mara, in May]</p>"))
    assert [story.headline for story in image_usage(image).stories] == [
        "Harbor Lights renewed for season 3"]
