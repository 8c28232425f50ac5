"""Render plotly's ``application/vnd.plotly.v1+json`` notebook output.

myst-nb 1.4 has no renderer for this mime type and drops plotly figures with a
``mystnb.unknown_mime_type`` warning. This plugin (registered under the
``myst_nb.mime_renderers`` entry point in pyproject.toml) turns the figure's
JSON into a placeholder ``<div>`` holding the spec as inert JSON; the page's
``_static/lstm-book-plotly.js`` draws it with the site's own plotly.js.

Div ids are numbered per page in document order, so two builds give the same
HTML (plotly's own ``to_html`` uses a random uuid). Only pages that hold a
figure load plotly.js, once.
"""

from __future__ import annotations

import json
import re

from docutils import nodes

from .assets import PLOTLY_JS

MIME = "application/vnd.plotly.v1+json"
CSS_CLASS = "lstm-book-plotly"
LOADER_JS = "lstm-book-plotly.js"
MARKER = "lstm_book_plotly"  # attribute of the raw nodes holding a figure
CONFIG = {"responsive": True, "displaylogo": False}  # overrides the figure's own config


def inert_json(value) -> str:
    """JSON safe inside <script type="application/json">: no "<", ">" or "&"
    survives, so a string holding "</script>" cannot end the element."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def figure_html(spec: dict, div_id: str) -> str:
    layout = spec.get("layout", {})
    title = layout.get("title", {})
    title = title.get("text", "") if isinstance(title, dict) else str(title)
    label = re.sub(r"<[^>]*>", "", title) or "Interactive chart"
    height = layout.get("height", 450)
    payload = {"data": spec.get("data", []), "layout": layout, "config": {**spec.get("config", {}), **CONFIG}}
    return (
        f'<div class="{CSS_CLASS}" id="{div_id}" role="figure" aria-label="{_attr(label)}" '
        f'style="min-height:{int(height)}px">'
        f'<script type="application/json">{inert_json(payload)}</script></div>'
    )


def _attr(text: str) -> str:
    return text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;").replace(">", "&gt;")


class PlotlyMimeRenderer:
    """A myst-nb ``MimeRenderPlugin`` for plotly figures."""

    mime_priority_overrides = [(builder, MIME, 5) for builder in ("html", "dirhtml", "singlehtml", "readthedocs")]

    @staticmethod
    def handle_mime(renderer, data, inline):
        if data.mime_type != MIME:
            return None
        document = renderer.renderer.document
        count = document.get("lstm_book_plotly_count", 0) + 1
        document["lstm_book_plotly_count"] = count
        env = getattr(document.settings, "env", None)
        page = env.docname if env is not None else "page"
        div_id = "plotly-" + re.sub(r"[^A-Za-z0-9]+", "-", page).strip("-") + f"-{count}"
        spec = data.content if isinstance(data.content, dict) else json.loads(data.string)
        node = nodes.raw("", figure_html(spec, div_id), format="html")
        node[MARKER] = True  # not a class: Sphinx would wrap the raw HTML in a <div> of that class
        return [node]


def has_figure(doctree) -> bool:
    return any(node.get(MARKER) for node in doctree.findall(nodes.raw))


def add_plotly_js(app, pagename, templatename, context, doctree) -> None:
    """Load plotly.js and the loader on pages with a figure, and only there."""
    if doctree is not None and has_figure(doctree):
        app.builder.add_js_file(PLOTLY_JS, defer="defer")
        app.builder.add_js_file(LOADER_JS, defer="defer")


def setup(app):
    app.connect("html-page-context", add_plotly_js)
