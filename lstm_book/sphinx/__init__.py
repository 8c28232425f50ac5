"""The book's Sphinx extension (``extensions = ["lstm_book.sphinx"]``): plotly
figures and explorables, plotly.js and MathJax served from the site,
accessible pandas tables, .ipynb downloads, pages re-executed when code they
imported changes, a search index that stays whole across rebuilds, and every page
rewritten when the navigation or the stylesheets all pages share have changed."""

from __future__ import annotations

from . import assets, citations, downloads, mime, rewrite, search, sync


def setup(app):
    assets.setup(app)
    mime.setup(app)
    downloads.setup(app)
    sync.setup(app)
    citations.setup(app)
    search.setup(app)
    rewrite.setup(app)
    return {
        "version": "1",
        "parallel_read_safe": True,
        "parallel_write_safe": True,
        "env_version": 4,
    }  # bump when the doctree markers change
