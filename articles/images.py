"""The one seam between Newsdesk and Pillow for uploaded pictures and their renditions.

The contract for callers:

* ``inspect_upload()`` decides whether an upload is a usable picture, by decoding it with
  Pillow (never by its name or content type), and says what it really is. A refusal is an
  ``ImageRejected`` whose text is written for the person who uploaded the file.
* ``plan()`` lists the sizes a picture gets: pure arithmetic, no file is opened, so pages
  can work out their ``srcset`` from the stored width and height alone.
* ``render()`` makes those sizes from the original in WebP and JPEG: EXIF orientation
  applied, colours converted to sRGB (with a small sRGB profile embedded), no EXIF, XMP
  or GPS carried over, each crop centred on the focal point.

Decoding is serialised: one lock per process covers every full-size picture from the
moment it is opened until the last size made from it is encoded, so a worker never holds
two. The encoded files are handed out after the lock is released, so storing them (which
may be slow, remote storage) never keeps another picture waiting.
"""
from __future__ import annotations

import io
import math
import threading
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from typing import IO, Any

from PIL import Image, ImageCms, ImageDraw, ImageFilter, ImageFont, ImageOps, UnidentifiedImageError

FORMATS: dict[str, str] = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}
_ACCEPTED = "a JPEG, PNG, WebP or GIF"

# Renditions shrink in two steps: a fast whole-number reduction first, then LANCZOS over
# the last factor of at least this much. Pillow documents 3.0 and up as indistinguishable
# from a one-step resize in most cases; big reductions get several times faster.
REDUCING_GAP = 3.0
# libwebp's 0 (fast) to 6 (small): 4 is its own default, the balance of the two.
WEBP_METHOD = 4

_decode_lock = threading.Lock()

# EXIF orientations 5 to 8 turn the picture a quarter: width and height trade places.
_QUARTER_TURNS = frozenset({5, 6, 7, 8})


class ImageRejected(ValueError):
    """The upload is not usable; str(error) tells the writer what is wrong and what to do."""


@dataclass(frozen=True)
class SourceInfo:
    format: str
    extension: str
    width: int
    """As displayed: after EXIF orientation, as are all sizes in this module."""
    height: int


@dataclass(frozen=True)
class Crop:
    name: str
    ratio: tuple[int, int] | None
    """Width to height; None keeps the picture's own ratio."""
    widths: tuple[int, ...]
    """Ascending."""


CROPS: dict[str, Crop] = {
    crop.name: crop for crop in (
        # Lead images and teasers.
        Crop("wide", (16, 9), (320, 640, 960, 1280, 1600)),
        # Pictures inside story bodies.
        Crop("original", None, (480, 960, 1600)),
        # Show posters.
        Crop("poster", (2, 3), (200, 400, 600)),
        # Open Graph and JSON-LD: 1200x630.
        Crop("social", (40, 21), (1200,)),
    )
}


@dataclass(frozen=True)
class Size:
    crop: str
    """A key of CROPS."""
    width: int
    height: int

    @property
    def key(self) -> str:
        """Names the size in file names and lookups: "wide-640"."""
        return f"{self.crop}-{self.width}"


@dataclass(frozen=True)
class Rendered:
    size: Size
    format: str
    """"webp" or "jpeg"."""
    data: bytes


# --- uploads ------------------------------------------------------------------------------

def inspect_upload(file: IO[bytes], *, max_bytes: int, max_pixels: int) -> SourceInfo:
    """What the upload really is, or ImageRejected saying why it cannot be used.

    Refused: an empty file, one over `max_bytes` (before Pillow reads a byte of it), anything
    that is not a JPEG, PNG, WebP or GIF, a picture of more than `max_pixels` (judged from
    its header, before any pixel is decoded; Pillow's own decompression-bomb limit caps
    `max_pixels`), and a truncated or corrupt one (found by decoding it; a JPEG at an eighth
    of its size, which reads every byte of it for a fraction of the memory; a GIF or WebP
    animation by its first frame, the only one renditions use). The file is left at
    position 0 either way.
    """
    try:
        return _inspect(file, max_bytes=max_bytes, max_pixels=max_pixels)
    finally:
        file.seek(0)


def _inspect(file: IO[bytes], *, max_bytes: int, max_pixels: int) -> SourceInfo:
    file.seek(0, io.SEEK_END)
    size = file.tell()
    file.seek(0)
    if size == 0:
        raise ImageRejected("The file is empty. Choose the picture again and upload it.")
    if size > max_bytes:
        raise ImageRejected(f"The file is {_megabytes(size)} MB; pictures can be at most "
                            f"{_megabytes(max_bytes)} MB. Export a smaller version (for "
                            f"example a JPEG at quality 85) and upload that.")
    _refuse_known_other_files(file.read(_SNIFF_BYTES))
    file.seek(0)

    limit = min(max_pixels, Image.MAX_IMAGE_PIXELS or max_pixels)
    with _decode_lock:
        try:
            picture = Image.open(file)
        except Image.DecompressionBombError:
            raise ImageRejected(
                f"The picture claims to be far larger than {_megapixels(limit)} megapixels, "
                f"the most Newsdesk accepts. Resize it and upload it again.") from None
        except UnidentifiedImageError:
            raise ImageRejected(f"This file is not a picture Newsdesk can read. Upload "
                                f"{_ACCEPTED}.") from None
        except Exception:
            # A picture whose header itself is broken: Pillow's format readers fail on
            # malformed input with whatever error the bad bytes lead to.
            raise ImageRejected(f"The file could not be read as a picture: its beginning is "
                                f"damaged. Export it again and upload {_ACCEPTED}.") from None
        # Leaving the block lets go of the file without closing it: it is the caller's.
        with picture:
            if picture.format not in FORMATS:
                raise ImageRejected(f"{picture.format} files are not accepted. Export the "
                                    f"picture as {_ACCEPTED} and upload that.")
            stored_width, stored_height = picture.size
            if stored_width * stored_height > limit:
                raise ImageRejected(
                    f"The picture is {stored_width} × {stored_height} pixels "
                    f"({_megapixels(stored_width * stored_height)} megapixels); the limit is "
                    f"{_megapixels(limit)} megapixels. Resize it and upload it again.")
            if picture.format == "JPEG":
                picture.draft("RGB", (max(1, stored_width // 8), max(1, stored_height // 8)))
            try:
                picture.load()
                turned = _orientation(picture) in _QUARTER_TURNS
            except Exception as error:
                # Same reasoning as at open: any failure to decode means the data is bad.
                raise ImageRejected(_damaged(error)) from None
    found = str(picture.format)
    width, height = (stored_height, stored_width) if turned else (stored_width, stored_height)
    return SourceInfo(format=found, extension=FORMATS[found], width=width, height=height)


# Enough of the start of a file to recognise the formats below, XML prologue and all.
_SNIFF_BYTES = 1024
# Brands of the ISO media files that iPhones and many Android phones save photos as.
_HEIF_BRANDS = (b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1")


def _refuse_known_other_files(start: bytes) -> None:
    """Refuse, with advice that fits, files people often mistake for a usable picture.

    Pillow cannot tell these from any other unreadable file, so they are recognised here.
    """
    text = start.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith(b"<") and b"<svg" in text:
        raise ImageRejected("SVG drawings are not accepted: export a PNG and upload that.")
    if start[4:8] == b"ftyp" and start[8:12] in _HEIF_BRANDS:
        raise ImageRejected("HEIC photos are not accepted: export the photo as a JPEG (on an "
                            "iPhone, share it to Files as “Most Compatible”) and upload that.")
    if start.startswith(b"%PDF"):
        raise ImageRejected("This is a PDF document, not a picture: export the page as a PNG "
                            "or JPEG and upload that.")


def _damaged(error: Exception) -> str:
    if "truncated" in str(error).lower():
        return ("The file is incomplete: its picture data stops before the end, as after an "
                "interrupted download or copy. Upload the complete file.")
    return ("The file is damaged: its picture data cannot be decoded. Export the picture again "
            "from the original and upload that.")


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".removesuffix(".0")


def _megapixels(pixels: int) -> str:
    return f"{pixels / 1_000_000:.1f}".removesuffix(".0")


def _orientation(picture: Image.Image) -> int:
    # Broken EXIF is common in phone and editing-tool output; it only loses the turn.
    try:
        return int(picture.getexif().get(0x0112, 1))
    except Exception:
        return 1


# --- planning -----------------------------------------------------------------------------

def plan(width: int, height: int, crops: Iterable[Crop] = CROPS.values()) -> list[Size]:
    """The sizes to make for a picture of `width` x `height` as displayed.

    For each crop, every width of it that fits inside the largest region of its ratio, so
    nothing is ever enlarged; when none fits, one size at that region's full width.
    """
    sizes = []
    for crop in crops:
        if crop.ratio is None:
            fitting = [w for w in crop.widths if w <= width] or [width]
        else:
            across, down = crop.ratio
            fitting = ([w for w in crop.widths if w <= width and w * down <= height * across]
                       or [max(1, min(width, height * across // down))])
        sizes += [Size(crop.name, w, _height(w, crop.ratio, width, height)) for w in fitting]
    return sizes


def _height(width: int, ratio: tuple[int, int] | None, source_width: int,
            source_height: int) -> int:
    across, down = ratio or (source_width, source_height)
    return max(1, math.floor(width * down / across + 0.5))


def _region(width: int, height: int, ratio: tuple[int, int] | None) -> tuple[float, float]:
    """Width and height of the largest region of `ratio` inside the picture."""
    if ratio is None:
        return float(width), float(height)
    across, down = ratio
    if width * down >= height * across:
        return height * across / down, float(height)
    return float(width), width * down / across


def _crop_box(width: int, height: int, ratio: tuple[int, int] | None,
              focal_point: tuple[float, float]) -> tuple[float, float, float, float]:
    """The region of `ratio` centred on the focal point, slid back inside the edges."""
    region_width, region_height = _region(width, height, ratio)
    focal_x, focal_y = (min(max(value, 0.0), 1.0) for value in focal_point)
    left = min(max(focal_x * width - region_width / 2, 0.0), width - region_width)
    top = min(max(focal_y * height - region_height / 2, 0.0), height - region_height)
    return left, top, left + region_width, top + region_height


# --- rendering ----------------------------------------------------------------------------

def render(file: IO[bytes], sizes: Sequence[Size], *,
           focal_point: tuple[float, float] = (0.5, 0.5), webp_quality: int,
           jpeg_quality: int) -> Iterator[Rendered]:
    """Each of `sizes` as WebP, then as JPEG, in the order given.

    `file` is an original that inspect_upload() accepted. `focal_point` is (x, y) as
    fractions of the displayed picture; each crop is the largest region of its ratio,
    centred on it as far as the edges allow. The picture is decoded once for all sizes
    (a JPEG at the smallest scale that still covers the largest size needed), under the
    module's decode lock.
    """
    sizes = list(sizes)
    if not sizes:
        return
    with _decode_lock:
        source = _decode(file, sizes)
        made = [rendered for size in sizes
                for rendered in _make(source, size, focal_point, webp_quality, jpeg_quality)]
        # Freed here, inside the lock, rather than whenever the generator is collected.
        del source
    yield from made


@dataclass
class _Decoded:
    picture: Image.Image
    """RGB, or RGBa (alpha premultiplied, as resizing needs) when some pixel is see-through."""
    width: int
    """The full displayed size, which sizes and focal points refer to."""
    height: int


def _decode(file: IO[bytes], sizes: list[Size]) -> _Decoded:
    file.seek(0)
    with Image.open(file, formats=list(FORMATS)) as opened:
        orientation = _orientation(opened)
        turned = orientation in _QUARTER_TURNS
        stored_width, stored_height = opened.size
        width, height = (stored_height, stored_width) if turned else (stored_width, stored_height)
        if opened.format == "JPEG":
            needed_width, needed_height = _decode_size(width, height, sizes)
            opened.draft("RGB", (needed_height, needed_width) if turned else
                         (needed_width, needed_height))
        opened.load()
        ImageOps.exif_transpose(opened, in_place=True)
    picture = _as_srgb(opened)
    # Nothing of the original's metadata may reach a rendition: each is saved from scratch.
    picture.info = {}
    return _Decoded(picture=picture, width=width, height=height)


def _decode_size(width: int, height: int, sizes: list[Size]) -> tuple[int, int]:
    """The smallest whole picture whose crops still have every size's pixels."""
    needed_width = needed_height = 1
    for size in sizes:
        region_width, region_height = _region(width, height, CROPS[size.crop].ratio)
        needed_width = max(needed_width, math.ceil(width * size.width / region_width))
        needed_height = max(needed_height, math.ceil(height * size.height / region_height))
    return needed_width, needed_height


def _as_srgb(picture: Image.Image) -> Image.Image:
    """The picture in sRGB, as RGB or (if any pixel is see-through) premultiplied RGBa."""
    if picture.mode in ("I", "I;16", "I;16B", "I;16L", "I;16N"):
        # Sixteen-bit greys: a plain convert would clip everything above 255 to white.
        picture = picture.convert("I").point(lambda value: value / 256).convert("L")
    elif picture.mode == "1":
        picture = picture.convert("L")
    elif picture.mode in ("P", "PA", "LA") or "transparency" in picture.info:
        # Palettes, and one colour marked see-through (GIF, PNG's tRNS), become real alpha.
        picture = picture.convert("RGBA" if _has_alpha(picture) else "RGB")

    profile = _source_profile(picture)
    if profile is not None:
        try:
            if picture.mode in ("RGB", "RGBA"):
                ImageCms.profileToProfile(picture, profile, _srgb(), inPlace=True)
            else:
                picture = ImageCms.profileToProfile(picture, profile, _srgb(),
                                                    outputMode="RGB") or picture
        except ImageCms.PyCMSError:
            pass  # A profile lcms cannot apply: the pixels are taken as they are.

    if picture.mode == "RGBA":
        if picture.getchannel("A").getextrema()[0] == 255:
            return picture.convert("RGB")
        return picture.convert("RGBa")
    return picture if picture.mode == "RGB" else picture.convert("RGB")


def _has_alpha(picture: Image.Image) -> bool:
    return picture.mode in ("PA", "LA") or "transparency" in picture.info


# The ICC colour space each mode's pixels must be in for the profile to describe them. A
# grey profile on a picture that had to become RGB (grey with alpha) no longer applies.
_PROFILE_SPACES = {"RGB": "RGB", "RGBA": "RGB", "CMYK": "CMYK", "L": "GRAY"}


def _source_profile(picture: Image.Image) -> ImageCms.ImageCmsProfile | None:
    data = picture.info.get("icc_profile")
    if not data or picture.mode not in _PROFILE_SPACES:
        return None
    try:
        profile = ImageCms.ImageCmsProfile(io.BytesIO(data))
    except (OSError, ValueError, TypeError, ImageCms.PyCMSError):
        return None  # Unreadable: treated as no profile, which browsers take to mean sRGB.
    if profile.profile.xcolor_space.strip() != _PROFILE_SPACES[picture.mode]:
        return None
    return profile


@cache
def _srgb() -> ImageCms.ImageCmsProfile:
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


@cache
def _srgb_bytes() -> bytes:
    return _srgb().tobytes()


def _make(source: _Decoded, size: Size, focal_point: tuple[float, float], webp_quality: int,
          jpeg_quality: int) -> Iterator[Rendered]:
    left, top, right, bottom = _crop_box(source.width, source.height,
                                         CROPS[size.crop].ratio, focal_point)
    scale_x = source.picture.width / source.width
    scale_y = source.picture.height / source.height
    resized = source.picture.resize(
        (size.width, size.height), Image.Resampling.LANCZOS,
        box=(left * scale_x, top * scale_y, right * scale_x, bottom * scale_y),
        reducing_gap=REDUCING_GAP)

    if resized.mode == "RGBa":
        resized = resized.convert("RGBA")
        flat = Image.new("RGB", resized.size, "white")
        flat.paste(resized, mask=resized.getchannel("A"))
    else:
        flat = resized

    webp = io.BytesIO()
    resized.save(webp, "WEBP", quality=webp_quality, method=WEBP_METHOD,
                 icc_profile=_srgb_bytes())
    yield Rendered(size=size, format="webp", data=webp.getvalue())
    jpeg = io.BytesIO()
    flat.save(jpeg, "JPEG", quality=jpeg_quality, optimize=True, progressive=True,
              icc_profile=_srgb_bytes())
    yield Rendered(size=size, format="jpeg", data=jpeg.getvalue())


# --- pictures made from scratch -----------------------------------------------------------

Paint = str | int | tuple[int, ...]
Font = ImageFont.FreeTypeFont | ImageFont.ImageFont
_Box = tuple[float, float, float, float]
_FACES = {"sans": "DejaVuSans-Bold.ttf", "serif": "DejaVuSerif-Bold.ttf",
          "italic": "DejaVuSerif-Italic.ttf", "plain": "DejaVuSans.ttf"}


@cache
def load_font(face: str, size: int) -> Font:
    """DejaVu ("sans", "serif", "italic" or "plain") at `size` pixels, else Pillow's own."""
    try:
        return ImageFont.truetype(_FACES[face], size)
    except OSError:
        return ImageFont.load_default(size)


class Canvas:
    """A picture painted from scratch: RGB, or with `mask=True` a grey mask (0 hides, 255 shows).
    Boxes, points and line widths are in pixels; colours are CSS strings or RGB(A) tuples."""

    def __init__(self, size: tuple[int, int], background: Paint, *, mask: bool = False) -> None:
        self.size = self.width, self.height = size
        self._picture = Image.new("L" if mask else "RGB", size, background)

    @property
    def _pen(self) -> ImageDraw.ImageDraw:
        return ImageDraw.Draw(self._picture, "RGBA" if self._picture.mode == "RGB" else None)

    def rect(self, box: _Box, fill: Paint | None = None, *, radius: float = 0,
             outline: Paint | None = None, width: int = 0) -> None:
        self._pen.rounded_rectangle(box, radius=radius, fill=fill, outline=outline, width=width)

    def oval(self, box: _Box, fill: Paint | None = None, *, outline: Paint | None = None,
             width: int = 0) -> None:
        self._pen.ellipse(box, fill=fill, outline=outline, width=width)

    def shape(self, points: Sequence[tuple[float, float]], fill: Paint) -> None:
        self._pen.polygon(points, fill=fill)

    def line(self, points: Sequence[tuple[float, float]], fill: Paint, width: int) -> None:
        self._pen.line(points, fill=fill, width=width, joint="curve")

    def arc(self, box: _Box, start: float, end: float, fill: Paint, width: int) -> None:
        self._pen.arc(box, start, end, fill=fill, width=width)

    def text(self, at: tuple[float, float], text: str, font: Font, fill: Paint,
             anchor: str = "la", **stroke: Any) -> None:  # stroke_width, stroke_fill
        self._pen.text(at, text, font=font, fill=fill, anchor=anchor, **stroke)

    def text_width(self, text: str, font: Font) -> float:
        return self._pen.textlength(text, font=font)

    def line_height(self, font: Font) -> float:
        return font.size * 1.12 if isinstance(font, ImageFont.FreeTypeFont) else 14

    def gradient(self, top: Paint, bottom: Paint, first_row: int, end_row: int) -> None:
        """Shade the rows from `first_row` up to `end_row` from `top` down to `bottom`."""
        size = (self.width, max(1, end_row - first_row))
        shade = Image.linear_gradient("L").resize(size)
        band = Image.composite(Image.new("RGB", size, bottom), Image.new("RGB", size, top), shade)
        self._picture.paste(band, (0, first_row))

    def blur(self, radius: float) -> None:
        self._picture = self._picture.filter(ImageFilter.GaussianBlur(radius))

    def edges(self, thickness: int) -> None:
        """Keep only the outlines of what is painted, about `thickness` pixels wide."""
        edges = self._picture.filter(ImageFilter.FIND_EDGES)
        self._picture = edges.filter(ImageFilter.MaxFilter(thickness))

    def paste(self, source: Canvas | Paint, at: tuple[int, int], mask: Canvas) -> None:
        """`source`, a canvas or a colour, with its top left at `at`, wherever `mask` shows."""
        self._picture.paste(source._picture if isinstance(source, Canvas) else source, at,
                            mask._picture)

    def jpeg(self, quality: int) -> bytes:
        buffer = io.BytesIO()
        self._picture.save(buffer, format="JPEG", quality=quality)
        return buffer.getvalue()
