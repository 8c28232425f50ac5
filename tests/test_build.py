"""The build itself, in temporary copies of the repository: reproducible,
incremental, in sync with lstm_calc and lstm_book, safe with hostile tokens,
loud on errors.

One copy is built from clean once per session (``pristine``); each test gets
that built copy back exactly as the clean build left it (``repo``: sources,
environment, doctrees, cache and site, restored at the path it was built in,
so Sphinx sees nothing changed), edits it as it likes, and rebuilds. The tests
are independent of each other and of their order. They share one pytest-xdist
worker (their ``xdist_group``), since they restore the same directory.
"""

from __future__ import annotations

import filecmp
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from conftest import chapter_docnames, paragraph_with, plotly_specs, soup_of, table_named, visit

from lstm_book.dev.buildcopy import ROOT, copy_env, copy_repo, executed_pages, sphinx_build
from lstm_book.dev.pdf import LINK_SLOT, PDF_NAME

pytestmark = [pytest.mark.build, pytest.mark.xdist_group("build")]


CHAPTERS = {name.removeprefix("book/") + ".md" for name in chapter_docnames()}
NOTEBOOKS = CHAPTERS | {"index.md"}  # the landing page is a notebook too: it glues the worked example's numbers


def executed(build) -> list[str]:
    return sorted(Path(p).name for p in executed_pages(build.stdout + build.stderr))


def built_ok(build) -> None:
    assert build.returncode == 0, build.stdout[-3000:] + build.stderr[-3000:]


@pytest.fixture(scope="session")
def pristine(tmp_path_factory):
    """A copy of the repository built once from clean, and a snapshot of it.

    Clean for Sphinx (no environment, doctrees or site), with the repository's trained models
    in its cache: they are keyed by a hash of their sources and settings, which are the copy's
    too, so the build reads them instead of training them again. (Training in a build is
    tested below, where an edit of the training setup changes the key.)"""
    base = tmp_path_factory.mktemp("build")
    work = copy_repo(base / "a-checkout" / "of-the-book")  # another name and depth than the repository's
    cache = work / "_build" / "cache"
    shutil.copytree(ROOT / "_build" / "cache", cache)
    seeded = cache_entries(work)
    build = sphinx_build(work)
    built_ok(build)
    assert executed(build) == sorted(NOTEBOOKS)
    assert cache_entries(work) == seeded, "the build computed what the repository's build had cached"
    snapshot = base / "snapshot"
    shutil.copytree(work, snapshot, symlinks=True)
    return SimpleNamespace(work=work, snapshot=snapshot, site=snapshot / "_build" / "html")


@pytest.fixture
def repo(pristine) -> Path:
    """The built copy as the clean build left it (file times kept: nothing looks changed)."""
    shutil.rmtree(pristine.work)
    shutil.copytree(pristine.snapshot, pristine.work, symlinks=True)
    return pristine.work


def differing_files(a: Path, b: Path, published: bool = False) -> list[str]:
    """Files present in only one tree or with different bytes. ``published``: ``b`` may hold
    what `make pdf` adds to a site (the PDF, and a link to it in each page's slot), left out."""
    out = []
    files_a = {p.relative_to(a) for p in a.rglob("*") if p.is_file()}
    files_b = {p.relative_to(b) for p in b.rglob("*") if p.is_file()}
    if published:
        files_b.discard(Path(PDF_NAME))

    def same(p: Path) -> bool:
        if published and p.suffix == ".html":
            unlinked = LINK_SLOT.sub(r"\1\3", (b / p).read_text(encoding="utf-8"))
            return (a / p).read_text(encoding="utf-8") == unlinked
        return filecmp.cmp(a / p, b / p, shallow=False)

    out += [f"only in one: {p}" for p in sorted(files_a ^ files_b)]
    out += [str(p) for p in sorted(files_a & files_b) if not same(p)]
    return out


def search_index(site: Path) -> dict:
    text = (site / "searchindex.js").read_text(encoding="utf-8")
    return json.loads(text.removeprefix("Search.setIndex(").removesuffix(")"))


def test_a_clean_build_elsewhere_gives_the_same_site_as_make_html(pristine, site):
    """The copy's clean build, in a directory of another name and depth, against the site
    `make html` built in the repository (`make test` builds it first): no random ids, dates
    or absolute paths in the output, and an incremental `make html` ends where a clean one does."""
    assert differing_files(pristine.site, site, published=True) == [], "run `make html` before the tests"


def test_noop_rebuild_executes_nothing_and_changes_no_byte(repo, pristine):
    build = sphinx_build(repo)
    built_ok(build)
    assert executed_pages(build.stdout + build.stderr) == []
    assert "0 source files that are out of date" in build.stdout
    assert differing_files(repo / "_build" / "html", pristine.site) == []


def test_edit_then_revert_gives_the_clean_site_back_search_index_included(repo, pristine):
    """One incremental build with edits of every kind, then one with them undone, which must give
    the clean build's site back byte for byte. The edits: a glossary term, and the title of a page
    every page's navigation lists; the landing page (a notebook); the stylesheet every page links;
    the chapter helpers only the anatomy chapter imports; a page added that imports nothing of the
    project (deleted again)."""
    glossary, landing = repo / "book" / "glossary.md", repo / "index.md"
    css, helpers = repo / "_static" / "lstm-book.css", repo / "lstm_book" / "pages" / "anatomy.py"
    originals = {path: path.read_text() for path in (glossary, landing, css, helpers)}
    clean_index = search_index(pristine.site)
    assert len(clean_index["indexentries"]) > 100 and "cell" in clean_index["indexentries"]
    assert pages_importing(repo, "lstm_book/pages/anatomy.py") == ["anatomy.md"]

    edited = originals[glossary].replace("$n_h$ parallel copies", "$n_h$ zebra copies")
    glossary.write_text(edited.replace("\n# Glossary\n", "\n# Glossary of the okapi\n", 1))
    landing.write_text(originals[landing] + "\nA closing line about a quokka.\n")
    css.write_text(originals[css] + "\n.lstm-okapi { color: inherit; }\n")
    helpers.write_text(originals[helpers] + "\n# an edit\n")
    added = repo / "book" / "independent.md"
    added.write_text(INDEPENDENT_PAGE)
    build = sphinx_build(repo)
    built_ok(build)
    # the edited notebook, the pages whose kernels imported the edited helpers, the new pages: no other
    # (the glossary is not a notebook)
    assert executed(build) == ["anatomy.md", "independent.md", "index.md"]
    assert recorded_imports(repo)["book/independent.md"] == [], "it imports nothing of the project"
    site = repo / "_build" / "html"
    assert (site / "book" / "independent.html").is_file()
    edited_index = search_index(site)
    assert "zebra" in edited_index["terms"] and "quokka" in edited_index["terms"]
    assert edited_index["indexentries"] == clean_index["indexentries"], "a rebuild keeps every index entry"
    # every page shows the new title in its navigation and links the new stylesheet (its new checksum)
    clean_css_link = re.search(r"lstm-book\.css\?v=\w+", (pristine.site / "index.html").read_text()).group()
    stale = []
    for page in sorted(site.rglob("*.html")):
        html = page.read_text(encoding="utf-8")
        if "_static" in page.relative_to(site).parts or "lstm-book.css" not in html:
            continue  # the theme's template fragments
        if "Glossary of the okapi" not in html or clean_css_link in html:
            stale.append(str(page.relative_to(site)))
    assert stale == [], "pages an incremental build left with the old navigation or stylesheet"

    for path, text in originals.items():
        path.write_text(text)
    added.unlink()
    build = sphinx_build(repo)
    built_ok(build)
    assert executed(build) == ["anatomy.md", "index.md"]
    assert differing_files(repo / "_build" / "html", pristine.site) == [], "nothing of the deleted page survives"


def expected_values(root: Path) -> dict:
    """The worked example computed by the code *of the copy*, in a fresh interpreter."""
    code = (
        "import json, sys; from lstm_book import handset; t = handset.gender_trace(); "
        "m = handset.TOKENS.index('Mary'); g = handset.GENDER_UNIT; "
        "print(json.dumps({'pre_f': handset.B_F + handset.W_F_X[0], 'f': t.f[m, g], 'c_prev': t.c_prev[m, g], "
        "'kept': t.kept[m, g], 'write': t.write[m, g], 'c': t.c[m, g], "
        "'mary_column': [t.c_prev[m, g], t.f[m, g], t.kept[m, g], t.write[m, g], t.c[m, g]], "
        "'chart_c': t.c[:, g].tolist(), 'chart_h': t.h[:, g].tolist()}))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=True, env=copy_env(root)
    )
    return json.loads(out.stdout)


def shown_values(root: Path) -> dict:
    page = soup_of(root / "_build" / "html" / "book" / "memory.html")
    mary = table_named(page, "t=6 · Mary")
    spec = plotly_specs(page)[0]  # the gender cell, token by token (the kept-and-cleared chart follows)
    return {
        "mary_column": [float(cells[2]) for _, cells in mary["rows"]],
        "chart_c": spec["data"][0]["y"],
        "chart_h": spec["data"][1]["y"],
        "prose": paragraph_with(page, "Slot 3 (the gender) is cleared."),
    }


NOTEBOOK_HEADER = """---
orphan: true
jupytext:
  text_representation:
    format_name: myst
kernelspec:
  display_name: Python 3
  language: python
  name: python3
---
"""
INDEPENDENT_PAGE = (
    NOTEBOOK_HEADER
    + """
# A page without the project's code

```{code-cell} python
import math
math.tau
```
"""
)


def recorded_imports(root: Path) -> dict[str, list[str]]:
    """For each executed page, the project files its kernel imported (lstm_book.sphinx.sync)."""
    found = {}
    for path in (root / "_build" / "doctrees" / "imports").glob("*.json"):
        found[path.stem.replace("__", "/") + ".md"] = json.loads(path.read_text())
    return found


def pages_importing(root: Path, rel: str) -> list[str]:
    return sorted(Path(page).name for page, files in recorded_imports(root).items() if rel in files)


def training_paragraph(root: Path) -> str:
    """The learning chapter's paragraph on the training (its steps and final loss)."""
    soup = soup_of(root / "_build" / "html" / "book" / "learning.html")
    found = [" ".join(p.get_text().split()) for p in soup.find_all("p") if "The mean loss of" in p.get_text()]
    assert len(found) == 1
    return found[0]


def cache_entries(root: Path) -> dict[str, int]:
    return {p.name: p.stat().st_mtime_ns for p in (root / "_build" / "cache").glob("*.pickle")}


def test_each_page_depends_on_what_its_kernel_imported(pristine):
    """What the clean build recorded: each executed page and the project files its kernel imported
    (that editing one re-executes those pages alone is tested above and below)."""
    imports = recorded_imports(pristine.snapshot)
    assert sorted(imports) == sorted(f"book/{c}" if c != "index.md" else c for c in NOTEBOOKS)
    assert "lstm_book/pages/why.py" in imports["book/why.md"]
    assert "lstm_book/reach.py" in imports["book/why.md"] and "lstm_calc/jacobians.py" in imports["book/why.md"]
    assert "lstm_book/corpus.py" not in imports["book/why.md"], "the why chapter trains nothing"
    assert "lstm_book/corpus.py" in imports["book/learning.md"]
    assert pages_importing(pristine.snapshot, "lstm_book/pages/anatomy.py") == ["anatomy.md"]


def test_editing_the_training_setup_retrains_and_changes_the_learning_chapter(repo):
    before_cache = cache_entries(repo)
    before = training_paragraph(repo)
    setup = repo / "lstm_book" / "learning.py"
    source = setup.read_text()
    assert "steps=800," in source
    setup.write_text(source.replace("steps=800,", "steps=799,"))

    build = sphinx_build(repo)
    built_ok(build)
    assert executed(build) == pages_importing(repo, "lstm_book/learning.py")
    assert "learning.md" in executed(build) and "why.md" not in executed(build)
    after_cache = cache_entries(repo)
    new = sorted(set(after_cache) - set(before_cache))
    assert len(new) == 2 and all(n.startswith("trained-") for n in new), "the two models were retrained"
    after = training_paragraph(repo)
    assert "takes 799 steps" in after and after != before, "the learning chapter shows the new training"


def test_editing_a_preset_weight_updates_tables_chart_and_prose(repo):
    before_expected, before_shown = expected_values(repo), shown_values(repo)
    before_cache = cache_entries(repo)
    before_training = training_paragraph(repo)
    handset = repo / "lstm_book" / "handset.py"
    source = handset.read_text()
    assert "W_F_X = (-5.0, 0.0, 0.0)" in source
    # A small change: the chapters' claims depend on this weight (at -4 the trained gate would no
    # longer erase less sharply than the hand-set one, at -7 the explorables' "need not fall" would
    # be false), and a false claim rightly fails the build.
    handset.write_text(source.replace("W_F_X = (-5.0, 0.0, 0.0)", "W_F_X = (-5.5, 0.0, 0.0)"))

    build = sphinx_build(repo)  # incremental: the environment and doctrees of the clean build are kept
    built_ok(build)
    assert executed(build) == pages_importing(repo, "lstm_book/handset.py"), "the pages that imported it re-execute"
    assert cache_entries(repo) == before_cache, "the trained model is read from the cache, not retrained"
    assert training_paragraph(repo) == before_training

    want, shown = expected_values(repo), shown_values(repo)
    assert want["pre_f"] == -2.5 and before_expected["pre_f"] == -2.0
    assert want["f"] != pytest.approx(before_expected["f"], abs=1e-3)
    # tables
    assert shown["mary_column"] == pytest.approx(want["mary_column"], abs=0.5e-4)
    assert shown["mary_column"] != pytest.approx(before_shown["mary_column"], abs=0.5e-4)
    # chart data, exactly
    assert shown["chart_c"] == want["chart_c"] and shown["chart_h"] == want["chart_h"]
    assert shown["chart_c"] != before_shown["chart_c"]
    # glued prose
    assert f"σ({want['pre_f']:+g}) = {want['f']:.4f}, not 0" in shown["prose"]
    assert f"{want['kept']:.4f} is kept" in shown["prose"]
    assert f"slot 3 becomes {want['c']:+.4f}" in shown["prose"]
    assert shown["prose"] != before_shown["prose"]


TOKENS = ["<script>window.__xss = 1</script>", "John", "</script><b>bold</b>"]
TOKENS_PAGE = (
    NOTEBOOK_HEADER
    + f"""
# Tokens are text

```{{code-cell}} python
import lstm_calc as lc
from lstm_book import handset, tables
from lstm_book.charts import gender_chart
from myst_nb import glue

tokens = {TOKENS!r}
trace = lc.run(handset.gender_params(), handset.embed(["John", "John", "Mary"]), tokens=tokens)
glue("first_token", tokens[0], display=False)
tables.unit_table(trace, 2)
```

```{{code-cell}} python
gender_chart(trace, 2)
```

The first token is {{glue:text}}`first_token`.
"""
)


def test_script_tokens_show_as_text(repo, tab):
    """A page whose tokens are script tags: they are text in the HTML, the table, the chart and the
    prose, and in Chromium no script of theirs runs and no tag of theirs is drawn."""
    (repo / "book" / "tokens_are_text.md").write_text(TOKENS_PAGE)
    build = sphinx_build(repo)
    built_ok(build)
    assert executed(build) == ["tokens_are_text.md"]

    html_path = repo / "_build" / "html" / "book" / "tokens_are_text.html"
    html = html_path.read_text()
    assert "<script>window.__xss" not in html and "</script><b>bold" not in html
    page = soup_of(html_path)
    assert [labels[0] for labels, _ in table_named(page, "token")["rows"]] == TOKENS
    (spec,) = plotly_specs(page)
    assert spec["layout"]["xaxis"]["ticktext"] == [
        "&lt;script&gt;window.__xss = 1&lt;/script&gt;",
        "John",
        "&lt;/script&gt;&lt;b&gt;bold&lt;/b&gt;",
    ]
    assert TOKENS[0] in paragraph_with(page, "The first token is")

    with visit(tab, html_path.as_uri()) as v:
        assert v.page.evaluate("window.__xss") is None
        assert v.page.locator("div.lstm-book-plotly .xtick text").all_text_contents() == TOKENS
        assert v.page.locator("table.dataframe tbody th").first.text_content() == TOKENS[0]
        assert v.page.locator("b", has_text="bold").count() == 0
        assert v.errors == []


def test_a_raising_cell_fails_the_build_naming_page_and_cell_and_keeps_the_last_good_site(repo, pristine):
    """A cell that raises, added to a chapter the last good site shows: `make html` fails, its log
    names the page, the cell and the traceback, and the published site stays byte for byte as it was."""
    page = repo / "book" / "anatomy.md"
    page.write_text(page.read_text() + "\n```{code-cell} python\n1 / 0  # the broken cell\n```\n")
    bad = sphinx_build(repo)
    log = bad.stdout + bad.stderr
    assert bad.returncode != 0
    assert str(page) in log  # the page
    assert "1 / 0  # the broken cell" in log  # the cell's source
    assert "ZeroDivisionError" in log  # and its traceback
    assert "the build FAILED (see above); _build/html still holds the last good build" in bad.stderr
    assert differing_files(repo / "_build" / "html", pristine.site) == []
    assert not (repo / "_build" / "html.new").exists() and not (repo / "_build" / "html.old").exists()
