"""The built site in headless Chromium with the network blocked: charts render,
maths typesets, nothing logs an error or asks for another origin."""

from __future__ import annotations

import functools
import http.server
import threading
from dataclasses import dataclass, field

import pytest
from conftest import SITE, axe_pages, axe_violations, wait_until_ready

# every page of the built site (collected when the module loads; `make test` builds first)
PAGES = (
    sorted(str(p.relative_to(SITE)) for p in SITE.rglob("*.html") if "_static" not in p.parts)
    if SITE.is_dir()
    else ["index.html"]
)  # _static holds the theme's template fragments, not pages


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


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@dataclass
class Visit:
    page: object
    errors: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)


def visit(browser, url: str, own_origin: str, color_scheme: str = "light") -> Visit:
    """Open ``url`` in a fresh context (empty localStorage: a first visit) where
    every request outside ``own_origin`` is aborted and recorded."""
    context = browser.new_context(color_scheme=color_scheme)
    page = context.new_page()
    v = Visit(page)

    def route(r):
        if r.request.url.startswith(own_origin) or r.request.url.startswith("data:"):
            r.continue_()
        else:
            v.blocked.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    page.on("console", lambda m: v.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: v.errors.append(f"page error: {e}"))
    page.on("response", lambda r: v.errors.append(f"HTTP {r.status}: {r.url}") if r.status >= 400 else None)
    page.on("requestfailed", lambda r: v.errors.append(f"request failed: {r.url}") if r.url not in v.blocked else None)
    page.goto(url, wait_until="load")
    wait_until_ready(page)
    return v


def roots(site, http_root):
    return {"file": (site.as_uri() + "/", "file://"), "http": (http_root, http_root)}


# Served over HTTP, one page of each kind: what differs from file:// is how the server hands out
# the files (types, paths, the search page fetching its index), not what a page holds, and each
# load costs seconds on a busy 2-core machine. file://, the offline reader's case, covers them all.
HTTP_PAGES = [
    "index.html",
    "search.html",
    "genindex.html",
    "book/memory.html",  # charts, the live explorable, maths
    "book/explorables.html",  # every explorable
    "book/learning.html",  # the heatmap, tab sets
    "book/api/index.html",
    "book/api/lstm_calc.cell.html",
]
VISITS = [("file", path) for path in PAGES] + [("http", path) for path in HTTP_PAGES]


WIDER_THAN_THEIR_BOX = """() => [...document.querySelectorAll('.lstm-table-scroll')]
    .filter(box => box.offsetParent && box.scrollWidth > box.clientWidth + 1)
    .map(box => `${box.getAttribute('aria-label')}: ${box.scrollWidth} px in ${box.clientWidth}`)"""


def test_the_pages_served_over_http_are_pages_of_the_site(site):
    assert all((site / path).is_file() for path in HTTP_PAGES)


AXE_PAGES = set(axe_pages(SITE))


@pytest.mark.browser
@pytest.mark.parametrize(("scheme", "path"), VISITS)
def test_page_loads_cleanly(browser, site, http_root, scheme, path):
    """A first visit in light mode: no error, no request outside the site, a title, no table wider
    than its box; and, on file:// for the pages of ``conftest.axe_pages``, no axe-core violation
    (checked on this load: loading is most of the time either takes)."""
    base, origin = roots(site, http_root)[scheme]
    v = visit(browser, base + path, origin)
    try:
        assert v.errors == []
        assert v.blocked == []
        assert v.page.title() != ""
        # at Playwright's 1280 px, every table fits the article: none scrolls sideways (on a phone they may)
        assert v.page.viewport_size["width"] == 1280
        assert v.page.evaluate(WIDER_THAN_THEIR_BOX) == []
        if scheme == "file" and path in AXE_PAGES:
            assert v.page.evaluate("document.documentElement.dataset.theme") == "light"
            assert axe_violations(v.page) == []  # (axe's own requests for the stylesheets fail on file://)
    finally:
        v.page.context.close()


def test_every_page_axe_checks_is_loaded_here(site):
    assert AXE_PAGES <= {path for scheme, path in VISITS if scheme == "file"}


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["file", "http"])
@pytest.mark.parametrize("color_scheme", ["light", "dark"])
def test_chart_renders_and_maths_typesets(browser, site, http_root, scheme, color_scheme):
    base, origin = roots(site, http_root)[scheme]
    v = visit(browser, base + "book/memory.html", origin, color_scheme)
    try:
        page = v.page
        page.wait_for_selector("div.lstm-book-plotly.js-plotly-plot svg.main-svg", timeout=15_000)
        holders = page.locator("div.lstm-book-plotly")
        assert holders.count() == 2  # the gender cell; the kept and the cleared unit
        assert page.locator("div.lstm-book-plotly.js-plotly-plot svg.main-svg").count() >= 2
        # the gender chart: the ten token labels and the readout markers are drawn
        gender = holders.first
        ticks = gender.locator(".xtick text").all_text_contents()
        assert ticks == ["John", "is", "a", "doctor", ".", "Mary", "is", "a", "teacher", "."]
        assert gender.locator(".scatterlayer .trace").count() == 2
        page.wait_for_selector("mjx-container svg", timeout=15_000)
        assert page.locator("mjx-container").count() > 20
        assert page.evaluate("document.documentElement.dataset.theme") == color_scheme
        assert v.errors == [] and v.blocked == []
    finally:
        v.page.context.close()
