"""The built HTML shows the numbers lstm_calc computes, and loads nothing from
outside the site."""

from __future__ import annotations

import filecmp
import re
from pathlib import Path

import numpy as np
import plotly
import pytest

from conftest import ROOT, paragraph_with, pasted_texts, plotly_specs, soup_of, table_named, dataframe_tables
from lstm_calc import presets

HALF_ULP_4 = 0.5e-4 + 1e-12  # a value shown with 4 decimals is within this of the true one


@pytest.fixture(scope="module")
def page(site):
    return soup_of(site / "book" / "memory.html")


@pytest.fixture(scope="module")
def trace():
    return presets.gender_trace()


def numbers(cells):
    return np.array([float(c.replace("−", "-")) for c in cells])


def test_mary_memory_table(page, trace):
    table = table_named(page, "t=6 · Mary")
    mary = trace.step(presets.TOKENS.index("Mary"))
    expected = [mary.c_prev, mary.f, mary.erased, mary.write, mary.c]
    assert [labels[-1] for labels, _ in table["rows"]] == [
        "Cₜ₋₁ (old cell)", "× fₜ (forget gate)", "= fₜ⊙Cₜ₋₁ (after forgetting)", "+ iₜ⊙C̃ₜ (the write)", "= Cₜ (new cell)"]
    for (_, cells), want in zip(table["rows"], expected):
        np.testing.assert_allclose(numbers(cells), want, rtol=0, atol=HALF_ULP_4)


def test_every_token_memory_table(page, trace):
    table = table_named(page, "step")  # the stacked tables: index (token, step)
    rows = table["rows"]
    assert len(rows) == 5 * len(presets.TOKENS)
    tokens_shown = [labels[0] for labels, _ in rows if len(labels) == 2]
    assert tokens_shown == [f"{t + 1} · {tok}" for t, tok in enumerate(presets.TOKENS)]
    shown = np.array([numbers(cells) for _, cells in rows]).reshape(len(presets.TOKENS), 5, 3)
    expected = np.stack([trace.c_prev, trace.f, trace.erased, trace.write, trace.c], axis=1)
    np.testing.assert_allclose(shown, expected, rtol=0, atol=HALF_ULP_4)


def test_gender_unit_summary_with_readout(page, trace):
    table = table_named(page, "readout")
    assert [labels[0] for labels, _ in table["rows"]] == list(presets.TOKENS)
    shown = np.array([numbers(cells[:-1]) for _, cells in table["rows"]])
    g = presets.GENDER_UNIT
    expected = np.stack([trace.f[:, g], trace.i[:, g], trace.g[:, g], trace.o[:, g], trace.c[:, g], trace.h[:, g]], axis=1)
    np.testing.assert_allclose(shown, expected, rtol=0, atol=HALF_ULP_4)
    assert [cells[-1] for _, cells in table["rows"]] == ["he"] * 5 + ["she"] * 5


def test_seed_000_ideal_table(page):
    table = table_named(page, "slot 3 (gender)")
    shown = np.array([numbers(cells) for _, cells in table["rows"]])
    np.testing.assert_allclose(shown[-1], [0.6, -0.3, -0.8, 0.5])  # the new cell
    np.testing.assert_allclose(shown[2], [0.6, -0.3, 0.0, 0.5])  # erased


def test_glued_prose_about_mary(page, trace):
    g, t = presets.GENDER_UNIT, presets.TOKENS.index("Mary")
    text = paragraph_with(page, "The forget gate of unit 3 is")
    pre = presets.B_F + presets.W_F_X[0]
    assert f"σ({pre:+g}) = {trace.f[t, g]:.4f}, not 0" in text
    assert f"Of the {trace.c_prev[t, g]:.4f} of “male” in the old cell, {trace.erased[t, g]:.4f} survives" in text
    assert f"about {100 * trace.erased[t, g] / trace.c_prev[t, g]:.1f} percent" in text
    assert f"the new cell is {trace.c[t, g]:+.4f} rather than the {trace.write[t, g]:+.4f}" in text


def test_glued_prose_about_the_blind_forget_gate(page, trace):
    text = paragraph_with(page, "The two forget gates are identical")
    g, t = presets.GENDER_UNIT, presets.TOKENS.index("Mary")
    assert "the largest difference between them is 0," in text
    assert f"with the factor {trace.f[t, g]:.4f}" in text
    assert f"{trace.c[t, g]:+.4f} against" in text


CHAPTERS = ["why", "anatomy", "gates", "memory", "variants", "learning", "explorables"]


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_every_number_in_prose_is_glued(site, chapter):
    """A chapter's prose quotes only glued numbers: no decimal outside a pasted
    span, a table, code, maths or a chart."""
    page = soup_of(site / "book" / f"{chapter}.html")  # a copy of its own: tags are removed below
    article = page.select_one("article")
    assert len(pasted_texts(page)) >= 10
    # reference lists hold identifiers (arXiv numbers, volumes), not quantities
    for tag in article.select("table, pre, .math, span.pasted-text, .highlight, script, style, div.lstm-book-plotly, "
                              "section#references"):
        tag.decompose()
    typed = re.findall(r"(?<![\w.])[-−+]?\d+\.\d+", article.get_text(" "))
    assert typed == []


def test_chart_data_are_the_trace(page, trace):
    (spec,) = plotly_specs(page)
    c_line, h_line = spec["data"]
    g = presets.GENDER_UNIT
    assert c_line["y"] == trace.c[:, g].tolist()  # exact: floats round-trip through JSON
    assert h_line["y"] == trace.h[:, g].tolist()
    assert h_line["text"] == ["he"] * 5 + ["she"] * 5
    assert spec["layout"]["xaxis"]["ticktext"] == list(presets.TOKENS)


def scripts(soup):
    return [s["src"].split("?")[0] for s in soup.find_all("script", src=True)]


def test_plotly_js_once_from_the_site_and_only_where_needed(site, page):
    assert scripts(page).count("../_static/vendor/plotly.min.js") == 1
    assert scripts(page).index("../_static/vendor/plotly.min.js") < scripts(page).index("../_static/lstm-book-plotly.js")
    assert not any("plotly" in s for s in scripts(soup_of(site / "index.html")))
    installed = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
    assert filecmp.cmp(installed, site / "_static" / "vendor" / "plotly.min.js", shallow=False)
    assert "plotly.min.js" not in [p.name for p in (ROOT / "_static").rglob("*")], "plotly.js is copied at build time, not committed"


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


def test_tables_are_not_empty(page):
    assert len(dataframe_tables(page)) == 7


def test_navigation_lists_every_chapter_in_order(site):
    chapters, reference = soup_of(site / "index.html").select("div.toctree-wrapper")
    hrefs = lambda toc: [a["href"] for a in toc.select("a.reference.internal") if "#" not in a["href"]]  # noqa: E731
    assert hrefs(chapters) == [f"book/{c}.html" for c in CHAPTERS]
    assert hrefs(reference) == ["book/glossary.html", "book/contributing.html", "book/api.html"]
    sidebar = soup_of(site / "book" / "gates.html").select("nav.bd-docs-nav a.reference.internal")
    assert [a["href"] for a in sidebar] == (["../index.html"] + [f"{c}.html" if c != "gates" else "#" for c in CHAPTERS]
                                            + ["glossary.html", "contributing.html", "api.html"])

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
    import json

    import nbformat

    for chapter in CHAPTERS:
        page = soup_of(site / "book" / f"{chapter}.html")
        links = {a["href"] for a in page.select("a[href]") if "_sources" in a["href"]}
        assert links == {f"../_sources/book/{chapter}.md", f"../_sources/book/{chapter}.ipynb"}
        nb = nbformat.reads((site / "_sources" / "book" / f"{chapter}.ipynb").read_text(), as_version=4)
        nbformat.validate(nb)
        assert [c.id for c in nb.cells] == [f"cell-{k}" for k in range(1, len(nb.cells) + 1)]
        assert any(c.get("outputs") for c in nb.cells if c.cell_type == "code"), "executed, with outputs"
        assert "source_map" not in json.dumps(nb.metadata)


def test_internal_links_and_anchors_resolve(site):
    """Every link between the site's own pages reaches an existing file and,
    where it names one, an existing anchor."""
    ids = {}
    checked = 0
    for path in site.rglob("*.html"):
        soup = soup_of(path)
        for a in soup.select("a[href]"):
            href = a["href"]
            if re.match(r"^[a-z]+:", href) or href.startswith("//") or href.startswith("#") and href == "#":
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


def test_api_reference_and_glossary(site):
    api = soup_of(site / "book" / "api.html")
    documented = {dt["id"] for dt in api.select("dt.sig[id]")}
    for name in ("lstm_calc.cell.forget_gate", "lstm_calc.cell.step", "lstm_calc.params.LSTMParams",
                 "lstm_calc.trace.run", "lstm_calc.variants.GRUParams", "lstm_calc.bptt.loss_and_grads",
                 "lstm_calc.train.train", "lstm_calc.jacobians.lstm_reach"):
        assert name in documented
    assert api.find(string=re.compile(r"f_t = \\sigma\(W_f z_t \+ b_f\)")) is not None  # equations kept for MathJax
    assert "../_static/vendor/mathjax/tex-svg.js" in scripts(api)
    glossary = soup_of(site / "book" / "glossary.html")
    code_names = [c.get_text() for dt in glossary.select("dl.glossary dt") for c in dt.select("code")]
    assert len(glossary.select("dl.glossary dt")) >= 15
    assert {"x", "h", "c", "z", "f", "i", "g", "o", "W_f", "b_f", "erased", "write"} <= set(code_names)


def test_every_chart_has_an_accessible_name(site):
    charts = 0
    for path in site.rglob("*.html"):
        for div in soup_of(path).select("div.lstm-book-plotly"):
            assert div.get("role") == "figure" and div.get("aria-label", "").strip(), f"{path}: {div.get('id')}"
            charts += 1
    assert charts == 8  # memory 1, why 1, gates 2, variants 1, learning 3 (the explorables draw their own)
