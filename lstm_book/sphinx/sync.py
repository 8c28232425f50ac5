"""Keep executed pages in sync with the code they run.

Sphinx re-reads a page when one of its recorded dependencies is newer than the
page's last read, and the book executes notebooks on every read
(``nb_execution_mode = "force"``). Recording every source file of
``lstm_calc`` and of the book layer (``lstm_book``, without its Sphinx
extension and developer tools, which no page runs) as a dependency of each
page that imports either therefore re-executes exactly those pages after an
edit, and a rebuild with nothing changed reads, and executes, nothing.
(jupyter-cache would not do: it hashes the cells only, and would serve outputs
computed with the old code.)
"""

from __future__ import annotations

import re
from pathlib import Path

PACKAGES = ("lstm_calc", "lstm_book")
NOT_RUN_BY_PAGES = ("lstm_book/sphinx", "lstm_book/dev")
IMPORTS_PROJECT = re.compile(rf"^\s*(from|import)\s+({'|'.join(PACKAGES)})\b", re.MULTILINE)


def project_files(srcdir: Path) -> list[str]:
    """Every Python file a page's kernel may import, relative to the source directory."""
    found = []
    for package in PACKAGES:
        for p in Path(srcdir, package).rglob("*.py"):
            rel = p.relative_to(srcdir).as_posix()
            if "__pycache__" not in p.parts and not rel.startswith(NOT_RUN_BY_PAGES):
                found.append(rel)
    return sorted(found)


def note_project_dependency(app, docname: str, source: list[str]) -> None:
    if IMPORTS_PROJECT.search(source[0]):
        for path in project_files(Path(app.srcdir)):
            app.env.note_dependency(path, docname=docname)


def setup(app):
    app.connect("source-read", note_project_dependency)
