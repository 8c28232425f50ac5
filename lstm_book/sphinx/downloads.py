"""Offer every chapter as an executed .ipynb next to its .md source.

myst-nb keeps each executed notebook in ``_build/jupyter_execute``; this copies
it to the page's ``_sources`` and tells sphinx-book-theme's download button
about it (the ``ipynb_source`` context key, as Jupyter Book sets it). The copy
is made reproducible: nbformat's random cell ids become ``cell-1``, ``cell-2``,
… and myst's internal ``source_map`` and the jupytext pairing are dropped.
"""

from __future__ import annotations

import json
from pathlib import Path


def reproducible(nb: dict) -> dict:
    nb = dict(nb)
    nb["metadata"] = {k: v for k, v in nb.get("metadata", {}).items() if k not in ("source_map", "jupytext")}
    nb["cells"] = [{**cell, "id": f"cell-{k}"} for k, cell in enumerate(nb.get("cells", []), 1)]
    return nb


def add_ipynb(app, pagename, templatename, context, doctree) -> None:
    executed = Path(app.outdir).parent / "jupyter_execute" / f"{pagename}.ipynb"
    if doctree is None or not executed.is_file():
        return
    target = Path(app.outdir, "_sources", f"{pagename}.ipynb")
    target.parent.mkdir(parents=True, exist_ok=True)
    nb = reproducible(json.loads(executed.read_text(encoding="utf-8")))
    target.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    context["ipynb_source"] = f"{pagename}.ipynb"


def setup(app):
    app.connect("html-page-context", add_ipynb, priority=400)  # before the theme builds its buttons (500)
