"""Make the references list valid ARIA.

docutils writes a citation list as ``<div role="list">`` whose entries carry
``role="doc-biblioentry"``, a role that ARIA 1.2 deprecates and that does not
count as a list item, so axe-core reports the list as having no items
(``aria-required-children``, critical). Each entry becomes a ``listitem``.
"""

from __future__ import annotations

OLD, NEW = 'role="doc-biblioentry"', 'role="listitem"'


def fix_entries(app, pagename, templatename, context, doctree) -> None:
    body = context.get("body")
    if isinstance(body, str) and OLD in body:
        context["body"] = body.replace(OLD, NEW)


def setup(app):
    app.connect("html-page-context", fix_entries)
