"""The visual identity's checks, pure: colours as ``#rrggbb``, their contrast by the WCAG 2 formula
(relative luminance of the sRGB channels; (L1 + 0.05) / (L2 + 0.05), from 1:1 to 21:1)."""

from __future__ import annotations

import re

HEX = re.compile(r"^#[0-9a-fA-F]{6}$")


def is_colour(value: str) -> bool:
    return bool(HEX.match(value or ""))


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def luminance(colour: str) -> float:
    """The relative luminance of ``#rrggbb`` (0 for black, 1 for white)."""
    if not is_colour(colour):
        raise ValueError(f"not a colour: {colour!r}")
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast(foreground: str, background: str) -> float:
    """The contrast ratio of two colours, whichever is lighter (1.0 to 21.0)."""
    a, b = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (a + 0.05) / (b + 0.05)
