"""axe-core (bundled by axe-playwright-python) on every page, light and dark:
no violations. Exceptions, if one is ever needed, are named here with the
reason; there are none.

Fixed to get here: the theme's logo stood outside every landmark ("region",
_templates/navbar-logo.html); pandas tables had empty header cells
("empty-table-header", lstm_book/sphinx/html_tables.py); the learning chapter's
coloured text lacked contrast ("color-contrast", plots.cell_heatmap_html).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import SITE, chapter_docnames, wait_until_ready

EXCEPTIONS: dict[str, str] = {}  # axe rule id -> why it is accepted


def pages(site: Path) -> list[str]:
    # the API reference's index and one module page: every module page has the same autodoc markup
    return (
        ["index.html", "search.html", "genindex.html"]
        + sorted(f"book/{p.name}" for p in (site / "book").glob("*.html"))
        + ["book/api/index.html", "book/api/lstm_calc.cell.html"]
    )


PAGES = pages(SITE)  # when the module loads: one test per page and mode, which pytest-xdist spreads


@pytest.fixture(scope="module")
def axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


def test_every_chapter_is_checked():
    assert {f"{name}.html" for name in chapter_docnames()} <= set(PAGES)


@pytest.mark.browser
@pytest.mark.parametrize("mode", ["light", "dark"])
@pytest.mark.parametrize("page", PAGES)
def test_no_axe_violations(browser, site, axe, page, mode):
    context = browser.new_context(color_scheme=mode)
    try:
        tab = context.new_page()
        tab.goto((site / page).as_uri())
        wait_until_ready(tab)
        tab.wait_for_function("document.documentElement.dataset.theme !== undefined")
        # the theme switch animates colours (the tabs' labels, for one); measure once they have settled
        tab.wait_for_function("document.getAnimations().every(a => a.playState !== 'running')")
        violations = axe.run(tab, options={"resultTypes": ["violations"]}).response["violations"]
    finally:
        context.close()
    rest = [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes'][:3]]}"
        for v in violations
        if v["id"] not in EXCEPTIONS
    ]
    assert rest == []
