"""The demo's pen: percentages of a canvas instead of pixels, a few colours, fitted text.

Every picture of the demo desk is painted with a Pen on an `articles.images.Canvas`, the one
seam to Pillow; this module only works out where things go.
"""
from __future__ import annotations

import itertools
import random
from collections.abc import Sequence
from typing import Any

from articles.images import Canvas, Font, load_font

Color = tuple[int, int, int]
Point = tuple[float, float]

WHITE: Color = (255, 255, 255)
BLACK: Color = (0, 0, 0)
GOLD: Color = (255, 209, 102)
NEON_GREEN: Color = (57, 255, 136)
SEAL_RED: Color = (193, 18, 31)


def rgb(color: str | Color) -> Color:
    """A "#rrggbb" colour (all the demo content uses) as red, green and blue."""
    if not isinstance(color, str):
        return color
    return (int(color[1:3], 16), int(color[3:5], 16), int(color[5:7], 16))


def mix(first: str | Color, second: str | Color, amount: float) -> Color:
    (r1, g1, b1), (r2, g2, b2) = rgb(first), rgb(second)
    return (round(r1 + (r2 - r1) * amount), round(g1 + (g2 - g1) * amount),
            round(b1 + (b2 - b1) * amount))


def alpha(color: str | Color, opacity: int) -> tuple[int, int, int, int]:
    return (*rgb(color), opacity)


class Pen:
    """Paints in percentages of the canvas: x of its width, y of its height, so a scene reads as
    a layout. Radii and line widths are in units of 1% of the shorter side, so circles stay
    round; `across()` turns such a length into a percentage of the width."""

    def __init__(self, canvas: Canvas) -> None:
        self.canvas = canvas
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
        self.canvas.rect(self.box(x0, y0, x1, y1), fill, radius=radius * self.unit,
                         outline=outline, width=round(width * self.unit))

    def oval(self, x0: float, y0: float, x1: float, y1: float, fill: Any = None, *,
             outline: Any = None, width: float = 0) -> None:
        self.canvas.oval(self.box(x0, y0, x1, y1), fill, outline=outline,
                         width=round(width * self.unit))

    def circle(self, x: float, y: float, radius: float, fill: Any = None, *,
               outline: Any = None, width: float = 0) -> None:
        cx, cy = self.at(x, y)
        r = radius * self.unit
        self.canvas.oval((cx - r, cy - r, cx + r, cy + r), fill, outline=outline,
                         width=round(width * self.unit))

    def shape(self, points: Sequence[Point], fill: Any) -> None:
        self.canvas.shape([self.at(x, y) for x, y in points], fill)

    def line(self, points: Sequence[Point], fill: Any, width: float) -> None:
        self.canvas.line([self.at(x, y) for x, y in points], fill,
                         max(1, round(width * self.unit)))

    def arc(self, x: float, y: float, radius: float, start: float, end: float, fill: Any,
            width: float) -> None:
        cx, cy = self.at(x, y)
        r = radius * self.unit
        self.canvas.arc((cx - r, cy - r, cx + r, cy + r), start, end, fill,
                        max(1, round(width * self.unit)))

    def text(self, x: float, y: float, text: str, font: Font, fill: Any,
             anchor: str = "la", **options: Any) -> None:
        self.canvas.text(self.at(x, y), text, font, fill, anchor, **options)

    def gradient(self, top: str | Color, bottom: str | Color, y0: float = 0,
                 y1: float = 100) -> None:
        band_top, band_bottom = round(y0 * self.height / 100), round(y1 * self.height / 100)
        self.canvas.gradient(rgb(top), rgb(bottom), band_top, band_bottom)

    def glow(self, x: float, y: float, radius: float, color: str | Color,
             strength: int = 200) -> None:
        """A soft light: a disc of `radius` blurred out to about twice that."""
        mask = Canvas(self.canvas.size, 0, mask=True)
        cx, cy = self.at(x, y)
        r = radius * self.unit
        mask.oval((cx - r, cy - r, cx + r, cy + r), strength)
        mask.blur(r * 0.6)
        self.canvas.paste(rgb(color), (0, 0), mask)

    def arch(self, stone: Color, box: tuple[float, float, float, float],
             opening: tuple[float, float, float, float]) -> None:
        """Stone filling `box` with an arched opening: the oval `opening`, cut off by the box."""
        mask = Canvas(self.canvas.size, 0, mask=True)
        mask.rect(self.box(*box), 255)
        mask.oval(self.box(*opening), 0)
        self.canvas.paste(stone, (0, 0), mask)

    def stars(self, count: int, seed: int, *, below: float = 100) -> None:
        rng = random.Random(seed)
        for _ in range(count):
            self.circle(rng.uniform(0, 100), rng.uniform(0, below), rng.choice((0.12, 0.18, 0.3)),
                        alpha(WHITE, rng.randint(90, 230)))

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


def fit(canvas: Canvas, text: str, face: str, max_width: float, max_lines: int,
        largest: int, smallest: int) -> tuple[Font, list[str]]:
    """The largest size (down to `smallest`) at which `text` wraps into `max_lines` lines."""
    size = largest
    while True:
        font = load_font(face, size)
        lines = _wrap(canvas, text, font, max_width)
        fits = all(canvas.text_width(line, font) <= max_width for line in lines)
        if (len(lines) <= max_lines and fits) or size <= smallest:
            return font, _balanced(canvas, text, font, len(lines))
        size -= 4


def _balanced(canvas: Canvas, text: str, font: Font, count: int) -> list[str]:
    """`text` in `count` lines of as even a width as the words allow (no lone last word)."""
    words = text.split()
    best: tuple[float, list[str]] | None = None
    for breaks in itertools.combinations(range(1, len(words)), count - 1):
        bounds = (0, *breaks, len(words))
        lines = [" ".join(words[start:end]) for start, end in itertools.pairwise(bounds)]
        widest = max(canvas.text_width(line, font) for line in lines)
        if best is None or widest < best[0]:
            best = (widest, lines)
    return best[1] if best else [text]


def _wrap(canvas: Canvas, text: str, font: Font, max_width: float) -> list[str]:
    lines: list[str] = []
    line = ""
    for word in text.split():
        trial = f"{line} {word}".strip()
        if line and canvas.text_width(trial, font) > max_width:
            lines.append(line)
            line = word
        else:
            line = trial
    return [*lines, line]

