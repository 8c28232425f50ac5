"""Keep executed pages in sync with lstm_calc.

Sphinx re-reads a page when one of its recorded dependencies is newer than the
page's last read, and the book executes notebooks on every read
(``nb_execution_mode = "force"``). Recording every ``lstm_calc`` source file as
a dependency of each page that imports it therefore re-executes exactly those
pages after an edit to the library, and a rebuild with nothing changed reads,
and executes, nothing. (jupyter-cache would not do: it hashes the cells only,
and would serve outputs computed with the old library.)
"""

from __future__ import annotations

import re
from pathlib import Path

LIBRARY = "lstm_calc"
IMPORTS_LIBRARY = re.compile(rf"^\s*(from|import)\s+{LIBRARY}\b", re.MULTILINE)


def library_files(srcdir: Path) -> list[str]:
    """Every file of the library, relative to the source directory."""
    root = Path(srcdir, LIBRARY)
    return sorted(str(p.relative_to(srcdir)) for p in root.rglob("*.py") if "__pycache__" not in p.parts)


def note_library_dependency(app, docname: str, source: list[str]) -> None:
    if IMPORTS_LIBRARY.search(source[0]):
        for path in library_files(Path(app.srcdir)):
            app.env.note_dependency(path, docname=docname)


def setup(app):
    app.connect("source-read", note_library_dependency)
