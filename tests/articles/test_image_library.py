"""The media library through its services: uploads, descriptions, where a picture is used,
deleting, moving the focal point, and renditions made once."""
from __future__ import annotations

import threading
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.core.management import call_command

from articles.models import BodyImage, Image
from articles.services.images import (
    ImageInUse,
    can_edit_image,
    image_create,
    image_delete,
    image_update,
    image_usage,
)
from articles.services.renditions import image_renditions_ensure
from articles.services.shows import show_update
from tests import imagefiles

pytestmark = pytest.mark.django_db


def stored_files(settings, folder: str) -> list[str]:
    root = Path(settings.MEDIA_ROOT) / folder
    return sorted(str(path.relative_to(settings.MEDIA_ROOT)) for path in root.rglob("*")
                  if path.is_file())


def test_upload_keeps_what_the_file_really_is_and_makes_every_rendition(make_image, editor):
    # A PNG someone saved as .jpg: the library goes by the content.
    image = make_image(imagefiles.png(2000, 1000, name="Cast Photo (final).jpg"), by=editor)

    assert (image.format, image.width, image.height) == ("PNG", 2000, 1000)
    assert image.file.name.endswith("/cast-photo-final.png")
    assert image.file_size == image.file.size
    assert image.uploaded_by == editor
    assert sorted(key for key in image.renditions if key.endswith(".webp")) == [
        "original-1600.webp", "original-480.webp", "original-960.webp",
        "poster-200.webp", "poster-400.webp", "poster-600.webp",
        "social-1200.webp",
        "wide-1280.webp", "wide-1600.webp", "wide-320.webp", "wide-640.webp", "wide-960.webp",
    ]
    assert image.renditions["wide-640.jpeg"]["height"] == 360
    assert image.renditions["social-1200.jpeg"]["height"] == 630
    for rendition in image.renditions.values():
        assert default_storage.exists(rendition["name"])


def test_upload_turns_the_picture_the_way_the_camera_held_it(make_image):
    image = make_image(imagefiles.jpeg(1200, 800, orientation=6))
    assert (image.width, image.height) == (800, 1200)


@pytest.mark.parametrize("upload, reason", [
    (imagefiles.svg(), "SVG"),
    (imagefiles.truncated_jpeg(), "incomplete"),
    (imagefiles.text_file(), "not a picture"),
    (imagefiles.bomb_png(), "megapixels"),
])
def test_a_bad_upload_is_refused_on_the_file_field_and_nothing_is_stored(settings, upload,
                                                                          reason, editor):
    with pytest.raises(ValidationError) as refused:
        image_create(title="Poster", alt_text="A poster", file=upload, by=editor)

    assert reason.lower() in " ".join(refused.value.message_dict["file"]).lower()
    assert Image.objects.count() == 0
    assert stored_files(settings, "images") == []


def test_an_upload_over_the_size_setting_is_refused_saying_the_limit(settings, editor):
    settings.IMAGES_MAX_UPLOAD_MB = 1
    big = imagefiles.jpeg(3000, 2000, noise=True, quality=100)
    assert big.size > 1024 * 1024

    with pytest.raises(ValidationError) as refused:
        image_create(title="Still", alt_text="A still", file=big, by=editor)
    assert "1 MB" in refused.value.message_dict["file"][0]


def test_a_picture_without_alt_text_is_refused_unless_described_later(editor):
    with pytest.raises(ValidationError) as refused:
        image_create(title="Still", file=imagefiles.jpeg(), by=editor)
    assert refused.value.message_dict["alt_text"] == [
        "Describe the picture, or mark it as decorative."]

    later = image_create(title="Still", file=imagefiles.jpeg(), by=editor,
                                  describe_later=True)
    assert list(Image.objects.needing_description()) == [later]


def test_an_undescribed_picture_cannot_lead_a_story_until_described(make_article, editor):
    image = image_create(title="Set photo", file=imagefiles.jpeg(), by=editor,
                                  describe_later=True)

    with pytest.raises(ValidationError) as refused:
        make_article(lead_image=image)
    assert refused.value.message_dict["lead_image"] == [
        "“Set photo” has no alt text yet. Describe it in the media library (or mark it "
        "decorative), then pick it again."]

    image_update(image, by=editor, alt_text="The crew on the ferry deck")
    image.refresh_from_db()
    assert make_article(lead_image=image).latest_version.lead_image == image


def test_body_places_pictures_by_number_and_each_use_is_recorded(make_article, make_image):
    still, poster = make_image(), make_image()
    article = make_article(body=f"<p>Intro.</p><p>[image {still.pk}]</p>"
                                f"<p>[image {poster.pk}: The new poster, revealed today]</p>"
                                f"<p>[image {still.pk}]</p>")

    linked = BodyImage.objects.filter(version=article.latest_version)
    assert sorted(link.image_id for link in linked) == sorted([still.pk, poster.pk])


@pytest.mark.parametrize("body, message", [
    ("<p>[image 999999]</p>", "The body places image 999999, which is not in the media "
                              "library. Check the number in [image …]."),
    ("<p>As seen here [image {pk}] on set.</p>", "Put each [image …] in a paragraph of its "
                                                 "own: inside other text it cannot become a "
                                                 "picture."),
    ('<p><img src="https://example.com/still.jpg" alt="A still"></p>',
     "A picture was pasted into the body. Pictures come from the media library: upload it "
     "there and put [image N] in a paragraph of its own where it should appear."),
])
def test_a_body_with_a_picture_it_cannot_show_is_refused_with_the_reason(make_article,
                                                                         make_image, body,
                                                                         message):
    image = make_image()
    with pytest.raises(ValidationError) as refused:
        make_article(body=body.format(pk=image.pk))
    assert refused.value.message_dict["body"] == [message]


def test_usage_lists_stories_from_any_version_and_shows(make_article, revise, make_image,
                                                         show, editor):
    lead, still, poster, unused = make_image(), make_image(), make_image(), make_image()
    article = make_article(headline="Ashfall Crown returns", lead_image=lead)
    revise(article, lead_image=None, body=f"<p>[image {still.pk}]</p>")
    show_update(show, by=editor, poster=poster)

    assert [a.pk for a in image_usage(lead).stories] == [article.pk]  # old version
    assert [a.pk for a in image_usage(still).stories] == [article.pk]
    assert image_usage(poster).shows == [show]
    assert not image_usage(unused)


def test_deleting_a_used_picture_is_refused_naming_where(make_article, make_image, editor,
                                                          settings):
    image = make_image(title="Cast line-up")
    make_article(headline="Who is new in season 2", lead_image=image)

    with pytest.raises(ImageInUse) as refused:
        image_delete(image, by=editor)
    assert str(refused.value).startswith(
        "“Cast line-up” is used by the story “Who is new in season 2”. Replace it there first")
    assert Image.objects.filter(pk=image.pk).exists()


def test_deleting_an_unused_picture_removes_its_files(make_image, editor, settings,
                                                      django_capture_on_commit_callbacks):
    image = make_image()
    assert len(stored_files(settings, "renditions")) == len(image.renditions) == 24

    with django_capture_on_commit_callbacks(execute=True):
        image_delete(image, by=editor)

    assert not Image.objects.exists()
    assert stored_files(settings, "images") == stored_files(settings, "renditions") == []


def test_moving_the_focal_point_remakes_the_crops_under_new_names(
        make_image, editor, settings, django_capture_on_commit_callbacks):
    image = make_image(imagefiles.jpeg(1600, 900, left=(220, 30, 30), right=(30, 30, 220)))
    before = {rendition["name"] for rendition in image.renditions.values()}

    with django_capture_on_commit_callbacks(execute=True):
        image_update(image, by=editor, focal_x=0.9)
    image.refresh_from_db()

    after = {rendition["name"] for rendition in image.renditions.values()}
    assert len(after) == 24 and not before & after
    assert set(stored_files(settings, "renditions")) == after  # the old crops are gone
    poster = default_storage.open(image.renditions["poster-400.jpeg"]["name"]).read()
    assert imagefiles.share_of(imagefiles.opened(poster), (30, 30, 220)) > 0.9


def test_writers_edit_their_own_pictures_only_while_nothing_uses_them(make_user, writer,
                                                                      make_image, make_article):
    own, others = make_image(by=writer), make_image(by=make_user("Writers"))

    assert can_edit_image(own, writer)
    assert not can_edit_image(others, writer)
    with pytest.raises(PermissionDenied):
        image_update(others, by=writer, caption="Mine now")

    make_article(lead_image=own)
    assert not can_edit_image(own, writer)


def test_rendition_files_carry_no_camera_metadata(make_image):
    image = make_image(imagefiles.jpeg(1600, 900, gps=True, xmp=True, orientation=1))

    for rendition in image.renditions.values():
        opened = imagefiles.opened(default_storage.open(rendition["name"]).read())
        assert not opened.getexif(), rendition["name"]
        assert "xmp" not in opened.info and "exif" not in opened.info


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_renditions_asked_for_at_once_are_made_once(settings, editor):
    # No task runs: the two "page requests" below are the first to need renditions.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    image = image_create(title="Still", alt_text="A still", by=editor,
                                  file=imagefiles.jpeg(1600, 900))
    assert image.renditions == {}
    start = threading.Barrier(2)

    def page_request() -> None:
        start.wait()
        image_renditions_ensure(Image.objects.get(pk=image.pk), ["wide"])

    threads = [threading.Thread(target=page_request) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    image.refresh_from_db()
    assert sorted(image.renditions) == sorted(
        f"wide-{width}.{fmt}" for width in (320, 640, 960, 1280, 1600) for fmt in ("webp", "jpeg"))
    # Made twice, the storage would hold a second, renamed copy of each file.
    assert len(stored_files(settings, "renditions")) == 10


def test_make_renditions_command_fills_gaps_and_reports_lost_files(settings, editor,
                                                                   capsys):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    kept = image_create(title="Kept", alt_text="A still", by=editor,
                                 file=imagefiles.jpeg(1600, 900))
    lost = image_create(title="Lost", alt_text="A still", by=editor,
                                 file=imagefiles.jpeg(1600, 900))
    default_storage.delete(lost.file.name)

    call_command("make_renditions")

    kept.refresh_from_db()
    assert len(kept.renditions) == 24
    out, err = capsys.readouterr()
    assert out.strip() == "1 picture checked, 24 renditions made."
    assert f"Image {lost.pk} (Lost):" in err
