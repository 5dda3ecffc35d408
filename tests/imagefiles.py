"""Pictures made in memory for tests, good and bad, and helpers to look inside renditions.

Every factory returns a django ``SimpleUploadedFile`` at position 0, named with the
extension its format usually has (``name=`` changes it) and the content type a browser
would send: pass it to a form or a service as an upload, or take its bytes with
``.read()``. The pictures have content, so crops can be checked: by default a scene (a sky
gradient, a sun, hills and a house, all in different colours); ``color=`` paints it one
colour; ``left=``/``right=`` split it into two halves side by side and ``top=``/``bottom=``
one above the other; ``noise=True`` adds texture at every scale, so it compresses like a
photograph (the benchmark draws its sources this way).

This module is the tests' side of the Pillow seam: test files draw and look inside pictures
through it, never by importing Pillow themselves.
"""
from __future__ import annotations

import io
import struct
import subprocess
import sys
import zlib
from pathlib import Path
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags, Image, ImageCms, ImageDraw

# An XMP packet of the kind cameras and editors write (here with a location, as phones do).
XMP_PACKET = (
    b'<?xpacket begin="\xef\xbb\xbf" id="W5M0MpCehiHzreSzNTczkc9d"?>'
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
    b'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
    b'<rdf:Description xmlns:exif="http://ns.adobe.com/exif/1.0/" '
    b'exif:GPSLatitude="51,30.2N" exif:GPSLongitude="0,7.5W"/>'
    b'</rdf:RDF></x:xmpmeta><?xpacket end="w"?>'
)


def picture(width: int = 400, height: int = 300, *, mode: str = "RGB", color: Any = None,
            left: Any = None, right: Any = None, top: Any = None, bottom: Any = None,
            noise: bool = False) -> Image.Image:
    """The pixels the factories encode (see the module docstring for the colour options).

    `noise` adds texture over everything so the picture compresses like a photograph.
    """
    image = Image.new("RGB", (width, height), color or "white")
    draw = ImageDraw.Draw(image)
    if left is not None or right is not None:
        draw.rectangle((0, 0, width // 2 - 1, height), fill=left or "white")
        draw.rectangle((width // 2, 0, width, height), fill=right or "white")
    elif top is not None or bottom is not None:
        draw.rectangle((0, 0, width, height // 2 - 1), fill=top or "white")
        draw.rectangle((0, height // 2, width, height), fill=bottom or "white")
    elif color is None:
        _draw_scene(image)
    if noise:
        image = _photographic(image)
    return _to_mode(image, mode)


def _photographic(image: Image.Image) -> Image.Image:
    """Texture at every scale, as in a photograph, rather than only per-pixel grain (which
    averages away when the picture is shrunk and leaves renditions unrealistically small)."""
    width, height = image.size
    for divisor, weight in ((32, 0.3), (4, 0.2), (1, 0.12)):
        size = (max(1, width // divisor), max(1, height // divisor))
        texture = Image.merge("RGB", [Image.effect_noise(size, 60) for _ in range(3)])
        image = Image.blend(image, texture.resize((width, height), Image.Resampling.BICUBIC),
                            weight)
    return image


def _draw_scene(image: Image.Image) -> None:
    width, height = image.size
    sky = Image.linear_gradient("L").resize((width, height))
    image.paste(Image.merge("RGB", (sky.point(lambda v: 40 + v // 3),
                                    sky.point(lambda v: 90 + v // 2),
                                    Image.new("L", (width, height), 230))))
    draw = ImageDraw.Draw(image)
    unit = min(width, height)
    draw.ellipse((width * 0.68, height * 0.1, width * 0.68 + unit * 0.22,
                  height * 0.1 + unit * 0.22), fill=(250, 200, 40))
    draw.polygon([(0, height * 0.7), (width * 0.3, height * 0.5), (width * 0.6, height * 0.68),
                  (width, height * 0.55), (width, height), (0, height)], fill=(60, 140, 70))
    draw.rectangle((width * 0.15, height * 0.55, width * 0.35, height * 0.85),
                   fill=(180, 60, 50))
    draw.polygon([(width * 0.13, height * 0.56), (width * 0.25, height * 0.42),
                  (width * 0.37, height * 0.56)], fill=(90, 40, 30))


def _to_mode(image: Image.Image, mode: str) -> Image.Image:
    if mode == "I;16":
        # Spread the eight-bit greys over the sixteen-bit range, as a scanner would.
        return image.convert("L").convert("I").point(lambda v: v * 257).convert("I;16")
    return image.convert(mode)


def _with_transparent_border(image: Image.Image) -> Image.Image:
    """The picture seen through an opaque window in the middle half; all else see-through."""
    width, height = image.size
    alpha = Image.new("L", (width, height), 0)
    ImageDraw.Draw(alpha).rectangle((width // 4, height // 4, width * 3 // 4, height * 3 // 4),
                                    fill=255)
    transparent = image.convert("RGBA")
    transparent.putalpha(alpha)
    return transparent


def _upload(image: Image.Image, format: str, name: str, content_type: str,
            **options: Any) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    image.save(buffer, format, **options)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=content_type)


def jpeg(width: int = 400, height: int = 300, *, name: str = "photo.jpg", mode: str = "RGB",
         quality: int = 90, orientation: int | None = None, gps: bool = False,
         xmp: bool = False, icc_profile: bytes | None = None, **colors: Any) -> SimpleUploadedFile:
    """A JPEG as a camera would write it: `orientation` and `gps` go into its EXIF."""
    exif = Image.Exif()
    if orientation is not None:
        exif[ExifTags.Base.Orientation] = orientation
    if gps:
        location = exif.get_ifd(ExifTags.IFD.GPSInfo)
        location[ExifTags.GPS.GPSLatitudeRef] = "N"
        location[ExifTags.GPS.GPSLatitude] = (51.0, 30.0, 12.5)
        location[ExifTags.GPS.GPSLongitudeRef] = "W"
        location[ExifTags.GPS.GPSLongitude] = (0.0, 7.0, 39.0)
    options: dict[str, Any] = {"quality": quality}
    if orientation is not None or gps:
        options["exif"] = exif
    if xmp:
        options["xmp"] = XMP_PACKET
    if icc_profile is not None:
        options["icc_profile"] = icc_profile
    return _upload(picture(width, height, mode=mode, **colors), "JPEG", name, "image/jpeg",
                   **options)


def png(width: int = 400, height: int = 300, *, name: str = "picture.png", mode: str = "RGB",
        alpha: bool = False, transparent_color: Any = None, icc_profile: bytes | None = None,
        **colors: Any) -> SimpleUploadedFile:
    """A PNG; `alpha` leaves everything outside the middle half see-through, and
    `transparent_color` (an RGB tuple) marks one colour see-through instead (a tRNS chunk)."""
    image = picture(width, height, mode=mode, **colors)
    if alpha:
        image = _with_transparent_border(image)
    options: dict[str, Any] = {}
    if icc_profile is not None:
        options["icc_profile"] = icc_profile
    if transparent_color is not None:
        options["transparency"] = transparent_color
    return _upload(image, "PNG", name, "image/png", **options)


def webp(width: int = 400, height: int = 300, *, name: str = "picture.webp",
         alpha: bool = False, **colors: Any) -> SimpleUploadedFile:
    """A WebP; `alpha` leaves everything outside the middle half see-through."""
    image = picture(width, height, **colors)
    if alpha:
        image = _with_transparent_border(image)
    return _upload(image, "WEBP", name, "image/webp", quality=90)


def gif(width: int = 400, height: int = 300, *, name: str = "animation.gif",
        frames: tuple[Any, ...] = ("red", "blue")) -> SimpleUploadedFile:
    """An animated GIF, each frame one colour of `frames`."""
    first, *others = [picture(width, height, color=color, mode="P") for color in frames]
    return _upload(first, "GIF", name, "image/gif", save_all=bool(others),
                   append_images=others, duration=200, loop=0)


def bmp(width: int = 400, height: int = 300, *, name: str = "picture.bmp") -> SimpleUploadedFile:
    return _upload(picture(width, height), "BMP", name, "image/bmp")


def tiff(width: int = 400, height: int = 300, *, name: str = "scan.tiff") -> SimpleUploadedFile:
    return _upload(picture(width, height), "TIFF", name, "image/tiff")


def truncated(upload: SimpleUploadedFile, *, keep: float = 0.6) -> SimpleUploadedFile:
    """The first `keep` of another upload's bytes, as after an interrupted copy."""
    data = upload.read()
    upload.seek(0)
    return SimpleUploadedFile(upload.name, data[:int(len(data) * keep)],
                              content_type=upload.content_type)


def truncated_jpeg(width: int = 400, height: int = 300) -> SimpleUploadedFile:
    return truncated(jpeg(width, height))


def corrupt_png(width: int = 400, height: int = 300) -> SimpleUploadedFile:
    """A PNG whose compressed pixel data is overwritten in the middle by zeros.

    (A JPEG damaged the same way still decodes, to a smear: libjpeg only warns.)
    """
    data = bytearray(png(width, height, noise=True).read())
    middle = len(data) // 2
    data[middle:middle + 64] = bytes(64)
    return SimpleUploadedFile("picture.png", bytes(data), content_type="image/png")


def bomb_png(width: int = 8000, height: int = 6000, *,
             name: str = "bomb.png") -> SimpleUploadedFile:
    """A valid one-bit black PNG of `width` x `height`: a few kilobytes that decode to a
    huge picture. Written chunk by chunk, so making it never holds the pixels."""
    row = b"\x00" + bytes((width + 7) // 8)  # filter byte "none", then the bits
    compressor = zlib.compressobj(9)
    pixels = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    data = (b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", header) + _png_chunk(b"IDAT", pixels)
            + _png_chunk(b"IEND", b""))
    return SimpleUploadedFile(name, data, content_type="image/png")


def _png_chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def svg(*, name: str = "logo.svg") -> SimpleUploadedFile:
    drawing = (b'<?xml version="1.0" encoding="UTF-8"?>\n'
               b'<svg xmlns="http://www.w3.org/2000/svg" width="400" height="300">'
               b'<circle cx="200" cy="150" r="100" fill="red"/></svg>\n')
    return SimpleUploadedFile(name, drawing, content_type="image/svg+xml")


def heic(*, name: str = "IMG_0001.HEIC") -> SimpleUploadedFile:
    """The opening of a HEIC photo from a phone (its file-type box): enough to be recognised,
    as no encoder for the rest is at hand."""
    file_type_box = struct.pack(">I", 24) + b"ftypheic" + struct.pack(">I", 0) + b"mif1heic"
    return SimpleUploadedFile(name, file_type_box + bytes(1000), content_type="image/heic")


def pdf(*, name: str = "press-release.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n",
                              content_type="application/pdf")


def text_file(*, size: int = 200, name: str = "notes.jpg") -> SimpleUploadedFile:
    """Plain text of `size` bytes, named as a picture."""
    line = b"Season five drops in June; the showrunner confirmed it on the podcast.\n"
    return SimpleUploadedFile(name, (line * (size // len(line) + 1))[:size],
                              content_type="image/jpeg")


def empty(*, name: str = "photo.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"", content_type="image/jpeg")


# --- colour profiles ----------------------------------------------------------------------

# Where sRGB's red, green and blue sit (CIE XYZ, adapted to the D50 white ICC uses).
SRGB_RED = (0.4361, 0.2225, 0.0139)
SRGB_GREEN = (0.3851, 0.7169, 0.0971)
SRGB_BLUE = (0.1431, 0.0606, 0.7141)
_D50 = (0.9642, 1.0, 0.8249)


def rgb_profile(*, red: tuple[float, float, float] = SRGB_RED,
                green: tuple[float, float, float] = SRGB_GREEN,
                blue: tuple[float, float, float] = SRGB_BLUE, gamma: float = 2.2,
                description: str = "Test RGB") -> bytes:
    """An ICC (version 2) display profile with these primaries and one gamma curve."""
    def xyz(values: tuple[float, float, float]) -> bytes:
        return b"XYZ " + bytes(4) + b"".join(struct.pack(">i", round(v * 65536)) for v in values)

    text = description.encode("ascii") + b"\x00"
    tags = {
        b"desc": (b"desc" + bytes(4) + struct.pack(">I", len(text)) + text
                  + bytes(4 + 4 + 2 + 1 + 67)),  # no Unicode or ScriptCode versions
        b"cprt": b"text" + bytes(4) + b"No copyright: made for tests.\x00",
        b"wtpt": xyz(_D50),
        b"rXYZ": xyz(red),
        b"gXYZ": xyz(green),
        b"bXYZ": xyz(blue),
        b"rTRC": b"curv" + bytes(4) + struct.pack(">IH", 1, round(gamma * 256)) + bytes(2),
    }
    tags[b"gTRC"] = tags[b"bTRC"] = tags[b"rTRC"]
    table_size = 4 + 12 * len(tags)
    offset = 128 + table_size
    table = struct.pack(">I", len(tags))
    body = b""
    for signature, content in tags.items():
        content += bytes(-len(content) % 4)
        table += signature + struct.pack(">II", offset + len(body), len(content))
        body += content
    size = 128 + table_size + len(body)
    header = (struct.pack(">I", size) + bytes(4) + struct.pack(">I", 0x02100000) + b"mntr"
              + b"RGB " + b"XYZ " + struct.pack(">6H", 2026, 1, 1, 0, 0, 0) + b"acsp"
              + bytes(4 + 4 + 4 + 4 + 8 + 4)
              + b"".join(struct.pack(">i", round(v * 65536)) for v in _D50) + bytes(4 + 16 + 28))
    return header + table + body


def red_blue_swapped_profile() -> bytes:
    """A profile under which the red channel means sRGB's blue and the blue channel red:
    converting a picture tagged with it to sRGB turns its reds blue."""
    return rgb_profile(red=SRGB_BLUE, blue=SRGB_RED, description="Red and blue swapped")


# --- looking inside outputs ---------------------------------------------------------------

def opened(data: bytes) -> Image.Image:
    """A rendition's bytes, decoded."""
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def profile_description(data: bytes) -> str:
    """The description of the ICC profile embedded in a rendition ("" if it has none)."""
    icc = opened(data).info.get("icc_profile")
    if not icc:
        return ""
    return ImageCms.getProfileDescription(ImageCms.ImageCmsProfile(io.BytesIO(icc))).strip()


def share_of(image: Image.Image, color: tuple[int, int, int], *, tolerance: int = 60) -> float:
    """The fraction of the image's pixels within `tolerance` of `color` on every channel."""
    rgb = image.convert("RGB")
    near = sum(count for count, pixel in rgb.getcolors(rgb.width * rgb.height) or []
               if all(abs(a - b) <= tolerance for a, b in zip(pixel, color, strict=True)))
    return near / (rgb.width * rgb.height)


# --- measuring ----------------------------------------------------------------------------

_REPOSITORY = Path(__file__).resolve().parent.parent

# Runs in a fresh interpreter, so nothing the test process allocated counts. The kernel's
# peak-RSS mark (VmHWM) is reset to the current RSS just before the call (Linux: writing 5
# to clear_refs); getrusage cannot be reset, and a child inherits its parent's figure.
_MEASURE = """
import io, sys
sys.path.insert(0, {repository!r})
from articles import images

def kilobytes(field):
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith(field + ":"))

data = open({source!r}, "rb").read()
warm_up = {warm_up}
with open("/proc/self/clear_refs", "w") as clear_refs:
    clear_refs.write("5")
before = kilobytes("VmRSS")
{call}
print((kilobytes("VmHWM") - before) * 1024)
"""


def peak_memory_growth(source: Path, call: str, *, warm_up: str = "None") -> int:
    """How many bytes the peak memory of a fresh Python rises by while it runs `call`.

    `call` is Python with `images` (articles.images), `io` and `data` (the bytes of
    `source`) at hand; `warm_up` runs first, uncounted, to load what Pillow loads once.
    """
    script = _MEASURE.format(repository=str(_REPOSITORY), source=str(source), call=call,
                             warm_up=warm_up)
    finished = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                              check=True)
    return int(finished.stdout)
