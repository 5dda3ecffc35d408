"""An upload is judged by what Pillow finds inside it, never by its name or content type, and a
refusal tells the writer what is wrong and what to do about it."""
from __future__ import annotations

import contextlib

import pytest

from articles.images import ImageRejected, SourceInfo, inspect_upload
from tests import imagefiles

MB = 1024 * 1024
LIMITS = {"max_bytes": 25 * MB, "max_pixels": 40_000_000}


def _inspect(upload, **limits):
    return inspect_upload(upload, **{**LIMITS, **limits})


@pytest.mark.parametrize("make, expected", [
    pytest.param(lambda: imagefiles.jpeg(640, 480), SourceInfo("JPEG", "jpg", 640, 480),
                 id="jpeg"),
    pytest.param(lambda: imagefiles.jpeg(640, 480, mode="CMYK"),
                 SourceInfo("JPEG", "jpg", 640, 480), id="cmyk-jpeg"),
    pytest.param(lambda: imagefiles.jpeg(640, 480, mode="L"), SourceInfo("JPEG", "jpg", 640, 480),
                 id="grey-jpeg"),
    pytest.param(lambda: imagefiles.png(800, 600), SourceInfo("PNG", "png", 800, 600), id="png"),
    pytest.param(lambda: imagefiles.png(800, 600, alpha=True),
                 SourceInfo("PNG", "png", 800, 600), id="png-alpha"),
    pytest.param(lambda: imagefiles.png(800, 600, mode="P"), SourceInfo("PNG", "png", 800, 600),
                 id="png-palette"),
    pytest.param(lambda: imagefiles.png(800, 600, mode="I;16"),
                 SourceInfo("PNG", "png", 800, 600), id="png-16-bit"),
    pytest.param(lambda: imagefiles.webp(300, 200), SourceInfo("WEBP", "webp", 300, 200),
                 id="webp"),
    pytest.param(lambda: imagefiles.webp(300, 200, alpha=True),
                 SourceInfo("WEBP", "webp", 300, 200), id="webp-alpha"),
    pytest.param(lambda: imagefiles.gif(320, 240), SourceInfo("GIF", "gif", 320, 240),
                 id="animated-gif"),
])
def test_good_picture_is_accepted_as_what_it_is(make, expected):
    assert _inspect(make()) == expected


def test_png_named_jpg_is_a_png():
    upload = imagefiles.png(800, 600, name="holiday.jpg")
    upload.content_type = "image/jpeg"

    info = _inspect(upload)

    assert (info.format, info.extension) == ("PNG", "png")


@pytest.mark.parametrize("orientation, size", [(1, (400, 300)), (3, (400, 300)),
                                               (6, (300, 400)), (8, (300, 400))])
def test_photo_size_is_as_displayed_after_exif_orientation(orientation, size):
    info = _inspect(imagefiles.jpeg(400, 300, orientation=orientation))

    assert (info.width, info.height) == size


@pytest.mark.parametrize("make, message", [
    pytest.param(imagefiles.empty,
                 "The file is empty. Choose the picture again and upload it.", id="empty"),
    pytest.param(imagefiles.text_file,
                 "This file is not a picture Newsdesk can read. Upload a JPEG, PNG, WebP or GIF.",
                 id="text-named-jpg"),
    pytest.param(imagefiles.svg,
                 "SVG drawings are not accepted: export a PNG and upload that.", id="svg"),
    pytest.param(lambda: imagefiles.svg(name="logo.png"),
                 "SVG drawings are not accepted: export a PNG and upload that.",
                 id="svg-named-png"),
    pytest.param(imagefiles.heic, "HEIC photos are not accepted: export the photo as a JPEG",
                 id="heic"),
    pytest.param(imagefiles.pdf, "This is a PDF document, not a picture", id="pdf"),
    pytest.param(imagefiles.bmp,
                 "BMP files are not accepted. Export the picture as a JPEG, PNG, WebP or GIF "
                 "and upload that.", id="bmp"),
    pytest.param(lambda: imagefiles.tiff(name="scan.jpg"), "TIFF files are not accepted.",
                 id="tiff-named-jpg"),
    pytest.param(imagefiles.truncated_jpeg,
                 "The file is incomplete: its picture data stops before the end",
                 id="truncated-jpeg"),
    pytest.param(lambda: imagefiles.truncated(imagefiles.png(800, 600, noise=True)),
                 "The file is incomplete: its picture data stops before the end",
                 id="truncated-png"),
    pytest.param(lambda: imagefiles.truncated(imagefiles.gif(), keep=0.4),
                 "The file is incomplete", id="gif-cut-in-its-first-frame"),
    pytest.param(imagefiles.corrupt_png,
                 "The file is damaged: its picture data cannot be decoded.", id="corrupt-png"),
    pytest.param(imagefiles.bomb_png,
                 "The picture is 8000 × 6000 pixels (48 megapixels); the limit is 40 "
                 "megapixels. Resize it and upload it again.", id="bomb-48-megapixels"),
    pytest.param(lambda: imagefiles.bomb_png(20000, 20000),
                 "The picture claims to be far larger than 40 megapixels, the most Newsdesk "
                 "accepts.", id="bomb-400-megapixels"),
])
def test_unusable_file_is_refused_with_a_message_naming_the_problem(make, message):
    with pytest.raises(ImageRejected) as refusal:
        _inspect(make())

    assert str(refusal.value).startswith(message)


def test_pixel_limit_is_judged_from_the_header_before_decoding():
    # Half the data is missing, so decoding would fail; the header alone decides.
    upload = imagefiles.truncated(imagefiles.bomb_png(8000, 6000), keep=0.5)

    with pytest.raises(ImageRejected, match=r"8000 × 6000 pixels \(48 megapixels\)"):
        _inspect(upload)


def test_photo_over_a_lower_pixel_limit_is_refused_with_its_size():
    with pytest.raises(ImageRejected) as refusal:
        _inspect(imagefiles.jpeg(1500, 1000), max_pixels=1_000_000)

    assert str(refusal.value) == ("The picture is 1500 × 1000 pixels (1.5 megapixels); the "
                                  "limit is 1 megapixels. Resize it and upload it again.")


def test_file_over_the_size_limit_is_refused_before_pillow_reads_it():
    # Not a picture at all: only the size can have been looked at.
    upload = imagefiles.text_file(size=3 * MB)

    with pytest.raises(ImageRejected) as refusal:
        _inspect(upload, max_bytes=2 * MB)

    assert str(refusal.value).startswith("The file is 3 MB; pictures can be at most 2 MB.")


def test_photo_over_the_size_limit_is_refused_with_both_sizes():
    upload = imagefiles.jpeg(1600, 1200, noise=True)  # grainy like a photo
    assert MB // 2 < upload.size < MB

    with pytest.raises(ImageRejected) as refusal:
        _inspect(upload, max_bytes=MB // 2)

    assert str(refusal.value) == (f"The file is {upload.size / MB:.1f} MB; pictures can be at "
                                  f"most 0.5 MB. Export a smaller version (for example a JPEG "
                                  f"at quality 85) and upload that.")


@pytest.mark.parametrize("make", [imagefiles.jpeg, imagefiles.bmp, imagefiles.truncated_jpeg,
                                  imagefiles.svg, imagefiles.text_file])
def test_file_is_left_at_its_start(make):
    upload = make()
    upload.read(10)

    with contextlib.suppress(ImageRejected):  # accepted or refused alike
        _inspect(upload)

    assert upload.tell() == 0


def test_checking_a_big_jpeg_decodes_it_at_an_eighth_of_its_size(big_jpeg):
    # A full decode of 6000x4000 takes 96 MB; at an eighth of each side, 1.5 MB.
    full_decode = 6000 * 4000 * 4

    growth = imagefiles.peak_memory_growth(
        big_jpeg, "images.inspect_upload(io.BytesIO(data), max_bytes=10**9, max_pixels=10**8)")

    assert growth < full_decode / 8
