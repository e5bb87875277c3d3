"""The page's colours meet WCAG 2 AA: 4.5:1 for text, 3:1 for the axis, controls and focus."""

import re

import pytest

from tests.helpers import REPO

STYLESHEET = (REPO / "service" / "static" / "timeline.css").read_text()
COLOURS = dict(re.findall(r"--([\w-]+):\s*(#[0-9a-fA-F]{6});", STYLESHEET))
WHITE = "#ffffff"

TEXT_PAIRS = [
    ("ink", "paper"),
    ("ink", "paper-tint"),
    ("ink-muted", "paper"),
    ("ink-muted", "paper-tint"),
    ("accent", "paper"),
    ("accent", "paper-tint"),
    ("accent-dark", "accent-tint"),
    ("warn-ink", "warn-tint"),
    (WHITE, "accent"),
    (WHITE, "ink"),
]
GRAPHIC_PAIRS = [
    ("axis", "paper"),
    ("axis", "paper-tint"),
    ("focus", "paper"),
    ("focus", "paper-tint"),
]


def colour(name: str) -> str:
    return name if name.startswith("#") else COLOURS[name]


def relative_luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(first: str, second: str) -> float:
    lighter, darker = sorted(map(relative_luminance, (colour(first), colour(second))), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def test_contrast_is_measured_as_wcag_defines_it():
    assert contrast("#000000", WHITE) == pytest.approx(21)
    assert contrast("#767676", WHITE) == pytest.approx(4.54, abs=0.01)


@pytest.mark.parametrize(("text", "background"), TEXT_PAIRS)
def test_text_colours_reach_4_5_to_1(text, background):
    assert contrast(text, background) >= 4.5


@pytest.mark.parametrize(("graphic", "background"), GRAPHIC_PAIRS)
def test_axis_and_focus_ring_reach_3_to_1(graphic, background):
    assert contrast(graphic, background) >= 3
