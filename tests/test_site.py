"""The built HTML shows the numbers the library computes, and loads nothing from
outside the site."""

from __future__ import annotations

import importlib
import inspect
import json
import pkgutil
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import nbformat
import numpy as np
import pytest
from conftest import (
    SITE_PAGES,
    chapter_docnames,
    dataframe_tables,
    own_soup_of,
    paragraph_with,
    pasted_texts,
    plotly_specs,
    soup_of,
    table_named,
)

import lstm_book
import lstm_calc
from lstm_book import handset, tables

HALF_ULP_4 = 0.5e-4 + 1e-12  # a value shown with 4 decimals is within this of the true one


@pytest.fixture(scope="module")
def page(site):
    return soup_of(site / "book" / "memory.html")


@pytest.fixture(scope="module")
def trace():
    return handset.gender_trace()


def numbers(cells):
    return np.array([float(c.replace("−", "-")) for c in cells])


def columns(table):
    """The column names of a table with one row of column headers."""
    return table["names"][-len(table["rows"][0][1]) :]


def test_mary_memory_table(page, trace):
    table = table_named(page, "t=6 · Mary")
    mary = trace.step(handset.TOKENS.index("Mary"))
    assert [labels[-1] for labels, _ in table["rows"]] == list(tables.MEMORY_ROWS.values())
    assert list(tables.MEMORY_ROWS.values()) == [
        "Cₜ₋₁ (old cell)",
        "× fₜ (forget gate)",
        "= fₜ⊙Cₜ₋₁ (kept)",
        "+ iₜ⊙C̃ₜ (write)",
        "= Cₜ (new cell)",
    ]
    expected = [mary.c_prev, mary.f, mary.kept, mary.write, mary.c]
    for (_, cells), want in zip(table["rows"], expected, strict=True):
        np.testing.assert_allclose(numbers(cells), want, rtol=0, atol=HALF_ULP_4)
    np.testing.assert_allclose(mary.kept, mary.f * mary.c_prev, rtol=0, atol=1e-15)  # kept is f⊙Cₜ₋₁


def test_every_token_memory_table(page, trace):
    table = table_named(page, "step")  # the stacked tables: index (token, step)
    rows = table["rows"]
    n = len(handset.TOKENS)
    assert len(rows) == 5 * n
    tokens_shown = [labels[0] for labels, _ in rows if len(labels) == 2]
    assert tokens_shown == [f"{t + 1} · {tok}" for t, tok in enumerate(handset.TOKENS)]
    assert [labels[-1] for labels, _ in rows] == list(tables.MEMORY_ROWS.values()) * n
    shown = np.array([numbers(cells) for _, cells in rows]).reshape(n, 5, 3)
    expected = np.stack([trace.c_prev, trace.f, trace.kept, trace.write, trace.c], axis=1)
    np.testing.assert_allclose(shown, expected, rtol=0, atol=HALF_ULP_4)


def test_gender_unit_summary_with_readout(page, trace):
    table = table_named(page, "readout")
    assert [labels[0] for labels, _ in table["rows"]] == list(handset.TOKENS)
    assert columns(table) == ["f", "i", "C̃", "o", "C", "h", "readout"]
    shown = np.array([numbers(cells[:-1]) for _, cells in table["rows"]])
    g = handset.GENDER_UNIT
    expected = np.stack([getattr(trace, name)[:, g] for name in ("f", "i", "g", "o", "c", "h")], axis=1)
    np.testing.assert_allclose(shown, expected, rtol=0, atol=HALF_ULP_4)
    assert [cells[-1] for _, cells in table["rows"]] == ["he"] * 5 + ["she"] * 5


def test_ideal_four_slot_table(page):
    table = table_named(page, "slot 3 (gender)")
    shown = np.array([numbers(cells) for _, cells in table["rows"]])
    np.testing.assert_allclose(shown[-1], [0.6, -0.3, -0.8, 0.5])  # the new cell
    np.testing.assert_allclose(shown[2], [0.6, -0.3, 0.0, 0.5])  # kept


def test_glued_prose_about_the_weights(page):
    params = handset.gender_params()
    g, x1 = handset.GENDER_UNIT, handset.N_H  # the column of W that reads x1, "new subject"
    text = paragraph_with(page, "Candidate.")
    assert f"proposes tanh({params.W_g[g, x1 + 1]:+g})" in text and f"proposes tanh({params.W_g[g, x1 + 2]:+g})" in text
    assert (params.W_g[g, x1 + 1], params.W_g[g, x1 + 2]) == (5.0, -5.0)
    text = paragraph_with(page, "Forget gate.")
    assert f"σ({params.b_f[g]:+g}) = {1 / (1 + np.exp(-params.b_f[g])):.4f}" in text
    assert (
        f"adds {params.W_f[g, x1]:+g}, which pulls the gate down to σ({params.b_f[g] + params.W_f[g, x1]:+g})" in text
    )


def sigma(a):
    return 1 / (1 + np.exp(-a))


def test_glued_prose_about_mary(page, trace):
    g, t = handset.GENDER_UNIT, handset.TOKENS.index("Mary")
    text = paragraph_with(page, "Slot 3 (the gender) is cleared.")
    pre = handset.B_F + handset.W_F_X[0]
    assert f"σ({pre:+g}) = {trace.f[t, g]:.4f}, not 0" in text
    assert f"Of the {trace.c_prev[t, g]:.4f} of “male” in the old cell, {trace.kept[t, g]:.4f} is kept" in text
    assert f"about {100 * trace.kept[t, g] / trace.c_prev[t, g]:.1f} percent" in text
    assert f"slot 3 becomes {trace.c[t, g]:+.4f} rather than the {trace.write[t, g]:+.4f}" in text
    assert f"\\(h_t\\) = {trace.h[t, g]:+.4f}, and the readout says “she”" in text
    text = paragraph_with(page, "Unit 2, which has no weights")
    assert f"with \\(f_t\\) = {trace.f[t, handset.IDLE_UNIT]:.4f} at every token" in text


def test_one_unit_kept_and_one_cleared_at_mary(page, trace):
    """The second fact: unit 1 keeps the topic at "Mary" while unit 3 is cleared, by hand."""
    k, g = handset.TOPIC_UNIT, handset.GENDER_UNIT
    topic_before = sigma(3) ** 2 * np.tanh(5)  # written at "doctor", kept through "."
    text = paragraph_with(page, "Slot 1 (the topic) is kept.")
    assert f"stays at {sigma(3):.4f}: of its {topic_before:.4f}, {sigma(3) * topic_before:.4f} is kept" in text
    assert f"about {100 * sigma(3):.1f} percent" in text
    table = table_named(page, "t=6 · Mary")
    shown = np.array([numbers(cells) for _, cells in table["rows"]])  # rows: C_prev, f, kept, write, C
    np.testing.assert_allclose(
        shown[:, k],
        [topic_before, sigma(3), sigma(3) * topic_before, 0, sigma(3) * topic_before],
        rtol=0,
        atol=HALF_ULP_4,
    )
    np.testing.assert_allclose(shown[1, g], sigma(-2), rtol=0, atol=HALF_ULP_4)
    assert shown[1, k] > 0.9 > 0.2 > shown[1, g]  # kept and cleared at the same step


def test_input_and_weights_tables(page):
    table = table_named(page, "profession")
    assert columns(table) == list(handset.FEATURES)
    rows = {labels[0]: cells for labels, cells in table["rows"]}
    assert rows["doctor"] == ["0", "0", "0", "1"] and rows["Mary"] == ["1", "0", "1", "0"]  # integers as integers
    table = table_named(page, "x4 profession")
    shown = {}
    unit = None
    for labels, cells in table["rows"]:
        unit = labels[0] if len(labels) == 2 else unit
        shown[(unit, labels[-1])] = numbers(cells)
    # columns h1 h2 h3 x1 x2 x3 x4 bias: the gender unit's are the source's, the topic unit reads x4 only
    np.testing.assert_array_equal(shown[("unit 3 (gender)", "forget W_f")], [0, 0, 0, -5, 0, 0, 0, 3])
    np.testing.assert_array_equal(shown[("unit 3 (gender)", "candidate W_g")], [0, 0, 0, 0, 5, -5, 0, 0])
    np.testing.assert_array_equal(shown[("unit 1 (topic)", "forget W_f")], [0, 0, 0, 0, 0, 0, 0, 3])
    np.testing.assert_array_equal(shown[("unit 1 (topic)", "input W_i")], [0, 0, 0, 0, 0, 0, 5, -2])
    np.testing.assert_array_equal(shown[("unit 1 (topic)", "candidate W_g")], [0, 0, 0, 0, 0, 0, 5, 0])


def test_output_gate_is_not_one(page):
    text = paragraph_with(page, "Output gate")
    assert f"= {sigma(20.0):.10f}. That is not 1: it falls short by {1 - sigma(20.0):.1e}" in text
    assert f"{1 - sigma(20.0):.1e}" == "2.1e-09"


def test_flip_experiment(page, trace):
    """C flipped alone (an impossible pair) and C and h flipped together, recomputed by hand."""
    t, g = handset.TOKENS.index("Mary"), handset.GENDER_UNIT
    c_prev = sigma(3) ** 4 * sigma(3) * np.tanh(5)  # "male" after "John" and four tokens of keeping
    h_prev = sigma(20) * np.tanh(c_prev)
    f = sigma(-2)
    write = sigma(3) * np.tanh(-5)
    table = table_named(page, "unit 3, run")
    assert columns(table) == ["Cₜ₋₁", "hₜ₋₁", "o⊙tanh(Cₜ₋₁)", "possible", "fₜ", "Cₜ"]
    rows = {labels[0]: cells for labels, cells in table["rows"]}
    expected = {
        "actual": [c_prev, h_prev, h_prev, f, f * c_prev + write],
        "C flipped": [-c_prev, h_prev, -h_prev, f, -f * c_prev + write],
        "C and h flipped": [-c_prev, -h_prev, -h_prev, f, -f * c_prev + write],
    }
    for name, want in expected.items():
        cells = rows[name]
        np.testing.assert_allclose(numbers(cells[:3] + cells[4:]), want, rtol=0, atol=HALF_ULP_4, err_msg=name)
    assert [rows[name][3] for name in expected] == ["yes", "no", "yes"]  # can a run produce the pair?
    text = paragraph_with(page, "The second run is an impossible pair")
    assert f"an old cell of {-c_prev:+.4f} beside \\(h_{{t-1}}\\) = {h_prev:+.4f}" in text
    assert f"would be {-h_prev:+.4f}, of the cell’s sign" in text
    assert "the largest difference between them is 0," in text
    assert f"keep the same share of slot 3, {trace.f[t, g]:.4f}" in text
    assert f"{trace.c[t, g]:+.4f} against {-f * c_prev + write:+.4f}" in text
    assert "the largest weight of any hand-set gate on \\(h_{t-1}\\) is 0." in text


def test_trained_forget_gate_reads_h(page):
    """The trained model's forget pre-activation: its three parts add up, f is σ of the sum,
    and the h part is 0 at the first token (h_0 = 0) and not zero elsewhere."""
    (table,) = [t for t in dataframe_tables(page) if t["names"] and t["names"][0].startswith("token (trained unit")]
    assert columns(table) == ["from hₜ₋₁", "from xₜ", "bias", "sum", "fₜ"]
    assert [labels[0] for labels, _ in table["rows"]] == list(handset.TOKENS)
    shown = np.array([numbers(cells) for _, cells in table["rows"]])
    np.testing.assert_allclose(shown[:, :3].sum(axis=1), shown[:, 3], rtol=0, atol=3 * HALF_ULP_4)
    np.testing.assert_allclose(sigma(shown[:, 3]), shown[:, 4], rtol=0, atol=2 * HALF_ULP_4)
    assert shown[0, 0] == 0 and np.abs(shown[1:, 0]).max() > 0.01
    text = paragraph_with(page, "In the trained network")
    assert f"ranges from {shown[:, 0].min():+.3f} to {shown[:, 0].max():+.3f}" in text


CHAPTERS = [name.removeprefix("book/") for name in chapter_docnames()]  # the order of index.md's toctree


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_every_number_in_prose_is_glued(site, chapter):
    """A chapter's prose quotes only glued numbers: no decimal outside a pasted
    span, a table, code, maths or a chart."""
    page = own_soup_of(site / "book" / f"{chapter}.html")  # tags are removed below
    article = page.select_one("article")
    assert len(pasted_texts(page)) >= 10
    # reference lists hold identifiers (arXiv numbers, volumes), not quantities
    for tag in article.select(
        "table, pre, .math, span.pasted-text, .highlight, script, style, div.lstm-book-plotly, section#references, "
        "figure.lstm-diagram-figure"  # the cell diagram's numbers are computed (lstm_book.diagram)
    ):
        tag.decompose()
    typed = re.findall(r"(?<![\w.])[-−+]?\d+\.\d+", article.get_text(" "))
    assert typed == []


def test_chart_data_are_the_trace(page, trace):
    spec, kept_and_cleared = plotly_specs(page)
    c_line, h_line = spec["data"]
    g = handset.GENDER_UNIT
    assert c_line["y"] == trace.c[:, g].tolist()  # exact: floats round-trip through JSON
    assert h_line["y"] == trace.h[:, g].tolist()
    assert h_line["text"] == ["he"] + [""] * 4 + ["she"] + [""] * 4  # written where the readout changes
    assert [word for _, word in h_line["customdata"]] == ["he"] * 5 + ["she"] * 5  # every point's, on hover
    assert spec["layout"]["xaxis"]["ticktext"] == list(handset.TOKENS)
    # the second chart: f and C of unit 1 (kept at "Mary") and of unit 3 (cleared there)
    lines = {(line["name"], line["yaxis"]): line["y"] for line in kept_and_cleared["data"]}
    for unit, name in ((handset.TOPIC_UNIT, "unit 1 (topic)"), (g, "unit 3 (gender)")):
        assert lines[(name, "y")] == trace.f[:, unit].tolist()
        assert lines[(name, "y2")] == trace.c[:, unit].tolist()
    mary = handset.TOKENS.index("Mary")
    assert lines[("unit 1 (topic)", "y")][mary] > 0.9 > 0.2 > lines[("unit 3 (gender)", "y")][mary]


def scripts(soup):
    return [s["src"].split("?")[0] for s in soup.find_all("script", src=True)]


def test_plotly_js_once_from_the_site_and_only_where_needed(site, page):
    # A chart page names only the book's chart script, which loads the pinned basic bundle
    # (tests/test_theme.py checks the bundle, its checksum and every page in detail).
    assert scripts(page).count("../_static/lstm-book-plotly.js") == 1
    assert not any("plotly" in s for s in scripts(soup_of(site / "index.html")))
    assert (site / "_static" / "vendor" / "plotly-basic.min.js").is_file()


def test_mathjax_from_the_site(site, page):
    assert "../_static/vendor/mathjax/tex-svg.js" in scripts(page)
    assert (site / "_static" / "vendor" / "mathjax" / "tex-svg.js").stat().st_size > 1_000_000
    assert page.find(string=re.compile(r"f_t = \\sigma\(W_f z_t \+ b_f\)")) is not None


def test_no_page_references_another_origin(site):
    """No script, stylesheet, image, font or frame comes from outside the site."""
    for path in site.rglob("*.html"):
        soup = soup_of(path)
        for tag, attr in (("script", "src"), ("link", "href"), ("img", "src"), ("iframe", "src"), ("source", "src")):
            for el in soup.find_all(tag, **{attr: True}):
                if tag == "link" and "stylesheet" not in el.get("rel", []) and "preload" not in el.get("rel", []):
                    continue
                assert not re.match(r"^(https?:)?//", el[attr]), f"{path.relative_to(site)}: {tag} {el[attr]}"
    for path in (site / "_static").rglob("*.css"):
        assert not re.search(r"@import\s+url\((['\"])?(https?:)?//", path.read_text(errors="replace")), path


def test_every_page_names_its_icon(site):
    """Every page names the site's icon (so no browser asks a server for /favicon.ico), and it is an SVG
    of the site's."""
    icons = set()
    for path in SITE_PAGES:
        (link,) = soup_of(site / path).find_all("link", rel="icon")
        icons.add((site / path).parent.joinpath(link["href"]).resolve())
    assert icons == {(site / "_static" / "lstm-book-icon.svg").resolve()}
    assert (
        ET.fromstring((site / "_static" / "lstm-book-icon.svg").read_bytes()).tag == "{http://www.w3.org/2000/svg}svg"
    )


def test_the_chapter_has_its_tables_and_none_is_empty(page):
    """What the chapter must show, by each table's first header (more tables may come)."""
    firsts = [t["names"][0] for t in dataframe_tables(page)]
    must = ["update", "unit", "t=6 · Mary", "unit 3, run", "token (trained unit 4)"]  # slots, weights, Mary, ...
    assert all(name in firsts for name in must), firsts
    assert firsts.count("token") >= 3  # the inputs, the focused and the full token-by-token tables
    assert all(t["rows"] for t in dataframe_tables(page))


def test_focused_token_table_shows_the_two_carrying_units(page, trace):
    """Token by token, only the topic and the gender unit (unit 2 holds nothing):
    f, what is kept, the write and the new cell of each, as lstm_calc computes them."""
    table = table_named(page, "unit 3 (gender)")
    assert [n for n in table["names"] if n.startswith("unit")] == ["unit 1 (topic)", "unit 3 (gender)"]
    assert [labels[0] for labels, _ in table["rows"]] == list(handset.TOKENS)
    for t, (_, cells) in enumerate(table["rows"]):
        want = [getattr(trace, name)[t, u] for u in (0, 2) for name in ("f", "kept", "write", "c")]
        np.testing.assert_allclose(numbers(cells), want, rtol=0, atol=HALF_ULP_4)
    assert np.abs(trace.c[:, 1]).max() == 0  # unit 2, left out, holds nothing


def internal_hrefs(toc):
    return [a["href"] for a in toc.select("a.reference.internal") if "#" not in a["href"]]


def test_navigation_lists_every_chapter_in_order(site):
    chapters, reference = soup_of(site / "index.html").select("div.toctree-wrapper")
    assert internal_hrefs(chapters) == [f"book/{c}.html" for c in CHAPTERS]
    assert internal_hrefs(reference) == [
        "book/glossary.html",
        "book/references.html",
        "book/claims.html",
        "book/contributing.html",
        "book/api/index.html",
    ]
    sidebar = soup_of(site / "book" / "gates.html").select("nav.bd-docs-nav a.reference.internal")
    assert [a["href"] for a in sidebar] == (
        ["../index.html"]
        + [f"{c}.html" if c != "gates" else "#" for c in CHAPTERS]
        + ["glossary.html", "references.html", "claims.html", "contributing.html", "api/index.html"]
    )  # the API reference lists its modules itself (conf.py: max_navbar_depth)


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_every_chapter_ends_with_exercises_and_hidden_answers(site, chapter):
    page = soup_of(site / "book" / f"{chapter}.html")
    section = page.select_one(f"section#sec-{chapter}-exercises")
    assert section is not None
    answers = section.select("details.sd-dropdown")
    assert len(answers) >= 2 and all(not d.has_attr("open") for d in answers)  # hidden until opened
    # nothing after the exercises but references
    later = [s["id"] for s in section.find_next_siblings("section")]
    assert later in ([], ["references"])


def test_downloads_of_each_chapter(site):
    for chapter in CHAPTERS:
        page = soup_of(site / "book" / f"{chapter}.html")
        links = {a["href"] for a in page.select("a[href]") if "_sources" in a["href"]}
        assert links == {f"../_sources/book/{chapter}.md", f"../_sources/book/{chapter}.ipynb"}
        nb = nbformat.reads((site / "_sources" / "book" / f"{chapter}.ipynb").read_text(), as_version=4)
        nbformat.validate(nb)
        assert [c.id for c in nb.cells] == [f"cell-{k}" for k in range(1, len(nb.cells) + 1)]
        assert any(c.get("outputs") for c in nb.cells if c.cell_type == "code"), "executed, with outputs"
        assert "source_map" not in json.dumps(nb.metadata)


def test_stored_outputs_hold_no_memory_address(site):
    """A default Python repr (``<… at 0x7f…>``) in a stored output differs from
    build to build: the downloads would not be reproducible."""
    for nb_path in sorted((site / "_sources").rglob("*.ipynb")):
        found = re.findall(r"<[^<>]* at 0x[0-9a-f]+>", nb_path.read_text())
        assert found == [], f"{nb_path.relative_to(site)}: {found[:3]}"


def test_internal_links_and_anchors_resolve(site):
    """Every link between the site's own pages reaches an existing file and,
    where it names one, an existing anchor."""
    ids = {}
    checked = 0
    for path in site.rglob("*.html"):
        soup = soup_of(path)
        for a in soup.select("a[href]"):
            href = a["href"]
            if re.match(r"^[a-z]+:", href) or href.startswith("//") or href == "#":
                continue
            target, _, anchor = href.partition("#")
            file = (path.parent / target).resolve() if target else path
            assert file.exists(), f"{path.relative_to(site)}: {href} -> missing {file}"
            if anchor and file.suffix == ".html":
                if file not in ids:
                    ids[file] = {el["id"] for el in soup_of(file).select("[id]")}
                assert anchor in ids[file], f"{path.relative_to(site)}: {href} -> no #{anchor}"
            checked += 1
    assert checked > 500


def public_modules(package) -> list[str]:
    """The public modules of a package (not its subpackages)."""
    return [
        f"{package.__name__}.{m.name}"
        for m in pkgutil.iter_modules(package.__path__)
        if not m.ispkg and not m.name.startswith("_")
    ]


# The API reference: one page per module (book/api/<module>.md), in the order of book/api/index.md.
API_PACKAGES = ("lstm_calc.", "lstm_book.")
API_MODULES = [
    *(f"lstm_calc.{m}" for m in "cell params trace variants rnn counting jacobians bptt train".split()),
    *(f"lstm_book.{m}" for m in "handset text tables chapter reach corpus learning analysis cache".split()),
    *(f"lstm_book.{m}" for m in "palette charts diagram explorables live".split()),
]


def test_api_reference(site):
    """One page per module, each documenting its module only; together they cover every public module."""
    index = soup_of(site / "book" / "api" / "index.html")
    listed = [a["href"] for t in index.select("div.toctree-wrapper") for a in t.select("a.reference.internal")]
    assert listed == [f"{module}.html" for module in API_MODULES]
    documented, modules = set(), set()
    for module in API_MODULES:
        api = soup_of(site / "book" / "api" / f"{module}.html")
        assert {el["id"].removeprefix("module-") for el in api.select("[id^='module-']")} == {module}
        names = {dt["id"] for dt in api.select("dt.sig[id]")}
        assert names and all(name.startswith(module + ".") for name in names), module
        documented |= names
        modules.add(module)
        if module == "lstm_calc.cell":
            assert api.find(string=re.compile(r"f_t = \\sigma\(W_f z_t \+ b_f\)")) is not None  # kept for MathJax
            assert "../../_static/vendor/mathjax/tex-svg.js" in scripts(api)
    for name in (
        "lstm_calc.cell.forget_gate",
        "lstm_calc.cell.lstm_step",
        "lstm_calc.trace.step",
        "lstm_calc.trace.run",
        "lstm_calc.params.LSTMParams",
        "lstm_calc.variants.GRUParams",
        "lstm_calc.bptt.loss_and_grads",
        "lstm_calc.train.train",
        "lstm_calc.jacobians.lstm_reach",
        "lstm_book.handset.gender_trace",
        "lstm_book.tables.memory_table",
        "lstm_book.learning.train_on",
        "lstm_book.chapter.glue_numbers",
    ):
        assert name in documented
    assert not [name for name in documented if name.startswith("lstm_calc.presets")]  # moved to lstm_book.handset
    assert set(public_modules(lstm_calc)) <= modules
    assert set(public_modules(lstm_book)) <= modules


def test_a_link_to_an_api_object_goes_to_its_one_description(site):
    """Every class and function is described once, on its own module's page, and every link to it
    goes there.
    (A re-exported object described on two pages, as ``lstm_calc.train.Model`` once was, makes the
    links go to whichever description the parallel build happened to merge last.)"""
    wrong = []
    for path in SITE_PAGES:
        for link in soup_of(site / path).select("a.reference.internal[title]"):
            anchor = link["href"].partition("#")[2]
            if anchor.startswith(API_PACKAGES) and anchor != link["title"]:
                wrong.append(f"{path}: {link['href']} for {link['title']}")
    assert wrong == []
    elsewhere = []
    for module in API_MODULES:
        for dt in soup_of(site / "book" / "api" / f"{module}.html").select("dt.sig[id]"):
            name = dt["id"].removeprefix(module + ".")  # a class's attributes may name other classes
            obj = getattr(importlib.import_module(module), name, None) if "." not in name else None
            if inspect.isclass(obj) or inspect.isfunction(obj):
                if obj.__module__ != module:
                    elsewhere.append(f"{dt['id']} is {obj.__module__}.{obj.__qualname__}")
    assert elsewhere == []


def test_glossary(site):
    glossary = soup_of(site / "book" / "glossary.html")
    code_names = [c.get_text() for dt in glossary.select("dl.glossary dt") for c in dt.select("code")]
    assert len(glossary.select("dl.glossary dt")) >= 15
    assert {"x", "h", "c", "z", "f", "i", "g", "o", "W_f", "W_g", "b_f", "b_g", "kept", "write"} <= set(code_names)
    assert not {"erased", "W_c", "b_c"} & set(code_names)  # one name per quantity


def test_every_chart_has_an_accessible_name(site):
    charts = 0
    for path in site.rglob("*.html"):
        for div in soup_of(path).select("div.lstm-book-plotly"):
            assert div.get("role") == "figure" and div.get("aria-label", "").strip(), f"{path}: {div.get('id')}"
            charts += 1
    assert charts == 10  # memory 2, why 2, gates 2, variants 1, learning 3 (the explorables draw their own)


def test_references_list_every_source_as_list_items(site):
    """The references page lists every entry of book/references.bib, each a
    list item for screen readers (docutils' deprecated doc-biblioentry role is
    replaced by lstm_book.sphinx.citations). Every entry is cited by some page, as
    the page's introduction says (it once listed two uncited books through ``:all:``)."""
    root = Path(__file__).resolve().parents[1]
    bib = (root / "book" / "references.bib").read_text(encoding="utf-8")
    keys = re.findall(r"^@\w+\{([^,]+),", bib, flags=re.M)
    pages = [root / "index.md", *sorted((root / "book").glob("*.md"))]
    cited = {
        k for p in pages for roles in re.findall(r"\{cite:[pt]\}`([^`]+)`", p.read_text()) for k in roles.split(",")
    }
    assert sorted(cited) == sorted(keys)
    assert ":all:" not in (root / "book" / "references.md").read_text(encoding="utf-8")
    page = soup_of(site / "book" / "references.html")
    entries = page.select("div.citation-list > div.citation")
    assert len(entries) == len(keys) >= 10
    assert all(e.get("role") == "listitem" for e in entries)
    assert "doc-biblioentry" not in (site / "book" / "references.html").read_text(encoding="utf-8")


def test_the_site_title_is_no_chapters_title(site):
    """The landing page's title names the site; each chapter's tab shows its own title beside it."""
    home = soup_of(site / "index.html")
    site_title = home.find("h1").get_text(" ", strip=True).rstrip("#").strip()
    assert home.title.get_text(strip=True) == site_title
    for chapter in CHAPTERS:
        page = soup_of(site / "book" / f"{chapter}.html")
        heading = page.find("h1").get_text(" ", strip=True).rstrip("#").strip()
        assert heading != site_title, chapter
        assert page.title.get_text(strip=True) == f"{heading} — {site_title}", chapter


def test_no_table_cell_is_cut_short(site):
    """pandas cuts a long text at display.max_colwidth and ends it with "...": no table shows that."""
    for path in sorted(site.rglob("*.html")):
        for cell in soup_of(path).select("table.dataframe td, table.dataframe th"):
            assert not cell.get_text(strip=True).endswith("..."), (path.name, cell.get_text(strip=True))


def test_references_name_an_author_or_say_none_is_known(site):
    """Every entry has an author, or its note says the source names none; the one address
    a source gives is on the page."""
    bib = (Path(__file__).resolve().parents[1] / "book" / "references.bib").read_text(encoding="utf-8")
    for entry in re.split(r"\n(?=@)", bib.strip()):
        key = re.match(r"@\w+\{([^,]+),", entry).group(1)
        assert re.search(r"^\s*author\s*=", entry, flags=re.M) or re.search(
            r"(names no author|do not name their author)", entry
        ), key
    page = " ".join(soup_of(site / "book" / "references.html").get_text().split())
    assert "https://malivinayak.com/LSTM-Gender-Prediction/" in page


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_large_counts_have_thousands_separators(site, chapter):
    """A whole number of five digits or more reads as 17,713, not 17713, in tables and prose
    (code is left as written)."""
    article = own_soup_of(site / "book" / f"{chapter}.html").select_one("article")  # code is removed below
    for code in article.select("pre, code, .highlight, script, svg"):
        code.decompose()
    assert re.findall(r"(?<![\d,.\w])\d{5,}(?![\d,.])", article.get_text(" ")) == []
