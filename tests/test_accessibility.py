"""axe-core on every page of ``conftest.axe_pages`` in dark mode (the system's, a first visit):
no violations. The light mode is checked on the load of tests/test_browser.py's
``test_page_loads_cleanly``, and the width-dependent rules at 390 px by tests/test_phone_browser.py.
The exceptions and what was fixed to get here are in conftest.py (``AXE_EXCEPTIONS``)."""

from __future__ import annotations

import pytest
from conftest import SITE, axe_pages, axe_violations, chapter_docnames, wait_until_ready

PAGES = axe_pages(SITE)  # when the module loads: one test per page, which pytest-xdist spreads


def test_every_chapter_is_checked():
    assert {f"{name}.html" for name in chapter_docnames()} <= set(PAGES)


@pytest.mark.browser
@pytest.mark.parametrize("page", PAGES)
def test_no_axe_violations_in_dark_mode(browser, site, page):
    context = browser.new_context(color_scheme="dark")
    try:
        tab = context.new_page()
        tab.goto((site / page).as_uri())
        wait_until_ready(tab)
        assert tab.evaluate("document.documentElement.dataset.theme") == "dark"
        violations = axe_violations(tab)
    finally:
        context.close()
    assert violations == []
