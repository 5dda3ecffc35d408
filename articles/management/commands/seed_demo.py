from __future__ import annotations

import io
import itertools
import math
import random
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from PIL import Image as PillowImage
from PIL import ImageColor, ImageDraw, ImageFilter, ImageFont

from articles import demo_content, services
from articles.models import Article, Image, Section, Show, ShowFactChange

EDITOR = {"username": "editor", "first_name": "Dana", "last_name": "Reyes",
          "email": "editor@newsdesk.example"}
MODERATOR = {"username": "moderator", "first_name": "Sam", "last_name": "Ito",
             "email": "moderator@newsdesk.example"}

Color = tuple[int, int, int]
Point = tuple[float, float]
Font = ImageFont.FreeTypeFont | ImageFont.ImageFont

# The demo's pictures stand in for uploads: as large as the widest rendition pages use and no
# larger, since each one gets its full set of renditions while seed_demo runs.
CARD_SIZE = (1600, 900)
STILL_SIZE = (1600, 900)
POSTER_SIZE = (1000, 1500)
JPEG_QUALITY = 90

# Bold for titles, italic for taglines, regular for small print.
_FACES = {"sans": "DejaVuSans-Bold.ttf", "serif": "DejaVuSerif-Bold.ttf",
          "italic": "DejaVuSerif-Italic.ttf", "plain": "DejaVuSans.ttf"}
WHITE: Color = (255, 255, 255)
BLACK: Color = (0, 0, 0)
GOLD: Color = (255, 209, 102)
NEON_GREEN: Color = (57, 255, 136)
SEAL_RED: Color = (193, 18, 31)


@dataclass(frozen=True)
class Drawing:
    data: bytes
    """A JPEG."""
    focal_point: Point
    """Where the subject is, as fractions of width and height: what crops must keep."""


def _rgb(color: str | Color) -> Color:
    if not isinstance(color, str):
        return color
    rgb = ImageColor.getrgb(color)
    return (rgb[0], rgb[1], rgb[2])


def _mix(first: str | Color, second: str | Color, amount: float) -> Color:
    (r1, g1, b1), (r2, g2, b2) = _rgb(first), _rgb(second)
    return (round(r1 + (r2 - r1) * amount), round(g1 + (g2 - g1) * amount),
            round(b1 + (b2 - b1) * amount))


def _alpha(color: str | Color, opacity: int) -> tuple[int, int, int, int]:
    return (*_rgb(color), opacity)


@cache
def _font(face: str, size: int) -> Font:
    # DejaVu comes with most Linux systems; Pillow's own font keeps the demo drawable without it.
    try:
        return ImageFont.truetype(_FACES[face], size)
    except OSError:
        return ImageFont.load_default(size)


class _Pen:
    """Draws in percentages of the canvas: x of its width, y of its height, so a scene reads as
    a layout. Radii and line widths are in units of 1% of the shorter side, so circles stay
    round; `across()` turns such a length into a percentage of the width."""

    def __init__(self, canvas: PillowImage.Image) -> None:
        self.canvas = canvas
        self.draw = ImageDraw.Draw(canvas, "RGBA")
        self.width, self.height = canvas.size
        self.unit = min(canvas.size) / 100

    def at(self, x: float, y: float) -> Point:
        return (x * self.width / 100, y * self.height / 100)

    def box(self, x0: float, y0: float, x1: float, y1: float) -> tuple[float, float, float, float]:
        (left, top), (right, bottom) = self.at(x0, y0), self.at(x1, y1)
        return (left, top, right, bottom)

    def across(self, length: float) -> float:
        return length * self.unit * 100 / self.width

    def down(self, length: float) -> float:
        return length * self.unit * 100 / self.height

    def rect(self, x0: float, y0: float, x1: float, y1: float, fill: Any = None, *,
             radius: float = 0, outline: Any = None, width: float = 0) -> None:
        self.draw.rounded_rectangle(self.box(x0, y0, x1, y1), radius=radius * self.unit,
                                    fill=fill, outline=outline, width=round(width * self.unit))

    def oval(self, x0: float, y0: float, x1: float, y1: float, fill: Any = None, *,
             outline: Any = None, width: float = 0) -> None:
        self.draw.ellipse(self.box(x0, y0, x1, y1), fill=fill, outline=outline,
                          width=round(width * self.unit))

    def circle(self, x: float, y: float, radius: float, fill: Any = None, *,
               outline: Any = None, width: float = 0) -> None:
        cx, cy = self.at(x, y)
        r = radius * self.unit
        self.draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=fill, outline=outline,
                          width=round(width * self.unit))

    def shape(self, points: Sequence[Point], fill: Any, *, outline: Any = None,
              width: float = 0) -> None:
        self.draw.polygon([self.at(x, y) for x, y in points], fill=fill, outline=outline,
                          width=round(width * self.unit))

    def line(self, points: Sequence[Point], fill: Any, width: float) -> None:
        self.draw.line([self.at(x, y) for x, y in points], fill=fill,
                       width=max(1, round(width * self.unit)), joint="curve")

    def arc(self, x: float, y: float, radius: float, start: float, end: float, fill: Any,
            width: float) -> None:
        cx, cy = self.at(x, y)
        r = radius * self.unit
        self.draw.arc((cx - r, cy - r, cx + r, cy + r), start, end, fill=fill,
                      width=max(1, round(width * self.unit)))

    def text(self, x: float, y: float, text: str, font: Font, fill: Any,
             anchor: str = "la", **options: Any) -> None:
        self.draw.text(self.at(x, y), text, font=font, fill=fill, anchor=anchor, **options)

    def gradient(self, top: str | Color, bottom: str | Color, y0: float = 0,
                 y1: float = 100) -> None:
        band_top, band_bottom = round(y0 * self.height / 100), round(y1 * self.height / 100)
        size = (self.width, max(1, band_bottom - band_top))
        mask = PillowImage.linear_gradient("L").resize(size)
        band = PillowImage.composite(PillowImage.new("RGB", size, _rgb(bottom)),
                                     PillowImage.new("RGB", size, _rgb(top)), mask)
        self.canvas.paste(band, (0, band_top))

    def glow(self, x: float, y: float, radius: float, color: str | Color,
             strength: int = 200) -> None:
        """A soft light: a disc of `radius` blurred out to about twice that."""
        mask = PillowImage.new("L", self.canvas.size, 0)
        cx, cy = self.at(x, y)
        r = radius * self.unit
        ImageDraw.Draw(mask).ellipse((cx - r, cy - r, cx + r, cy + r), fill=strength)
        mask = mask.filter(ImageFilter.GaussianBlur(r * 0.6))
        self.canvas.paste(_rgb(color), (0, 0, self.width, self.height), mask)

    def stars(self, count: int, seed: int, *, below: float = 100) -> None:
        rng = random.Random(seed)
        for _ in range(count):
            self.circle(rng.uniform(0, 100), rng.uniform(0, below), rng.choice((0.12, 0.18, 0.3)),
                        _alpha(WHITE, rng.randint(90, 230)))

    def person(self, x: float, foot: float, height: float, fill: Any, *,
               head: Any = None, cloak: bool = False) -> None:
        """A standing figure cut from card, `height` units tall, feet at `foot`: head,
        shoulders, arms at its sides and legs (or a cloak to the ground)."""
        top = foot - self.down(height)

        def at(across: float, down: float) -> Point:
            return (x + self.across(height * across), top + self.down(height * down))

        for side in (-1, 1):
            self.line([at(side * 0.15, 0.25), at(side * 0.175, 0.52)], fill, height * 0.055)
            self.circle(*at(side * 0.175, 0.53), height * 0.03, fill)
        if cloak:
            self.shape([at(-0.15, 0.24), at(0.15, 0.24), at(0.24, 1), at(-0.24, 1)], fill)
        else:
            self.shape([at(-0.15, 0.24), at(0.15, 0.24), at(0.105, 0.56), at(-0.105, 0.56)], fill)
            self.shape([at(-0.105, 0.55), at(-0.01, 0.55), at(-0.025, 1), at(-0.085, 1)], fill)
            self.shape([at(0.01, 0.55), at(0.105, 0.55), at(0.085, 1), at(0.025, 1)], fill)
        left, shoulder_top = at(-0.18, 0.185)
        right, shoulder_bottom = at(0.18, 0.3)
        self.oval(left, shoulder_top, right, shoulder_bottom, fill)
        self.rect(*at(-0.035, 0.13), *at(0.035, 0.2), head or fill)
        self.circle(*at(0, 0.085), height * 0.075, head or fill)


def _fit(draw: ImageDraw.ImageDraw, text: str, face: str, max_width: float, max_lines: int,
         largest: int, smallest: int) -> tuple[Font, list[str]]:
    """The largest size (down to `smallest`) at which `text` wraps into `max_lines` lines."""
    size = largest
    while True:
        font = _font(face, size)
        lines = _wrap(draw, text, font, max_width)
        fits = all(draw.textlength(line, font=font) <= max_width for line in lines)
        if (len(lines) <= max_lines and fits) or size <= smallest:
            return font, _balanced(draw, text, font, len(lines))
        size -= 4


def _balanced(draw: ImageDraw.ImageDraw, text: str, font: Font, count: int) -> list[str]:
    """`text` in `count` lines of as even a width as the words allow (no lone last word)."""
    words = text.split()
    best: tuple[float, list[str]] | None = None
    for breaks in itertools.combinations(range(1, len(words)), count - 1):
        bounds = (0, *breaks, len(words))
        lines = [" ".join(words[start:end]) for start, end in itertools.pairwise(bounds)]
        widest = max(draw.textlength(line, font=font) for line in lines)
        if best is None or widest < best[0]:
            best = (widest, lines)
    return best[1] if best else [text]


def _wrap(draw: ImageDraw.ImageDraw, text: str, font: Font, max_width: float) -> list[str]:
    lines: list[str] = []
    line = ""
    for word in text.split():
        trial = f"{line} {word}".strip()
        if line and draw.textlength(trial, font=font) > max_width:
            lines.append(line)
            line = word
        else:
            line = trial
    return [*lines, line]


def _line_height(font: Font) -> float:
    return font.size * 1.12 if isinstance(font, ImageFont.FreeTypeFont) else 14


def _jpeg(canvas: PillowImage.Image) -> bytes:
    buffer = io.BytesIO()
    canvas.save(buffer, format="JPEG", quality=JPEG_QUALITY)
    return buffer.getvalue()


# --- motifs: each show's emblem, drawn on a square tile --------------------------------------

def _motif_ferry(pen: _Pen, dark: Color, accent: Color) -> None:
    pen.gradient(_mix(dark, BLACK, 0.35), _mix(dark, accent, 0.5), 0, 62)
    pen.glow(56, 50, 16, accent, 150)
    pen.circle(56, 50, 13, accent)
    pen.shape([(52, 62), (58, 56), (64, 53), (70, 55), (77, 50), (86, 53), (100, 58), (100, 62)],
              _mix(dark, BLACK, 0.65))
    pen.gradient(_mix(dark, accent, 0.2), _mix(dark, BLACK, 0.4), 62, 100)
    for row, y in enumerate(range(66, 100, 6)):
        for x in range(-4 + (row % 2) * 5, 104, 10):
            pen.arc(x, y, 3.2, 200, 340, _alpha(WHITE, 80), 0.7)
    for offset, length in ((64, 10), (67, 7), (70, 5)):
        pen.line([(56 - length, offset), (56 + length, offset)], _alpha(accent, 150), 0.9)
    pen.shape([(10, 70), (44, 70), (40, 78), (14, 78)], "#f2f2f2")
    pen.rect(16, 63, 34, 70.5, "#f2f2f2")
    pen.rect(20, 58, 30, 63.5, "#f2f2f2")
    pen.rect(31, 54, 34, 63.5, accent)
    for x in range(18, 33, 4):
        pen.rect(x, 65, x + 2, 67.5, _mix(dark, BLACK, 0.3))
    pen.line([(8, 79), (2, 80)], _alpha(WHITE, 120), 0.6)


def _motif_volcano(pen: _Pen, dark: Color, accent: Color) -> None:
    pen.gradient(_mix(dark, BLACK, 0.55), _mix(dark, accent, 0.4))
    for x, y, r in ((66, 36, 7), (73, 29, 9), (82, 21, 11)):
        pen.circle(x, y, r, _alpha("#8a817c", 110))
    pen.glow(50, 44, 14, accent, 170)
    pen.shape([(4, 100), (38, 46), (62, 46), (96, 100)], _mix(dark, BLACK, 0.6))
    pen.oval(38, 43, 62, 49, accent)
    pen.line([(45, 47), (41, 60), (44, 70), (36, 84), (38, 100)], accent, 2.6)
    pen.line([(55, 47), (58, 62), (55, 74), (64, 88), (63, 100)], accent, 2.2)
    pen.line([(45, 47), (41, 60), (44, 70), (36, 84), (38, 100)], "#ffe066", 0.8)
    pen.line([(55, 47), (58, 62), (55, 74), (64, 88), (63, 100)], "#ffe066", 0.7)
    pen.shape([(34, 30), (34, 14), (42, 22), (50, 8), (58, 22), (66, 14), (66, 30)], GOLD)
    pen.rect(34, 28, 66, 34, GOLD)
    for x in (41, 50, 59):
        pen.circle(x, 31, 1.6, accent)


def _motif_ledger(pen: _Pen, dark: Color, accent: Color) -> None:
    pen.gradient(_mix(dark, accent, 0.15), _mix(dark, BLACK, 0.4))
    pen.shape([(9, 24), (50, 28), (91, 24), (91, 84), (50, 88), (9, 84)], _alpha(BLACK, 90))
    paper = "#f4f1e8"
    pen.shape([(8, 20), (49.5, 25), (49.5, 84), (8, 79)], paper)
    pen.shape([(50.5, 25), (92, 20), (92, 79), (50.5, 84)], paper)
    pen.line([(50, 25), (50, 84)], _mix(paper, BLACK, 0.25), 0.8)
    small = _font("plain", max(10, round(pen.unit * 3.6)))
    figures = ["1,240.00", "86.50", "312.75", "4,120.00", "48,200.00", "77.10", "903.40"]
    for row, amount in enumerate(figures):
        slope = 5 * (1 - row / 10)
        y = 31 + row * 6.8
        pen.line([(11, y - slope * 0.7 + 3), (47, y + 3)], _alpha(accent, 140), 0.3)
        pen.line([(53, y + 3), (89, y - slope * 0.7 + 3)], _alpha(accent, 140), 0.3)
        pen.rect(13, y - 0.6 - slope * 0.55, 13 + 10 + (row * 7) % 14, y + 1.2 - slope * 0.55,
                 _mix(paper, BLACK, 0.45), radius=0.5)
        pen.text(87, y + 2.2 - slope * 0.15, amount, small, "#2b2d42", anchor="rs")
        if amount == "48,200.00":
            pen.oval(61, y - 3.2, 90, y + 4.2, outline=SEAL_RED, width=0.9)


def _motif_pharmacy(pen: _Pen, dark: Color, accent: Color) -> None:
    sky_top, sky_bottom = _mix(dark, BLACK, 0.55), _mix(dark, BLACK, 0.1)
    pen.gradient(sky_top, sky_bottom)
    pen.stars(40, 7, below=45)
    pen.circle(76, 20, 11, "#f6f1d1")
    pen.circle(81, 16, 10, _mix(sky_top, sky_bottom, 0.16))
    pen.rect(14, 50, 86, 94, _mix(dark, BLACK, 0.4))
    pen.shape([(10, 52), (50, 38), (90, 52)], _mix(dark, BLACK, 0.55))
    pen.rect(21, 62, 55, 88, _alpha("#ffe8a3", 220))
    for y in (69, 76, 83):
        pen.line([(21, y), (55, y)], _mix(dark, BLACK, 0.3), 0.6)
    pen.rect(63, 64, 77, 94, _mix(dark, BLACK, 0.7))
    pen.glow(50, 28, 15, NEON_GREEN, 190)
    pen.rect(46, 18, 54, 38, NEON_GREEN, radius=1)
    pen.rect(40, 24, 60, 32, NEON_GREEN, radius=1)
    pen.rect(48.5, 21, 51.5, 35, "#d9ffe9")
    pen.rect(43, 26.5, 57, 29.5, "#d9ffe9")
    pen.rect(0, 94, 100, 100, _mix(dark, BLACK, 0.75))


def _motif_station(pen: _Pen, dark: Color, accent: Color) -> None:
    pen.gradient(_mix(dark, BLACK, 0.5), dark)
    pen.stars(70, 11)
    planet = _mix(dark, accent, 0.35)
    pen.circle(30, 84, 30, planet)
    pen.arc(30, 84, 28, 200, 290, _mix(planet, WHITE, 0.35), 2)
    pen.oval(-12, 78, 72, 92, outline=accent, width=1.4)
    steel = "#c9d1d9"
    pen.circle(66, 36, 19, outline=steel, width=3)
    for angle in range(0, 360, 60):
        rad = math.radians(angle)
        pen.line([(66, 36), (66 + 19 * math.cos(rad), 36 + 19 * math.sin(rad))], steel, 0.9)
        pen.rect(66 + 19 * math.cos(rad) - 2, 36 + 19 * math.sin(rad) - 2,
                 66 + 19 * math.cos(rad) + 2, 36 + 19 * math.sin(rad) + 2, "#8d99ae")
    pen.circle(66, 36, 5, steel)
    pen.glow(16, 22, 4, accent, 220)
    pen.shape([(18, 18), (34, 24), (18, 30), (21, 24)], WHITE)


def _motif_stage(pen: _Pen, dark: Color, accent: Color) -> None:
    pen.gradient(_mix(dark, BLACK, 0.85), _mix(dark, BLACK, 0.6))
    pen.rect(0, 78, 100, 100, _mix("#6b4226", BLACK, 0.3))
    pen.shape([(44, 0), (56, 0), (74, 84), (26, 84)], _alpha(accent, 70))
    pen.oval(24, 78, 76, 90, _alpha(accent, 110))
    _star(pen, 50, 68, 11, GOLD)
    curtain = _mix(dark, BLACK, 0.1)
    for side in (1, -1):
        def mirror(x: float) -> float:
            return x if side == 1 else 100 - x
        pen.shape([(mirror(0), 0), (mirror(28), 0), (mirror(20), 40), (mirror(12), 100),
                   (mirror(0), 100)], curtain)
        for x in (6, 12, 18):
            pen.line([(mirror(x + 4), 4), (mirror(x * 0.6), 98)], _mix(curtain, WHITE, 0.18), 0.6)
    pen.rect(0, 0, 100, 9, curtain)
    for x in range(5, 100, 10):
        pen.circle(x, 9, 5, curtain)


def _star(pen: _Pen, x: float, y: float, radius: float, fill: Any) -> None:
    points = []
    for index in range(10):
        r = radius if index % 2 == 0 else radius * 0.45
        angle = math.radians(-90 + index * 36)
        points.append((x + pen.across(r * math.cos(angle)), y + pen.down(r * math.sin(angle))))
    pen.shape(points, fill)


def _arch_bridge(pen: _Pen, stone: Color, box: tuple[float, float, float, float],
                 opening: tuple[float, float, float, float]) -> None:
    """Stone filling `box` with an arched opening: the oval `opening`, cut off by the box."""
    mask = PillowImage.new("L", pen.canvas.size, 0)
    cut = ImageDraw.Draw(mask)
    cut.rectangle(pen.box(*box), fill=255)
    cut.ellipse(pen.box(*opening), fill=0)
    pen.canvas.paste(stone, (0, 0, pen.width, pen.height), mask)


def _motif_lanterns(pen: _Pen, dark: Color, accent: Color) -> None:
    pen.gradient(_mix(dark, BLACK, 0.45), dark, 0, 64)
    pen.stars(30, 5, below=30)
    pen.gradient(_mix(dark, BLACK, 0.15), _mix(dark, BLACK, 0.6), 64, 100)
    stone = _mix(dark, WHITE, 0.28)
    _arch_bridge(pen, stone, (0, 22, 100, 64), (8, 36, 92, 100))
    for y in (27, 32):
        pen.line([(0, y), (100, y)], _mix(stone, BLACK, 0.25), 0.4)
    for x, drop in ((30, 14), (50, 20), (70, 12)):
        pen.line([(x, 34), (x, 34 + drop)], _mix(dark, BLACK, 0.5), 0.5)
        pen.glow(x, 39 + drop, 7, accent, 170)
        cap = 34 + drop
        pen.shape([(x - 4, cap), (x + 4, cap), (x + 2.5, cap - 2), (x - 2.5, cap - 2)],
                  _mix(dark, BLACK, 0.5))
        pen.rect(x - 3.2, 34 + drop, x + 3.2, 44 + drop, accent, radius=1.2)
        pen.rect(x - 1.6, 36 + drop, x + 1.6, 42 + drop, "#fff3c4", radius=0.8)
        for y in range(68, 96, 5):
            half = 3 - (y - 68) / 14
            pen.line([(x - half, y), (x + half, y)], _alpha(accent, 130), 0.7)


def _bell_outline(pen: _Pen, x: float, top: float, height: float) -> list[Point]:
    """A church bell's profile: a narrow crown flaring to a wide lip."""
    half_widths = [0.26, 0.3, 0.32, 0.34, 0.37, 0.42, 0.5, 0.58]
    left, right = [], []
    for step, half in enumerate(half_widths):
        y = top + pen.down(height * step / (len(half_widths) - 1))
        left.append((x - pen.across(height * half), y))
        right.append((x + pen.across(height * half), y))
    return [*left, *reversed(right)]


def _motif_bell(pen: _Pen, dark: Color, accent: Color) -> None:
    pen.gradient(_mix(dark, BLACK, 0.4), _mix(dark, accent, 0.3), 0, 72)
    pen.rect(10, 12, 90, 18, "#6b4f2a")
    pen.rect(46, 18, 54, 24, "#4a3520")
    for radius in (30, 37):
        pen.arc(50, 44, radius, 200, 250, _alpha(accent, 120), 0.8)
        pen.arc(50, 44, radius, 290, 340, _alpha(accent, 120), 0.8)
    pen.circle(50, 31, 10, accent)
    pen.shape(_bell_outline(pen, 50, 26, 36), accent)
    pen.rect(28, 60, 72, 65, _mix(accent, BLACK, 0.15), radius=2)
    pen.line([(41, 30), (37, 58)], _alpha(WHITE, 90), 1.4)
    pen.circle(50, 68, 3, _mix(accent, BLACK, 0.45))
    pen.gradient(_mix(dark, BLACK, 0.2), _mix(dark, BLACK, 0.65), 72, 100)
    for row, y in enumerate((76, 83, 90, 97)):
        points = [(x, y + 1.6 * math.sin((x + row * 7) / 5)) for x in range(0, 101, 2)]
        pen.line(points, _alpha(WHITE, 70 + row * 15), 0.7)


_MOTIFS: dict[str, Callable[[_Pen, Color, Color], None]] = {
    "ferry": _motif_ferry, "volcano": _motif_volcano, "ledger": _motif_ledger,
    "pharmacy": _motif_pharmacy, "station": _motif_station, "stage": _motif_stage,
    "lanterns": _motif_lanterns, "bell": _motif_bell,
}


def _motif_tile(motif: str, colors: Sequence[str], side: int) -> PillowImage.Image:
    tile = PillowImage.new("RGB", (side, side), _rgb(colors[0]))
    _MOTIFS[motif](_Pen(tile), _rgb(colors[0]), _rgb(colors[1]))
    return tile


# --- title cards, posters and stills ---------------------------------------------------------

# Where a card's medallions go (centre x and y in %, radius in units), by how many there are.
_MEDALLIONS = {
    1: [(79.0, 50.0, 32.0)],
    2: [(73.0, 34.0, 22.0), (86.0, 66.0, 22.0)],
    3: [(72.0, 29.0, 18.0), (89.0, 43.0, 18.0), (76.0, 72.0, 18.0)],
}


def draw_title_card(title: str, colors: Sequence[str], motifs: Sequence[str] = ()) -> bytes:
    """A story's lead picture, 1600x900: the title in big type beside its shows' motifs."""
    return _title_card(title, colors, motifs).data


def _title_card(title: str, colors: Sequence[str], motifs: Sequence[str]) -> Drawing:
    dark, accent = _rgb(colors[0]), _rgb(colors[1])
    canvas = PillowImage.new("RGB", CARD_SIZE, dark)
    pen = _Pen(canvas)
    pen.gradient(_mix(dark, WHITE, 0.06), _mix(dark, BLACK, 0.45))
    pen.shape([(0, 100), (0, 64), (60, 100)], _alpha(accent, 80))
    pen.text(7, 11, "NEWSDESK", _font("sans", 30), accent)

    font, lines = _fit(pen.draw, title, "sans", CARD_SIZE[0] * 0.45, 4, 112, 56)
    step = _line_height(font) / CARD_SIZE[1] * 100
    top = 50 - step * len(lines) / 2
    pen.rect(6, top + 1, 6.6, top + step * len(lines) - 1, accent)
    for index, line in enumerate(lines):
        pen.text(9, top + step * index, line, font, WHITE, stroke_width=2,
                 stroke_fill=_mix(dark, BLACK, 0.6))

    placed = _MEDALLIONS.get(len(motifs), [])
    for (x, y, radius), motif in zip(placed, motifs):
        _medallion(pen, _motif_tile(motif, colors, round(radius * 2 * pen.unit)), x, y, radius,
                   accent)
    if not placed:
        for ring in range(5):
            pen.circle(80, 30, 5 + ring * 3.5, outline=WHITE, width=0.35)
        return Drawing(_jpeg(canvas), (0.5, 0.5))
    focal_x = sum(x for x, _, _ in placed) / len(placed) / 100
    focal_y = sum(y for _, y, _ in placed) / len(placed) / 100
    return Drawing(_jpeg(canvas), (round(focal_x, 3), round(focal_y, 3)))


def _medallion(pen: _Pen, tile: PillowImage.Image, x: float, y: float, radius: float,
               accent: Color) -> None:
    mask = PillowImage.new("L", tile.size, 0)
    ImageDraw.Draw(mask).ellipse((0, 0, tile.width - 1, tile.height - 1), fill=255)
    cx, cy = pen.at(x, y)
    pen.canvas.paste(tile, (round(cx - tile.width / 2), round(cy - tile.height / 2)), mask)
    pen.circle(x, y, radius, outline=accent, width=1.1)
    pen.circle(x, y, radius + 1.6, outline=_alpha(WHITE, 150), width=0.3)


def _draw_poster(spec: dict[str, Any]) -> Drawing:
    """A show's poster, 1000x1500: genre, the motif framed, title, tagline, platform."""
    colors = spec["colors"]
    dark, accent = _rgb(colors[0]), _rgb(colors[1])
    canvas = PillowImage.new("RGB", POSTER_SIZE, dark)
    pen = _Pen(canvas)
    pen.gradient(_mix(dark, WHITE, 0.08), _mix(dark, BLACK, 0.55))

    genre = "   ".join(" ".join(word) for word in spec["genre"].upper().split())
    pen.text(50, 4.6, genre, _font("plain", 26), _mix(accent, WHITE, 0.3), anchor="mm")
    pen.line([(9, 4.6), (22, 4.6)], accent, 0.3)
    pen.line([(78, 4.6), (91, 4.6)], accent, 0.3)

    art_box = (10.0, 8.7, 90.0, 62.0)
    left, top, right, bottom = (round(value) for value in pen.box(*art_box))
    tile = _motif_tile(spec["motifs"][0], colors, right - left)
    mask = PillowImage.new("L", tile.size, 0)
    frame = ImageDraw.Draw(mask)
    # Serif shows get an arched window, the others a rounded panel.
    if spec["typeface"] == "serif":
        frame.rectangle((0, tile.width // 2, tile.width, tile.height), fill=255)
        frame.ellipse((0, 0, tile.width - 1, tile.width - 1), fill=255)
    else:
        frame.rounded_rectangle((0, 0, tile.width - 1, tile.height - 1), radius=40, fill=255)
    canvas.paste(tile, (left, top), mask)
    outline = mask.filter(ImageFilter.FIND_EDGES).filter(ImageFilter.MaxFilter(5))
    canvas.paste(accent, (left, top, right, top + tile.height), outline)

    face = "serif" if spec["typeface"] == "serif" else "sans"
    font, lines = _fit(pen.draw, spec["name"].upper(), face, 860, 2, 124, 60)
    y = 65.5
    for line in lines:
        pen.text(50, y, line, font, WHITE, anchor="ma")
        y += _line_height(font) / POSTER_SIZE[1] * 100
    tagline_font, tagline = _fit(pen.draw, spec["tagline"], "italic", 820, 1, 38, 30)
    if len(tagline) > 1:
        tagline_font, tagline = _fit(pen.draw, spec["tagline"], "italic", 820, 2, 36, 26)
    y += 1.2
    for line in tagline:
        pen.text(50, y, line, tagline_font, _mix(accent, WHITE, 0.45), anchor="ma")
        y += _line_height(tagline_font) * 1.1 / POSTER_SIZE[1] * 100

    pen.rect(0, 93, 100, 100, accent)
    pen.text(50, 96.5, spec["platform"].upper(), _font("sans", 44), dark, anchor="mm")
    return Drawing(_jpeg(canvas), (0.5, round((art_box[1] + art_box[3]) / 200, 3)))


def _draw_still(spec: dict[str, Any]) -> Drawing:
    """A still, 1600x900: one of _SCENES, with a small label in its corner."""
    canvas = PillowImage.new("RGB", STILL_SIZE, BLACK)
    pen = _Pen(canvas)
    focal_x, focal_y = _SCENES[spec["scene"]](pen, spec)
    tag_font = _font("plain", 22)
    width = pen.draw.textlength(spec["tag"], font=tag_font) / STILL_SIZE[0] * 100
    pen.rect(2.5, 92, 4.5 + width, 96.6, _alpha(BLACK, 150), radius=0.8)
    pen.text(3.5, 94.3, spec["tag"], tag_font, _alpha(WHITE, 230), anchor="lm")
    return Drawing(_jpeg(canvas), (round(focal_x / 100, 3), round(focal_y / 100, 3)))


# --- stills: each scene returns where its subject is (x and y in %) ---------------------------

def _scene_ferry_adrift(pen: _Pen, spec: dict[str, Any]) -> Point:
    navy, red = _rgb(spec["colors"][0]), _rgb(spec["colors"][1])
    pen.gradient(_mix(navy, BLACK, 0.5), _mix(red, "#f4a261", 0.35), 0, 58)
    pen.glow(77, 50, 14, red, 140)
    pen.circle(77, 50, 10, red)
    pen.shape([(56, 58), (60, 55.5), (65, 52), (70, 53), (74, 50.5), (80, 51), (86, 48.5),
               (92, 52.5), (97, 56), (100, 57), (100, 58)], "#0b0f1a")
    pen.gradient(_mix(navy, red, 0.25), _mix(navy, BLACK, 0.55), 58, 100)
    for index in range(8):
        half, y = 6 - index * 0.6, 61 + index * 4
        pen.line([(77 - half, y), (77 + half, y)], _alpha(red, 150 - index * 12), 0.5)
    rng = random.Random(3)
    for _ in range(90):
        wave_x, wave_y = rng.uniform(0, 100), rng.uniform(62, 99)
        pen.arc(wave_x, wave_y, 2.4 + (wave_y - 60) / 12, 205, 335, _alpha(WHITE, 45), 0.35)
    hull = "#0d1320"
    rim = _alpha(red, 200)
    pen.shape([(12, 69), (44, 69), (40.5, 77), (15.5, 77)], hull)
    pen.rect(17, 62, 35, 69.5, hull)
    pen.rect(21, 57, 30, 62.5, hull)
    pen.rect(31.5, 53.5, 33.5, 62.5, hull)
    pen.line([(17, 62), (35, 62)], rim, 0.25)
    pen.line([(21, 57), (30, 57)], rim, 0.25)
    pen.line([(12, 69), (44, 69)], rim, 0.25)
    for x in range(19, 34, 3):
        pen.rect(x, 64, x + 1.4, 66.2, "#1b2436")
    for wake_y, length in ((77.5, 14.0), (79.0, 9.0)):
        pen.line([(14, wake_y), (14 - length, wake_y + 0.8)], _alpha(WHITE, 70), 0.3)
    return (28, 66)


def _scene_salt_sacks(pen: _Pen, spec: dict[str, Any]) -> Point:
    pen.gradient("#2b2b31", "#141418", 0, 80)
    pen.gradient("#24221f", "#0f0e0d", 80, 100)
    for x in range(0, 101, 12):
        pen.line([(x, 0), (x + 4, 8)], _alpha("#55535a", 120), 0.5)
    pen.line([(0, 8), (100, 8)], _alpha("#55535a", 140), 0.8)
    light = "#fbe3a8"
    pen.glow(86, 52, 16, light, 90)
    pen.rect(80, 18, 93, 80, light)
    pen.shape([(80, 80), (93, 80), (82, 100), (52, 100)], _alpha(light, 60))
    sack, shade = "#d9d0bd", "#a89f8c"
    for row, count in enumerate((6, 5, 4, 3)):
        bottom = 90 - row * 13
        left = 6 + row * 4.5
        for column in range(count):
            sack_x = left + column * 9
            pen.rect(sack_x, bottom - 14, sack_x + 8.4, bottom, sack, radius=2.6, outline=shade,
                     width=0.3)
            pen.oval(sack_x + 3, bottom - 15.5, sack_x + 5.4, bottom - 12.8, shade)
            pen.circle(sack_x + 4.2, bottom - 6.5, 2.2, outline=SEAL_RED, width=0.45)
            pen.circle(sack_x + 4.2, bottom - 6.5, 0.9, SEAL_RED)
    return (33, 62)


def _scene_wing_over_moon(pen: _Pen, spec: dict[str, Any]) -> Point:
    accent = _rgb(spec["colors"][1])
    pen.gradient("#0d0a14", _mix(spec["colors"][0], BLACK, 0.2))
    pen.stars(90, 17, below=60)
    pen.glow(60, 36, 30, "#f3e9d2", 70)
    pen.circle(60, 36, 26, "#f3e9d2")
    pen.circle(52, 30, 4, _alpha("#d8ccb0", 160))
    pen.circle(66, 46, 3, _alpha("#d8ccb0", 140))
    wrist, shoulder = (60.0, 18.0), (46.0, 46.0)
    tips = [(86.0, 8.0), (91.0, 22.0), (86.0, 34.0), (76.0, 42.0), (63.0, 46.0)]
    # Leading edge from the shoulder over the wrist to the first tip, then the membrane
    # scalloped between the finger tips back to the body.
    outline = _curve(shoulder, (48.0, 26.0), wrist) + _curve(wrist, (74.0, 6.0), tips[0])
    for start, end in itertools.pairwise([*tips, shoulder]):
        middle = ((start[0] + end[0]) / 2, (start[1] + end[1]) / 2)
        pull = (middle[0] + (wrist[0] - middle[0]) * 0.3, middle[1] + (wrist[1] - middle[1]) * 0.3)
        outline += _curve(start, pull, end)
    wing = "#0a0605"
    pen.shape(outline, wing)
    for tip in tips:
        pen.line([wrist, tip], "#2e1d16", 0.45)
    pen.line([shoulder, wrist], "#2e1d16", 0.9)
    pen.shape([(0, 100), (0, 74), (10, 70), (18, 66), (26, 68), (34, 60), (44, 70), (56, 73),
               (70, 80), (85, 77), (100, 83), (100, 100)], "#07050a")
    pen.rect(29, 52, 39, 61, "#07050a")
    pen.rect(31, 45, 34, 52, "#07050a")
    pen.shape([(30.5, 45), (32.5, 40), (34.5, 45)], "#07050a")
    pen.shape([(35, 52), (37, 48.5), (39, 52)], "#07050a")
    for x in (30.5, 33, 36, 37.5):
        pen.rect(x, 55, x + 0.5, 57, accent)
    rng = random.Random(23)
    for _ in range(40):
        pen.circle(rng.uniform(10, 70), rng.uniform(62, 98), rng.choice((0.2, 0.3, 0.45)),
                   _alpha(accent, rng.randint(120, 230)))
    # Between the moon's centre and the wing tips, so crops keep both.
    return (66, 32)


def _curve(start: Point, control: Point, end: Point, steps: int = 12) -> list[Point]:
    """Points along the quadratic curve from `start` to `end` pulled toward `control`."""
    points = []
    for step in range(steps + 1):
        share = step / steps
        weights = ((1 - share) ** 2, 2 * (1 - share) * share, share ** 2)
        points.append((
            weights[0] * start[0] + weights[1] * control[0] + weights[2] * end[0],
            weights[0] * start[1] + weights[1] * control[1] + weights[2] * end[1],
        ))
    return points


def _scene_pharmacy_counter(pen: _Pen, spec: dict[str, Any]) -> Point:
    green = _rgb(spec["colors"][0])
    pen.gradient(_mix(green, BLACK, 0.35), _mix(green, BLACK, 0.1))
    rng = random.Random(29)
    boxes = ["#f1faee", "#a8dadc", "#ffd6a5", "#caffbf", "#fdffb6", "#bdb2ff", "#ffc6ff"]
    for shelf in (24.0, 40.0, 56.0):
        x = 3.0
        while x < 62:
            width, height = rng.uniform(2.2, 4.2), rng.uniform(6, 11)
            pen.rect(x, shelf - height, x + width, shelf, rng.choice(boxes))
            x += width + rng.uniform(0.2, 0.8)
        pen.rect(2, shelf, 64, shelf + 1.4, "#5c4a3a")
    pen.glow(80, 28, 15, NEON_GREEN, 170)
    pen.rect(77.5, 14, 82.5, 42, NEON_GREEN, radius=0.8)
    pen.rect(71, 25.5, 89, 30.5, NEON_GREEN, radius=0.8)
    pen.rect(79.3, 16, 80.7, 40, "#d9ffe9")
    pen.rect(73, 27.3, 87, 28.7, "#d9ffe9")
    pen.person(38, 100, 70, "#cbb89d", head="#2e2622")
    pen.rect(0, 68, 100, 100, _mix(green, "#1f6f54", 0.5))
    pen.rect(0, 67, 100, 69.5, _mix(green, WHITE, 0.35))
    for x in range(12, 100, 16):
        pen.line([(x, 72), (x, 98)], _mix(green, BLACK, 0.25), 0.4)
    pen.rect(60, 58, 70, 67, "#2f3e46", radius=0.8)
    pen.rect(61.5, 59.5, 68.5, 62, NEON_GREEN)
    return (40, 50)


def _scene_rain_street(pen: _Pen, spec: dict[str, Any]) -> Point:
    green = _rgb(spec["colors"][0])
    pen.gradient(_mix(green, BLACK, 0.8), _mix(green, BLACK, 0.55), 0, 48)
    wall = _mix(green, BLACK, 0.7)
    pen.shape([(0, 0), (44, 36), (44, 52), (0, 100)], wall)
    pen.shape([(100, 0), (56, 36), (56, 52), (100, 100)], wall)
    pen.shape([(0, 100), (44, 52), (56, 52), (100, 100)], "#101418")
    pen.rect(44, 36, 56, 52, _mix(green, BLACK, 0.6))

    def window(side: int, near: float, far: float, high: float, low: float) -> list[Point]:
        def point(depth: float, share: float) -> Point:
            x = 44 * depth if side < 0 else 100 - 44 * depth
            top, bottom = 36 * depth, 100 - 48 * depth
            return (x, top + (bottom - top) * share)
        return [point(near, high), point(far, high), point(far, low), point(near, low)]

    for side in (-1, 1):
        for near, far in ((0.08, 0.28), (0.38, 0.52), (0.6, 0.7), (0.76, 0.82)):
            pen.shape(window(side, near, far, 0.42, 0.7), _alpha("#ffd58a", 200))
            pen.shape(window(side, near, far, 0.12, 0.3), _alpha("#ffd58a", 90))
    pen.glow(50, 41, 12, NEON_GREEN, 200)
    pen.rect(49.1, 37.5, 50.9, 44.5, NEON_GREEN)
    pen.rect(47, 40.1, 53, 41.9, NEON_GREEN)
    pen.shape([(48.5, 52), (51.5, 52), (57, 100), (43, 100)], _alpha(NEON_GREEN, 60))
    rng = random.Random(31)
    for _ in range(420):
        x, y = rng.uniform(-5, 105), rng.uniform(-5, 100)
        length = rng.uniform(2.5, 6)
        pen.line([(x, y), (x - length * 0.12, y + length)], _alpha(WHITE, rng.randint(40, 110)),
                 0.16)
    return (50, 42)


def _scene_docking(pen: _Pen, spec: dict[str, Any]) -> Point:
    dark, amber = _rgb(spec["colors"][0]), _rgb(spec["colors"][1])
    pen.gradient(_mix(dark, BLACK, 0.6), dark)
    pen.stars(220, 41)
    planet = _mix(dark, amber, 0.32)
    pen.circle(16, 122, 66, planet)
    pen.arc(16, 122, 63, 250, 320, _mix(planet, WHITE, 0.35), 2.2)
    pen.oval(-20, 80, 60, 104, outline=_alpha(amber, 200), width=1.4)
    steel = "#c9d1d9"
    station_x, station_y = 68.0, 38.0
    for side in (-1, 1):
        x = station_x + side * pen.across(30)
        pen.rect(min(x, x + side * 12), station_y - 3, max(x, x + side * 12), station_y + 3,
                 "#2a4d69", outline=steel, width=0.25)
        pen.line([(station_x + side * pen.across(21), station_y), (x, station_y)], steel, 0.6)
    pen.circle(station_x, station_y, 21, outline=steel, width=3.2)
    for angle in range(0, 360, 45):
        rad = math.radians(angle)
        x = station_x + pen.across(21 * math.cos(rad))
        y = station_y + pen.down(21 * math.sin(rad))
        pen.line([(station_x, station_y), (x, y)], steel, 0.8)
        pen.circle(x, y, 2.2, "#8d99ae")
    pen.circle(station_x, station_y, 5.5, steel)
    pen.circle(station_x, station_y, 2.4, _alpha(amber, 230))
    ship_x, ship_y = 30.0, 24.0
    for step in range(1, 9):
        share = step / 9
        pen.circle(ship_x + 4 + (station_x - pen.across(24) - ship_x - 4) * share,
                   ship_y + 1.5 + (station_y - 4 - ship_y - 1.5) * share, 0.35, _alpha(amber, 200))
    pen.glow(ship_x - 4, ship_y - 1, 5, amber, 230)
    pen.shape([(ship_x - 3, ship_y - 3.5), (ship_x + 5, ship_y + 1.5), (ship_x - 3, ship_y + 3.5),
               (ship_x - 1.5, ship_y)], "#e9ecef")
    pen.line([(ship_x - 3, ship_y - 3.5), (ship_x + 5, ship_y + 1.5)], _alpha(amber, 200), 0.25)
    return (52, 33)


def _scene_wings_chairs(pen: _Pen, spec: dict[str, Any]) -> Point:
    purple, gold = _rgb(spec["colors"][0]), _rgb(spec["colors"][1])
    pen.gradient(_mix(purple, BLACK, 0.88), _mix(purple, BLACK, 0.7), 0, 72)
    pen.rect(0, 72, 100, 100, "#4a2e1c")
    for plank in range(-40, 141, 8):
        pen.line([(plank * 0.7 + 15, 72), (plank, 100)], _mix("#4a2e1c", BLACK, 0.3), 0.25)
    pen.shape([(64, -2), (76, -2), (88, 88), (54, 88)], _alpha(gold, 55))
    pen.oval(54, 82, 88, 94, _alpha(gold, 120))
    curtain = _mix(purple, BLACK, 0.15)
    pen.shape([(0, 0), (17, 0), (15, 50), (12, 100), (0, 100)], curtain)
    for fold in (3.0, 7.0, 11.0, 14.5):
        pen.line([(fold, 0), (fold * 0.85, 100)], _mix(curtain, WHITE, 0.16), 0.5)
    pen.rect(0, 0, 100, 7, curtain)
    for scallop in range(4, 101, 8):
        pen.circle(scallop, 7, 2.8, curtain)
    pen.rect(29, 34, 45, 42, "#1d1320", outline=_alpha(gold, 200), width=0.3, radius=0.6)
    pen.text(37, 38, "STANDBY", _font("sans", 30), gold, anchor="mm")
    grey = "#a7a9b4"
    for index, x in enumerate((22.0, 29.5, 37.0, 44.5, 52.0)):
        shade = _mix(grey, BLACK, 0.1 * (index % 2))
        pen.line([(x - 2.4, 62), (x - 2.9, 95)], shade, 0.7)
        pen.line([(x + 2.4, 62), (x + 2.9, 95)], shade, 0.7)
        pen.rect(x - 2.8, 59, x + 2.8, 68, shade, radius=0.8)
        pen.shape([(x - 3.4, 78), (x + 3.4, 78), (x + 2.9, 81.5), (x - 2.9, 81.5)], shade)
        pen.line([(x - 3.1, 81.5), (x + 1.9, 95)], shade, 0.6)
        pen.line([(x + 3.1, 81.5), (x - 1.9, 95)], shade, 0.6)
    return (37, 74)


def _scene_lineup(pen: _Pen, spec: dict[str, Any]) -> Point:
    dark, accent = _rgb(spec["colors"][0]), _rgb(spec["colors"][1])
    pen.gradient(_mix(dark, WHITE, 0.12), _mix(dark, BLACK, 0.35), 0, 74)
    pen.glow(50, 44, 30, accent, 60)
    pen.rect(0, 74, 100, 100, _mix(dark, BLACK, 0.55))
    labels = spec["labels"]
    spacing = 88 / len(labels)
    card_width = spacing * 0.92 * STILL_SIZE[0] / 100
    for index, (actor, role, height) in enumerate(labels):
        x = 6 + spacing * (index + 0.5)
        pen.oval(x - pen.across(8), 73, x + pen.across(8), 75.5, _alpha(BLACK, 120))
        tone = _mix(accent, dark, 0.12 + 0.18 * (index % 3))
        pen.person(x, 74, 56 * height, tone, head=_mix(tone, BLACK, 0.35))
        half = spacing * 0.46
        pen.rect(x - half, 78, x + half, 91, _alpha(WHITE, 235), radius=0.8)
        pen.rect(x - half, 78, x + half, 79, accent)
        name_font, _ = _fit(pen.draw, actor, "sans", card_width - 16, 1, 30, 16)
        role_font, _ = _fit(pen.draw, role, "plain", card_width - 16, 1, 24, 14)
        pen.text(x, 83, actor, name_font, _mix(dark, BLACK, 0.4), anchor="mm")
        pen.text(x, 87.6, role, role_font, "#555555", anchor="mm")
    return (50, 48)


def _scene_ladder_lantern(pen: _Pen, spec: dict[str, Any]) -> Point:
    navy, amber = _rgb(spec["colors"][0]), _rgb(spec["colors"][1])
    pen.gradient(_mix(navy, BLACK, 0.6), navy, 0, 72)
    pen.stars(70, 47, below=40)
    for x0, width, top in ((0, 9, 38), (9, 7, 30), (16, 10, 42), (88, 12, 34)):
        pen.rect(x0, top, x0 + width, 72, _mix(navy, BLACK, 0.5))
        pen.rect(x0 + width * 0.35, top + 8, x0 + width * 0.55, top + 12, _alpha(amber, 150))
    stone = _mix(navy, WHITE, 0.22)
    _arch_bridge(pen, stone, (56, 44, 100, 72), (60, 54, 96, 96))
    pen.line([(56, 48), (100, 48)], _mix(stone, BLACK, 0.3), 0.4)
    pen.gradient("#dbe9f2", "#a9c3d6", 72, 100)
    pen.rect(0, 71, 100, 73, _mix(stone, BLACK, 0.25))
    for points in (((10, 80), (24, 84), (31, 83)), ((60, 90), (72, 86), (86, 89)),
                   ((35, 95), (48, 92))):
        pen.line(points, _alpha("#7d98ab", 200), 0.3)
    iron = "#1b1f2a"
    pen.rect(45.6, 24, 46.4, 73, iron)
    pen.glow(46, 20, 10, amber, 200)
    pen.shape([(44.2, 15.5), (47.8, 15.5), (46, 13)], iron)
    pen.rect(44.6, 15.5, 47.4, 25, amber, radius=0.6)
    pen.rect(45.3, 17, 46.7, 23.5, "#fff3c4", radius=0.4)
    pen.oval(40, 74, 52, 79, _alpha(amber, 90))
    wood = "#6b4f2a"
    pen.line([(35, 73), (43.6, 27)], wood, 0.7)
    pen.line([(38.2, 73), (45.4, 29)], wood, 0.7)
    for step in range(1, 12):
        share = step / 12
        pen.line([(35 + 8.6 * share, 73 - 46 * share), (38.2 + 7.2 * share, 73 - 44 * share)],
                 wood, 0.5)
    pen.person(40.6, 53, 20, "#7a2e2e", head="#2b1d1d", cloak=True)
    pen.line([(41.4, 38.5), (45.4, 22.5)], "#c9a227", 0.45)
    pen.glow(45.4, 22.5, 1.6, "#fff3c4", 255)
    return (44, 34)


_SCENES: dict[str, Callable[[_Pen, dict[str, Any]], Point]] = {
    "ferry-adrift": _scene_ferry_adrift, "salt-sacks": _scene_salt_sacks,
    "wing-over-moon": _scene_wing_over_moon, "pharmacy-counter": _scene_pharmacy_counter,
    "rain-street": _scene_rain_street, "docking": _scene_docking,
    "wings-chairs": _scene_wings_chairs, "lineup": _scene_lineup,
    "ladder-lantern": _scene_ladder_lantern,
}


def draw_picture(spec: dict[str, Any]) -> Drawing:
    """The picture a demo_content image spec describes: a title card, poster or still."""
    if spec["kind"] == "card":
        return _title_card(spec["title"], spec["colors"], spec["motifs"])
    if spec["kind"] == "poster":
        return _draw_poster(spec)
    return _draw_still(spec)



class Command(BaseCommand):
    help = ("Create the demo desk: sections, writers, an editor, shows with posters and tracker "
            "histories, stories with versions, lead pictures and stills. Safe to run again.")

    def handle(self, *args: Any, **options: Any) -> None:
        now = timezone.now()
        images_before = Image.objects.count()
        with transaction.atomic():
            sections = self._sections()
            people = self._people()
            existing = set(Article.objects.filter(
                slug__in=[story["slug"] for story in demo_content.STORIES]
            ).values_list("slug", flat=True))
            stories = [story for story in demo_content.STORIES if story["slug"] not in existing]
            shows = self._shows(now, people[EDITOR["username"]])
            self._stories(stories, sections, people, shows, now)
        self.stdout.write(
            f"Demo content ready: {len(stories)} stories added, {Article.objects.count()} in all; "
            f"{Show.objects.count()} shows with {ShowFactChange.objects.count()} tracker changes; "
            f"{Image.objects.count() - images_before} pictures drawn, "
            f"{Image.objects.count()} in the library."
        )

    def _sections(self) -> dict[str, Section]:
        sections = {}
        for position, data in enumerate(demo_content.SECTIONS):
            section = Section.objects.filter(slug=data["slug"]).first()
            if section is None:
                section = services.section_create(position=position, **data)
            sections[section.slug] = section
        return sections

    def _people(self) -> dict[str, Any]:
        User = get_user_model()
        people = {}
        roles = [(data, "Writers") for data in demo_content.AUTHORS]
        roles += [(EDITOR, "Editors"), (MODERATOR, "Moderators")]
        for data, group_name in roles:
            fields = {k: v for k, v in data.items() if k in {"first_name", "last_name", "email"}}
            user, made = User.objects.get_or_create(
                username=data["username"], defaults={**fields, "is_staff": True}
            )
            if made:
                user.set_unusable_password()
                user.save(update_fields=["password"])
            user.groups.add(Group.objects.get(name=group_name))
            people[user.username] = user
        return people

    def _shows(self, now: datetime, editor: Any) -> dict[str, Show]:
        """Each show as it stood before the demo stories reported on it, with its poster;
        existing ones are kept, and given their poster if they lack one."""
        shows = {show.slug: show for show in Show.objects.filter(
            slug__in=[data["slug"] for data in demo_content.SHOWS])}
        first_story: dict[str, datetime] = {}
        for story in demo_content.STORIES:
            for _, live_at, story_shows in _timeline(story, now):
                for slug in story_shows:
                    if live_at and (slug not in first_story or live_at < first_story[slug]):
                        first_story[slug] = live_at
        catalog: list[dict[str, Any]] = demo_content.SHOWS
        for data in catalog:
            show = shows.get(data["slug"])
            if show is not None and show.poster_id is not None:
                continue
            poster = self._picture(demo_content.POSTERS[data["slug"]], editor)
            if show is not None:
                services.show_update(show, by=editor, poster=poster)
                continue
            created_at = first_story.get(data["slug"], now) - timedelta(days=1)
            shows[data["slug"]] = services.show_create(
                by=None, name=data["name"], slug=data["slug"], country=data["country"],
                genre=data["genre"], synopsis=data["synopsis"], official_url=data["official_url"],
                last_confirmed=timezone.localdate(created_at), created_at=created_at,
                poster=poster, **data["initial"],
            )
        return shows

    def _picture(self, spec: dict[str, Any], by: Any) -> Image:
        """The library picture `spec` describes, drawn and uploaded the first time only."""
        existing = Image.objects.filter(title=spec["title"]).first()
        if existing:
            return existing
        drawing = draw_picture(spec)
        focal_x, focal_y = drawing.focal_point
        return services.image_create(
            title=spec["title"],
            file=ContentFile(drawing.data, name=f"{slugify(spec['title'])}.jpg"),
            alt_text=spec["alt"], caption=spec["caption"], credit=spec["credit"],
            focal_x=focal_x, focal_y=focal_y, by=by,
        )

    def _place_pictures(self, body: str, by: Any) -> str:
        """The body with each demo still placeholder turned into a real [image N] token."""
        def token(match: re.Match[str]) -> str:
            image = self._picture(demo_content.STILLS[match["key"]], by)
            caption = f": {match['caption']}" if match["caption"] else ""
            return f"[image {image.pk}{caption}]"
        return demo_content.PICTURE_PLACEHOLDER.sub(token, body)

    def _stories(self, stories: list[dict[str, Any]], sections: dict[str, Section],
                 people: dict[str, Any], shows: dict[str, Show], now: datetime) -> None:
        """Save and publish every version in date order across all stories.

        A tracker report changes its show when the version is published, and the history
        records what the show said just before: out of order, the befores would be wrong.
        """
        editor = people[EDITOR["username"]]
        steps = [(live_at, story, index, data, story_shows)
                 for story in stories
                 for index, (data, live_at, story_shows) in enumerate(_timeline(story, now))]
        # Stable: versions of one story keep their order; drafts and schedules come last.
        steps.sort(key=lambda step: (step[0] is None, step[0] or now))
        versions: dict[str, Any] = {}
        images: dict[str, Image] = {}
        for live_at, story, index, data, story_shows in steps:
            writer = people[story["authors"][0]]
            if index == 0:
                images[story["slug"]] = self._picture(story["image"], writer)
            saved_at = (live_at - timedelta(minutes=40) if live_at
                        else now - timedelta(hours=3 - index))
            content: dict[str, Any] = {
                "headline": data["headline"], "standfirst": data["standfirst"],
                "body": self._place_pictures(data["body"], writer),
                "lead_image": images[story["slug"]],
                "seo_title": data.get("seo_title", ""),
                "seo_description": data.get("seo_description", ""),
                "kind": "update" if data["kind"] == "first" else data["kind"],
                "update_label": data.get("label", ""), "public_note": data.get("note", ""),
            }
            report = data.get("reports")
            if report:
                facts = {name: value for name, value in report.items() if name != "show"}
                content["tracker"] = services.tracker_report(shows[report["show"]], **facts)
            tags: dict[str, Any] = {
                "shows": [shows[slug] for slug in story_shows],
                "topics": _topics(story, story_shows),
            }
            if index == 0:
                version = services.article_create(
                    slug=story["slug"], sections=[sections[s] for s in story["sections"]],
                    authors=[people[name] for name in story["authors"]], by=writer,
                    at=saved_at, **tags, **content,
                )
            elif "shows" in data:
                # Only editors retag a published story.
                version = services.version_create(
                    versions[story["slug"]].article, by=editor, based_on=None, at=saved_at,
                    **tags, **content,
                )
            else:
                version = services.version_create(
                    versions[story["slug"]].article, by=writer, based_on=None, at=saved_at,
                    **content,
                )
            versions[story["slug"]] = version
            if story["state"] == "published":
                services.article_publish(version, by=editor, now=live_at)
        for story in stories:
            if story["state"] == "scheduled":
                services.version_schedule(
                    versions[story["slug"]], by=editor,
                    go_live_at=now + timedelta(hours=story.get("publish_in_hours") or 24),
                )


def _timeline(story: dict[str, Any], now: datetime
              ) -> list[tuple[dict[str, Any], datetime | None, list[str]]]:
    """Each version of a demo story with when it goes live (None if never) and its shows."""
    days_ago = story.get("first_published_days_ago")
    first_live = (now - timedelta(days=days_ago)
                  if story["state"] == "published" and days_ago is not None else None)
    story_shows = story["versions"][0].get("shows", story["shows"])
    timeline = []
    for data in story["versions"]:
        story_shows = data.get("shows", story_shows)
        live_at = (first_live + timedelta(days=data.get("days_after_first") or 0)
                   if first_live else None)
        timeline.append((data, live_at, story_shows))
    return timeline


def _topics(story: dict[str, Any], story_shows: list[str]) -> list[str]:
    catalog: list[dict[str, Any]] = demo_content.SHOWS
    by_slug = {data["slug"]: data for data in catalog}
    topics = [topic for slug in story_shows for topic in by_slug[slug]["topics"]]
    return list(dict.fromkeys(topics + story["topics"]))
