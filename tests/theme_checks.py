"""What the theme tests check on a drawn page, shared by tests/test_theme_browser.py and the
first visit of every page in tests/test_browser.py: each chart, explorable chart and figure stands
on the page's background (the commonest colour of its screenshot), and its text keeps a contrast
of 4.5 on it."""

from __future__ import annotations

import base64
import re

from conftest import SITE, SITE_PAGES

from lstm_book import palette

# every page with a chart or an explorable (collected when the module loads; `make test` builds first)
CHART_PAGES = [
    path
    for path in SITE_PAGES
    if SITE.is_dir() and re.search(r'class="lstm-(book-plotly|explorable)"', (SITE / path).read_text("utf-8"))
]
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


def wait_for_mode(tab, mode: str) -> None:
    """Until the theme is ``mode`` and every chart says it is drawn in it."""
    tab.wait_for_function(
        """(mode) => document.documentElement.dataset.theme === mode
            && Array.from(document.querySelectorAll('.js-plotly-plot')).every(gd => gd.dataset.lstmBookMode === mode)
            && document.getAnimations().every(a => a.playState !== 'running')""",
        arg=mode,
    )


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
