"""Each show's emblem, painted on a square tile: the motif its title cards and poster share.

A motif paints the whole tile from its show's two colours, a dark ground and an accent;
`articles.demo.content.MOTIFS` describes each one for alt text.
"""
from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

from articles.demo.pen import (
    BLACK,
    GOLD,
    NEON_GREEN,
    SEAL_RED,
    WHITE,
    Color,
    Pen,
    Point,
    alpha,
    mix,
    rgb,
)
from articles.images import Canvas, load_font


def _motif_ferry(pen: Pen, dark: Color, accent: Color) -> None:
    pen.gradient(mix(dark, BLACK, 0.35), mix(dark, accent, 0.5), 0, 62)
    pen.glow(56, 50, 16, accent, 150)
    pen.circle(56, 50, 13, accent)
    pen.shape([(52, 62), (58, 56), (64, 53), (70, 55), (77, 50), (86, 53), (100, 58), (100, 62)],
              mix(dark, BLACK, 0.65))
    pen.gradient(mix(dark, accent, 0.2), mix(dark, BLACK, 0.4), 62, 100)
    for row, y in enumerate(range(66, 100, 6)):
        for x in range(-4 + (row % 2) * 5, 104, 10):
            pen.arc(x, y, 3.2, 200, 340, alpha(WHITE, 80), 0.7)
    for offset, length in ((64, 10), (67, 7), (70, 5)):
        pen.line([(56 - length, offset), (56 + length, offset)], alpha(accent, 150), 0.9)
    pen.shape([(10, 70), (44, 70), (40, 78), (14, 78)], "#f2f2f2")
    pen.rect(16, 63, 34, 70.5, "#f2f2f2")
    pen.rect(20, 58, 30, 63.5, "#f2f2f2")
    pen.rect(31, 54, 34, 63.5, accent)
    for x in range(18, 33, 4):
        pen.rect(x, 65, x + 2, 67.5, mix(dark, BLACK, 0.3))
    pen.line([(8, 79), (2, 80)], alpha(WHITE, 120), 0.6)


def _motif_volcano(pen: Pen, dark: Color, accent: Color) -> None:
    pen.gradient(mix(dark, BLACK, 0.55), mix(dark, accent, 0.4))
    for x, y, r in ((66, 36, 7), (73, 29, 9), (82, 21, 11)):
        pen.circle(x, y, r, alpha("#8a817c", 110))
    pen.glow(50, 44, 14, accent, 170)
    pen.shape([(4, 100), (38, 46), (62, 46), (96, 100)], mix(dark, BLACK, 0.6))
    pen.oval(38, 43, 62, 49, accent)
    pen.line([(45, 47), (41, 60), (44, 70), (36, 84), (38, 100)], accent, 2.6)
    pen.line([(55, 47), (58, 62), (55, 74), (64, 88), (63, 100)], accent, 2.2)
    pen.line([(45, 47), (41, 60), (44, 70), (36, 84), (38, 100)], "#ffe066", 0.8)
    pen.line([(55, 47), (58, 62), (55, 74), (64, 88), (63, 100)], "#ffe066", 0.7)
    pen.shape([(34, 30), (34, 14), (42, 22), (50, 8), (58, 22), (66, 14), (66, 30)], GOLD)
    pen.rect(34, 28, 66, 34, GOLD)
    for x in (41, 50, 59):
        pen.circle(x, 31, 1.6, accent)


def _motif_ledger(pen: Pen, dark: Color, accent: Color) -> None:
    pen.gradient(mix(dark, accent, 0.15), mix(dark, BLACK, 0.4))
    pen.shape([(9, 24), (50, 28), (91, 24), (91, 84), (50, 88), (9, 84)], alpha(BLACK, 90))
    paper = "#f4f1e8"
    pen.shape([(8, 20), (49.5, 25), (49.5, 84), (8, 79)], paper)
    pen.shape([(50.5, 25), (92, 20), (92, 79), (50.5, 84)], paper)
    pen.line([(50, 25), (50, 84)], mix(paper, BLACK, 0.25), 0.8)
    small = load_font("plain", max(10, round(pen.unit * 3.6)))
    figures = ["1,240.00", "86.50", "312.75", "4,120.00", "48,200.00", "77.10", "903.40"]
    for row, amount in enumerate(figures):
        slope = 5 * (1 - row / 10)
        y = 31 + row * 6.8
        pen.line([(11, y - slope * 0.7 + 3), (47, y + 3)], alpha(accent, 140), 0.3)
        pen.line([(53, y + 3), (89, y - slope * 0.7 + 3)], alpha(accent, 140), 0.3)
        pen.rect(13, y - 0.6 - slope * 0.55, 13 + 10 + (row * 7) % 14, y + 1.2 - slope * 0.55,
                 mix(paper, BLACK, 0.45), radius=0.5)
        pen.text(87, y + 2.2 - slope * 0.15, amount, small, "#2b2d42", anchor="rs")
        if amount == "48,200.00":
            pen.oval(61, y - 3.2, 90, y + 4.2, outline=SEAL_RED, width=0.9)


def _motif_pharmacy(pen: Pen, dark: Color, accent: Color) -> None:
    sky_top, sky_bottom = mix(dark, BLACK, 0.55), mix(dark, BLACK, 0.1)
    pen.gradient(sky_top, sky_bottom)
    pen.stars(40, 7, below=45)
    pen.circle(76, 20, 11, "#f6f1d1")
    pen.circle(81, 16, 10, mix(sky_top, sky_bottom, 0.16))
    pen.rect(14, 50, 86, 94, mix(dark, BLACK, 0.4))
    pen.shape([(10, 52), (50, 38), (90, 52)], mix(dark, BLACK, 0.55))
    pen.rect(21, 62, 55, 88, alpha("#ffe8a3", 220))
    for y in (69, 76, 83):
        pen.line([(21, y), (55, y)], mix(dark, BLACK, 0.3), 0.6)
    pen.rect(63, 64, 77, 94, mix(dark, BLACK, 0.7))
    pen.glow(50, 28, 15, NEON_GREEN, 190)
    pen.rect(46, 18, 54, 38, NEON_GREEN, radius=1)
    pen.rect(40, 24, 60, 32, NEON_GREEN, radius=1)
    pen.rect(48.5, 21, 51.5, 35, "#d9ffe9")
    pen.rect(43, 26.5, 57, 29.5, "#d9ffe9")
    pen.rect(0, 94, 100, 100, mix(dark, BLACK, 0.75))


def _motif_station(pen: Pen, dark: Color, accent: Color) -> None:
    pen.gradient(mix(dark, BLACK, 0.5), dark)
    pen.stars(70, 11)
    planet = mix(dark, accent, 0.35)
    pen.circle(30, 84, 30, planet)
    pen.arc(30, 84, 28, 200, 290, mix(planet, WHITE, 0.35), 2)
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


def _motif_stage(pen: Pen, dark: Color, accent: Color) -> None:
    pen.gradient(mix(dark, BLACK, 0.85), mix(dark, BLACK, 0.6))
    pen.rect(0, 78, 100, 100, mix("#6b4226", BLACK, 0.3))
    pen.shape([(44, 0), (56, 0), (74, 84), (26, 84)], alpha(accent, 70))
    pen.oval(24, 78, 76, 90, alpha(accent, 110))
    _star(pen, 50, 68, 11, GOLD)
    curtain = mix(dark, BLACK, 0.1)
    for side in (1, -1):
        def mirror(x: float) -> float:
            return x if side == 1 else 100 - x
        pen.shape([(mirror(0), 0), (mirror(28), 0), (mirror(20), 40), (mirror(12), 100),
                   (mirror(0), 100)], curtain)
        for x in (6, 12, 18):
            pen.line([(mirror(x + 4), 4), (mirror(x * 0.6), 98)], mix(curtain, WHITE, 0.18), 0.6)
    pen.rect(0, 0, 100, 9, curtain)
    for x in range(5, 100, 10):
        pen.circle(x, 9, 5, curtain)


def _star(pen: Pen, x: float, y: float, radius: float, fill: Any) -> None:
    points = []
    for index in range(10):
        r = radius if index % 2 == 0 else radius * 0.45
        angle = math.radians(-90 + index * 36)
        points.append((x + pen.across(r * math.cos(angle)), y + pen.down(r * math.sin(angle))))
    pen.shape(points, fill)


def _motif_lanterns(pen: Pen, dark: Color, accent: Color) -> None:
    pen.gradient(mix(dark, BLACK, 0.45), dark, 0, 64)
    pen.stars(30, 5, below=30)
    pen.gradient(mix(dark, BLACK, 0.15), mix(dark, BLACK, 0.6), 64, 100)
    stone = mix(dark, WHITE, 0.28)
    pen.arch(stone, (0, 22, 100, 64), (8, 36, 92, 100))
    for y in (27, 32):
        pen.line([(0, y), (100, y)], mix(stone, BLACK, 0.25), 0.4)
    for x, drop in ((30, 14), (50, 20), (70, 12)):
        pen.line([(x, 34), (x, 34 + drop)], mix(dark, BLACK, 0.5), 0.5)
        pen.glow(x, 39 + drop, 7, accent, 170)
        cap = 34 + drop
        pen.shape([(x - 4, cap), (x + 4, cap), (x + 2.5, cap - 2), (x - 2.5, cap - 2)],
                  mix(dark, BLACK, 0.5))
        pen.rect(x - 3.2, 34 + drop, x + 3.2, 44 + drop, accent, radius=1.2)
        pen.rect(x - 1.6, 36 + drop, x + 1.6, 42 + drop, "#fff3c4", radius=0.8)
        for y in range(68, 96, 5):
            half = 3 - (y - 68) / 14
            pen.line([(x - half, y), (x + half, y)], alpha(accent, 130), 0.7)


def _bell_outline(pen: Pen, x: float, top: float, height: float) -> list[Point]:
    """A church bell's profile: a narrow crown flaring to a wide lip."""
    half_widths = [0.26, 0.3, 0.32, 0.34, 0.37, 0.42, 0.5, 0.58]
    left, right = [], []
    for step, half in enumerate(half_widths):
        y = top + pen.down(height * step / (len(half_widths) - 1))
        left.append((x - pen.across(height * half), y))
        right.append((x + pen.across(height * half), y))
    return [*left, *reversed(right)]


def _motif_bell(pen: Pen, dark: Color, accent: Color) -> None:
    pen.gradient(mix(dark, BLACK, 0.4), mix(dark, accent, 0.3), 0, 72)
    pen.rect(10, 12, 90, 18, "#6b4f2a")
    pen.rect(46, 18, 54, 24, "#4a3520")
    for radius in (30, 37):
        pen.arc(50, 44, radius, 200, 250, alpha(accent, 120), 0.8)
        pen.arc(50, 44, radius, 290, 340, alpha(accent, 120), 0.8)
    pen.circle(50, 31, 10, accent)
    pen.shape(_bell_outline(pen, 50, 26, 36), accent)
    pen.rect(28, 60, 72, 65, mix(accent, BLACK, 0.15), radius=2)
    pen.line([(41, 30), (37, 58)], alpha(WHITE, 90), 1.4)
    pen.circle(50, 68, 3, mix(accent, BLACK, 0.45))
    pen.gradient(mix(dark, BLACK, 0.2), mix(dark, BLACK, 0.65), 72, 100)
    for row, y in enumerate((76, 83, 90, 97)):
        points = [(x, y + 1.6 * math.sin((x + row * 7) / 5)) for x in range(0, 101, 2)]
        pen.line(points, alpha(WHITE, 70 + row * 15), 0.7)


_MOTIFS: dict[str, Callable[[Pen, Color, Color], None]] = {
    "ferry": _motif_ferry, "volcano": _motif_volcano, "ledger": _motif_ledger,
    "pharmacy": _motif_pharmacy, "station": _motif_station, "stage": _motif_stage,
    "lanterns": _motif_lanterns, "bell": _motif_bell,
}


def motif_tile(motif: str, colors: Sequence[str], side: int) -> Canvas:
    """`motif` (a key of content.MOTIFS) in the show's `colors`, on a tile `side` pixels square."""
    tile = Canvas((side, side), rgb(colors[0]))
    _MOTIFS[motif](Pen(tile), rgb(colors[0]), rgb(colors[1]))
    return tile
