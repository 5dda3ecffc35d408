"""Renditions: the sizes a picture gets, its crops around the focal point, its colours, and
what the files carry (no EXIF, an sRGB profile), made from one reduced decode at a time."""
from __future__ import annotations

import io
import threading

import pytest

from articles import images
from articles.images import CROPS, Size, inspect_upload, plan, render
from tests import imagefiles

QUALITY = {"webp_quality": 80, "jpeg_quality": 82}
RED = (255, 0, 0)
BLUE = (0, 0, 255)
WHITE = (255, 255, 255)


def _render(upload, sizes, **options):
    return list(render(upload, sizes, **{**QUALITY, **options}))


def _one(upload, crop, width, **options):
    """The WebP and the JPEG of one size, decoded."""
    size = next(size for size in plan(*_displayed(upload)) if size.key == f"{crop}-{width}")
    webp, jpeg = _render(upload, [size], **options)
    return imagefiles.opened(webp.data), imagefiles.opened(jpeg.data)


def _displayed(upload):
    info = inspect_upload(upload, max_bytes=50 * 1024 * 1024, max_pixels=40_000_000)
    return info.width, info.height


# --- planning -----------------------------------------------------------------------------

def test_big_photo_gets_every_width_of_every_crop():
    assert [(size.key, size.height) for size in plan(6000, 4000)] == [
        ("wide-320", 180), ("wide-640", 360), ("wide-960", 540), ("wide-1280", 720),
        ("wide-1600", 900),
        ("original-480", 320), ("original-960", 640), ("original-1600", 1067),
        ("poster-200", 300), ("poster-400", 600), ("poster-600", 900),
        ("social-1200", 630),
    ]


def test_small_picture_is_never_enlarged():
    sizes = plan(500, 300)

    assert [(size.key, size.height) for size in sizes] == [
        ("wide-320", 180), ("original-480", 288), ("poster-200", 300),
        # Too small for 1200x630: one social crop as wide as the picture allows.
        ("social-500", 263),
    ]


def test_tall_picture_too_narrow_for_any_wide_width_gets_one_at_its_full_width():
    sizes = plan(300, 1200, [CROPS["wide"], CROPS["poster"]])

    assert [(size.key, size.height) for size in sizes] == [("wide-300", 169), ("poster-200", 300)]


def test_crop_limited_by_height_keeps_only_widths_that_fit_that_height():
    # A panorama: 1600 wide crops would need 900 rows, and there are only 500.
    assert [size.key for size in plan(4000, 500, [CROPS["wide"]])] == ["wide-320", "wide-640"]


# --- the files ----------------------------------------------------------------------------

def test_each_size_comes_as_webp_then_jpeg_at_exactly_its_size():
    sizes = plan(1700, 1000)

    rendered = _render(imagefiles.jpeg(1700, 1000), sizes)

    assert [(item.size.key, item.format) for item in rendered] == [
        (size.key, fmt) for size in sizes for fmt in ("webp", "jpeg")]
    for item in rendered:
        opened = imagefiles.opened(item.data)
        assert opened.format == item.format.upper()
        assert opened.size == (item.size.width, item.size.height)


def test_renditions_carry_no_exif_xmp_or_gps_from_the_camera():
    upload = imagefiles.jpeg(1200, 800, orientation=6, gps=True, xmp=True)
    source = imagefiles.opened(upload.read())
    assert source.getexif().get_ifd(0x8825)  # the test photo does carry a location
    assert "xmp" in source.info

    for item in _render(upload, plan(800, 1200)):
        opened = imagefiles.opened(item.data)
        assert dict(opened.getexif()) == {}, item.size.key
        assert "exif" not in opened.info
        assert "xmp" not in opened.info
        assert b"51,30" not in item.data  # the XMP packet's latitude, in any container


def test_renditions_embed_an_srgb_profile():
    for item in _render(imagefiles.png(400, 300), plan(400, 300)):
        assert imagefiles.profile_description(item.data) == "sRGB built-in"


@pytest.mark.parametrize("factory", [imagefiles.jpeg, imagefiles.png], ids=["jpeg", "png"])
def test_colours_are_converted_from_the_source_profile_to_srgb(factory):
    # Under this profile the numbers that mean red in sRGB describe sRGB's blue.
    upload = factory(640, 480, color="red", icc_profile=imagefiles.red_blue_swapped_profile())

    webp, jpeg = _one(upload, "original", 480)

    for opened in (webp, jpeg):
        assert imagefiles.share_of(opened, BLUE) > 0.95


def test_jpeg_renditions_are_progressive():
    _, jpeg = _one(imagefiles.jpeg(800, 600), "original", 480)

    assert jpeg.info.get("progressive") == 1


# --- orientation and crops ----------------------------------------------------------------

def test_sideways_photo_is_turned_upright():
    # Stored as the camera held it: top red, bottom blue; orientation 6 means "turn a quarter
    # clockwise to view", which puts the stored top on the right.
    upload = imagefiles.jpeg(400, 300, orientation=6, top="red", bottom="blue")

    webp, jpeg = _one(upload, "original", 300)

    for opened in (webp, jpeg):
        assert opened.size == (300, 400)
        assert imagefiles.share_of(opened.crop((170, 0, 300, 400)), RED) > 0.95
        assert imagefiles.share_of(opened.crop((0, 0, 130, 400)), BLUE) > 0.95


@pytest.mark.parametrize("focal_point, color", [((0.5, 0.9), BLUE), ((0.5, 0.1), RED)],
                         ids=["low", "high"])
def test_wide_crop_follows_the_focal_point_up_and_down(focal_point, color):
    # A tall picture holds a 16:9 crop inside either half.
    upload = imagefiles.jpeg(800, 1600, top="red", bottom="blue")

    webp, jpeg = _one(upload, "wide", 640, focal_point=focal_point)

    for opened in (webp, jpeg):
        assert opened.size == (640, 360)
        assert imagefiles.share_of(opened, color) > 0.95


@pytest.mark.parametrize("focal_point, color", [((0.95, 0.5), BLUE), ((0.05, 0.5), RED)],
                         ids=["right", "left"])
def test_poster_crop_follows_the_focal_point_sideways(focal_point, color):
    upload = imagefiles.png(1200, 800, left="red", right="blue")

    webp, jpeg = _one(upload, "poster", 400, focal_point=focal_point)

    for opened in (webp, jpeg):
        assert opened.size == (400, 600)
        assert imagefiles.share_of(opened, color) > 0.97


def test_centred_poster_crop_shows_both_halves():
    upload = imagefiles.png(1200, 800, left="red", right="blue")

    webp, _ = _one(upload, "poster", 400)

    assert 0.4 < imagefiles.share_of(webp, RED) < 0.6
    assert 0.4 < imagefiles.share_of(webp, BLUE) < 0.6


# --- formats and modes --------------------------------------------------------------------

def test_animated_gif_renders_its_first_frame():
    webp, jpeg = _one(imagefiles.gif(600, 400, frames=("red", "blue", "blue")), "original", 480)

    for opened in (webp, jpeg):
        assert imagefiles.share_of(opened, RED) > 0.95


def test_see_through_png_stays_see_through_in_webp_and_turns_white_in_jpeg():
    # Opaque red in the middle half, fully transparent around it.
    webp, jpeg = _one(imagefiles.png(960, 640, alpha=True, color="red"), "original", 480)

    assert webp.mode == "RGBA"
    assert webp.getpixel((10, 10))[3] == 0
    assert webp.getpixel((240, 160))[3] == 255
    assert imagefiles.share_of(webp.crop((150, 100, 330, 220)), RED, tolerance=8) == 1
    assert jpeg.mode == "RGB"
    assert imagefiles.share_of(jpeg.crop((0, 0, 100, 60)), WHITE, tolerance=3) == 1
    assert imagefiles.share_of(jpeg.crop((150, 100, 330, 220)), RED, tolerance=8) == 1


def test_png_colour_marked_see_through_stays_see_through_in_webp_and_turns_white_in_jpeg():
    upload = imagefiles.png(960, 640, left="red", right="lime", transparent_color=(0, 255, 0))

    webp, jpeg = _one(upload, "original", 480)

    assert webp.getpixel((400, 160))[3] == 0
    assert webp.getpixel((80, 160))[3] == 255
    assert imagefiles.share_of(jpeg.crop((260, 0, 480, 320)), WHITE, tolerance=3) == 1
    assert imagefiles.share_of(jpeg.crop((0, 0, 220, 320)), RED, tolerance=8) == 1


def test_opaque_png_with_an_alpha_channel_renders_without_one():
    webp, _ = _one(imagefiles.png(960, 640, mode="RGBA", color="red"), "original", 480)

    assert webp.mode == "RGB"


def test_cmyk_jpeg_comes_out_in_its_colours():
    webp, jpeg = _one(imagefiles.jpeg(640, 480, mode="CMYK", color=(20, 120, 220)),
                      "original", 480)

    for opened in (webp, jpeg):
        assert opened.mode == "RGB"
        assert imagefiles.share_of(opened, (20, 120, 220), tolerance=10) > 0.95


def test_sixteen_bit_grey_png_keeps_its_greys():
    webp, jpeg = _one(imagefiles.png(640, 480, mode="I;16", color=(128, 128, 128)),
                      "original", 480)

    for opened in (webp, jpeg):
        assert imagefiles.share_of(opened, (128, 128, 128), tolerance=3) > 0.99


@pytest.mark.parametrize("mode", ["P", "L", "LA", "1"])
def test_other_png_modes_render(mode):
    webp, jpeg = _one(imagefiles.png(640, 480, mode=mode), "wide", 320)

    assert webp.size == jpeg.size == (320, 180)


# --- decoding -----------------------------------------------------------------------------

class _CountingFile(io.BytesIO):
    """A file that notes how much is read from it, and can hold its first reader."""

    def __init__(self, data, *, hold=None):
        super().__init__(data)
        self.bytes_read = 0
        self.reading = threading.Event()
        self.hold = hold

    def read(self, size=-1):
        self.reading.set()
        if self.hold is not None:
            self.hold.wait(10)
        chunk = super().read(size)
        self.bytes_read += len(chunk)
        return chunk


@pytest.mark.parametrize("factory", [imagefiles.jpeg, imagefiles.png], ids=["jpeg", "png"])
def test_all_sizes_come_from_one_decode(factory):
    data = factory(2000, 1500).read()
    source = _CountingFile(data)

    rendered = _render(source, plan(2000, 1500))

    assert len(rendered) == 24
    # Pillow reads the start twice to find the format; a decode per size would read it 12 times.
    assert source.bytes_read < 1.5 * len(data)


@pytest.mark.parametrize("second", ["render", "inspect_upload"])
def test_a_second_decode_waits_for_the_first(second):
    data = imagefiles.jpeg(1600, 1200).read()
    release = threading.Event()
    held = _CountingFile(data, hold=release)
    results = {}
    calls = {
        "render": lambda: _render(io.BytesIO(data), [Size("wide", 32, 18)]),
        "inspect_upload": lambda: inspect_upload(io.BytesIO(data), max_bytes=len(data),
                                                 max_pixels=10**7),
    }
    first = threading.Thread(target=lambda: results.update(first=_render(held, plan(1600, 1200))))
    other = threading.Thread(target=lambda: results.update(second=calls[second]()))

    first.start()
    assert held.reading.wait(10)
    other.start()
    other.join(0.5)  # alone, the second call takes a few milliseconds
    finished_while_held = "second" in results
    release.set()
    first.join(10)
    other.join(10)

    assert not finished_while_held
    assert len(results["first"]) == 24
    assert results["second"]


def test_big_jpeg_is_rendered_from_a_reduced_decode(big_jpeg):
    # Pillow's pixel buffers are not Python objects, so tracemalloc cannot see them: the
    # process's peak resident memory can. A full decode of 6000x4000 alone takes 4 bytes a
    # pixel; the whole set made from a half-scale decode needs less than that (about 45 MB
    # here, against 130 MB when draft() is left out).
    full_decode = 6000 * 4000 * 4

    growth = imagefiles.peak_memory_growth(
        big_jpeg,
        "list(images.render(io.BytesIO(data), images.plan(6000, 4000), webp_quality=80, "
        "jpeg_quality=82))",
        warm_up="list(images.render(io.BytesIO(data), [images.Size('wide', 32, 18)], "
                "webp_quality=80, jpeg_quality=82))")

    assert growth < full_decode


def test_size_key_names_crop_and_width():
    assert Size("poster", 400, 600).key == "poster-400"
    assert images.FORMATS == {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}
