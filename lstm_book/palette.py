"""The book's colours, in light and in dark mode: the one place they are defined,
and the stylesheet the site makes of them. This module imports nothing heavy, so the
Sphinx extension can write the stylesheet without loading plotly."""

from __future__ import annotations

import re

# Each name has a (light, dark) pair. The charts (lstm_book.charts and the chapters'
# chart code) are written with the light value, so a figure looks right as it is,
# in a notebook too. On the site, ``lstm_book.sphinx.assets``
# writes every pair into ``_static/lstm-book-palette.css`` as CSS custom
# properties (``--lstm-book-he`` and so on, set for the page's mode), the book's
# stylesheet uses them, and ``_static/lstm-book-plotly.js`` reads them to redraw
# each chart in the page's mode, swapping every light value for the current one.
#
# Meaning is fixed across modes (blue is "he", red is "she"); only the shade
# moves, so that every line and mark keeps a contrast of at least 3:1, and every
# colour used for text at least 4.5:1, against the page's background in both
# modes (the theme's #ffffff and #121212; tests/test_theme.py checks it).

PALETTE: dict[str, tuple[str, str]] = {
    # name: (light, dark)
    "he": ("#1f6fb2", "#6cb0ea"),  # blue: h > 0, the readout says "he"
    "she": ("#b2361f", "#f28b74"),  # red: h < 0, "she"
    "cell": ("#555555", "#b8b8b8"),  # C, dotted
    "hidden": ("#222222", "#e8e8e8"),  # h, solid
    "neutral": ("#888888", "#8c949c"),  # a readout that says nothing yet; shaded bands
    "rule": ("#444444", "#b0b8c0"),  # the zero line a chart is read against
    "guide": ("#8a8a8a", "#7a838c"),  # dotted reference lines (±1, chance)
    "grid": ("#ebf0f8", "#2a323c"),  # grid lines, faint on purpose
    "label-bg": ("rgba(255, 255, 255, 0.85)", "rgba(18, 18, 18, 0.85)"),  # behind an annotation
    "accent": ("#b34700", "#ffa05c"),  # the highlighted path of the cell diagram
    # the coloured text of the learning chapter: a token's chip at full strength, with the
    # page's text colour on it (4.5:1 or more in both modes; weaker chips mix towards the page)
    "heat-pos": ("#79a9d1", "#1d5a8f"),
    "heat-neg": ("#d18679", "#8f3322"),
    # lines that carry no he/she meaning, in this order (a chart's colorway)
    "series-1": ("#00798c", "#4fc3d6"),
    "series-2": ("#c25400", "#ffa260"),
    "series-3": ("#6a3d9a", "#c39be8"),
    "series-4": ("#2e7d32", "#7cc97f"),
    "series-5": ("#ad1457", "#f27aa8"),
    "series-6": ("#5d4037", "#c8a597"),
    "series-7": ("#455a64", "#a7b6bf"),
    "series-8": ("#8a6d00", "#e0c04a"),
}

LIGHT = {name: pair[0] for name, pair in PALETTE.items()}
DARK = {name: pair[1] for name, pair in PALETTE.items()}
SERIES = [LIGHT[name] for name in PALETTE if name.startswith("series-")]


def palette_css() -> str:
    """The palette as CSS custom properties: ``--lstm-book-NAME`` holds the page's
    mode's value; ``--lstm-book-light-NAME`` and ``--lstm-book-dark-NAME`` both
    values, and ``--lstm-book-palette`` the names (the site's script reads them)."""
    names = " ".join(PALETTE)
    both = "".join(
        f"  --lstm-book-light-{n}: {light};\n  --lstm-book-dark-{n}: {dark};\n" for n, (light, dark) in PALETTE.items()
    )
    light = "".join(f"  --lstm-book-{n}: var(--lstm-book-light-{n});\n" for n in PALETTE)
    dark = "".join(f"  --lstm-book-{n}: var(--lstm-book-dark-{n});\n" for n in PALETTE)
    indented_dark = "".join("  " + line + "\n" for line in dark.splitlines())
    return (
        "/* The book's colours, written by lstm_book.sphinx.assets from lstm_book.palette.PALETTE:"
        " edit them there. */\n"
        f':root {{\n  --lstm-book-palette: "{names}";\n{both}}}\n'
        f':root, html[data-theme="light"] {{\n{light}}}\n'
        f'html[data-theme="dark"] {{\n{dark}}}\n'
        # a first visit, before the theme's script has resolved "auto": the system's setting
        f'@media (prefers-color-scheme: dark) {{\n  html[data-theme="auto"] {{\n{indented_dark}  }}\n}}\n'
    )


def contrast(a: str, b: str) -> float:
    """The WCAG contrast ratio of two opaque colours written ``#rrggbb``."""

    def luminance(name: str, colour: str) -> float:
        if not (isinstance(colour, str) and re.fullmatch(r"#[0-9a-fA-F]{6}", colour)):
            raise ValueError(f"contrast: {name} must be a colour written #rrggbb, got {colour!r}")
        c = [int(colour[k : k + 2], 16) / 255 for k in (1, 3, 5)]
        c = [v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4 for v in c]
        return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2]

    hi, lo = sorted((luminance("a", a), luminance("b", b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)
