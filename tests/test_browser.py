"""The built site in headless Chromium with the network blocked: every page on a first visit at
1280 px (the API reference's module pages through the two that stand for them, ``API_STAND_INS``),
light, then with the system turned dark: charts render, maths typesets, nothing logs an error or
asks for another origin, axe-core finds nothing, the charts stand on the page's background and
follow the window down to a phone's."""

from __future__ import annotations

import functools
import http.server
import posixpath
import threading
from pathlib import PurePosixPath

import pytest
from conftest import (
    COLOUR_RULES,
    DESKTOP,
    PHONE,
    SITE,
    SITE_PAGES,
    axe_pages,
    axe_violations,
    chapter_docnames,
    soup_of,
    visit,
    visit_context,
)
from test_phone_browser import FOLLOWED_DOWN, charts_follow_their_container_down_to_a_phone
from theme_checks import CHART_PAGES, check_page, wait_for_mode

PAGES = SITE_PAGES


@pytest.fixture(scope="module")
def http_root(site):
    """The site served by Python's http.server on a free localhost port."""
    handler = functools.partial(QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def http_tab(browser):
    """A tab for the pages served over HTTP, kept for them: another origin than file://, so in the
    worker's tab each would start a renderer process of its own, and the next file:// page another."""
    context = visit_context(browser)
    yield context.new_page()
    context.close()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def roots(site, http_root):
    return {"file": (site.as_uri() + "/", "file://"), "http": (http_root, http_root)}


# Served over HTTP: what differs from file:// is how the server hands out the files (their types and
# paths, the search page fetching its index), not what a page holds, and each load costs seconds on a
# busy 2-core machine. These two load every script, stylesheet and icon any page names
# (test_the_pages_served_over_http_load_every_file_a_page_names), and the memory chapter's scripts load
# the rest (plotly.js, MathJax's fonts). file://, the offline reader's case, covers every page.
HTTP_PAGES = [
    "search.html",  # the search page and its index
    "book/memory.html",  # charts (plotly.js loaded by their script), the live explorable, maths
]
AXE_PAGES = set(axe_pages(SITE))  # every chart page among them (test_every_page_axe_checks_is_loaded_here)

# The API reference's module pages are autodoc's, in one template: no table, chart or explorable, and
# the scripts and stylesheets of one of the two API pages axe checks (api/index.html, or
# api/lstm_calc.cell.html with the maths): test_api_module_pages_are_the_pages_checked_here_in_kind.
# Those two stand for them at 1280 px; every page, each module page with it, is loaded at 390 px by
# tests/test_phone_browser.py with the same checks of errors, requests and title.
API_STAND_INS = ("book/api/index.html", "book/api/lstm_calc.cell.html")
FILE_PAGES = [path for path in PAGES if not path.startswith("book/api/") or path in API_STAND_INS]
VISITS = [("file", path) for path in FILE_PAGES] + [("http", path) for path in HTTP_PAGES]


WIDER_THAN_THEIR_BOX = """() => [...document.querySelectorAll('.lstm-table-scroll')]
    .filter(box => box.offsetParent && box.scrollWidth > box.clientWidth + 1)
    .map(box => `${box.getAttribute('aria-label')}: ${box.scrollWidth} px in ${box.clientWidth}`)"""


def files_named(site, path: str) -> set[str]:
    """The scripts and stylesheets a page names (``page_kind``) and its icon, as paths in the site."""
    kind, here = page_kind(site, path), PurePosixPath(path).parent
    icons = [link["href"] for link in soup_of(site / path).find_all("link", rel="icon")]
    return {posixpath.normpath(here / name.split("?")[0]) for name in kind["scripts"] + kind["styles"] + icons}


def test_the_pages_served_over_http_load_every_file_a_page_names(site):
    everything = set().union(*(files_named(site, path) for path in PAGES))
    assert all((site / path).is_file() for path in everything | set(HTTP_PAGES))
    assert set().union(*(files_named(site, path) for path in HTTP_PAGES)) == everything


def memory_chapter_is_drawn(page, mode: str) -> None:
    """The memory chapter's two charts (the gender cell; the kept and the cleared unit) and its maths."""
    holders = page.locator("div.lstm-book-plotly")
    assert holders.count() == 2
    assert page.locator("div.lstm-book-plotly.js-plotly-plot svg.main-svg").count() >= 2
    # the gender chart: the ten token labels and the readout markers are drawn
    gender = holders.first
    ticks = gender.locator(".xtick text").all_text_contents()
    assert ticks == ["John", "is", "a", "doctor", ".", "Mary", "is", "a", "teacher", "."]
    assert gender.locator(".scatterlayer .trace").count() == 2
    assert gender.evaluate("e => e.dataset.lstmBookMode") == mode
    assert page.locator("mjx-container svg").count() > 20


@pytest.mark.browser
@pytest.mark.parametrize(("scheme", "path"), VISITS)
def test_page_loads_cleanly(request, tab, site, http_root, scheme, path):
    """A first visit in light mode at 1280 px: no error, no request outside the site, a title, no
    table wider than its box. On file://, each page of ``conftest.axe_pages`` has no axe-core
    violation and each chart page's charts stand on the page (``theme_checks.check_page``); then the
    system turns dark, the page follows ("auto", the default mode), and axe-core's colour rules and
    the charts are checked again; last, on the pages of ``FOLLOWED_DOWN``, the window narrows to
    390 px and the charts follow. (One load for all of it: loading is most of the time each takes.)"""
    base, origin = roots(site, http_root)[scheme]
    with visit(request.getfixturevalue("http_tab") if scheme == "http" else tab, base + path, origin=origin) as v:
        page_loads_cleanly(v, scheme, path)


def page_loads_cleanly(v, scheme: str, path: str) -> None:
    page = v.page
    assert v.errors == []
    assert v.blocked == []
    assert page.title() != ""
    # at Playwright's 1280 px, every table fits the article: none scrolls sideways (on a phone they may)
    assert page.viewport_size["width"] == 1280
    assert page.evaluate(WIDER_THAN_THEIR_BOX) == []
    if path == "book/memory.html":
        memory_chapter_is_drawn(page, "light")
    if scheme != "file" or path not in AXE_PAGES:
        return
    for mode in ("light", "dark"):
        if mode == "dark":
            page.emulate_media(color_scheme="dark")
        wait_for_mode(page, mode)
        # every rule in light mode, in dark mode those the colours decide
        assert axe_violations(page, None if mode == "light" else COLOUR_RULES) == [], mode
        if path in CHART_PAGES:
            assert check_page(page, mode) == []
    if path == "book/memory.html":
        memory_chapter_is_drawn(page, "dark")
    assert page.evaluate("document.documentElement.dataset.mode") == "auto"
    if path in FOLLOWED_DOWN:  # last: the window narrows to a phone's
        charts_follow_their_container_down_to_a_phone(page)
    assert v.errors == [] and v.blocked == []


@pytest.mark.browser
def test_a_reused_tab_makes_each_visit_a_first_visit(tab, site):
    """What one test leaves in the worker's tab (a stored mode, the sidebar's scroll, a dark system,
    a phone's window) is gone on the next visit."""
    with visit(tab, (site / "book" / "memory.html").as_uri(), stored_mode="dark", system="dark") as v:
        v.page.evaluate("sessionStorage.setItem('lstm-probe', '1'); localStorage.setItem('lstm-probe', '1')")
        v.page.set_viewport_size(PHONE)
    with visit(tab, (site / "book" / "gates.html").as_uri()) as v:
        assert v.page.evaluate("[sessionStorage.length, localStorage.getItem('lstm-probe')]") == [0, None]
        assert v.page.evaluate("[document.documentElement.dataset.mode, document.documentElement.dataset.theme]") == [
            "auto",
            "light",
        ]
        assert v.page.viewport_size == DESKTOP
        assert v.errors == []


OUTSIDE = ["https://cdn.example.com/theme.css", "http://example.org/logo.png", "https://example.net/data.json"]
ASKS_OUTSIDE = f"""<!doctype html>
<html lang="en" data-mode="auto" data-lstm-book-ready="true"><head><title>Asks elsewhere</title>
<link rel="stylesheet" href="{OUTSIDE[0]}"></head>
<body><img src="{OUTSIDE[1]}" alt="a logo"><script>fetch("{OUTSIDE[2]}").catch(() => {{}});</script></body></html>"""


@pytest.mark.browser
def test_a_request_for_another_origin_is_recorded_and_goes_nowhere(tab, tmp_path):
    """What the pages above are checked with: a page that asks three other origins for a stylesheet,
    an image and data has all three recorded as blocked, and each fails before leaving the machine."""
    page = tmp_path / "asks-outside.html"
    page.write_text(ASKS_OUTSIDE, encoding="utf-8")
    with visit(tab, page.as_uri(), origin="file://") as v:
        v.page.wait_for_function("performance.getEntriesByType('resource').length >= 3")
        assert sorted(v.blocked) == sorted(OUTSIDE)
    assert v.errors and all("ERR_NAME_NOT_RESOLVED" in error for error in v.errors), v.errors


def test_every_page_axe_checks_is_loaded_here(site):
    assert {f"{name}.html" for name in chapter_docnames()} <= AXE_PAGES
    assert AXE_PAGES <= {path for scheme, path in VISITS if scheme == "file"}
    assert set(CHART_PAGES) <= AXE_PAGES and set(FOLLOWED_DOWN) <= AXE_PAGES
    assert set(API_STAND_INS) <= AXE_PAGES
    assert set(PAGES) - set(FILE_PAGES) == {p for p in PAGES if p.startswith("book/api/")} - set(API_STAND_INS)


def page_kind(site, path: str) -> dict:
    """What a page loads (its scripts and stylesheets, in order), and whether it holds a table, a
    chart or an explorable."""
    soup = soup_of(site / path)
    return {
        "scripts": [s.get("src") for s in soup.find_all("script") if s.get("src")],
        "styles": [link.get("href") for link in soup.find_all("link", rel="stylesheet")],
        "content": bool(soup.select("main table, div.lstm-book-plotly, div.lstm-explorable")),
    }


def test_api_module_pages_are_the_pages_checked_here_in_kind(site):
    """Each API module page loads what one of the two API pages loaded here loads, and holds nothing
    of what its width or mode could change (a table, a chart, an explorable)."""
    kinds = [page_kind(site, path) for path in API_STAND_INS]
    assert not any(kind["content"] for kind in kinds)
    assert kinds[0]["scripts"] != kinds[1]["scripts"], "one with MathJax, one without"
    modules = [path for path in PAGES if path.startswith("book/api/") and path not in API_STAND_INS]
    assert len(modules) >= 20
    assert [path for path in modules if page_kind(site, path) not in kinds] == []
