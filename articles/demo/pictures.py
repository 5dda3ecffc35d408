"""The demo desk's pictures, made rather than uploaded: title cards, posters and stills.

`render_image()` turns one picture spec of `articles.demo.content` into a JPEG and the
focal point its crops must keep. The specs say what a picture shows; the painting is in
`motifs` (the shows' emblems) and `scenes` (the stills), all through `articles.images`.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from articles.demo.motifs import motif_tile
from articles.demo.pen import BLACK, WHITE, Color, Pen, Point, alpha, fit, mix, rgb
from articles.demo.scenes import render_scene
from articles.images import Canvas, load_font

# The demo's pictures stand in for uploads: as large as the widest rendition pages use and no
# larger, since each one gets its full set of renditions while the demo desk is seeded.
CARD_SIZE = (1600, 900)
STILL_SIZE = (1600, 900)
POSTER_SIZE = (1000, 1500)
JPEG_QUALITY = 90

# Where a card's medallions go (centre x and y in %, radius in units), by how many there are.
_MEDALLIONS = {
    1: [(79.0, 50.0, 32.0)],
    2: [(73.0, 34.0, 22.0), (86.0, 66.0, 22.0)],
    3: [(72.0, 29.0, 18.0), (89.0, 43.0, 18.0), (76.0, 72.0, 18.0)],
}


@dataclass(frozen=True)
class RenderedImage:
    data: bytes
    """A JPEG."""
    focal_point: Point
    """Where the subject is, as fractions of width and height: what crops must keep."""


def render_image(spec: dict[str, Any]) -> RenderedImage:
    """The picture a demo content image spec describes: a title card, poster or still."""
    if spec["kind"] == "card":
        return _title_card(spec["title"], spec["colors"], spec["motifs"])
    if spec["kind"] == "poster":
        return _poster(spec)
    return _still(spec)


def render_title_card(title: str, colors: Sequence[str], motifs: Sequence[str] = ()) -> bytes:
    """A story's lead picture as a JPEG, 1600x900: the title in big type beside its shows'
    motifs (keys of content.MOTIFS), in `colors`, a dark ground and an accent ("#rrggbb")."""
    return _title_card(title, colors, motifs).data


def _title_card(title: str, colors: Sequence[str], motifs: Sequence[str]) -> RenderedImage:
    dark, accent = rgb(colors[0]), rgb(colors[1])
    canvas = Canvas(CARD_SIZE, dark)
    pen = Pen(canvas)
    pen.gradient(mix(dark, WHITE, 0.06), mix(dark, BLACK, 0.45))
    pen.shape([(0, 100), (0, 64), (60, 100)], alpha(accent, 80))
    pen.text(7, 11, "NEWSDESK", load_font("sans", 30), accent)

    font, lines = fit(canvas, title, "sans", CARD_SIZE[0] * 0.45, 4, 112, 56)
    step = canvas.line_height(font) / CARD_SIZE[1] * 100
    top = 50 - step * len(lines) / 2
    pen.rect(6, top + 1, 6.6, top + step * len(lines) - 1, accent)
    for index, line in enumerate(lines):
        pen.text(9, top + step * index, line, font, WHITE, stroke_width=2,
                 stroke_fill=mix(dark, BLACK, 0.6))

    placed = _MEDALLIONS.get(len(motifs), [])
    for (x, y, radius), motif in zip(placed, motifs):
        _medallion(pen, motif_tile(motif, colors, round(radius * 2 * pen.unit)), x, y, radius,
                   accent)
    if not placed:
        for ring in range(5):
            pen.circle(80, 30, 5 + ring * 3.5, outline=WHITE, width=0.35)
        return RenderedImage(canvas.jpeg(JPEG_QUALITY), (0.5, 0.5))
    focal_x = sum(x for x, _, _ in placed) / len(placed) / 100
    focal_y = sum(y for _, y, _ in placed) / len(placed) / 100
    return RenderedImage(canvas.jpeg(JPEG_QUALITY), (round(focal_x, 3), round(focal_y, 3)))


def _medallion(pen: Pen, tile: Canvas, x: float, y: float, radius: float,
               accent: Color) -> None:
    mask = Canvas(tile.size, 0, mask=True)
    mask.oval((0, 0, tile.width - 1, tile.height - 1), 255)
    cx, cy = pen.at(x, y)
    pen.canvas.paste(tile, (round(cx - tile.width / 2), round(cy - tile.height / 2)), mask)
    pen.circle(x, y, radius, outline=accent, width=1.1)
    pen.circle(x, y, radius + 1.6, outline=alpha(WHITE, 150), width=0.3)


def _poster(spec: dict[str, Any]) -> RenderedImage:
    """A show's poster, 1000x1500: genre, the motif framed, title, tagline, platform."""
    colors = spec["colors"]
    dark, accent = rgb(colors[0]), rgb(colors[1])
    canvas = Canvas(POSTER_SIZE, dark)
    pen = Pen(canvas)
    pen.gradient(mix(dark, WHITE, 0.08), mix(dark, BLACK, 0.55))

    genre = "   ".join(" ".join(word) for word in spec["genre"].upper().split())
    pen.text(50, 4.6, genre, load_font("plain", 26), mix(accent, WHITE, 0.3), anchor="mm")
    pen.line([(9, 4.6), (22, 4.6)], accent, 0.3)
    pen.line([(78, 4.6), (91, 4.6)], accent, 0.3)

    art_box = (10.0, 8.7, 90.0, 62.0)
    left, top, right, _ = (round(value) for value in pen.box(*art_box))
    tile = motif_tile(spec["motifs"][0], colors, right - left)
    frame = Canvas(tile.size, 0, mask=True)
    # Serif shows get an arched window, the others a rounded panel.
    if spec["typeface"] == "serif":
        frame.rect((0, tile.width // 2, tile.width, tile.height), 255)
        frame.oval((0, 0, tile.width - 1, tile.width - 1), 255)
    else:
        frame.rect((0, 0, tile.width - 1, tile.height - 1), 255, radius=40)
    canvas.paste(tile, (left, top), frame)
    frame.edges(5)
    canvas.paste(accent, (left, top), frame)

    face = "serif" if spec["typeface"] == "serif" else "sans"
    font, lines = fit(canvas, spec["name"].upper(), face, 860, 2, 124, 60)
    y = 65.5
    for line in lines:
        pen.text(50, y, line, font, WHITE, anchor="ma")
        y += canvas.line_height(font) / POSTER_SIZE[1] * 100
    tagline_font, tagline = fit(canvas, spec["tagline"], "italic", 820, 1, 38, 30)
    if len(tagline) > 1:
        tagline_font, tagline = fit(canvas, spec["tagline"], "italic", 820, 2, 36, 26)
    y += 1.2
    for line in tagline:
        pen.text(50, y, line, tagline_font, mix(accent, WHITE, 0.45), anchor="ma")
        y += canvas.line_height(tagline_font) * 1.1 / POSTER_SIZE[1] * 100

    pen.rect(0, 93, 100, 100, accent)
    pen.text(50, 96.5, spec["platform"].upper(), load_font("sans", 44), dark, anchor="mm")
    return RenderedImage(canvas.jpeg(JPEG_QUALITY),
                         (0.5, round((art_box[1] + art_box[3]) / 200, 3)))


def _still(spec: dict[str, Any]) -> RenderedImage:
    """A still, 1600x900: the scene its spec names, with a small label in its corner."""
    canvas = Canvas(STILL_SIZE, BLACK)
    pen = Pen(canvas)
    focal_x, focal_y = render_scene(pen, spec)
    tag_font = load_font("plain", 22)
    width = canvas.text_width(spec["tag"], tag_font) / STILL_SIZE[0] * 100
    pen.rect(2.5, 92, 4.5 + width, 96.6, alpha(BLACK, 150), radius=0.8)
    pen.text(3.5, 94.3, spec["tag"], tag_font, alpha(WHITE, 230), anchor="lm")
    return RenderedImage(canvas.jpeg(JPEG_QUALITY),
                         (round(focal_x / 100, 3), round(focal_y / 100, 3)))
