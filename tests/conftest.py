"""Shared fixtures: the built site, HTML parsing, and headless Chromium."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from lstm_book.dev.buildcopy import ROOT
from lstm_book.dev.chromium import CHROMIUM, CHROMIUM_ARGS

# The site `make html` built; LSTM_BOOK_SITE points the tests at another build.
SITE = Path(os.environ.get("LSTM_BOOK_SITE", ROOT / "_build" / "html"))
# That build's cache (lstm_book.cache): the tests read the model it trained instead of
# training it again (with `make test`'s BLAS settings, the same key as the build's).
os.environ.setdefault("LSTM_BOOK_CACHE", str(SITE.parent / "cache"))


# -- The built site ---------------------------------------------------------------


@pytest.fixture(scope="session")
def site() -> Path:
    """The site `make html` built (`make test` builds it before the tests)."""
    if not (SITE / "book" / "memory.html").is_file():
        pytest.fail(f"no built site at {SITE}: run `make html` first (`make test` does)")
    return SITE


def soup_of(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


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


@pytest.fixture(scope="session")
def browser():
    executable = chromium_or_skip()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(executable), args=CHROMIUM_ARGS)
        yield b
        b.close()


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
# The build tests restore one built copy, and the PDF tests read one PDF: each group runs on one
# pytest-xdist worker (their xdist_group mark, `--dist loadgroup`), else each worker builds and
# reads it all again. pytest 9.2 made xdist ignore the mark without a word (pytest-xdist#1386), so
# the controller checks where each marked module's tests ran and fails the run when one was split.
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
