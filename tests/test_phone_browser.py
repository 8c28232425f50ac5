"""Every page of the built site on a phone, 390 px wide, in headless Chromium.

- the page never scrolls sideways, and nothing on it sticks out of the screen or is cut by
  a box that hides what overflows;
- every table and display equation either fits, or sits in a box of its own that scrolls
  sideways and can be reached from the keyboard;
- no number breaks across two lines ("6.24e-" / "06"): every numeric table cell and glued
  value is one line box;
- every chart fits its container and keeps its title, axis titles, tick labels, legend and
  annotations inside its box, the legend clear of the tick labels ("Jol", "Ma" under a
  legend); a chart drawn at 1280 px follows its container down to 390 px (on the load of
  tests/test_browser.py's first visit, ``charts_follow_their_container_down_to_a_phone``);
- axe-core's rules that depend on the width find nothing at 390 px either (every scroll box
  takes the keyboard's focus); tests/test_browser.py runs all of them at 1280 px;
- a page with charts, visited with the system in dark mode, is drawn dark from the start, and
  its charts stand on the page (tests/theme_checks.py);
- the memory table fits whole, the live explorer's table captions wrap, and a wide table keeps
  its row labels in view when scrolled (``ON_THIS_PAGE_TOO``);
- nothing logs an error or asks for another origin, and the page has a title: for most of the
  API reference's module pages this is their one visit (tests/test_browser.py's
  ``API_STAND_INS`` stand for them at 1280 px).

The pages are the site's own: every HTML file of the build, checked against the toctrees of
index.md. Dropdowns are opened and every tab of a tab set is shown in turn, so what they hold
is measured too. The fixes are in _static/lstm-book.css ("Phones"), lstm_book/sphinx/html_tables.py
(tables in scroll boxes, glued values kept whole) and lstm_book/charts.py (``fit_narrow``).
"""

from __future__ import annotations

import re

import plotly.graph_objects as go
import pytest
from conftest import DESKTOP, PHONE, SITE_PAGES, chapter_docnames, visit
from test_live_browser import tables_captions_wrap
from theme_checks import CHART_PAGES, check_page, wait_for_mode

from lstm_book import charts, handset
from lstm_book.dev.buildcopy import ROOT
from lstm_book.sphinx.html_tables import accessible_tables, table_label
from lstm_book.tables import memory_table

PAGES = SITE_PAGES

# One pass over the page as it is drawn: a list of problems per check, each naming what it saw.
MEASURE = r"""() => {
  const vw = document.documentElement.clientWidth;
  const out = {page: [], sticks_out: [], wide: [], numbers: [], charts: []};
  const px = v => Math.round(v);
  const describe = e => {
    const cls = typeof e.className === 'string' ? e.className.trim().split(/\s+/).slice(0, 2).join('.') : '';
    const text = (e.textContent || '').trim().replace(/\s+/g, ' ').slice(0, 40);
    return `${e.tagName.toLowerCase()}${e.id ? '#' + e.id : ''}${cls ? '.' + cls : ''} "${text}"`;
  };
  const shown = e => {
    const r = e.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && getComputedStyle(e).visibility !== 'hidden';
  };
  const overflowX = e => getComputedStyle(e).overflowX;
  const scrolls = e => ['auto', 'scroll'].includes(overflowX(e));
  const boxOf = e => {  // the nearest box, the element itself included, that scrolls or clips sideways
    for (let a = e; a && a !== document.body; a = a.parentElement) if (overflowX(a) !== 'visible') return a;
    return null;
  };

  const width = document.documentElement.scrollWidth;
  if (width > vw) out.page.push(`the page is ${width} px wide on a ${vw} px screen`);

  // Anything of the page that sticks out of the screen, or is cut by a box that hides its overflow.
  // Skipped: what lives in a box that scrolls (checked below), inside a chart (checked below) or an
  // equation's SVG, and what is hidden on purpose (MathJax's copy for assistive technology, .visually-hidden).
  for (const e of (document.querySelector('main') || document.body).querySelectorAll('*')) {
    if (e.closest('svg, mjx-assistive-mml, .js-plotly-plot, .visually-hidden, .sr-only') || !shown(e)) continue;
    const r = e.getBoundingClientRect();
    let cut = null, a = e.parentElement;
    for (; a && a !== document.body && !scrolls(a); a = a.parentElement) {
      if (overflowX(a) === 'visible') continue;
      const b = a.getBoundingClientRect();
      if (r.right > b.right + 1 || r.left < b.left - 1) { cut = a; break; }
    }
    if (cut) {
      out.sticks_out.push(`${describe(e)} is cut by ${describe(cut)} at ${px(cut.getBoundingClientRect().right)} px`);
    } else if (!(a && a !== document.body) && (r.right > vw + 1 || r.left < -1)) {
      out.sticks_out.push(`${describe(e)} spans ${px(r.left)}..${px(r.right)} px`);
    }
  }

  // Tables and display equations: they fit, or their box scrolls and takes the keyboard's focus.
  const wide = new Set(document.querySelectorAll(
    'main table, main div.math > mjx-container, main mjx-container[display="true"]'));
  for (const e of wide) {
    const box = boxOf(e);
    if (!shown(e) || box === null) continue;  // nothing clips or scrolls it: the checks above see it
    const b = box.getBoundingClientRect();
    if (b.right > vw + 1 || b.left < -1) out.wide.push(`the box of ${describe(e)} spans ${px(b.left)}..${px(b.right)}`);
    if (box.scrollWidth <= box.clientWidth + 1) continue;
    const named = box.getAttribute('aria-label') || box.getAttribute('aria-labelledby');
    if (!scrolls(box)) out.wide.push(`${describe(e)} is cut: ${box.scrollWidth} px in ${box.clientWidth} px`);
    else if (box.tabIndex < 0) out.wide.push(`${describe(e)} scrolls in a box the keyboard cannot reach`);
    else if (e.tagName === 'TABLE' && !named) out.wide.push(`${describe(e)} scrolls in a box without a name`);
  }

  // Numbers: each numeric cell or glued value on one line.
  const NUMBER = /^[−+-]?(\d[\d,]*(\.\d*)?|\.\d+)(e[−+-]?\d+)?%?$/;
  const range = document.createRange();
  let numbers = 0;
  for (const e of document.querySelectorAll('main table td, main span.pasted-text')) {
    const text = e.textContent.trim();
    if (!NUMBER.test(text) || !shown(e)) continue;
    numbers += 1;
    range.selectNodeContents(e);
    const lines = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => px(r.bottom)));
    if (lines.size > 1) out.numbers.push(`"${text}" (${describe(e)}) breaks over ${lines.size} lines`);
  }

  // Charts: inside their container's content box and the screen; their texts inside the chart;
  // the legend clear of the axes' texts, the title clear of the annotations (a subplot's title).
  const meet = (p, q) => p.left < q.right - 1 && q.left < p.right - 1 && p.top < q.bottom - 1 && q.top < p.bottom - 1;
  let drawn = 0;
  for (const plot of document.querySelectorAll('main .js-plotly-plot')) {
    const svg = plot.querySelector('svg.main-svg');
    if (!svg || !shown(plot)) continue;
    drawn += 1;
    plot.dataset.lstmMeasured = 'true';  // counted once over all passes (measure_everything)
    const name = plot.id || plot.closest('[id]').id;
    const box = svg.getBoundingClientRect(), parent = plot.parentElement, style = getComputedStyle(parent);
    const inset = side => parseFloat(style['padding' + side]) + parseFloat(style['border' + side + 'Width']);
    const left = parent.getBoundingClientRect().left + inset('Left');
    const right = Math.min(vw, parent.getBoundingClientRect().right - inset('Right'));
    if (box.right > right + 1 || box.left < left - 1)
      out.charts.push(`${name}: the chart spans ${px(box.left)}..${px(box.right)} px in ${px(left)}..${px(right)}`);
    const texts = sel => [...plot.querySelectorAll(sel)].filter(t => t.textContent.trim() && shown(t));
    const title = texts('.gtitle'), axes = texts('g[class^="g-"][class$="title"] > text:not(.gtitle)');
    const ticks = texts('g[class*="tick"] > text'), notes = texts('.annotation'), legend = texts('.legend');
    if (plot.classList.contains('lstm-book-plotly') && title.length === 0) out.charts.push(`${name}: no title drawn`);
    for (const t of [...title, ...axes, ...ticks, ...notes, ...legend]) {
      const r = t.getBoundingClientRect();
      if (r.left < box.left - 1 || r.right > box.right + 1 || r.top < box.top - 1 || r.bottom > box.bottom + 1) {
        const what = t.textContent.trim().slice(0, 50), x0 = px(r.left - box.left), x1 = px(r.right - box.left);
        out.charts.push(`${name}: "${what}" spans ${x0}..${x1} px of ${px(box.width)}`);
      }
    }
    const clash = (group, others, verb) => {
      for (const g of group) for (const o of others) if (meet(g.getBoundingClientRect(), o.getBoundingClientRect()))
        out.charts.push(`${name}: the ${verb} "${o.textContent.trim().slice(0, 50)}"`);
    };
    clash(legend, [...ticks, ...axes, ...title], 'legend covers');
    clash(title, notes, 'title meets');
  }
  out.counts = {numbers, charts: drawn, wide: wide.size};
  return out;
}"""


def toctree_pages() -> list[str]:
    """The pages index.md's toctrees list, as built HTML files."""
    text = (ROOT / "index.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```\{toctree\}\n(.*?)```", text, flags=re.S)
    names = [line.strip() for block in blocks for line in block.splitlines() if line.strip() and ":" not in line]
    return ["index.html"] + [f"{name}.html" for name in names]


def measure_everything(page) -> dict:
    """``MEASURE`` with every dropdown open, once for each tab of the page's tab sets."""
    page.evaluate("document.querySelectorAll('main details').forEach(d => { d.open = true; })")
    tabs = page.evaluate(
        "Math.max(0, ...[...document.querySelectorAll('.sd-tab-set')]"
        ".map(s => s.querySelectorAll(':scope > input').length))"
    )
    found: dict[str, list] = {}
    counts = {"numbers": 0, "charts": 0, "wide": 0}
    for k in range(max(tabs, 1)):
        if tabs:
            page.evaluate(
                """(k) => document.querySelectorAll('.sd-tab-set').forEach(s => {
                     const inputs = s.querySelectorAll(':scope > input');
                     if (inputs[k]) inputs[k].click();
                   })""",
                k,
            )
        result = page.evaluate(MEASURE)
        for key, n in result.pop("counts").items():
            counts[key] += n
        for check, problems in result.items():
            found.setdefault(check, [])
            found[check] += [p for p in problems if p not in found[check]]
    counts["charts"] = page.evaluate("document.querySelectorAll('[data-lstm-measured]').length")
    return {"problems": {check: p for check, p in found.items() if p}, "counts": counts}


def test_every_page_of_the_toctrees_is_measured():
    assert len(PAGES) >= 14
    assert set(chapter_docnames()) <= {p.removesuffix(".html") for p in PAGES}
    assert set(toctree_pages()) <= set(PAGES), set(toctree_pages()) - set(PAGES)


# The axe rules whose outcome depends on the screen's width; tests/test_browser.py runs every
# rule at 1280 px on the same markup (the whole set again here would double the suite's slowest test).
PHONE_AXE_RULES = ["scrollable-region-focusable", "target-size"]


@pytest.fixture(scope="module")
def axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


@pytest.mark.browser
@pytest.mark.parametrize("path", PAGES)
def test_page_fits_a_phone(tab, site, axe, path):
    """The measures above, then axe-core's width-dependent rules, on the page as drawn at 390 px (one
    load of the page for all of it: loading is most of the time each takes). A page with charts is
    visited with the system in dark mode: on a first visit it is drawn dark from the start, its charts
    too (``theme_checks.check_page``; tests/test_browser.py visits every page in light mode first)."""
    system = "dark" if path in CHART_PAGES else "light"
    with visit(tab, (site / path).as_uri(), viewport=PHONE, system=system, origin="file://") as v:
        if system == "dark":
            wait_for_mode(v.page, "dark")
            assert check_page(v.page, "dark") == []
        result = measure_everything(v.page)  # leaves every dropdown open
        found = axe.run(v.page, options={"runOnly": {"type": "rule", "values": PHONE_AXE_RULES}}).response
        for check in ON_THIS_PAGE_TOO.get(path, ()):
            check(v.page)
        assert v.errors == [] and v.blocked == []
        assert v.page.title() != ""
    problems = result["problems"]
    assert problems == {}, "\n".join(f"{check}: {problem}" for check, found in problems.items() for problem in found)
    # the checks saw what they should: every chart of the page (its figures and its explorables' plotly
    # charts; the live explorable draws its own SVG), and on a chapter its numbers, tables and equations
    html = (site / path).read_text(encoding="utf-8")
    live = html.count('class="lstm-explorable" data-kind="live"')
    assert (
        result["counts"]["charts"]
        == html.count('class="lstm-book-plotly"') + html.count('class="lstm-explorable"') - live
    )
    if path.removesuffix(".html") in chapter_docnames():
        assert result["counts"]["numbers"] > 0, "no number measured: the selectors no longer match the page"
        assert result["counts"]["wide"] > 0, "no table or display equation measured"
    assert {rule["id"] for rule in found["passes"] + found["inapplicable"]} <= set(PHONE_AXE_RULES)
    assert [f"{v['id']}: {[n['target'] for n in v['nodes'][:3]]}" for v in found["violations"]] == []


def the_memory_table_fits_whole(page) -> None:
    """The memory update at "Mary" needs no scrolling: unit 3, the column that matters, is in view."""
    boxes = page.evaluate(
        """() => [...document.querySelectorAll('.lstm-table-scroll')]
             .filter(b => b.querySelector('thead th').textContent.startsWith('t='))
             .map(b => [b.querySelector('thead th').textContent, b.scrollWidth, b.clientWidth])"""
    )
    assert boxes, "no memory table (its first header is t=N · token) on the memory page"
    assert all(width <= room for _, width, room in boxes), boxes


def a_wide_table_keeps_its_row_labels_in_view(page) -> None:
    """The regime table is wider than a phone: scrolled to its end (C and h), its row labels stay put
    (scrolled back after)."""
    before, after, last_column_seen = page.evaluate(
        """() => {
             const box = [...document.querySelectorAll('.lstm-table-scroll')]
               .find(b => b.querySelector('thead th').textContent.trim() === 'regime');
             const label = box.querySelector('tbody th');
             const x0 = label.getBoundingClientRect().left;
             box.scrollLeft = box.scrollWidth;
             const last = box.querySelector('tbody tr td:last-child').getBoundingClientRect();
             const b = box.getBoundingClientRect();
             const seen = [x0, label.getBoundingClientRect().left, last.right <= b.right + 1 && last.left >= b.left];
             box.scrollLeft = 0;
             return seen;
           }"""
    )
    assert abs(after - before) <= 1
    assert last_column_seen


# What two pages are checked for besides, on test_page_fits_a_phone's load, after its measures.
ON_THIS_PAGE_TOO = {
    "book/memory.html": (the_memory_table_fits_whole, tables_captions_wrap),
    "book/explorables.html": (a_wide_table_keeps_its_row_labels_in_view,),
}


def test_the_pages_with_checks_of_their_own_are_visited(site):
    assert set(ON_THIS_PAGE_TOO) <= set(PAGES)


# Pages whose charts test_browser.py's first visit at 1280 px follows down to 390 px, on its load.
FOLLOWED_DOWN = ("book/memory.html", "book/why.html", "book/explorables.html")


def charts_follow_their_container_down_to_a_phone(page) -> None:
    """Drawn at 1280 px, every chart of the page shrinks with the window to 390 px (plotly's
    responsive config), and keeps its texts inside it."""
    assert page.viewport_size == DESKTOP
    wide = page.evaluate("[...document.querySelectorAll('main svg.main-svg')].map(s => s.clientWidth)")
    page.set_viewport_size(PHONE)
    page.wait_for_function(
        """() => [...document.querySelectorAll('main .js-plotly-plot')].every(p =>
             p.querySelector('svg.main-svg').getBoundingClientRect().right
               <= document.documentElement.clientWidth)""",
        timeout=30_000,
    )
    problems = page.evaluate(MEASURE)["charts"]
    assert min(wide) > 390 and problems == [], problems


# -- The layout code behind it (no browser) -----------------------------------------------------


def test_long_titles_are_wrapped_into_balanced_lines():
    assert charts.wrap_text("Unit 3, the gender cell: Cₜ and hₜ per token") == (
        "Unit 3, the gender cell: Cₜ and hₜ per token"
    )  # 44 characters: fits a phone as it is
    assert charts.wrap_text("How far back the gradient reaches: ‖∂h_T/∂x_t‖, log scale") == (
        "How far back the gradient reaches: <br>‖∂h_T/∂x_t‖, log scale"
    )
    assert charts.wrap_text("The gender unit's hidden state in every variant") == (
        "The gender unit's hidden <br>state in every variant"
    )
    long = "Which route carries ∂C_T/∂C_t: the cell path alone (dotted) and every route (solid)"
    lines = charts.wrap_text(long).split(" <br>")
    assert " ".join(lines) == long and len(lines) == 2
    assert max(map(len, lines)) <= charts.LINE_CHARACTERS
    assert charts.wrap_text("x" * 60) == "x" * 60  # one word is never cut
    with pytest.raises(ValueError, match="width must be >= 1, got 0"):
        charts.wrap_text("text", 0)
    with pytest.raises(ValueError, match="text must be a str, got int"):
        charts.wrap_text(3)


def test_fit_narrow_wraps_the_title_and_anchors_the_legend_below_the_ticks():
    fig = go.Figure(go.Scatter(x=[1, 2], y=[3.25, -1.5]))
    fig.update_layout(
        title="Kept and cleared at the same step: unit 1 (topic) and unit 3 (gender)",
        margin=dict(t=60),
        height=400,
        legend=dict(orientation="h", y=-0.3, yanchor="bottom"),
    )
    fig.add_annotation(x=0.5, y=1, xref="paper", yref="paper", yanchor="bottom", showarrow=False, text="short")
    fitted = charts.fit_narrow(fig)
    assert fitted.layout.title.text == "Kept and cleared at the same step: <br>unit 1 (topic) and unit 3 (gender)"
    assert fitted.layout.margin.t == 60 + charts.TITLE_LINE_PX
    assert fitted.layout.height == 400 + charts.TITLE_LINE_PX  # the plot keeps its height
    legend = fitted.layout.legend
    assert (legend.yref, legend.y, legend.yanchor) == ("container", 0, "bottom")
    assert list(fitted.data[0].y) == [3.25, -1.5]  # the data are untouched
    again = charts.fit_narrow(fitted)  # a second pass changes nothing
    assert again.layout.margin.t == 60 + charts.TITLE_LINE_PX and again.layout.title.text == fitted.layout.title.text
    with pytest.raises(ValueError, match="fig must be a plotly Figure, got dict"):
        charts.fit_narrow({})


def test_a_table_sits_in_a_named_focusable_scroll_box():
    html = accessible_tables(memory_table(handset.gender_trace(), handset.TOKENS.index("Mary")).to_html())
    assert html.startswith(
        '<div aria-label="Table: t=6 · Mary, unit 1, unit 2, unit 3" class="lstm-table-scroll" role="group" '
        'tabindex="0"><table class="dataframe">'
    )
    assert html.rstrip().endswith("</table></div>")
    assert html.count("<table") == 1


def test_a_long_header_makes_a_short_label():
    from bs4 import BeautifulSoup

    header = "".join(f"<th>column number {k}</th>" for k in range(20))
    table = BeautifulSoup(f"<table><thead><tr>{header}</tr></thead></table>", "html.parser").table
    label = table_label(table)
    assert label.startswith("Table: column number 0, column number 1") and label.endswith(", …")
    assert len(label) <= len("Table: ") + 80
