"""Shared fixtures: the built site, HTML parsing, and headless Chromium."""

from __future__ import annotations

import functools
import json
import os
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from bs4.element import PageElement, Tag

from lstm_book.dev.buildcopy import ROOT
from lstm_book.dev.chromium import CHROMIUM, CHROMIUM_ARGS

# The site `make html` built; LSTM_BOOK_SITE points the tests at another build.
SITE = Path(os.environ.get("LSTM_BOOK_SITE", ROOT / "_build" / "html"))
# That build's cache (lstm_book.cache): the tests read the model it trained instead of
# training it again (with `make test`'s BLAS settings, the same key as the build's).
os.environ.setdefault("LSTM_BOOK_CACHE", str(SITE.parent / "cache"))


# -- The built site ---------------------------------------------------------------


# every page of the built site (collected when a test module loads; `make test` builds first);
# _static holds the theme's template fragments, not pages
SITE_PAGES = (
    sorted(str(p.relative_to(SITE)) for p in SITE.rglob("*.html") if "_static" not in p.parts)
    if SITE.is_dir()
    else ["index.html"]
)


@pytest.fixture(scope="session")
def site() -> Path:
    """The site `make html` built (`make test` builds it before the tests)."""
    if not (SITE / "book" / "memory.html").is_file():
        pytest.fail(f"no built site at {SITE}: run `make html` first (`make test` does)")
    return SITE


def soup_of(path: Path) -> BeautifulSoup:
    """The page at ``path``, parsed once per worker and shared: read it, never change it (``own_soup_of``
    gives a tree of one's own). Parsing is most of what the HTML tests cost: a page is read by a dozen
    tests, and html.parser takes a tenth of a second on a chapter. A file rewritten since is parsed again."""
    stat = path.stat()
    return _parsed(str(path.resolve()), stat.st_mtime_ns, stat.st_size)


def own_soup_of(path: Path) -> BeautifulSoup:
    """The page at ``path`` parsed into a tree of the caller's own, to change (remove tags, say)."""
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


@functools.lru_cache(maxsize=256)
def _parsed(path: str, mtime_ns: int, size: int) -> BeautifulSoup:
    soup = own_soup_of(Path(path))
    soup.lstm_book_shared = True  # _refuse_on_shared_trees: a test that changes it fails, naming own_soup_of
    return soup


def _refuse_on_shared_trees(change):
    @functools.wraps(change)
    def refusing(element, *args, **kwargs):
        root = element
        while root.parent is not None:
            root = root.parent
        if getattr(root, "lstm_book_shared", False):
            raise AssertionError(f"{change.__name__} on a tree soup_of shares with other tests: use own_soup_of")
        return change(element, *args, **kwargs)

    return refusing


# Every way bs4 changes a tree (decompose and unwrap go through extract and replace_with; .string = x
# through clear and append), refused on the trees soup_of shares.
for _cls, _names in (
    (Tag, ("__setitem__", "__delitem__", "clear", "insert", "append", "extend", "smooth")),
    (PageElement, ("extract", "replace_with", "wrap", "insert_before", "insert_after")),
):
    for _name in _names:
        setattr(_cls, _name, _refuse_on_shared_trees(getattr(_cls, _name)))


def dataframe_tables(soup: BeautifulSoup) -> list[dict]:
    """Every pandas table of a page as {"names": header/index names, "rows": [(labels, cells)]}.

    ``labels`` are the row's <th> texts (a MultiIndex block's first row has two),
    ``cells`` its <td> texts.
    """
    tables = []
    for table in soup.select("table.dataframe"):
        names = [th.get_text(strip=True) for th in table.select("thead th")]
        rows = []
        for tr in table.select("tbody tr"):
            rows.append(
                (
                    [th.get_text(strip=True) for th in tr.find_all("th")],
                    [td.get_text(strip=True) for td in tr.find_all("td")],
                )
            )
        tables.append({"names": names, "rows": rows})
    return tables


def table_named(soup: BeautifulSoup, name: str) -> dict:
    """The one pandas table whose header holds ``name`` (an index or column name)."""
    found = [t for t in dataframe_tables(soup) if name in t["names"]]
    assert len(found) == 1, f"expected one table named {name!r}, found {len(found)}"
    return found[0]


def plotly_specs(soup: BeautifulSoup) -> list[dict]:
    """The JSON spec of every plotly figure placeholder on a page."""
    return [
        json.loads(div.find("script", type="application/json").string) for div in soup.select("div.lstm-book-plotly")
    ]


def pasted_texts(soup: BeautifulSoup) -> list[str]:
    return [span.get_text() for span in soup.select("span.pasted-text")]


def paragraph_with(soup: BeautifulSoup, start: str) -> str:
    """The whitespace-normalised text of the paragraph starting with ``start``."""
    for p in soup.find_all("p"):
        text = " ".join(p.get_text().split())
        if text.startswith(start):
            return text
    raise AssertionError(f"no paragraph starts with {start!r}")


# -- Headless Chromium --------------------------------------------------------------------


def unavailable(message: str):
    """What a test does without something only `make test` or CI provides (Chromium, the PDF):
    it skips with the reason, and under CI=true, where it must be there, it fails."""
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


def chromium_or_skip():
    """Debian's Chromium, or a skip with the reason; under CI=true a missing browser fails."""
    if not CHROMIUM.exists():
        unavailable(f"no Chromium at {CHROMIUM}: install it with `apt-get install -y chromium`")
    return CHROMIUM


# The tests' Chromium resolves no host name but the local server's address: a request for another
# origin fails at once, whatever the network, and ``visit`` records it.
OFFLINE = "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"


@pytest.fixture(scope="session")
def browser():
    executable = chromium_or_skip()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(executable), args=[*CHROMIUM_ARGS, OFFLINE])
        yield b
        b.close()


# -- One tab per worker --------------------------------------------------------------------
# A new tab starts a renderer process, which costs more than the page it then loads (measured on
# this machine's 2 cores: a chart chapter 3.0 CPU-s in a new tab, 1.6 in a reused one; an API page
# 2.5 and 1.0). So the browser tests open their pages in one tab per pytest-xdist worker (``tab``),
# through ``visit``, which makes each load a first visit all the same: nothing stored, the window
# and the system's colour scheme set, the pointer off the page, the recorders of errors gone with
# the page. Pages served over HTTP are another origin, so another process: they keep tabs of their own.

DESKTOP = {"width": 1280, "height": 720}  # Playwright's default window
PHONE = {"width": 390, "height": 844}  # a phone's window, portrait

# Run in each new document of the reused tab before the site's scripts. ``visit`` names the tab
# (window.name survives the navigation) to ask the next document, and that one alone, to start
# from empty storage: the theme writes localStorage and, as the last page unloads,
# sessionStorage, so clearing them before the navigation would leave the old page's writes.
FIRST_VISIT = """(() => {
  const ask = 'lstm-book-first-visit:';
  if (window !== window.top || !window.name.startsWith(ask)) return;
  const mode = window.name.slice(ask.length);
  window.name = '';
  localStorage.clear();
  sessionStorage.clear();
  if (mode) { localStorage.setItem('mode', mode); localStorage.setItem('theme', mode); }
})();"""


def visit_context(browser):
    """A browser context whose tabs ``visit`` can reuse: each new document runs ``FIRST_VISIT``."""
    context = browser.new_context(viewport=DESKTOP)
    context.add_init_script(FIRST_VISIT)
    return context


@pytest.fixture(scope="session")
def _reused(browser):
    """The worker's browser context and its one tab, made again if a test closed or crashed the tab."""
    state = {"context": None, "tab": None}

    def tab():
        if state["tab"] is None or state["tab"].is_closed():
            if state["context"] is not None:
                state["context"].close()
            state["context"] = visit_context(browser)
            state["tab"] = state["context"].new_page()
        return state["tab"]

    yield tab
    if state["context"] is not None:
        state["context"].close()


@pytest.fixture
def tab(_reused):
    """The worker's reused tab: open pages in it with ``visit``."""
    page = _reused()
    yield page
    page.unroute_all(behavior="ignoreErrors")


@dataclass
class Visit:
    """A page opened by ``visit``: its tab, and what went wrong while it was open."""

    page: object
    errors: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)


@contextmanager
def visit(tab, url: str, *, viewport=DESKTOP, system: str = "light", stored_mode: str | None = None, origin=None):
    """``url`` in ``tab`` on a first visit (nothing stored; with ``stored_mode``, only the reader's
    choice of mode), the system in ``system`` mode, at ``viewport``, drawn (``wait_until_ready``).
    While it is open, console errors, page errors, failed requests and HTTP errors are recorded;
    with ``origin``, every request outside it is recorded in ``blocked`` (and fails: ``OFFLINE``).
    (A listener, not ``tab.route``: routing hands each request to Python and back, about a tenth of
    a CPU-second per chart page.)"""
    v = Visit(tab)

    def on_request(r):
        if origin is not None and not r.url.startswith((origin, "data:")):
            v.blocked.append(r.url)

    def on_request_failed(r):
        if r.url not in v.blocked:
            v.errors.append(f"request failed: {r.url}")

    listeners = {
        "request": on_request,
        "console": lambda m: v.errors.append(m.text) if m.type == "error" else None,
        "pageerror": lambda e: v.errors.append(f"page error: {e}"),
        "response": lambda r: v.errors.append(f"HTTP {r.status}: {r.url}") if r.status >= 400 else None,
        "requestfailed": on_request_failed,
    }

    tab.mouse.move(-1, -1)  # a pointer left over the page by another test would hover what it finds there
    tab.set_viewport_size(viewport)
    tab.emulate_media(color_scheme=system)
    tab.evaluate("(mode) => { window.name = 'lstm-book-first-visit:' + mode; }", stored_mode or "")
    for event, listener in listeners.items():
        tab.on(event, listener)
    try:
        tab.goto(url, wait_until="load")
        wait_until_ready(tab)
        # the theme read no stored choice but the one asked for
        assert tab.evaluate("document.documentElement.dataset.mode") == (stored_mode or "auto")
        yield v
    finally:
        for event, listener in listeners.items():
            tab.remove_listener(event, listener)


READY_TIMEOUT_MS = 90_000  # a chart page on a loaded 2-core machine takes seconds; this holds with margin


def wait_until_ready(page) -> None:
    """Wait for the site's own signal that the page is drawn (``_static/lstm-book-ready.js``):
    loaded, every chart and explorable drawn, the maths typeset. Never a sleep, never networkidle."""
    page.wait_for_function("document.documentElement.dataset.lstmBookReady === 'true'", timeout=READY_TIMEOUT_MS)


# -- axe-core ------------------------------------------------------------------------------
# axe-core (bundled by axe-playwright-python) runs on every page of AXE_PAGES in light mode and,
# once the system turns dark, its colour rules in dark mode (test_browser.py's test_page_loads_cleanly,
# on one load), and at 390 px its width-dependent rules on every page (test_phone_browser.py): no violations.
# Exceptions, if one is ever needed, are named here with the reason; there are none.
#
# Fixed to get here: the theme's logo stood outside every landmark ("region",
# _templates/navbar-logo.html); pandas tables had empty header cells ("empty-table-header",
# lstm_book/sphinx/html_tables.py); the learning chapter's coloured text lacked contrast
# ("color-contrast", plots.cell_heatmap_html).
AXE_EXCEPTIONS: dict[str, str] = {}  # axe rule id -> why it is accepted


def axe_pages(site: Path) -> list[str]:
    """Every chapter and page of the book, the landing, search and index pages, and the API
    reference's index and one module page (every module page has the same autodoc markup)."""
    return (
        ["index.html", "search.html", "genindex.html"]
        + sorted(f"book/{p.name}" for p in (site / "book").glob("*.html"))
        + ["book/api/index.html", "book/api/lstm_calc.cell.html"]
    )


# The rules whose outcome depends on the colours, and so on the mode: the others read the markup,
# which a change of mode leaves as it is (the dark-mode run checks these alone).
COLOUR_RULES = ["color-contrast", "link-in-text-block"]


def axe_violations(tab, rules: list[str] | None = None) -> list[str]:
    """Every axe-core rule (or those of ``rules``) on a drawn page, once the theme's colour
    transitions have settled: the violations not excepted, each with its first targets."""
    from axe_playwright_python.sync_playwright import Axe

    tab.wait_for_function("document.documentElement.dataset.theme !== undefined")
    # the theme switch animates colours (the tabs' labels, for one); measure once they have settled
    tab.wait_for_function("document.getAnimations().every(a => a.playState !== 'running')")
    # preload: false, since axe's requests for the stylesheets (its CSSOM, read by css-orientation-lock
    # alone) are refused on file:// and would only log errors into the page's console
    options = {"resultTypes": ["violations"], "preload": False}
    if rules is not None:
        options["runOnly"] = {"type": "rule", "values": rules}
    response = Axe().run(tab, options=options).response
    ran = {r["id"] for key in ("violations", "passes", "incomplete", "inapplicable") for r in response[key]}
    assert rules is None or ran == set(rules), f"axe ran {sorted(ran)}, not {rules}"
    return [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes'][:3]]}"
        for v in response["violations"]
        if v["id"] not in AXE_EXCEPTIONS
    ]


def chapter_docnames() -> list[str]:
    """The chapters, in reading order: the entries of index.md's "Chapters" toctree (the one place they are listed)."""
    text = (ROOT / "index.md").read_text(encoding="utf-8")
    block = text.split(":caption: Chapters", 1)[1].split("```", 1)[0]
    return [line.strip() for line in block.splitlines() if line.strip()]


# -- Test groups that must share one worker ------------------------------------------------------
# The build tests restore one built copy, the PDF tests read one PDF, and the live and explorables
# browser tests share tabs loaded once per module: each group runs on one pytest-xdist worker (their
# xdist_group mark, `--dist loadgroup`), else each worker builds, reads or loads it all again.
# pytest 9.2 made xdist ignore the mark without a word (pytest-xdist#1386), so the controller
# checks where each marked module's tests ran and fails the run when one was split.
_ran_on: dict[str, set[str]] = {}


def pytest_runtest_logreport(report):
    node = getattr(report, "node", None)  # the worker, on the controller of an xdist run
    if node is not None and "xdist_group" in report.keywords:
        _ran_on.setdefault(report.nodeid.split("::")[0], set()).add(node.gateway.id)


def pytest_sessionfinish(session, exitstatus):
    split = {group: sorted(workers) for group, workers in _ran_on.items() if len(workers) > 1}
    if split and session.config.getoption("dist", "no") == "loadgroup":
        session.config.get_terminal_writer().line(f"test groups split across workers: {split}", red=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
