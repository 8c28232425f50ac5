"""The PDF edition, read back: `make pdf` prints the built site into ``lstm-book.pdf``
(lstm_book/dev/pdf.py), next to the site's index.html; `make test` runs it before these tests.

Its text, fonts and positions are read with PDFium (pypdfium2: about 3 s for the whole book, where
pypdf's pure-Python reading took 40 s); its outline, tags, links and metadata with pypdf."""

from __future__ import annotations

import ctypes
import math
import os
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pypdfium2
import pypdfium2.raw as pdfium_c
import pytest
from conftest import chapter_docnames, own_soup_of, plotly_specs, soup_of, unavailable
from pypdf import PdfReader

from lstm_book.dev.pdf import MARGIN_MM, PDF_NAME

PT_PER_MM = 72 / 25.4
HEADING_PT = 18  # a chapter's title is printed larger than this; the body text at about 11 pt
# One worker reads the PDF for all of these tests (its pages' text is a module fixture).
pytestmark = pytest.mark.xdist_group("pdf")
# What a formula's TeX source looks like: none of it may reach the printed prose.
RAW_TEX = ("$", "\\(", "\\[", "\\sigma", "\\tanh", "\\odot", "\\tilde", "\\frac", "\\mathbf", "\\left")


def words(text: str) -> str:
    return " ".join(text.split())


def bare(text: str) -> str:
    """Text without white space and combining marks (the tilde of C̃ comes out of the PDF apart)."""
    return "".join(c for c in unicodedata.normalize("NFD", text) if not c.isspace() and not unicodedata.combining(c))


@pytest.fixture(scope="module")
def pdf_path(site) -> Path:
    path = site / PDF_NAME
    if not path.is_file():
        unavailable(f"no {PDF_NAME} in {site}: run `make pdf` (`make test` does)")
    return path


@pytest.fixture(scope="module")
def pdf(pdf_path) -> PdfReader:
    return PdfReader(pdf_path)


@pytest.fixture(scope="module")
def pdfium_pages(pdf_path) -> list:
    """Each page's characters as PDFium sees them: one ``Char`` per character, in reading order."""
    document = pypdfium2.PdfDocument(pdf_path)
    try:
        return [chars_of(page) for page in document]
    finally:
        document.close()


@dataclass(frozen=True)
class Char:
    text: str
    font: str  # the base font's name, as embedded: "GAAAAA+DejaVuSansMono"
    points: float  # the printed size: the font's size scaled by the character's matrix
    span: tuple[float, float]  # from its origin to the end of its box, in points (a "J"'s ink starts left of it)
    generated: bool  # a space or line break PDFium inserted between words and lines


def chars_of(page) -> list[Char]:
    textpage = page.get_textpage()
    name = ctypes.create_string_buffer(256)
    flags, matrix, box = ctypes.c_int(), pdfium_c.FS_MATRIX(), pdfium_c.FS_RECTF()
    x, y = ctypes.c_double(), ctypes.c_double()
    found = []
    for k in range(textpage.count_chars()):
        code = pdfium_c.FPDFText_GetUnicode(textpage, k)
        pdfium_c.FPDFText_GetFontInfo(textpage, k, name, len(name), ctypes.byref(flags))
        pdfium_c.FPDFText_GetMatrix(textpage, k, ctypes.byref(matrix))
        size = pdfium_c.FPDFText_GetFontSize(textpage, k) * math.hypot(matrix.a, matrix.b)
        generated = bool(pdfium_c.FPDFText_IsGenerated(textpage, k))
        pdfium_c.FPDFText_GetCharOrigin(textpage, k, ctypes.byref(x), ctypes.byref(y))
        pdfium_c.FPDFText_GetLooseCharBox(textpage, k, ctypes.byref(box))
        text = chr(code) if 0 < code < 0x110000 and not 0xD800 <= code < 0xE000 else " "
        found.append(Char(text, name.value.decode("latin-1"), size, (x.value, max(x.value, box.right)), generated))
    return found


class Runs:
    """What one page shows as text: all of it, the prose (not in the monospace font of code),
    and what is printed at heading size."""

    def __init__(self, chars: list[Char]):
        def joined(keep) -> str:  # the characters kept, a space for each one left out
            return words("".join(c.text if c.generated or keep(c) else " " for c in chars))

        self.text = joined(lambda c: True)
        self.prose_text = joined(lambda c: "Mono" not in c.font)
        self.large_text = joined(lambda c: c.points > HEADING_PT)


@pytest.fixture(scope="module")
def pages(pdfium_pages) -> list[Runs]:
    return [Runs(chars) for chars in pdfium_pages]


def outline(pdf) -> list[tuple[int, str, int]]:
    """The bookmarks: (level, title, page from 1)."""
    found = []

    def walk(items, level):
        for item in items:
            if isinstance(item, list):
                walk(item, level + 1)
            else:
                found.append((level, item.title, pdf.get_destination_page_number(item) + 1))

    walk(pdf.outline, 1)
    return found


def title(site: Path, docname: str) -> str:
    h1 = own_soup_of(site / f"{docname}.html").select_one("article.bd-article h1")  # its links are removed
    for a in h1.select("a.headerlink"):
        a.decompose()
    return words(h1.get_text())


def test_every_chapter_opens_on_the_page_the_contents_give(site, pdf, pages):
    """Each chapter of index.md, in its order: a bookmark, a line of the contents with its page
    number, and on that page its title printed as a heading."""
    marks = outline(pdf)
    top = [(name, page) for level, name, page in marks if level == 1]
    assert top[0] == ("Contents", 2)
    contents = " ".join(p.text for p in pages[1 : top[1][1] - 1])
    chapters = [title(site, docname) for docname in chapter_docnames()]
    assert [name for name, _ in top if name in chapters] == chapters
    for chapter in chapters:
        page = dict(top)[chapter]
        assert f"{chapter} {page}" in contents, chapter
        assert chapter in pages[page - 1].large_text, (chapter, page)
    assert len(pdf.pages) > 60
    # the reference pages and every API module follow the chapters
    names = [name for _, name, _ in marks]
    assert {"Glossary", "References", "API reference", "lstm_calc.cell", "lstm_book.explorables"} <= set(names)


def figure_names(pdf) -> list[str]:
    """The /Alt of every /Figure of the tagged PDF's structure tree."""
    found = []
    stack = [pdf.trailer["/Root"]["/StructTreeRoot"]]
    while stack:
        node = stack.pop().get_object()
        if isinstance(node, list):
            stack.extend(node)
            continue
        if not hasattr(node, "get"):
            continue
        if node.get("/S") == "/Figure" and "/Alt" in node:
            found.append(str(node["/Alt"]))
        kids = node.get("/K")
        if kids is not None:
            stack.append(kids)
    return found


def images(pdf) -> int:
    """Raster images on the pages, Form XObjects included."""
    count, seen = 0, set()
    stack = [page.get("/Resources") for page in pdf.pages]
    while stack:
        resources = stack.pop()
        resources = resources.get_object() if resources is not None else None
        if not resources:
            continue
        for ref in (resources.get("/XObject") or {}).values():
            if getattr(ref, "idnum", None) in seen:
                continue
            seen.add(getattr(ref, "idnum", None))
            xobject = ref.get_object()
            if xobject.get("/Subtype") == "/Image":
                count += 1
            elif xobject.get("/Subtype") == "/Form":
                stack.append(xobject.get("/Resources"))
    return count


def test_every_chart_of_the_site_is_drawn_in_vector(site, pdf, pages):
    """As many charts as the site has: each is a /Figure named as on its page, with its title
    printed as text, and the PDF holds no raster image at all (the charts are plotly's SVG)."""
    names, titles = [], []
    for path in sorted(site.rglob("*.html")):
        soup = soup_of(path)
        names += [div["aria-label"] for div in soup.select("div.lstm-book-plotly")]
        for spec in plotly_specs(soup):
            text = spec["layout"].get("title", {})
            titles.append(words(re.sub(r"<[^>]*>", " ", text.get("text", "") if isinstance(text, dict) else text)))
    assert len(names) >= 10
    figures = Counter(name for name in figure_names(pdf) if name in set(names))
    assert figures == Counter(names)
    text = bare(" ".join(p.text for p in pages))
    for chart in filter(None, titles):
        assert bare(chart) in text, chart  # plotly sets a subscript apart: "Cₜ" comes out as "C ₜ"
    assert images(pdf) == 0


def test_each_explorable_is_replaced_by_its_static_alternative(site, pages):
    labels = [div["aria-label"] for path in site.rglob("*.html") for div in soup_of(path).select("div.lstm-explorable")]
    assert labels, "the site has explorables"
    text = " ".join(p.text for p in pages)
    assert text.count("In the web edition an explorable stands here") == len(labels)
    for label in labels:  # "The table after it holds its numbers." follows only where a table does
        assert f"In the web edition an explorable stands here ({label})" in text


def test_the_maths_is_typeset_not_printed_as_tex(pages):
    """MathJax's SVG, not TeX: no formula's source in the prose. (Code, in the monospace font,
    shows docstrings as they are written, ``:math:`f_t = \\sigma(...)``` included.)"""
    prose = " ".join(p.prose_text for p in pages)
    assert len(prose) > 100_000
    assert [tex for tex in RAW_TEX if tex in prose] == []


def test_code_is_printed_as_on_the_page(site, pages):
    """Every code cell the memory chapter shows is in the PDF, whole, in the monospace font."""
    soup = soup_of(site / "book" / "memory.html")
    cells = [
        div.get_text() for div in soup.select("div.cell:not(.tag_hide-input):not(.tag_hide-cell) div.cell_input pre")
    ]
    assert cells
    text = bare(" ".join(p.text for p in pages))
    for code in cells:
        assert bare(code) in text, code[:80]


def test_no_text_outside_the_printable_width(pdf, pdfium_pages):
    """Every character printed lies between the left and right margins of its page: no line,
    table or equation runs into the margin or off the paper."""
    outside, printed = [], 0
    for number, (page, chars) in enumerate(zip(pdf.pages, pdfium_pages, strict=True), 1):
        width = float(page.mediabox.width)
        left, right = MARGIN_MM["left"] * PT_PER_MM, width - MARGIN_MM["right"] * PT_PER_MM
        for c in chars:
            if c.generated or not c.text.strip():
                continue
            printed += 1
            x0, x1 = c.span
            if x0 < left - 1 or x1 > right + 1:
                outside.append((number, c.text, round(x0, 1), round(x1, 1)))
    assert printed > 100_000
    assert outside[:20] == []


def test_no_table_loses_its_last_column(site, pages):
    """A table cut at the page edge loses its right-hand columns: the last column of every table
    the chapters print, header and cells, is in the PDF."""
    text = bare(" ".join(p.text for p in pages))
    checked = 0
    for docname in chapter_docnames():
        for table in own_soup_of(site / f"{docname}.html").select("table.dataframe"):  # tags removed below
            if table.find_parent("details", class_="hide"):
                continue  # a folded cell: not printed, as it is not shown on the page
            for hidden in table.select(".visually-hidden"):
                hidden.decompose()  # the name of an empty header cell, for screen readers only
            last = [row.find_all(["th", "td"])[-1].get_text() for row in table.select("tr")]
            for cell in last:
                assert bare(cell) in text, (docname, cell)
            checked += 1
    assert checked > 20


def test_links_stay_inside_the_book(pdf):
    """A cross-reference between chapters is a link inside the PDF; the only links that leave it
    go to the web, never to a file of the site."""
    inside, outside = 0, []
    for page in pdf.pages:
        for annot in page.get("/Annots") or []:
            annot = annot.get_object()
            if annot.get("/Subtype") != "/Link":
                continue
            action = annot.get("/A")
            if action is not None and action.get_object().get("/S") == "/URI":
                outside.append(str(action.get_object()["/URI"]))
            else:
                inside += 1
    assert inside > 300
    assert [uri for uri in outside if not uri.startswith(("https://", "http://", "mailto:"))] == []


def test_the_site_links_to_the_pdf(site, pdf, pdf_path):
    """Every page's sidebar links to the PDF, with its length; the metadata carry no build date."""
    linked = 0
    for path in site.rglob("*.html"):
        for slot in soup_of(path).select("div.lstm-book-pdf"):
            a = slot.find("a")
            assert a is not None, path
            assert (path.parent / a["href"]).resolve() == pdf_path.resolve()
            assert f"({len(pdf.pages)} pages," in slot.get_text()
            linked += 1
    assert linked >= 30
    assert soup_of(site / "index.html").title.get_text() == pdf.metadata.title  # html_title, the landing page's
    assert soup_of(site / "book" / "memory.html").title.get_text().endswith(f" \u2014 {pdf.metadata.title}")
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch is None:
        assert pdf.metadata["/CreationDate"] == pdf.metadata["/ModDate"] == "D:19800101000000+00'00'"
