"""Rewrite every page when something every page shows has changed.

Sphinx rewrites, in an incremental build, only the pages whose sources (or
recorded dependencies) changed. But every page also shows what belongs to the
whole site: the navigation (the toctrees, in order, with each entry's title),
the previous and next links, and the site's stylesheets and scripts, linked
with a checksum of their contents (``lstm-book.css?v=...``). After a page was
added to a toctree, a chapter renamed or the stylesheet edited, the pages not
rewritten kept the old navigation and the old checksums: the incremental site
was not the clean one.

Here, once the pages are read (``env-updated``), a fingerprint of those shared
parts is compared with the one of the last successful build; when it differs,
every page is rewritten (written, not re-read: no notebook is executed again).
The fingerprint is stored when a build succeeds (``build-finished``).
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
from pathlib import Path

from lstm_book.palette import palette_css

FINGERPRINT = "lstm-book-shared.json"  # in the doctree directory, beside Sphinx's environment

# The packages whose templates and static files are in every page.
PACKAGES = ("sphinx", "sphinx-book-theme", "pydata-sphinx-theme", "myst-nb", "sphinx-design", "sphinx-copybutton")


def static_files(app) -> list[tuple[str, Path]]:
    """The files of the ``html_static_path`` directories (the project's, and those extensions
    add), each with its path under the site's ``_static/``."""
    found = []
    for entry in app.config.html_static_path:
        root = Path(app.confdir, entry)
        if root.is_dir():
            found += [(p.relative_to(root).as_posix(), p) for p in sorted(root.rglob("*")) if p.is_file()]
        elif root.is_file():
            found.append((root.name, root))
    return found


def fingerprint(app, env) -> dict:
    """What every page shows of the whole site, as a hash per part."""

    def digest(*parts) -> str:
        h = hashlib.sha256()
        for part in parts:
            h.update(part if isinstance(part, bytes) else str(part).encode())
            h.update(b"\0")
        return h.hexdigest()

    # the pages the navigation lists (a page outside every toctree, an orphan, is in no other page)
    listed = sorted({app.config.root_doc, *(doc for docs in env.toctree_includes.values() for doc in docs)})
    toctrees = {doc: env.toctree_includes[doc] for doc in listed if doc in env.toctree_includes}
    titles = {doc: env.titles[doc].astext() for doc in listed if doc in env.titles}
    static = []
    for name, path in static_files(app):
        static += [name, path.read_bytes()]
    versions = [f"{name}=={importlib.metadata.version(name)}" for name in PACKAGES]
    return {
        "navigation": digest(json.dumps(toctrees, sort_keys=True), json.dumps(titles, sort_keys=True)),
        "static": digest(*static, palette_css()),
        "packages": digest(*versions),
    }


def stored(app) -> dict | None:
    path = Path(app.doctreedir, FINGERPRINT)
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def pages_to_rewrite(app, env) -> list[str]:
    """Every page, when what they share changed since the last successful build; else none."""
    now = fingerprint(app, env)
    app.lstm_book_shared = now  # stored once the build succeeds
    if stored(app) == now:
        return []
    return sorted(env.found_docs)


def store(app, exception) -> None:
    now = getattr(app, "lstm_book_shared", None)
    if exception is None and now is not None and app.builder.format == "html":
        Path(app.doctreedir, FINGERPRINT).write_text(json.dumps(now, sort_keys=True), encoding="utf-8")


def setup(app):
    app.connect("env-updated", pages_to_rewrite)
    app.connect("build-finished", store)
