"""Charts, explorables, cell diagrams and the coloured text in light and dark mode,
in headless Chromium from file://: each takes the page's background (checked on the
pixels of a screenshot, tests/theme_checks.py) and its text keeps its contrast, when
the system turns light again after a first visit in its dark mode ("auto"), in the mode
read from storage, and after pressing the theme button (the charts are redrawn in place,
no reload). A first visit in light mode, and the switch to dark, are checked on every
page by tests/test_browser.py's ``test_page_loads_cleanly``; a first visit in dark mode
on every chart page by tests/test_phone_browser.py's ``test_page_fits_a_phone``.

LSTM_BOOK_SITE points the tests at another build than ``_build/html`` (see conftest).
"""

from __future__ import annotations

import json
import re

import pytest
from conftest import SITE, visit
from theme_checks import CHART_PAGES, check_page, close, hex_of, wait_for_mode

from lstm_book import palette

pytestmark = pytest.mark.browser

# -- The page -------------------------------------------------------------------------------


def open_page(tab, path: str, mode: str | None, system: str = "light"):
    """``path`` in the worker's tab with the system in ``system`` mode; ``mode`` ("light", "dark")
    is stored as the reader's choice, None leaves a first visit ("auto")."""
    return visit(tab, (SITE / path).as_uri(), viewport={"width": 1280, "height": 900}, system=system, stored_mode=mode)


def press_theme_button(tab, mode: str) -> None:
    """The reader's way: the theme button in the header, then the mode in its menu."""
    tab.locator("button.theme-switch-button:visible").first.click()
    tab.locator(f"button.theme-change-button[data-mode={mode}]:visible").first.click()


def heat_chips(tab) -> list[tuple[str, str, str, str]]:
    """Each chip of the coloured text: (its --heat, its class, text colour, background over the page)."""
    return tab.evaluate(
        """() => Array.from(document.querySelectorAll('span.lstm-book-heat')).map(s => {
            const c = document.createElement('canvas').getContext('2d');
            c.fillStyle = getComputedStyle(document.body).backgroundColor; c.fillRect(0, 0, 1, 1);
            c.fillStyle = getComputedStyle(s).backgroundColor; c.fillRect(0, 0, 1, 1);
            const [r, g, b] = c.getImageData(0, 0, 1, 1).data;
            const heat = s.style.getPropertyValue('--heat');
            return [heat, s.className, getComputedStyle(s).color, `rgb(${r}, ${g}, ${b})`];
        })"""
    )


# -- The tests --------------------------------------------------------------------------------


def test_the_chart_pages_are_found():
    assert {"book/memory.html", "book/why.html", "book/learning.html", "book/explorables.html"} <= set(CHART_PAGES)


def there_and_back(tab, path: str, check) -> None:
    """``path`` opened in light mode (stored), then the theme button to dark and back to light, the
    page's charts and figures checked in each mode (``theme_checks.check_page``) and ``check(mode)``
    run after them; no reload: the same chart elements, redrawn, and no error."""
    with open_page(tab, path, "light") as visited:
        wait_for_mode(tab, "light")
        assert check_page(tab, "light") == []
        check("light")
        tab.evaluate("document.querySelectorAll('.js-plotly-plot').forEach(gd => gd.lstmProbe = 'same element')")
        navigations = tab.evaluate("performance.getEntriesByType('navigation').length")
        for mode in ("dark", "light"):  # there and back
            press_theme_button(tab, mode)
            wait_for_mode(tab, mode)
            check(mode)
            assert check_page(tab, mode) == [], mode
        probes = tab.evaluate("Array.from(document.querySelectorAll('.js-plotly-plot')).map(gd => gd.lstmProbe)")
        assert probes and set(probes) == {"same element"}
        assert tab.evaluate("performance.getEntriesByType('navigation').length") == navigations
        assert visited.errors == []


# Each chart page the button is tested on, with what its mode must also change there (one load for all).


def test_the_theme_button_redraws_the_memory_chapter_in_place_its_colours_keeping_their_meaning(tab):
    """The gender chart's readout markers: blue for "he", red for "she", each in the mode's shade."""

    def markers_keep_their_meaning(mode: str) -> None:
        colours = tab.evaluate(
            """() => Array.from(document.querySelectorAll('div.lstm-book-plotly')[0]
                  .querySelectorAll('.scatterlayer .trace:nth-child(2) .points path'))
                  .map(p => getComputedStyle(p).fill)"""
        )
        shades = {"he": palette.PALETTE["he"][mode == "dark"], "she": palette.PALETTE["she"][mode == "dark"]}
        assert [hex_of(c) for c in colours] == [shades["he"]] * 5 + [shades["she"]] * 5, mode

    there_and_back(tab, "book/memory.html", markers_keep_their_meaning)


def test_the_theme_button_redraws_the_learning_chapter_in_place_its_coloured_text_readable(tab):
    """The coloured text (the heat chips): contrast 4.5 at least in each mode, the strongest chip the
    palette's heat colour of its sign in the mode's shade."""

    def coloured_text_is_readable(mode: str) -> None:
        chips = heat_chips(tab)
        assert len(chips) > 40
        worst = min(palette.contrast(hex_of(ink), hex_of(bg)) for _, _, ink, bg in chips)
        assert worst >= 4.5, mode
        (strongest,) = [(cls, hex_of(bg)) for heat, cls, _, bg in chips if heat == "100%"]
        name = "heat-pos" if "lstm-book-heat-pos" in strongest[0] else "heat-neg"
        assert close(strongest[1], palette.PALETTE[name][mode == "dark"]), mode

    there_and_back(tab, "book/learning.html", coloured_text_is_readable)


def test_the_theme_button_redraws_the_explorables_in_place_and_a_control_redraws_in_the_mode(tab):
    """After the mode changes, a control's redraw (Plotly.react with the data's light colours) keeps
    the mode; the page's plotly bundle holds every trace type the book draws."""
    cell = "div.lstm-explorable[data-kind=cell]"
    moved = []

    def a_control_redraws_in_the_mode(mode: str) -> None:
        if mode == "light" and not moved:
            bundled = set(tab.evaluate("Object.keys(Plotly.PlotSchema.get().traces)"))
            assert {"scatter", "bar"} <= traces_the_book_draws() <= bundled
            return
        state = f"JSON.parse(document.querySelector('{cell}').dataset.state).inputs.x"
        before = tab.evaluate(state)
        tab.locator(f"{cell} input[data-control=x]").focus()
        tab.keyboard.press("ArrowRight")
        tab.wait_for_function(f"{state} !== {before}")
        moved.append(mode)
        fills = tab.evaluate(
            f"Array.from(document.querySelectorAll('{cell} .bars .point path')).map(p => getComputedStyle(p).fill)"
        )
        assert fills and {hex_of(f) for f in fills} == {palette.PALETTE["he"][mode == "dark"]}, mode

    there_and_back(tab, "book/explorables.html", a_control_redraws_in_the_mode)
    assert moved == ["dark", "light"]


def traces_the_book_draws() -> set[str]:
    """Every plotly trace type of the site's charts and explorables (their JSON), and the cell explorer's bars."""
    drawn = {"bar"}  # the cell explorer's bars (lstm-book-explorables.js)
    for path in CHART_PAGES:
        html = (SITE / path).read_text("utf-8")
        for spec in re.findall(r'<script type="application/json">(.*?)</script>', html, flags=re.S):
            spec = json.loads(spec)
            traces = spec.get("data") if "layout" in spec else (spec.get("chart") or {}).get("data", [])
            drawn |= {t.get("type", "scatter") for t in traces or []}
    return drawn


def test_auto_mode_follows_the_system(tab):
    """Drawn dark on a first visit in the system's dark mode, the page turns light with the system."""
    with open_page(tab, "book/memory.html", None, system="dark") as visited:
        wait_for_mode(tab, "dark")
        tab.emulate_media(color_scheme="light")
        wait_for_mode(tab, "light")
        assert check_page(tab, "light") == []
        assert visited.errors == []
