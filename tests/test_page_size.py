"""Every page of the built site fits the book's page budget: at most 150 KB of HTML."""

from __future__ import annotations

PAGE_BUDGET = 150_000  # bytes of HTML per page (the book's budget, issue 14); scripts and styles are shared


def test_every_page_fits_the_budget(site):
    sizes = {path.relative_to(site).as_posix(): path.stat().st_size for path in site.rglob("*.html")}
    assert len(sizes) >= 30  # index, the chapters, the reference pages and one API page per module
    over = {page: size for page, size in sizes.items() if size > PAGE_BUDGET}
    assert over == {}, f"pages above {PAGE_BUDGET:,} bytes: {over}"


def test_the_api_reference_is_split_by_module(site):
    """The reference that outgrew the budget (371 KB in one page) is one page per module."""
    assert not (site / "book" / "api.html").exists()
    modules = sorted(p.stem for p in (site / "book" / "api").glob("lstm_*.html"))
    assert len(modules) >= 20 and "lstm_calc.cell" in modules and "lstm_book.charts" in modules
