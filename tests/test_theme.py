"""The book's colours (lstm_book.palette.PALETTE) and the built site's charts: every colour
keeps its contrast in both modes, a chart holds only palette colours and no
template (the site draws it in the page's mode), and pages load plotly.js only
through the charts' script, from the pinned bundle."""

from __future__ import annotations

import hashlib
import re

import pytest
from conftest import plotly_specs, soup_of

from lstm_book import charts, palette
from lstm_book.sphinx import assets, mime

BACKGROUND = {"light": "#ffffff", "dark": "#121212"}  # the theme's page (sphinx-book-theme)
TEXT = {"light": "#222832", "dark": "#ced6dd"}  # the theme's text (pydata-sphinx-theme)
LINES = ["he", "she", "cell", "hidden", "neutral", "rule", "guide", "accent"] + [f"series-{k}" for k in range(1, 9)]
WRITTEN = ["he", "she", "accent"]  # also used as the colour of text (annotations, the diagram's labels)


def opaque(name: str, mode: str) -> str:
    return palette.PALETTE[name][mode == "dark"]


@pytest.mark.parametrize("mode", ["light", "dark"])
def test_lines_and_marks_stand_out_from_the_page(mode):
    for name in LINES:
        assert palette.contrast(opaque(name, mode), BACKGROUND[mode]) >= 3.0, (name, mode)
    for name in WRITTEN:
        assert palette.contrast(opaque(name, mode), BACKGROUND[mode]) >= 4.5, (name, mode)


@pytest.mark.parametrize("mode", ["light", "dark"])
def test_text_on_the_strongest_heat_chip_is_readable(mode):
    for name in ("heat-pos", "heat-neg"):
        assert palette.contrast(opaque(name, mode), TEXT[mode]) >= 4.5, (name, mode)


def test_meaning_keeps_its_hue():
    """Blue stays blue and red stays red: only the shade moves between modes."""

    def rgb(colour):
        return [int(colour[k : k + 2], 16) for k in (1, 3, 5)]

    for name, channel in (("he", 2), ("she", 0), ("heat-pos", 2), ("heat-neg", 0)):
        for colour in palette.PALETTE[name]:
            assert max(range(3), key=lambda c: rgb(colour)[c]) == channel, (name, colour)


def test_every_colour_names_one_palette_entry():
    """The site swaps colours by value, so no value may stand for two names, in either mode."""
    values = [re.sub(r"\s+", "", v.lower()) for pair in palette.PALETTE.values() for v in pair]
    assert len(values) == len(set(values)) == 2 * len(palette.PALETTE)


def test_the_charts_colours_are_the_palettes():
    assert charts.COLOURS == {name: charts.LIGHT[name] for name in ("he", "she", "cell", "hidden", "neutral")}
    assert charts.LAYOUT["colorway"] == charts.SERIES and len(charts.SERIES) == 8


def test_the_stylesheet_holds_both_modes():
    css = palette.palette_css()
    names = re.search(r'--lstm-book-palette: "([^"]+)"', css).group(1).split()
    assert names == list(palette.PALETTE)
    for name, (light, dark) in palette.PALETTE.items():
        assert f"--lstm-book-light-{name}: {light};" in css and f"--lstm-book-dark-{name}: {dark};" in css
    assert 'html[data-theme="dark"]' in css and "prefers-color-scheme: dark" in css


def test_contrast_refuses_what_it_cannot_read():
    assert palette.contrast("#000000", "#ffffff") == pytest.approx(21.0)
    with pytest.raises(ValueError, match="a must be a colour written #rrggbb"):
        palette.contrast("rgb(0, 0, 0)", "#ffffff")


# -- The built site ------------------------------------------------------------------------

COLOUR = re.compile(r"^(#[0-9a-fA-F]{3,8}|rgba?\(.*\))$")


def colours_in(value) -> set[str]:
    if isinstance(value, str):
        return {value} if COLOUR.match(value.strip()) else set()
    if isinstance(value, dict):
        return set().union(*(colours_in(v) for v in value.values())) if value else set()
    if isinstance(value, list):
        return set().union(*(colours_in(v) for v in value)) if value else set()
    return set()


def chart_pages(site):
    return [p for p in sorted(site.rglob("*.html")) if "_static" not in p.parts and plotly_specs(soup_of(p))]


def test_charts_hold_palette_colours_and_no_template(site):
    pages = chart_pages(site)
    assert len(pages) == 5
    figures = 0
    for page in pages:
        for spec in plotly_specs(soup_of(page)):
            figures += 1
            assert "template" not in spec["layout"], page.name
            assert colours_in(spec) <= set(charts.LIGHT.values()), page.name
    assert figures == 10


def test_pages_load_plotly_only_through_the_charts_script(site):
    for page in sorted(site.rglob("*.html")):
        if "_static" in page.parts:
            continue
        soup = soup_of(page)
        sources = [s["src"].split("?")[0] for s in soup.find_all("script", src=True)]
        assert not any("plotly.min.js" in s or "plotly-basic" in s for s in sources), page
        loaders = soup.find_all("script", src=re.compile(r"lstm-book-plotly\.js"))
        has_charts = bool(soup.select("div.lstm-book-plotly, div.lstm-explorable"))
        assert len(loaders) == (1 if has_charts else 0), page
        assert not soup.find_all("script", src=re.compile(r"lstm-book-explorables\.js")), page
        if has_charts:
            (loader,) = loaders
            assert loader.get("defer") is not None and loader["data-plotly"] == assets.PLOTLY_JS
            wants = loader.get("data-explorables")
            assert (wants == mime.EXPLORABLES_JS) == bool(soup.select("div.lstm-explorable")), page


def test_the_plotly_bundle_is_the_pinned_one(site):
    bundle = (site / "_static" / assets.PLOTLY_JS).read_bytes()
    assert hashlib.sha256(bundle).hexdigest() == assets.PLOTLY_BASIC_SHA256
    assert bundle[:60].decode().count("plotly.js (basic - minified) v") == 1
    assert assets.plotly_version(site / "_static" / assets.PLOTLY_JS) == assets.plotly_version(
        assets.package_file("plotly", "package_data/plotly.min.js")
    )
    assert not (site / "_static" / "vendor" / "plotly.min.js").exists()  # the full bundle is not served
    assert len(bundle) < 1_300_000


def test_the_palette_stylesheet_is_the_palette(site):
    assert (site / "_static" / assets.PALETTE_CSS).read_text(encoding="utf-8") == palette.palette_css()
    memory = soup_of(site / "book" / "memory.html")
    assert any(assets.PALETTE_CSS in link["href"] for link in memory.find_all("link", rel="stylesheet"))


def test_heat_chips_carry_their_strength(site):
    learning = soup_of(site / "book" / "learning.html")
    chips = learning.select("figure.lstm-book-heatmap span.lstm-book-heat")
    assert len(chips) > 40
    strengths = []
    for chip in chips:
        value = float(chip["title"].rsplit(":", 1)[1])
        assert ("lstm-book-heat-pos" in chip["class"]) == (value > 0)
        strengths.append((abs(value), int(re.fullmatch(r"--heat:(\d+)%", chip["style"]).group(1))))
    strengths.sort()
    assert [s for _, s in strengths] == sorted(s for _, s in strengths)  # stronger for larger |value|
    assert strengths[-1][1] == 100
