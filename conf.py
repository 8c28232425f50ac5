"""Sphinx configuration of lstm-book. The repository root is the source directory."""

import os

from lstm_book.sphinx.html_tables import whole_glued_values

# lstm_calc and lstm_book (with the extension, lstm_book.sphinx) are installed
# in the environment by `make html` (`pip install -e .`), so this file, Sphinx
# and the kernels it starts all import them the same way.

# Figures leave the kernel as plotly's JSON only (no inlined plotly.js);
# lstm_book.sphinx renders them.
os.environ["PLOTLY_RENDERER"] = "plotly_mimetype"
# One BLAS thread: the learning chapter trains on one core, and a fixed
# summation order keeps its weights identical from build to build.
for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[var] = "1"

# -- Project information ---------------------------------------------------------

project = "LSTM memory, number by number"
author = "the lstm-book authors"
copyright = "2026, the lstm-book authors"  # fixed text: no build date in the pages

# -- General configuration -------------------------------------------------------

extensions = [
    "myst_nb",
    "sphinx_design",
    "sphinx_copybutton",
    "sphinx.ext.mathjax",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinxcontrib.bibtex",
    "lstm_book.sphinx",
]
root_doc = "index"
# Sources, cited as {cite:t}`olah2015` in a chapter and listed on book/references.
bibtex_bibfiles = ["book/references.bib"]
bibtex_default_style = "plain"
bibtex_reference_style = "author_year"
# Only these are pages; everything else at the root (README, tests, .venv …) is not.
include_patterns = ["index.md", "book/**"]
exclude_patterns = [
    "**/.ipynb_checkpoints",  # editor leftovers
    # Not pages, and pruned from Sphinx's walk of the source directory (the
    # environment alone holds over 100,000 files: walking it cost seconds per build).
    ".*",
    "_*",
    "bench",
    "jupyter_execute",
    "lstm_book",
    "lstm_calc",
    "requirements",
    "tests",
]
nitpicky = True
# The build is offline, so intersphinx cannot fetch the inventories of Python,
# numpy, pandas and plotly: their classes in the signatures cannot resolve.
nitpick_ignore_regex = [("py:class", r"(np|numpy|pd|pandas|go|plotly|collections\.abc|pathlib|types)\..*")]
autodoc_member_order = "bysource"
autodoc_typehints = "signature"

# -- MyST and MyST-NB ------------------------------------------------------------

myst_enable_extensions = ["dollarmath", "amsmath", "colon_fence", "deflist", "substitution"]
myst_heading_anchors = 3

# Pages execute whenever Sphinx reads them: on a cold build, when the page
# changes, and when lstm_calc or lstm_book changes (lstm_book/sphinx/sync.py
# makes their files dependencies of every page importing them). A rebuild with nothing changed
# reads, and executes, nothing.
nb_execution_mode = "force"
# `make html` reads pages in parallel (-j auto), two processes on 2 cores: each
# starts with one of these groups of executed pages (about half the kernels' time
# each). The learning chapter trains the model; the memory and explorables chapters
# read it, late in the other process, by when it is in _build/cache (a page that
# asks for it earlier waits for it: lstm_book.cache).
lstm_book_read_groups = [
    ["book/learning", "book/gates", "index"],
    ["book/anatomy", "book/why", "book/variants", "book/memory", "book/explorables"],
]
nb_execution_raise_on_error = True  # a raising cell fails the build
nb_execution_show_tb = True
nb_execution_timeout = 300
nb_merge_streams = True
nb_output_stderr = "warn"  # a warning printed by a cell fails the build under -W

# -- HTML output -----------------------------------------------------------------

html_theme = "sphinx_book_theme"
html_title = project  # the landing page's title; no chapter shares it
templates_path = ["_templates"]  # navbar-logo.html: the theme's logo, inside a landmark
# sphinx-book-theme's sidebar, and after the navigation a slot that `make pdf` fills with a link
# to the book as one PDF (_templates/lstm-book-pdf.html).
html_sidebars = {
    "**": [
        "navbar-logo.html",
        "icon-links.html",
        "search-button-field.html",
        "sbt-sidebar-nav.html",
        "lstm-book-pdf.html",
    ]
}
html_static_path = ["_static"]
# The tab's icon: the cell state through the forget gate's ×. With it named here, no browser asks a
# server for /favicon.ico (a 404 in the reader's console when the site is served over HTTP).
html_favicon = "_static/lstm-book-icon.svg"
html_css_files = ["lstm-book.css"]
html_js_files = [("lstm-book-ready.js", {"defer": "defer"})]  # <html data-lstm-book-ready> for the browser tests
html_last_updated_fmt = None  # no dates: two builds give the same bytes
html_theme_options = {
    # The sidebar lists the chapters and the reference pages, not the pages below them (the API
    # reference's one page per module is listed on that page): deeper, the theme draws a toggle
    # whose <summary> has no name (axe: summary-name).
    "max_navbar_depth": 1,
    "show_toc_level": 2,
    "use_download_button": True,
    "home_page_in_toc": True,
}
# pydata-sphinx-theme reads the colour mode from localStorage, falling back to
# this; left empty (the default) it logs "Got invalid theme mode" on a first visit.
html_context = {"default_mode": "auto"}
# MathJax 3 from the site itself (lstm_book.sphinx copies it into _static/vendor).
mathjax_path = "vendor/mathjax/tex-svg.js"


def setup(app):
    # A glued value ("2.1e-09") may hold a hyphen, where a browser may break the line:
    # every glued value without a space is marked, and _static/lstm-book.css keeps it on one line.
    app.connect("doctree-resolved", whole_glued_values)
