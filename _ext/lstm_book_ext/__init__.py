"""Sphinx extension for lstm-book: plotly figures served from the site,
MathJax served from the site, and pages re-executed when lstm_calc changes."""

from __future__ import annotations

from . import assets, mime, sync


def setup(app):
    assets.setup(app)
    mime.setup(app)
    sync.setup(app)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True, "env_version": 3}  # bump when the doctree markers change
