"""Run by every kernel of a build at start (copied into IPython's startup directory
by ``lstm_book.sphinx.sync``): after every cell, write the project's modules the
kernel has imported so far to the file ``$LSTM_BOOK_IMPORTS`` names, as paths
relative to ``$LSTM_BOOK_SRCDIR``. It imports nothing of the project itself."""

import json
import os
import sys

from IPython import get_ipython

PACKAGES = ("lstm_calc", "lstm_book")


def record_imports(*_) -> None:
    target, root = os.environ.get("LSTM_BOOK_IMPORTS"), os.environ.get("LSTM_BOOK_SRCDIR")
    if not target or not root:
        return
    files = set()
    for name, module in list(sys.modules.items()):
        path = getattr(module, "__file__", None)
        if name.split(".")[0] in PACKAGES and path:
            rel = os.path.relpath(os.path.realpath(path), root)
            if not rel.startswith(".."):
                files.add(rel.replace(os.sep, "/"))
    tmp = target + ".tmp"
    with open(tmp, "w", encoding="utf-8") as out:
        json.dump(sorted(files), out)
    os.replace(tmp, target)


if get_ipython() is not None:
    get_ipython().events.register("post_run_cell", record_imports)
