"""Charts, explorables, cell diagrams and the coloured text in light and dark mode,
in headless Chromium from file://: each takes the page's background (checked on the
pixels of a screenshot) and its text keeps its contrast, in the mode read from
storage, after pressing the theme button (the charts are redrawn in place, no
reload), and in "auto" mode when the system's setting changes.

LSTM_BOOK_SITE points the tests at another build than ``_build/html`` (see conftest).
"""

from __future__ import annotations

import base64
import json
import re

import pytest
from conftest import SITE, wait_until_ready

from lstm_book import palette

pytestmark = pytest.mark.browser

# every page with a chart or an explorable (collected when the module loads; `make test` builds first)
CHART_PAGES = (
    sorted(
        str(p.relative_to(SITE))
        for p in SITE.rglob("*.html")
        if "_static" not in p.parts and re.search(r'class="lstm-(book-plotly|explorable)"', p.read_text("utf-8"))
    )
    if SITE.is_dir()
    else []
)
CHARTS = "div.lstm-book-plotly, div.lstm-explorable .lstm-x-chart"
FIGURES = "figure.lstm-book-heatmap, figure.lstm-diagram-figure, ol.lstm-book-stories"


# -- Pixels ---------------------------------------------------------------------------------

COMMONEST = """async (png) => {  // the commonest colour of a PNG (base64) and its share of the pixels
    const img = new Image();
    img.src = 'data:image/png;base64,' + png;
    await img.decode();
    const c = document.createElement('canvas');
    c.width = img.width; c.height = img.height;
    const ctx = c.getContext('2d');
    ctx.drawImage(img, 0, 0);
    const d = ctx.getImageData(0, 0, c.width, c.height).data, counts = new Map();
    for (let k = 0; k < d.length; k += 4) {
      const key = (d[k] << 16) | (d[k + 1] << 8) | d[k + 2];
      counts.set(key, (counts.get(key) || 0) + 1);
    }
    let best = 0, n = 0;
    counts.forEach((v, key) => { if (v > n) { n = v; best = key; } });
    return ['#' + best.toString(16).padStart(6, '0'), n / (d.length / 4)];
  }"""


def commonest(tab, png: bytes) -> tuple[str, float]:
    """The commonest colour of a screenshot (#rrggbb) and the share of pixels that have it."""
    return tuple(tab.evaluate(COMMONEST, base64.b64encode(png).decode()))


def close(a: str, b: str, tolerance: int = 2) -> bool:
    return all(abs(int(a[k : k + 2], 16) - int(b[k : k + 2], 16)) <= tolerance for k in (1, 3, 5))


def hex_of(css: str) -> str:
    """``rgb(r, g, b)`` or ``rgba(r, g, b, a)`` (a > 0) as #rrggbb."""
    r, g, b = (int(float(v)) for v in re.findall(r"[\d.]+", css)[:3])
    return f"#{r:02x}{g:02x}{b:02x}"


# -- The page -------------------------------------------------------------------------------


def open_page(browser, path: str, mode: str | None, system: str = "light"):
    """A tab on ``path`` with the system in ``system`` mode; ``mode`` ("light", "dark")
    is stored as the reader's choice, None leaves a first visit ("auto")."""
    context = browser.new_context(color_scheme=system, viewport={"width": 1280, "height": 900})
    if mode:
        context.add_init_script(f"localStorage.setItem('mode', '{mode}'); localStorage.setItem('theme', '{mode}')")
    tab = context.new_page()
    tab.errors = []
    tab.on("console", lambda m: tab.errors.append(m.text) if m.type == "error" else None)
    tab.on("pageerror", lambda e: tab.errors.append(str(e)))
    tab.goto((SITE / path).as_uri())
    wait_until_ready(tab)
    return context, tab


def wait_for_mode(tab, mode: str) -> None:
    """Until the theme is ``mode`` and every chart says it is drawn in it."""
    tab.wait_for_function(
        """(mode) => document.documentElement.dataset.theme === mode
            && Array.from(document.querySelectorAll('.js-plotly-plot')).every(gd => gd.dataset.lstmBookMode === mode)
            && document.getAnimations().every(a => a.playState !== 'running')""",
        arg=mode,
    )


def press_theme_button(tab, mode: str) -> None:
    """The reader's way: the theme button in the header, then the mode in its menu."""
    tab.locator("button.theme-switch-button:visible").first.click()
    tab.locator(f"button.theme-change-button[data-mode={mode}]:visible").first.click()


def page_background(tab) -> str:
    return hex_of(tab.evaluate("getComputedStyle(document.body).backgroundColor"))


TEXTS = """(root) => Array.from(root.querySelectorAll('text')).filter(t => {
    const r = t.getBoundingClientRect(), s = getComputedStyle(t);
    return t.textContent.trim() && r.width > 0 && s.visibility !== 'hidden' && s.display !== 'none'
      && parseFloat(s.opacity) > 0 && parseFloat(s.fillOpacity) > 0;
  }).map(t => [t.textContent.trim(), getComputedStyle(t).fill])"""

BACKGROUND_BEHIND = """(el) => {  // the first opaque background from el up (a transparent chain shows the page)
    for (let e = el; e; e = e.parentElement) {
      const c = getComputedStyle(e).backgroundColor;
      if (c && c !== 'transparent' && !/rgba\\(.*,\\s*0\\)$/.test(c)) return c;
    }
    return getComputedStyle(document.body).backgroundColor;
  }"""


def check_page(tab, mode: str) -> list[str]:
    """Everything wrong with the page's charts and figures in ``mode``: a list of findings."""
    found = []
    page = page_background(tab)
    assert page == {"light": "#ffffff", "dark": "#121212"}[mode]
    drawn = tab.locator(CHARTS)
    for k in range(drawn.count()):
        chart = drawn.nth(k)
        name = chart.evaluate("e => (e.closest('[id]') || e).id")
        chart.scroll_into_view_if_needed()
        colour, share = commonest(tab, chart.screenshot())
        if not close(colour, page) or share < 0.25:  # bands and lines cover the rest
            found.append(f"{name}: background {colour} on {share:.0%} of the chart, the page is {page}")
        for text, fill in chart.evaluate(TEXTS):
            ratio = palette.contrast(hex_of(fill), page)
            if ratio < 4.5:
                found.append(f"{name}: text {text!r} in {fill} has contrast {ratio:.2f} on {page}")
        titles = chart.evaluate("e => Array.from(e.querySelectorAll('.xtitle, .ytitle, .gtitle')).length")
        if chart.evaluate("e => e.matches('div.lstm-book-plotly')") and titles < 2:
            found.append(f"{name}: {titles} titles drawn")
    figures = tab.locator(FIGURES)
    for k in range(figures.count()):
        figure = figures.nth(k)
        name = figure.evaluate("e => e.tagName + '.' + e.className")
        behind = hex_of(figure.evaluate(BACKGROUND_BEHIND))
        if behind != page:
            found.append(f"{name}: stands on {behind}, the page is {page}")
        caption = figure.locator("figcaption")
        if caption.count():
            ratio = palette.contrast(hex_of(caption.evaluate("e => getComputedStyle(e).color")), behind)
            if ratio < 4.5:
                found.append(f"{name}: caption contrast {ratio:.2f}")
    return found


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


@pytest.mark.parametrize("mode", ["light", "dark"])
@pytest.mark.parametrize("path", CHART_PAGES)
def test_charts_stand_on_the_page_in_either_mode(browser, path, mode):
    context, tab = open_page(browser, path, mode, system="light" if mode == "dark" else "dark")
    try:
        wait_for_mode(tab, mode)
        assert check_page(tab, mode) == []
        assert tab.errors == []
    finally:
        context.close()


@pytest.mark.parametrize("path", ["book/memory.html", "book/learning.html", "book/explorables.html"])
def test_the_theme_button_redraws_charts_in_place(browser, path):
    context, tab = open_page(browser, path, "light")
    try:
        wait_for_mode(tab, "light")
        assert check_page(tab, "light") == []
        tab.evaluate("document.querySelectorAll('.js-plotly-plot').forEach(gd => gd.lstmProbe = 'same element')")
        navigations = tab.evaluate("performance.getEntriesByType('navigation').length")
        for mode in ("dark", "light", "dark"):
            press_theme_button(tab, mode)
            wait_for_mode(tab, mode)
            assert check_page(tab, mode) == [], mode
        # no reload: the same elements, redrawn
        probes = tab.evaluate("Array.from(document.querySelectorAll('.js-plotly-plot')).map(gd => gd.lstmProbe)")
        assert probes and set(probes) == {"same element"}
        assert tab.evaluate("performance.getEntriesByType('navigation').length") == navigations
        assert tab.errors == []
    finally:
        context.close()


def test_auto_mode_follows_the_system(browser):
    context, tab = open_page(browser, "book/memory.html", None, system="dark")
    try:
        assert tab.evaluate("document.documentElement.dataset.mode") == "auto"
        wait_for_mode(tab, "dark")
        assert check_page(tab, "dark") == []
        tab.emulate_media(color_scheme="light")
        wait_for_mode(tab, "light")
        assert check_page(tab, "light") == []
    finally:
        context.close()


def test_chart_colours_keep_their_meaning_in_both_modes(browser):
    """The gender chart's readout markers: blue for "he", red for "she", each in the mode's shade."""
    context, tab = open_page(browser, "book/memory.html", "light")
    try:
        for mode in ("light", "dark"):
            press_theme_button(tab, mode)
            wait_for_mode(tab, mode)
            colours = tab.evaluate(
                """() => Array.from(document.querySelectorAll('div.lstm-book-plotly')[0]
                      .querySelectorAll('.scatterlayer .trace:nth-child(2) .points path'))
                      .map(p => getComputedStyle(p).fill)"""
            )
            shades = {"he": palette.PALETTE["he"][mode == "dark"], "she": palette.PALETTE["she"][mode == "dark"]}
            assert [hex_of(c) for c in colours] == [shades["he"]] * 5 + [shades["she"]] * 5
    finally:
        context.close()


def test_an_explorable_redraws_in_the_current_mode(browser):
    """After the mode changes, a control's redraw (Plotly.react with the data's light colours) keeps the mode."""
    context, tab = open_page(browser, "book/explorables.html", "light")
    try:
        press_theme_button(tab, "dark")
        wait_for_mode(tab, "dark")
        cell = "div.lstm-explorable[data-kind=cell]"
        tab.locator(f"{cell} input[data-control=x]").focus()
        tab.keyboard.press("ArrowRight")
        tab.wait_for_function(f"JSON.parse(document.querySelector('{cell}').dataset.state).inputs.x !== 0")
        fills = tab.evaluate(
            f"Array.from(document.querySelectorAll('{cell} .bars .point path')).map(p => getComputedStyle(p).fill)"
        )
        assert fills and {hex_of(f) for f in fills} == {palette.DARK["he"]}
        assert check_page(tab, "dark") == []
    finally:
        context.close()


@pytest.mark.parametrize("mode", ["light", "dark"])
def test_the_coloured_text_is_readable(browser, mode):
    context, tab = open_page(browser, "book/learning.html", mode)
    try:
        wait_for_mode(tab, mode)
        chips = heat_chips(tab)
        assert len(chips) > 40
        worst = min(palette.contrast(hex_of(ink), hex_of(bg)) for _, _, ink, bg in chips)
        assert worst >= 4.5
        # the strongest chip is the palette's heat colour of its sign, in the mode's shade
        (strongest,) = [(cls, hex_of(bg)) for heat, cls, _, bg in chips if heat == "100%"]
        name = "heat-pos" if "lstm-book-heat-pos" in strongest[0] else "heat-neg"
        assert close(strongest[1], palette.PALETTE[name][mode == "dark"])
    finally:
        context.close()


def test_the_plotly_bundle_holds_every_trace_type_the_book_draws(browser):
    context, tab = open_page(browser, "book/explorables.html", "light")
    try:
        bundled = set(tab.evaluate("Object.keys(Plotly.PlotSchema.get().traces)"))
    finally:
        context.close()
    drawn = {"bar"}  # the cell explorer's bars (lstm-book-explorables.js)
    for path in CHART_PAGES:
        html = (SITE / path).read_text("utf-8")
        for spec in re.findall(r'<script type="application/json">(.*?)</script>', html, flags=re.S):
            spec = json.loads(spec)
            traces = spec.get("data") if "layout" in spec else (spec.get("chart") or {}).get("data", [])
            drawn |= {t.get("type", "scatter") for t in traces or []}
    assert {"scatter", "bar"} <= drawn <= bundled
