"""Render the book's rich outputs: plotly figures, explorables, and pandas tables.

myst-nb 1.4 has no renderer for plotly's ``application/vnd.plotly.v1+json``
and drops such figures with a ``mystnb.unknown_mime_type`` warning; the
explorables of ``lstm_book.explorables`` have a MIME type of their own. This
plugin (registered under the ``myst_nb.mime_renderers`` entry point in
pyproject.toml) turns each into a placeholder ``<div>`` holding its data as
inert JSON, which a script of the site's ``_static`` brings to life:
``lstm-book-plotly.js`` loads the site's own plotly.js and draws figures in the
page's colour mode, then runs ``lstm-book-explorables.js``, which builds the
explorables. A figure's template is left out of the page: the site draws every
figure with a template in the page's mode.

pandas tables keep myst-nb's rendering, with the fixes of ``tables.py``.

Ids are numbered per page in document order, so two builds give the same HTML
(plotly's own ``to_html`` uses a random uuid). Only pages that need them load
the scripts, once each.
"""

from __future__ import annotations

import json
import re

from docutils import nodes

from .assets import PLOTLY_JS
from .html_tables import accessible_tables

PLOTLY_MIME = "application/vnd.plotly.v1+json"
EXPLORABLE_MIME = "application/vnd.lstm-book.explorable+json"
MARKER = "lstm_book_needs"  # attribute of the raw nodes: which scripts the page must load
LOADER = "lstm-book-plotly.js"  # the one script a page with charts names; it loads the others, after DOMContentLoaded
EXPLORABLES_JS = "lstm-book-explorables.js"
CONFIG = {"responsive": True, "displaylogo": False}  # overrides the figure's own config


def inert_json(value) -> str:
    """JSON safe inside <script type="application/json">: no "<", ">" or "&"
    survives, so a string holding "</script>" cannot end the element."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def attr(text: str) -> str:
    return text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;").replace(">", "&gt;")


def plotly_html(spec: dict, div_id: str) -> str:
    layout = spec.get("layout", {})
    title = layout.get("title", {})
    title = title.get("text", "") if isinstance(title, dict) else str(title)
    label = re.sub(r"<[^>]*>", "", title) or "Interactive chart"
    layout = {k: v for k, v in layout.items() if k != "template"}  # the page supplies one in its colour mode
    payload = {"data": spec.get("data", []), "layout": layout, "config": {**spec.get("config", {}), **CONFIG}}
    return (
        f'<div class="lstm-book-plotly" id="{div_id}" role="figure" aria-label="{attr(label)}" '
        f'style="min-height:{int(layout.get("height", 450))}px">'
        f'<script type="application/json">{inert_json(payload)}</script></div>'
    )


def explorable_html(spec: dict, div_id: str) -> str:
    kind = re.sub(r"[^a-z]", "", str(spec["kind"]))
    return (
        f'<div class="lstm-explorable" data-kind="{kind}" id="{div_id}" role="group" '
        f'aria-label="{attr(spec["label"])}">'
        f'<script type="application/json">{inert_json(spec["data"])}</script>'
        f'<p class="lstm-explorable-fallback">This explorable needs JavaScript. '
        f"The tables of this page hold the worked sentence's numbers.</p>"
        f"</div>"
    )


class BookMimeRenderer:
    """A myst-nb ``MimeRenderPlugin`` for plotly figures and explorables."""

    mime_priority_overrides = [
        (builder, mime, 5)
        for builder in ("html", "dirhtml", "singlehtml", "readthedocs")
        for mime in (PLOTLY_MIME, EXPLORABLE_MIME)
    ]

    @staticmethod
    def handle_mime(renderer, data, inline):
        if data.mime_type == "text/html" and 'class="dataframe"' in data.string and not inline:
            # as myst-nb's own text/html rendering, with pandas' tables made accessible
            return [nodes.raw("", accessible_tables(data.string), format="html", classes=["output", "text_html"])]
        if data.mime_type not in (PLOTLY_MIME, EXPLORABLE_MIME):
            return None
        document = renderer.renderer.document
        count = document.get("lstm_book_output_count", 0) + 1
        document["lstm_book_output_count"] = count
        env = getattr(document.settings, "env", None)
        page = re.sub(r"[^A-Za-z0-9]+", "-", env.docname if env is not None else "page").strip("-")
        spec = data.content if isinstance(data.content, dict) else json.loads(data.string)
        if data.mime_type == PLOTLY_MIME:
            html, needs = plotly_html(spec, f"plotly-{page}-{count}"), "plotly"
        else:
            html, needs = explorable_html(spec, f"explorable-{page}-{count}"), "explorables"
        node = nodes.raw("", html, format="html")
        node[MARKER] = needs  # not a class: Sphinx would wrap the raw HTML in a <div> of that class
        return [node]


def add_scripts(app, pagename, templatename, context, doctree) -> None:
    """Load the charts' script on pages with a chart or an explorable, and nothing on other pages.

    The script's attributes name what it loads, relative to itself: plotly.js, and on
    pages with an explorable, the explorables' script."""
    if doctree is None:
        return
    needs = {node.get(MARKER) for node in doctree.findall(nodes.raw)} & {"plotly", "explorables"}
    if not needs:
        return
    attributes = {"defer": "defer", "data-plotly": PLOTLY_JS}
    if "explorables" in needs:
        attributes["data-explorables"] = EXPLORABLES_JS
    app.builder.add_js_file(LOADER, **attributes)


def setup(app):
    app.connect("html-page-context", add_scripts)
