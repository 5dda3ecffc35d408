"""The stills placed in demo story bodies: one scene each, painted from its spec's colours.

Each scene returns where its subject is (x and y in percent), which becomes the picture's
focal point, so crops keep it.
"""
from __future__ import annotations

import itertools
import math
import random
from collections.abc import Callable
from typing import Any

from articles.demo.pen import (
    BLACK,
    NEON_GREEN,
    SEAL_RED,
    WHITE,
    Pen,
    Point,
    alpha,
    fit,
    mix,
    rgb,
)
from articles.images import load_font


def _scene_ferry_adrift(pen: Pen, spec: dict[str, Any]) -> Point:
    navy, red = rgb(spec["colors"][0]), rgb(spec["colors"][1])
    pen.gradient(mix(navy, BLACK, 0.5), mix(red, "#f4a261", 0.35), 0, 58)
    pen.glow(77, 50, 14, red, 140)
    pen.circle(77, 50, 10, red)
    pen.shape([(56, 58), (60, 55.5), (65, 52), (70, 53), (74, 50.5), (80, 51), (86, 48.5),
               (92, 52.5), (97, 56), (100, 57), (100, 58)], "#0b0f1a")
    pen.gradient(mix(navy, red, 0.25), mix(navy, BLACK, 0.55), 58, 100)
    for index in range(8):
        half, y = 6 - index * 0.6, 61 + index * 4
        pen.line([(77 - half, y), (77 + half, y)], alpha(red, 150 - index * 12), 0.5)
    rng = random.Random(3)
    for _ in range(90):
        wave_x, wave_y = rng.uniform(0, 100), rng.uniform(62, 99)
        pen.arc(wave_x, wave_y, 2.4 + (wave_y - 60) / 12, 205, 335, alpha(WHITE, 45), 0.35)
    hull = "#0d1320"
    rim = alpha(red, 200)
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
        pen.line([(14, wake_y), (14 - length, wake_y + 0.8)], alpha(WHITE, 70), 0.3)
    return (28, 66)


def _scene_salt_sacks(pen: Pen, spec: dict[str, Any]) -> Point:
    pen.gradient("#2b2b31", "#141418", 0, 80)
    pen.gradient("#24221f", "#0f0e0d", 80, 100)
    for x in range(0, 101, 12):
        pen.line([(x, 0), (x + 4, 8)], alpha("#55535a", 120), 0.5)
    pen.line([(0, 8), (100, 8)], alpha("#55535a", 140), 0.8)
    light = "#fbe3a8"
    pen.glow(86, 52, 16, light, 90)
    pen.rect(80, 18, 93, 80, light)
    pen.shape([(80, 80), (93, 80), (82, 100), (52, 100)], alpha(light, 60))
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


def _scene_wing_over_moon(pen: Pen, spec: dict[str, Any]) -> Point:
    accent = rgb(spec["colors"][1])
    pen.gradient("#0d0a14", mix(spec["colors"][0], BLACK, 0.2))
    pen.stars(90, 17, below=60)
    pen.glow(60, 36, 30, "#f3e9d2", 70)
    pen.circle(60, 36, 26, "#f3e9d2")
    pen.circle(52, 30, 4, alpha("#d8ccb0", 160))
    pen.circle(66, 46, 3, alpha("#d8ccb0", 140))
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
                   alpha(accent, rng.randint(120, 230)))
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


def _scene_pharmacy_counter(pen: Pen, spec: dict[str, Any]) -> Point:
    green = rgb(spec["colors"][0])
    pen.gradient(mix(green, BLACK, 0.35), mix(green, BLACK, 0.1))
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
    pen.rect(0, 68, 100, 100, mix(green, "#1f6f54", 0.5))
    pen.rect(0, 67, 100, 69.5, mix(green, WHITE, 0.35))
    for x in range(12, 100, 16):
        pen.line([(x, 72), (x, 98)], mix(green, BLACK, 0.25), 0.4)
    pen.rect(60, 58, 70, 67, "#2f3e46", radius=0.8)
    pen.rect(61.5, 59.5, 68.5, 62, NEON_GREEN)
    return (40, 50)


def _scene_rain_street(pen: Pen, spec: dict[str, Any]) -> Point:
    green = rgb(spec["colors"][0])
    pen.gradient(mix(green, BLACK, 0.8), mix(green, BLACK, 0.55), 0, 48)
    wall = mix(green, BLACK, 0.7)
    pen.shape([(0, 0), (44, 36), (44, 52), (0, 100)], wall)
    pen.shape([(100, 0), (56, 36), (56, 52), (100, 100)], wall)
    pen.shape([(0, 100), (44, 52), (56, 52), (100, 100)], "#101418")
    pen.rect(44, 36, 56, 52, mix(green, BLACK, 0.6))

    def window(side: int, near: float, far: float, high: float, low: float) -> list[Point]:
        def point(depth: float, share: float) -> Point:
            x = 44 * depth if side < 0 else 100 - 44 * depth
            top, bottom = 36 * depth, 100 - 48 * depth
            return (x, top + (bottom - top) * share)
        return [point(near, high), point(far, high), point(far, low), point(near, low)]

    for side in (-1, 1):
        for near, far in ((0.08, 0.28), (0.38, 0.52), (0.6, 0.7), (0.76, 0.82)):
            pen.shape(window(side, near, far, 0.42, 0.7), alpha("#ffd58a", 200))
            pen.shape(window(side, near, far, 0.12, 0.3), alpha("#ffd58a", 90))
    pen.glow(50, 41, 12, NEON_GREEN, 200)
    pen.rect(49.1, 37.5, 50.9, 44.5, NEON_GREEN)
    pen.rect(47, 40.1, 53, 41.9, NEON_GREEN)
    pen.shape([(48.5, 52), (51.5, 52), (57, 100), (43, 100)], alpha(NEON_GREEN, 60))
    rng = random.Random(31)
    for _ in range(420):
        x, y = rng.uniform(-5, 105), rng.uniform(-5, 100)
        length = rng.uniform(2.5, 6)
        pen.line([(x, y), (x - length * 0.12, y + length)], alpha(WHITE, rng.randint(40, 110)),
                 0.16)
    return (50, 42)


def _scene_docking(pen: Pen, spec: dict[str, Any]) -> Point:
    dark, amber = rgb(spec["colors"][0]), rgb(spec["colors"][1])
    pen.gradient(mix(dark, BLACK, 0.6), dark)
    pen.stars(220, 41)
    planet = mix(dark, amber, 0.32)
    pen.circle(16, 122, 66, planet)
    pen.arc(16, 122, 63, 250, 320, mix(planet, WHITE, 0.35), 2.2)
    pen.oval(-20, 80, 60, 104, outline=alpha(amber, 200), width=1.4)
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
    pen.circle(station_x, station_y, 2.4, alpha(amber, 230))
    ship_x, ship_y = 30.0, 24.0
    for step in range(1, 9):
        share = step / 9
        pen.circle(ship_x + 4 + (station_x - pen.across(24) - ship_x - 4) * share,
                   ship_y + 1.5 + (station_y - 4 - ship_y - 1.5) * share, 0.35, alpha(amber, 200))
    pen.glow(ship_x - 4, ship_y - 1, 5, amber, 230)
    pen.shape([(ship_x - 3, ship_y - 3.5), (ship_x + 5, ship_y + 1.5), (ship_x - 3, ship_y + 3.5),
               (ship_x - 1.5, ship_y)], "#e9ecef")
    pen.line([(ship_x - 3, ship_y - 3.5), (ship_x + 5, ship_y + 1.5)], alpha(amber, 200), 0.25)
    return (52, 33)


def _scene_wings_chairs(pen: Pen, spec: dict[str, Any]) -> Point:
    purple, gold = rgb(spec["colors"][0]), rgb(spec["colors"][1])
    pen.gradient(mix(purple, BLACK, 0.88), mix(purple, BLACK, 0.7), 0, 72)
    pen.rect(0, 72, 100, 100, "#4a2e1c")
    for plank in range(-40, 141, 8):
        pen.line([(plank * 0.7 + 15, 72), (plank, 100)], mix("#4a2e1c", BLACK, 0.3), 0.25)
    pen.shape([(64, -2), (76, -2), (88, 88), (54, 88)], alpha(gold, 55))
    pen.oval(54, 82, 88, 94, alpha(gold, 120))
    curtain = mix(purple, BLACK, 0.15)
    pen.shape([(0, 0), (17, 0), (15, 50), (12, 100), (0, 100)], curtain)
    for fold in (3.0, 7.0, 11.0, 14.5):
        pen.line([(fold, 0), (fold * 0.85, 100)], mix(curtain, WHITE, 0.16), 0.5)
    pen.rect(0, 0, 100, 7, curtain)
    for scallop in range(4, 101, 8):
        pen.circle(scallop, 7, 2.8, curtain)
    pen.rect(29, 34, 45, 42, "#1d1320", outline=alpha(gold, 200), width=0.3, radius=0.6)
    pen.text(37, 38, "STANDBY", load_font("sans", 30), gold, anchor="mm")
    grey = "#a7a9b4"
    for index, x in enumerate((22.0, 29.5, 37.0, 44.5, 52.0)):
        shade = mix(grey, BLACK, 0.1 * (index % 2))
        pen.line([(x - 2.4, 62), (x - 2.9, 95)], shade, 0.7)
        pen.line([(x + 2.4, 62), (x + 2.9, 95)], shade, 0.7)
        pen.rect(x - 2.8, 59, x + 2.8, 68, shade, radius=0.8)
        pen.shape([(x - 3.4, 78), (x + 3.4, 78), (x + 2.9, 81.5), (x - 2.9, 81.5)], shade)
        pen.line([(x - 3.1, 81.5), (x + 1.9, 95)], shade, 0.6)
        pen.line([(x + 3.1, 81.5), (x - 1.9, 95)], shade, 0.6)
    return (37, 74)


def _scene_lineup(pen: Pen, spec: dict[str, Any]) -> Point:
    dark, accent = rgb(spec["colors"][0]), rgb(spec["colors"][1])
    pen.gradient(mix(dark, WHITE, 0.12), mix(dark, BLACK, 0.35), 0, 74)
    pen.glow(50, 44, 30, accent, 60)
    pen.rect(0, 74, 100, 100, mix(dark, BLACK, 0.55))
    labels = spec["labels"]
    spacing = 88 / len(labels)
    card_width = spacing * 0.92 * pen.width / 100
    for index, (actor, role, height) in enumerate(labels):
        x = 6 + spacing * (index + 0.5)
        pen.oval(x - pen.across(8), 73, x + pen.across(8), 75.5, alpha(BLACK, 120))
        tone = mix(accent, dark, 0.12 + 0.18 * (index % 3))
        pen.person(x, 74, 56 * height, tone, head=mix(tone, BLACK, 0.35))
        half = spacing * 0.46
        pen.rect(x - half, 78, x + half, 91, alpha(WHITE, 235), radius=0.8)
        pen.rect(x - half, 78, x + half, 79, accent)
        name_font, _ = fit(pen.canvas, actor, "sans", card_width - 16, 1, 30, 16)
        role_font, _ = fit(pen.canvas, role, "plain", card_width - 16, 1, 24, 14)
        pen.text(x, 83, actor, name_font, mix(dark, BLACK, 0.4), anchor="mm")
        pen.text(x, 87.6, role, role_font, "#555555", anchor="mm")
    return (50, 48)


def _scene_ladder_lantern(pen: Pen, spec: dict[str, Any]) -> Point:
    navy, amber = rgb(spec["colors"][0]), rgb(spec["colors"][1])
    pen.gradient(mix(navy, BLACK, 0.6), navy, 0, 72)
    pen.stars(70, 47, below=40)
    for x0, width, top in ((0, 9, 38), (9, 7, 30), (16, 10, 42), (88, 12, 34)):
        pen.rect(x0, top, x0 + width, 72, mix(navy, BLACK, 0.5))
        pen.rect(x0 + width * 0.35, top + 8, x0 + width * 0.55, top + 12, alpha(amber, 150))
    stone = mix(navy, WHITE, 0.22)
    pen.arch(stone, (56, 44, 100, 72), (60, 54, 96, 96))
    pen.line([(56, 48), (100, 48)], mix(stone, BLACK, 0.3), 0.4)
    pen.gradient("#dbe9f2", "#a9c3d6", 72, 100)
    pen.rect(0, 71, 100, 73, mix(stone, BLACK, 0.25))
    for points in (((10, 80), (24, 84), (31, 83)), ((60, 90), (72, 86), (86, 89)),
                   ((35, 95), (48, 92))):
        pen.line(points, alpha("#7d98ab", 200), 0.3)
    iron = "#1b1f2a"
    pen.rect(45.6, 24, 46.4, 73, iron)
    pen.glow(46, 20, 10, amber, 200)
    pen.shape([(44.2, 15.5), (47.8, 15.5), (46, 13)], iron)
    pen.rect(44.6, 15.5, 47.4, 25, amber, radius=0.6)
    pen.rect(45.3, 17, 46.7, 23.5, "#fff3c4", radius=0.4)
    pen.oval(40, 74, 52, 79, alpha(amber, 90))
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


_SCENES: dict[str, Callable[[Pen, dict[str, Any]], Point]] = {
    "ferry-adrift": _scene_ferry_adrift, "salt-sacks": _scene_salt_sacks,
    "wing-over-moon": _scene_wing_over_moon, "pharmacy-counter": _scene_pharmacy_counter,
    "rain-street": _scene_rain_street, "docking": _scene_docking,
    "wings-chairs": _scene_wings_chairs, "lineup": _scene_lineup,
    "ladder-lantern": _scene_ladder_lantern,
}


def render_scene(pen: Pen, spec: dict[str, Any]) -> Point:
    """Paint the scene `spec["scene"]` names over the whole canvas; where its subject is."""
    return _SCENES[spec["scene"]](pen, spec)
