"""Keep executed pages in sync with the code they run, and re-execute nothing else.

The book executes a page whenever Sphinx reads it (``nb_execution_mode =
"force"``), and Sphinx re-reads a page when one of its recorded dependencies is
newer than the page's last read. This module records, as a page's
dependencies, the project's Python files (``lstm_calc`` and ``lstm_book``) that
its kernel *actually imported*:

- before a page is read, ``LSTM_BOOK_IMPORTS`` (in the environment the kernel
  inherits) names a file for it, and ``IPYTHONDIR`` points at a startup script
  (written here) that, after every cell, writes there the project's modules
  the kernel has imported so far;
- once the page is parsed (and so executed), each of those files becomes a
  dependency of the page.

Editing a module therefore re-executes exactly the pages whose kernels imported
it, and a rebuild with nothing changed reads, and executes, nothing. A page
whose kernel imports nothing of the project depends on none of it. A file that
is deleted or renamed is a missing dependency, which Sphinx counts as changed.
A page that is deleted takes its outputs with it (``drop_removed``).
(jupyter-cache would not do: it hashes the cells only, and would serve outputs
computed with the old code.)

``LSTM_BOOK_CACHE`` (also inherited by the kernels) names the build's cache
directory, ``<build>/cache``, where expensive deterministic results are kept
(``lstm_book.cache``).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from sphinx.util.parallel import make_chunks

# Run by every kernel of the build at start (IPython's startup directory).
STARTUP = Path(__file__).with_name("kernel_startup.py")


def imports_file(app, docname: str) -> Path:
    return Path(app.doctreedir, "imports", docname.replace("/", "__") + ".json")


def prepare_kernels(app) -> None:
    """The startup script, and the environment every kernel of this build inherits."""
    ipython = Path(app.doctreedir, "ipython")
    startup = ipython / "profile_default" / "startup" / "00-lstm-book-imports.py"
    startup.parent.mkdir(parents=True, exist_ok=True)
    text = STARTUP.read_text(encoding="utf-8")
    if not startup.exists() or startup.read_text(encoding="utf-8") != text:
        startup.write_text(text, encoding="utf-8")
    Path(app.doctreedir, "imports").mkdir(parents=True, exist_ok=True)
    os.environ["IPYTHONDIR"] = str(ipython)
    os.environ["LSTM_BOOK_SRCDIR"] = os.path.realpath(app.srcdir)
    os.environ.setdefault("LSTM_BOOK_CACHE", str(Path(app.doctreedir).parent / "cache"))


def before_read(app, docname: str, source: list[str]) -> None:
    """Name the file this page's kernel will record its imports in (and clear an old one)."""
    target = imports_file(app, docname)
    target.unlink(missing_ok=True)
    os.environ["LSTM_BOOK_IMPORTS"] = str(target)


def note_imports(app, doctree) -> None:
    """After the page executed: every project file its kernel imported is a dependency."""
    target = imports_file(app, app.env.docname)
    if target.exists():
        for rel in json.loads(target.read_text(encoding="utf-8")):
            app.env.note_dependency(rel)
    os.environ.pop("LSTM_BOOK_IMPORTS", None)


def read_first(app, env, docnames: list[str]) -> None:
    """Order the pages to read so that each of Sphinx's parallel processes starts with one of
    the groups of ``lstm_book_read_groups``, and the rest sorted.

    With ``-j``, Sphinx cuts the pages to read, in this order, into runs of
    consecutive pages (``sphinx.util.parallel.make_chunks``) and reads the first
    of them in its processes at once, the others as processes come free. Each
    group goes at the head of one of those first runs, and the other pages fill
    the runs after them; read one after another, the groups come first in turn.
    The order only spreads the work: a page that needs a cached result another
    page computes waits for it (``lstm_book.cache.cached``).
    """
    groups = [[name for name in group if name in docnames] for group in app.config.lstm_book_read_groups]
    grouped = {name for group in groups for name in group}
    rest = sorted(name for name in docnames if name not in grouped)
    if app.parallel > 1:  # Sphinx reads in parallel (sphinx.builders.Builder.read)
        sizes = [len(chunk) for chunk in make_chunks(docnames, app.parallel)][: app.parallel]
    else:
        sizes = []
    if len(groups) > len(sizes) or any(len(group) > size for group, size in zip(groups, sizes)):
        docnames[:] = [name for group in groups for name in group] + rest
        return
    order = []
    for group, size in zip(groups, sizes):
        fill = size - len(group)
        order += group + rest[:fill]
        rest = rest[fill:]
    docnames[:] = order + rest


def drop_removed(app, env, added, changed, removed) -> list[str]:
    """A page whose source is gone leaves nothing behind: Sphinx forgets it but keeps what it
    wrote for it (its HTML, its sources and notebook under ``_sources``, its executed notebook),
    which an incremental build would go on publishing. A clean build never has them."""
    outdir, executed = Path(app.outdir), Path(app.outdir).parent / "jupyter_execute"
    for docname in sorted(removed):
        sources = [outdir / "_sources" / f"{docname}{suffix}" for suffix in [*app.config.source_suffix, ".ipynb"]]
        for path in [outdir / f"{docname}.html", imports_file(app, docname), executed / f"{docname}.ipynb", *sources]:
            path.unlink(missing_ok=True)
    return []


def setup(app):
    app.add_config_value("lstm_book_read_groups", [], "", types=[list])
    app.connect("env-get-outdated", drop_removed)
    app.connect("env-before-read-docs", read_first)
    app.connect("builder-inited", prepare_kernels)
    app.connect("source-read", before_read)
    app.connect("doctree-read", note_imports)
