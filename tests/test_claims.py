"""The claims of the prose, in one place: tests/claims.txt lists every sentence
each page asserts at build time (lstm_book.chapter.claim), and this checks that
the built site asserted exactly those, each of them true (a false claim fails
the build before this runs)."""

from __future__ import annotations

import re

import pytest
from conftest import SITE, chapter_docnames

from lstm_book import chapter
from lstm_book.dev import claims

ROOT = claims.ROOT


@pytest.fixture(scope="module")
def built():
    if not (SITE / "index.html").is_file():
        pytest.fail(f"no built site at {SITE}: run `make html` first")
    return claims.read(SITE)


def test_the_site_asserts_exactly_the_listed_claims(built):
    listed = claims.LISTING.read_text(encoding="utf-8")
    assert claims.listing(built) == listed, (
        "the claims asserted by the build differ from tests/claims.txt; review the change and run "
        "`.venv/bin/python -m lstm_book.dev.claims --write`"
    )


def test_every_chapter_that_calls_claim_recorded_its_claims(built):
    pages = ["index", *chapter_docnames()]
    for page in pages:
        source = (ROOT / f"{page}.md").read_text(encoding="utf-8")
        calls = len(re.findall(r"\bclaim\(", source))
        if calls:
            assert built.get(page), f"{page}.md calls claim() {calls} times, and its build recorded none"


def test_claim_refuses_what_is_not_a_sentence():
    for text in ("", "   ", None, 3):
        with pytest.raises(ValueError, match="text must be the sentence claimed"):
            chapter.claim(text, True)


def test_a_false_claim_raises_and_names_the_sentence():
    with pytest.raises(AssertionError, match="the gate is shut"):
        chapter.claim("the gate is shut", 0.9 < 0.5)


def test_the_site_publishes_the_list(built):
    """A reader of the site finds every claim on the page "Checked claims", by page."""
    from conftest import soup_of

    shown = soup_of(SITE / "book" / "claims.html").select_one("div.highlight pre").get_text()
    for page, sentences in built.items():
        assert f"## {page} ({len(sentences)})" in shown
        for sentence in sentences:
            assert f"- {sentence}" in shown
