"""axe-core (bundled by axe-playwright-python) on every page, light and dark:
no violations. Exceptions, if one is ever needed, are named here with the
reason; there are none.

Fixed to get here: the theme's logo stood outside every landmark ("region",
_templates/navbar-logo.html); pandas tables had empty header cells
("empty-table-header", lstm_book/sphinx/html_tables.py); the learning chapter's
coloured text lacked contrast ("color-contrast", plots.cell_heatmap_html).
"""

from __future__ import annotations

import pytest
from conftest import wait_until_ready

pytestmark = pytest.mark.browser

EXCEPTIONS: dict[str, str] = {}  # axe rule id -> why it is accepted


def pages(site):
    # the API reference's index and one module page: every module page has the same autodoc markup
    return (
        ["index.html", "search.html", "genindex.html"]
        + sorted(f"book/{p.name}" for p in (site / "book").glob("*.html"))
        + ["book/api/index.html", "book/api/lstm_calc.cell.html"]
    )


@pytest.fixture(scope="module")
def axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


@pytest.mark.parametrize("mode", ["light", "dark"])
def test_no_axe_violations_on_any_page(browser, site, axe, mode):
    found = {}
    for page in pages(site):
        context = browser.new_context(color_scheme=mode)
        tab = context.new_page()
        tab.goto((site / page).as_uri())
        wait_until_ready(tab)
        tab.wait_for_function("document.documentElement.dataset.theme !== undefined")
        # the theme switch animates colours (the tabs' labels, for one); measure once they have settled
        tab.wait_for_function("document.getAnimations().every(a => a.playState !== 'running')")
        violations = axe.run(tab).response["violations"]
        context.close()
        rest = [
            f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes'][:3]]}"
            for v in violations
            if v["id"] not in EXCEPTIONS
        ]
        if rest:
            found[page] = rest
    assert len(pages(site)) >= 10
    assert found == {}
