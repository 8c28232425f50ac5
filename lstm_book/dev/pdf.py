"""`make pdf`: the whole book as one PDF, printed from the built site by the Chromium the tests use.

    python -m lstm_book.dev.pdf _build/html _build/pdf/lstm-book.pdf

The route. The pages of the built site, in the order of the landing page's toctrees (index.md lists
the chapters, in one place), are joined into ONE print document (``print.html`` next to the PDF):
each page's article, its ids prefixed with the page's name and its links between pages turned into
links inside the document. Chromium loads it with the site's own stylesheets and scripts (plotly.js
draws the charts as SVG, MathJax typesets the maths as SVG, both vector in the PDF), waits for the
site's ready signal, and prints it once with print media (the "Print and PDF" rules of
``_static/lstm-book.css``). Printing one document rather than each page on its own and merging
the files is what makes the PDF a book: a link from one chapter to another stays a link inside the
PDF (a merged file keeps only links to the site's HTML files), the outline and the tagged structure
(each chart a /Figure with its accessible name as /Alt) cover the whole book, and the browser
loads plotly.js and MathJax once instead of once per page.

Page numbers run on across the whole book: the print document's stylesheet puts them in the
page margins (CSS @page margin boxes, with a running head naming the chapter), so Chromium counts
the pages of the whole book in one print, leaves the title page unnumbered, and nothing has to
be merged or stamped afterwards. The contents' page numbers come from the PDF itself: a first
print gives the page of each chapter and section (Chromium writes a named destination for every
target of a link, and the contents link to each one, read back with pypdf); the numbers are
written into the contents, whose number column keeps its width, and the book is printed again,
tagged; the script checks that no destination moved. pypdf then adds the outline (the
contents as bookmarks) and the metadata as an incremental update, leaving Chromium's bytes as
they are.

Chromium's two dates are replaced by a fixed one (``fixed_dates``); the PDF has no other date
and no random id, so two runs on the same site give the same bytes. The site
then links to it: the sidebar of every page holds an empty ``div.lstm-book-pdf`` (the template
``_templates/lstm-book-pdf.html``), which this fills with a link to ``lstm-book.pdf``, copied
into the site. ``make html`` replaces the whole site, so a site without a PDF has no link.
"""

from __future__ import annotations

import argparse
import io
import os
import posixpath
import re
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

from bs4 import BeautifulSoup, Tag
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import sync_playwright
from pypdf import PdfReader, PdfWriter
from pypdf.generic import Fit

from lstm_book.dev.chromium import CHROMIUM, CHROMIUM_ARGS

PDF_NAME = "lstm-book.pdf"  # the file name inside the site
PAPER, PAPER_MM = "A4", (210, 297)
MARGIN_MM = {"top": 20, "bottom": 20, "left": 18, "right": 18}
PX_PER_MM = 96 / 25.4  # CSS pixels
PRINT_WIDTH_PX = int((PAPER_MM[0] - MARGIN_MM["left"] - MARGIN_MM["right"]) * PX_PER_MM)  # 657
READY = "document.documentElement.dataset.lstmBookReady === 'true'"
READY_TIMEOUT_MS = 300_000  # the whole book: every chart and every equation, on a loaded 2-core machine
LINK_SLOT = re.compile(r'(<div class="lstm-book-pdf" data-href="([^"]*)">).*?(</div>)', re.DOTALL)
# Attributes that name other elements by id, and a CSS reference to one.
ID_LISTS = ("for", "aria-labelledby", "aria-describedby", "aria-controls", "aria-owns", "headers")
URL_REF = re.compile(r"url\(#([^)]+)\)")
# Scripts of the site that a printed page does not run: search, and the explorables (replaced
# by their static alternative, see PRINT_CSS). The charts' script loads the explorables' script
# itself, named by its data-explorables attribute (lstm_book/sphinx/mime.py): the print document's
# copy of it has none, so it draws the charts only.
SKIPPED_SCRIPTS = ("searchtools.js", "language_data.js", "searchindex.js", "lstm-book-explorables.js")
LOADER_ATTRIBUTES = ("data-explorables",)


@dataclass
class Page:
    """One page of the book: its docname (``book/memory``), title, and the pages it lists."""

    docname: str
    title: str = ""
    level: int = 1  # 1: a chapter or reference page; 2: a page listed by one (an API module)
    children: list[str] = field(default_factory=list)

    @property
    def slug(self) -> str:
        return slug(self.docname)


def slug(docname: str) -> str:
    return docname.replace("/", "-")


def soup_of(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def toctree_pages(soup: BeautifulSoup, docname: str) -> list[str]:
    """The pages a page's toctrees list, in order, as docnames."""
    found = []
    for wrapper in soup.select("div.toctree-wrapper"):
        for a in wrapper.select("a.reference.internal[href]"):
            href = a["href"]
            if "#" in href:
                continue
            target = posixpath.normpath(posixpath.join(posixpath.dirname(docname), href)).removesuffix(".html")
            if target not in found:
                found.append(target)
    return found


def reading_order(site: Path) -> list[Page]:
    """Every page of the book in reading order: the landing page, then what its toctrees list
    (the chapters, then the reference), each followed by the pages its own toctree lists."""
    pages = []

    def add(docname: str, level: int) -> None:
        soup = soup_of(site / f"{docname}.html")
        h1 = soup.select_one("article.bd-article h1")
        if h1 is None:
            raise ValueError(f"{docname}.html has no title (h1)")
        page = Page(docname, text_of(h1), level)
        pages.append(page)
        if docname != "index":
            page.children = toctree_pages(soup, docname)
            for child in page.children:
                add(child, level + 1)

    add("index", 1)
    for docname in toctree_pages(soup_of(site / "index.html"), "index"):
        add(docname, 1)
    return pages


def text_of(el: Tag) -> str:
    """An element's text without its header link, whitespace normalised."""
    parts = [s for s in el.find_all(string=True) if not s.find_parent("a", class_="headerlink")]
    return " ".join("".join(parts).split())


# -- The print document --------------------------------------------------------------------------


def relative_url(url: str, docname: str, site: Path, out_dir: Path) -> str:
    """A page's relative URL of a site file, as seen from the print document in ``out_dir``."""
    if re.match(r"^[a-z][a-z0-9+.-]*:", url) or url.startswith(("#", "//")):
        return url
    path, _, query = url.partition("?")
    target = (site / posixpath.dirname(docname) / path).resolve()
    return Path(os.path.relpath(target, out_dir.resolve())).as_posix() + (f"?{query}" if query else "")


def head_items(site: Path, pages: list[Page], out_dir: Path) -> list[Tag]:
    """The stylesheets and scripts of every page, each once, in the order the pages load them."""
    seen, items = set(), []
    for page in pages:
        head = soup_of(site / f"{page.docname}.html").head
        for el in head.find_all(["link", "script", "style"], recursive=False):
            if el.name == "link" and "stylesheet" not in el.get("rel", []):
                continue  # preloads and prev/next/search links: nothing to print
            url = el.get("src") or el.get("href")
            if url and any(url.split("?")[0].endswith(name) for name in SKIPPED_SCRIPTS):
                continue
            if not url and "DOCUMENTATION_OPTIONS.pagename" in (el.string or ""):
                continue
            for name in LOADER_ATTRIBUTES:
                if el.has_attr(name):
                    del el[name]
            if el.has_attr("src"):
                el["src"] = relative_url(el["src"], page.docname, site, out_dir)
            if el.name == "link":
                el["href"] = relative_url(el["href"], page.docname, site, out_dir)
            url = el.get("src") or el.get("href")
            key = (el.name, url.split("?")[0] if url else (el.string or ""))
            if key in seen:
                continue
            seen.add(key)
            items.append(el)
    return items


class Links:
    """Ids and links of one page, rewritten for the print document."""

    def __init__(self, page: Page, book: set[str]):
        self.page, self.book = page, book

    def id(self, value: str) -> str:
        return f"{self.page.slug}--{value}"

    def href(self, href: str) -> str | None:
        """The href inside the print document, or None for a link that leads out of the book
        (the index, a download): the text stays, the link goes."""
        if re.match(r"^[a-z][a-z0-9+.-]*:", href) or href.startswith("//"):
            return href  # the web: stays a link
        target, _, anchor = href.partition("#")
        if not target:
            return f"#{self.id(anchor)}" if anchor else None
        docname = posixpath.normpath(posixpath.join(posixpath.dirname(self.page.docname), target))
        if not docname.endswith(".html") or docname.removesuffix(".html") not in self.book:
            return None
        docname = docname.removesuffix(".html")
        return f"#{slug(docname)}--{anchor}" if anchor else f"#{slug(docname)}"

    def rewrite(self, root: Tag) -> None:
        for el in root.find_all(True):
            if el.has_attr("id"):
                el["id"] = self.id(el["id"])
            for name in ID_LISTS:
                if el.has_attr(name):
                    value = el[name]
                    ids = value if isinstance(value, list) else value.split()
                    el[name] = " ".join(self.id(v) for v in ids)
            for name in ("href", "xlink:href"):
                if el.has_attr(name):
                    new = self.href(el[name])
                    if new is not None:
                        el[name] = new
                    elif el.name == "a":
                        el.unwrap()
                        break
                    else:
                        del el[name]
            for name, value in list(el.attrs.items()):
                if isinstance(value, str) and "url(#" in value:
                    el[name] = URL_REF.sub(lambda m: f"url(#{self.id(m.group(1))})", value)


def page_content(site: Path, page: Page, book: set[str], out_dir: Path) -> Tag:
    """A page's article as a section of the print document."""
    soup = soup_of(site / f"{page.docname}.html")
    article = soup.select_one("article.bd-article")
    section = soup.new_tag("section", attrs={"class": f"lstm-print-page lstm-print-level-{page.level}"})
    section["id"] = page.slug
    for a in article.select("a.headerlink"):
        a.decompose()
    if page.docname == "index":
        for toc in article.select("div.toctree-wrapper"):
            toc.decompose()  # the landing page's lists of chapters: the contents replace them
    for details in article.select("details.sd-dropdown"):
        details["open"] = ""  # exercises' answers and full tables: paper cannot be clicked open
    for explorable in article.select("div.lstm-explorable"):
        table = explorable.find_next("table")
        if table is None or table.find_parent("section") is not explorable.find_parent("section"):
            explorable["class"] = [*explorable["class"], "lstm-print-no-table"]  # nothing to point to
        explorable.clear()  # print CSS writes its static alternative in its place
        explorable["data-ready"] = "true"
    if page.level > 1:  # an API module under the API reference: one heading level down
        for h in article.find_all(re.compile(r"^h[1-5]$")):
            h.name = f"h{int(h.name[1]) + 1}"
    for el in article.find_all(src=True):
        el["src"] = relative_url(el["src"], page.docname, site, out_dir)
    Links(page, book).rewrite(article)
    for child in list(article.children):
        section.append(child.extract())
    return section


def sections_of(section: Tag) -> list[tuple[str, str]]:
    """A page section's h2 sections: (id, title)."""
    found = []
    for h2 in section.find_all("h2"):
        parent = h2.find_parent("section")
        if parent is not None and parent.has_attr("id") and parent is not section:
            found.append((parent["id"], text_of(h2)))
    return found


def contents(soup: BeautifulSoup, pages: list[Page], sections: dict[str, Tag]) -> Tag:
    """The contents: every page, and each page's sections (or the pages it lists), each with a
    number slot that ``print_book`` fills from the first print."""
    nav = soup.new_tag("nav", attrs={"class": "lstm-print-toc", "aria-labelledby": "lstm-print-contents"})
    h1 = soup.new_tag("h1", id="lstm-print-contents")
    h1.string = "Contents"
    nav.append(h1)
    ol = soup.new_tag("ol")
    nav.append(ol)

    def entry(level: int, target: str, title: str) -> None:
        li = soup.new_tag("li", attrs={"class": f"lstm-print-toc-{level}"})
        a = soup.new_tag("a", href=f"#{target}")
        text = soup.new_tag("span", attrs={"class": "lstm-print-toc-title"})
        text.string = title
        number = soup.new_tag("span", attrs={"class": "lstm-print-toc-page", "data-target": target})
        a.extend([text, number])
        li.append(a)
        ol.append(li)

    by_name = {p.docname: p for p in pages}
    for page in pages:
        if page.level > 1:
            continue
        entry(1, page.slug, page.title)
        if page.children:
            for child in page.children:
                entry(2, by_name[child].slug, by_name[child].title)
        else:
            for target, title in sections_of(sections[page.docname]):
                entry(2, target, title)
    return nav


def title_page(soup: BeautifulSoup, site: Path, pages: list[Page]) -> Tag:
    authors = soup_of(site / "index.html").select_one("p.component-author")
    div = soup.new_tag("section", attrs={"class": "lstm-print-title"})
    for cls, text in (
        ("lstm-print-book-title", book_title(site)),
        ("lstm-print-subtitle", pages[0].title),
        ("lstm-print-authors", text_of(authors).removeprefix("By ") if authors else ""),
        (
            "lstm-print-note",
            "Printed from the web edition, where the charts answer the pointer and the explorables "
            "move. Every number is computed by lstm_calc each time the book is built.",
        ),
    ):
        p = soup.new_tag("p", attrs={"class": cls})
        p.string = text
        div.append(p)
    return div


# The print document's own rules: the pages' margins, running heads and numbers, the title page,
# the contents, one chapter per new page. The rules every printed page follows (code, tables,
# explorables) are in _static/lstm-book.css.
PRINT_CSS = """
@page {
  size: %(paper)s;
  margin: %(top)smm %(right)smm %(bottom)smm %(left)smm;
  @bottom-center { content: counter(page); font-size: 9pt; color: #333; }
}
@page :first { @bottom-center { content: none; } }
html { font-family: var(--pst-font-family-base); }  /* the page margins inherit it */
html, body { background: #fff !important; }
.bd-main .bd-content { margin-left: 0 !important; }
.bd-main .bd-content .bd-article-container .bd-article { padding: 0 !important; }
.bd-main .bd-content .bd-article h1:first-of-type { display: block; }  /* the theme hides it in print */
.bd-container, .bd-container__inner, .bd-main, .bd-content, .bd-article-container { display: block !important; }
section.lstm-print-level-1, nav.lstm-print-toc { break-before: page; }
p, li { orphans: 3; widows: 3; }
section.lstm-print-level-2 { margin-top: 2.5rem; }
section.lstm-print-title { text-align: center; padding-top: 28%%; }
p.lstm-print-book-title { font-size: 2.6em; font-weight: 600; line-height: 1.2; margin-bottom: 0.6em; }
p.lstm-print-subtitle { font-size: 1.4em; color: #444; }
p.lstm-print-authors { margin-top: 3em; font-size: 1.1em; }
p.lstm-print-note { margin: 30%% auto 0; max-width: 30em; font-size: 0.85em; color: #555; }
nav.lstm-print-toc ol { list-style: none; padding: 0; }
nav.lstm-print-toc li { break-inside: avoid; }
nav.lstm-print-toc a { display: flex; align-items: baseline; color: inherit; text-decoration: none; }
nav.lstm-print-toc a::before { content: ""; order: 1; flex: 1; border-bottom: 1px dotted #999; margin: 0 0.4em; }
nav.lstm-print-toc .lstm-print-toc-page {
  order: 2; width: 2.5em; text-align: right; font-variant-numeric: tabular-nums;
}
li.lstm-print-toc-1 { font-weight: 600; margin-top: 0.7em; }
li.lstm-print-toc-2 { padding-left: 1.5em; font-size: 0.92em; }
/* An explorable with no table after it in its section (page_content): nothing to point to. */
div.lstm-explorable.lstm-print-no-table::before {
  content: "In the web edition an explorable stands here (" attr(aria-label) ").";
}
"""
# Each chapter is a named page whose top margin holds the chapter's title.
RUNNING_HEAD = """@page %(name)s { @top-left { content: "%(title)s"; font-size: 8.5pt; color: #555; } }
#%(id)s { page: %(name)s; }
"""


def css_string(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")


def print_css(pages: list[Page]) -> str:
    """The print document's stylesheet: PRINT_CSS, and a running head for each chapter."""
    sizes = {side: str(mm) for side, mm in MARGIN_MM.items()}
    css = PRINT_CSS % {"paper": PAPER, **sizes}
    chapter = None
    for k, page in enumerate(pages):
        if page.level == 1:
            chapter = (f"lstm-chapter-{k}", page.title)
        name, title = chapter
        css += RUNNING_HEAD % {"name": name, "title": css_string(title), "id": page.slug.replace(".", "\\.")}
    return css


def print_document(site: Path, out_dir: Path) -> tuple[str, list[Page]]:
    """The whole book as one HTML document, to be written into ``out_dir``."""
    pages = reading_order(site)
    book = {p.docname for p in pages}
    shell = soup_of(site / f"{pages[0].docname}.html")
    head = shell.head
    for el in head.find_all(["link", "script", "style"], recursive=False):
        el.decompose()
    head.extend(head_items(site, pages, out_dir))
    style = shell.new_tag("style")
    style.string = print_css(pages)
    head.append(style)
    shell.title.string = book_title(site)  # Chromium makes it the PDF's title
    shell.html["data-theme"] = shell.html["data-mode"] = "light"  # paper is light
    # Only the article stays: no header, sidebars, search dialog or footers.
    container = shell.select_one("div.bd-container")
    for el in list(shell.body.children):
        if isinstance(el, Tag) and el is not container and el.get("id") != "pst-scroll-pixel-helper":
            el.decompose()  # the theme's scripts observe the scroll helper: it stays
    for el in container.select(
        "dialog, #pst-primary-sidebar, #pst-secondary-sidebar, footer, .bd-header-article, #jb-print-docs-body"
    ):
        el.decompose()
    article = shell.select_one("article.bd-article")
    article.clear()
    sections = {p.docname: page_content(site, p, book, out_dir) for p in pages}
    article.append(title_page(shell, site, pages))
    article.append(contents(shell, pages, sections))
    for page in pages:
        article.append(sections[page.docname])
    return str(shell), pages


def book_title(site: Path) -> str:
    """The book's title (conf.py's html_title), from the landing page's <title>."""
    return soup_of(site / "index.html").title.get_text().split(" \u2014 ")[-1].strip()


# -- Printing ------------------------------------------------------------------------------------

# Draw every chart, even where a page draws charts only as they near the viewport: bring each into
# view once, then wait for the site's own signal (lstm-book-ready.js), never for a time.
DRAW_ALL = """async () => {
  for (const el of document.querySelectorAll("div.lstm-book-plotly")) {
    el.scrollIntoView({block: "center"});
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  }
  window.scrollTo(0, 0);
}"""

# Every chart drawn by plotly (its SVG in place), whatever the site's ready signal waits for.
CHARTS_PENDING = "div.lstm-book-plotly:not(:has(svg.main-svg))"
ALL_DRAWN = f"document.querySelector('{CHARTS_PENDING}') === null"

# Shrink what is still wider than the printable width (a wide table, a long equation) to fit,
# then report whatever still sticks out: the build fails rather than print a cut table.
FIT = """() => {
  const article = document.querySelector("article.bd-article");
  const right = article.getBoundingClientRect().left + article.clientWidth;
  const shrunk = [];
  for (const el of article.querySelectorAll("table, mjx-container[display='true'], svg.lstm-diagram")) {
    if (el.parentElement.closest("table")) continue;
    const box = el.getBoundingClientRect(), room = right - box.left;
    if (box.width > room + 0.5) {
      el.style.zoom = Math.floor((room / box.width) * 1000) / 1000;
      shrunk.push(el.tagName.toLowerCase() + " in " + (el.closest("section[id]") || {}).id);
    }
  }
  const out = [];
  for (const el of article.querySelectorAll("*")) {
    if (el.closest("mjx-assistive-mml")) continue;
    const box = el.getBoundingClientRect();
    if (box.width > 0 && box.right > right + 1) {
      out.push(el.tagName.toLowerCase() + " in " + (el.closest("section[id]") || {}).id + ": " +
               (el.textContent || "").trim().slice(0, 60));
    }
  }
  return {shrunk, out};
}"""


def destination_pages(pdf: bytes) -> dict[str, int]:
    """Each named destination of a PDF (an id the document links to) and its page, from 1."""
    reader = PdfReader(io.BytesIO(pdf))
    return {
        name.lstrip("/"): reader.get_destination_page_number(dest) + 1
        for name, dest in reader.named_destinations.items()
    }


def fixed_dates(pdf: bytes) -> bytes:
    """Chromium's PDF with its creation and modification dates set to SOURCE_DATE_EPOCH (the
    reproducible-builds convention), or 1980-01-01 when it is unset: same-length text replaced in
    place, so every offset of the file holds and no other byte changes."""
    epoch = int(os.environ.get("SOURCE_DATE_EPOCH", "315532800"))
    stamp = time.strftime("D:%Y%m%d%H%M%S+00'00'", time.gmtime(epoch)).encode()
    dated = re.compile(rb"/(CreationDate|ModDate) \(D:\d{14}[+-Z]\d\d'\d\d'\)")
    fixed, n = dated.subn(lambda m: b"/" + m.group(1) + b" (" + stamp + b")", pdf)
    if n != 2:
        raise SystemExit(f"make pdf: expected Chromium's two dates in the PDF, found {n}")
    return fixed


def finished(book: bytes, entries: list, site: Path) -> bytes:
    """The printed book with its outline (the contents' entries, each at its heading) and its
    metadata, added by pypdf as an incremental update: Chromium's bytes stay as they are.

    (Chromium's own outline, ``page.pdf(outline=True)``, drops the space where a heading wraps,
    "number bynumber", and repeats a heading that starts a page: this one is the contents.)"""
    reader = PdfReader(io.BytesIO(book))
    destinations = reader.named_destinations
    writer = PdfWriter(io.BytesIO(book), incremental=True)
    writer.add_outline_item(title="Contents", page_number=1, fit=Fit.fit())  # the page after the title page
    parent = None
    for level, title, target in entries:
        dest = destinations[f"/{target}"]
        page_number = reader.get_destination_page_number(dest)  # the same page objects as the writer's
        item = writer.add_outline_item(
            title=title,
            page_number=page_number,
            parent=parent if level == 2 else None,
            fit=Fit.xyz(left=dest.left, top=dest.top),
        )
        if level == 1:
            parent = item
    writer.page_mode = "/UseOutlines"
    writer.add_metadata(
        {
            "/Title": book_title(site),
            "/Author": "the lstm-book authors",
            "/Subject": text_of(soup_of(site / "index.html").select_one("article.bd-article h1")),
            "/Creator": "lstm-book, make pdf: the built site printed by Chromium",
        }
    )
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def print_book(site: Path, out: Path) -> dict:
    """Print the site into ``out``; returns figures for the log and for `make bench`."""
    start = time.perf_counter()
    out_dir = out.parent
    out_dir.mkdir(parents=True, exist_ok=True)
    document, pages = print_document(site, out_dir)
    source = out_dir / "print.html"
    source.write_text(document, encoding="utf-8")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        context = browser.new_context(
            viewport={"width": PRINT_WIDTH_PX, "height": 1000}, color_scheme="light", reduced_motion="reduce"
        )
        context.add_init_script("localStorage.setItem('mode', 'light'); localStorage.setItem('theme', 'light');")
        context.route(re.compile(r"^(?!file:)"), lambda route: route.abort())  # offline: the site's files only
        page = context.new_page()
        page.emulate_media(media="print")
        page.goto(source.resolve().as_uri(), wait_until="commit")  # then the site's own signal, below
        page.evaluate(DRAW_ALL)
        try:
            page.wait_for_function(f"{READY} && {ALL_DRAWN}", timeout=READY_TIMEOUT_MS)
        except PlaywrightTimeout:
            pending = page.evaluate(f"[...document.querySelectorAll('{CHARTS_PENDING}')].map(e => e.id)")
            raise SystemExit(f"make pdf: the print document never got ready; charts not drawn: {pending}") from None
        loaded = time.perf_counter() - start
        fit = page.evaluate(FIT)
        if fit["out"]:
            raise SystemExit("make pdf: wider than the printable width:\n  " + "\n  ".join(fit["out"][:20]))
        # First print: where each chapter and section begins (untagged: the same layout, sooner).
        entries = page.eval_on_selector_all(
            "nav.lstm-print-toc li",
            "els => els.map(li => [li.className === 'lstm-print-toc-1' ? 1 : 2,"
            " li.querySelector('.lstm-print-toc-title').textContent,"
            " li.querySelector('.lstm-print-toc-page').dataset.target])",
        )
        targets = [target for _, _, target in entries]
        where = destination_pages(page.pdf(prefer_css_page_size=True, print_background=True))
        missing = [t for t in targets if t not in where]
        if missing:
            raise SystemExit(f"make pdf: the first print has no destination for {missing[:5]}")
        numbers = {t: where[t] for t in targets}
        page.evaluate(
            "n => document.querySelectorAll('span.lstm-print-toc-page').forEach("
            "e => { e.textContent = String(n[e.dataset.target]); })",
            numbers,
        )
        # Second print, the book: tagged, for screen readers (each chart a /Figure with its name as /Alt).
        book = fixed_dates(page.pdf(prefer_css_page_size=True, print_background=True, tagged=True))
        browser.close()
    again = destination_pages(book)
    moved = {t: (numbers[t], again.get(t)) for t in targets if again.get(t) != numbers[t]}
    if moved:
        raise SystemExit(f"make pdf: the numbered contents moved pages: {dict(list(moved.items())[:5])}")
    out.write_bytes(finished(book, entries, site))
    return {
        "pages": len(PdfReader(out).pages),
        "bytes": out.stat().st_size,
        "seconds": time.perf_counter() - start,
        "loaded_seconds": loaded,
        "shrunk": fit["shrunk"],
    }


def link_from_site(site: Path, pdf: Path, pages: int) -> int:
    """Copy the PDF into the site and fill every page's PDF slot with a link to it; returns how
    many pages link to it."""
    shutil.copyfile(pdf, site / PDF_NAME)
    megabytes = pdf.stat().st_size / 1e6
    linked = 0
    for path in sorted(site.rglob("*.html")):
        html = path.read_text(encoding="utf-8")

        def link(m: re.Match) -> str:
            return (
                f'{m.group(1)}<nav aria-label="The book as one PDF"><a class="reference" href="{m.group(2)}">'
                f"The whole book as one PDF</a> ({pages} pages, {megabytes:.1f} MB)</nav>{m.group(3)}"
            )

        new, n = LINK_SLOT.subn(link, html)
        if n:
            linked += 1
            if new != html:
                path.write_text(new, encoding="utf-8")
    return linked


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path, help="the built site (make html's _build/html)")
    parser.add_argument("out", type=Path, help="the PDF to write, e.g. _build/pdf/lstm-book.pdf")
    args = parser.parse_args(argv)
    if not (args.site / "index.html").is_file():
        raise SystemExit(f"make pdf: no built site at {args.site} (run `make html` first)")
    figures = print_book(args.site, args.out)
    linked = link_from_site(args.site, args.out, figures["pages"])
    print(
        f"make pdf: wrote {args.out}: {figures['pages']} pages, {figures['bytes']:,} bytes, "
        f"{figures['seconds']:.0f} s ({figures['loaded_seconds']:.0f} s to load and draw the print document); "
        f"linked from {linked} pages of the site; shrunk to fit the page: {', '.join(figures['shrunk']) or 'nothing'}"
    )


if __name__ == "__main__":
    main()
