"""A disk cache for the build's expensive, deterministic results (the trained model).

A result is stored under ``$LSTM_BOOK_CACHE`` (the build sets it to
``_build/cache``) in a file named by a hash of everything it depends on: the
source files of the code that computes it, the settings it is computed with,
the versions of Python and numpy, and the BLAS thread settings. Editing any of those changes the name, so
a stale result is never read; nothing else (a hand-set weight, a chapter's
prose) does, so a rebuild after such an edit does not recompute it. Without
``LSTM_BOOK_CACHE`` nothing is stored and ``cached`` simply computes.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import platform
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from types import ModuleType

import numpy as np

from lstm_calc import _check

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None

ROOT = Path(__file__).resolve().parents[1]
BLAS_THREADS = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")


def source_files(modules: Iterable[ModuleType | str]) -> list[Path]:
    """The source files of ``modules``: a package stands for every .py file under it."""
    return _files("modules", modules)


def _files(name: str, modules) -> list[Path]:
    """``source_files``, with bad input refused under the caller's argument ``name``."""
    modules = _check.items(name, modules, empty=True)
    for k, module in enumerate(modules):
        file = getattr(module, "__file__", None) if isinstance(module, ModuleType) else module
        if not isinstance(file, (str, os.PathLike)) or not Path(file).is_file():
            raise ValueError(
                f"{name}[{k}] must be a module or the path of a source file, got {_check.describe(module)}"
            )
    files = []
    for module in modules:
        path = Path(module.__file__ if isinstance(module, ModuleType) else module)
        if path.name == "__init__.py":
            files.extend(sorted(path.parent.rglob("*.py")))
        else:
            files.append(path)
    return files


def key(name: str, sources: Iterable[ModuleType | str], settings: object) -> str:
    """A hash of ``name``, the contents of ``sources``, ``repr(settings)``, the versions and BLAS threads."""
    name, files = _check.text("name", name), _files("sources", sources)
    digest = hashlib.sha256()
    # The BLAS threads change the summation order, and so the trained weights in the last bits.
    threads = [os.environ.get(var, "") for var in BLAS_THREADS]
    for part in (name, repr(settings), platform.python_version(), np.__version__, *threads):
        digest.update(part.encode() + b"\0")
    for path in files:
        rel = path.resolve().relative_to(ROOT) if path.resolve().is_relative_to(ROOT) else path
        digest.update(str(rel).replace(os.sep, "/").encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:32]


def cached(name: str, sources: Iterable[ModuleType | str], settings: object, compute: Callable[[], object]):
    """``compute()``, read from the build's cache when an entry with the same key exists.

    While one kernel computes an entry, another that asks for it waits and then
    reads it (a lock file beside the entry, where the system has ``fcntl``), so
    the build's parallel processes never compute one result twice. The entry is
    written atomically (a temporary file, then a rename): without the lock, two
    kernels computing it at once would both leave a whole file.
    """
    _check.text("name", name), _files("sources", sources), _check.function("compute", compute)
    directory = os.environ.get("LSTM_BOOK_CACHE")
    if not directory:
        return compute()
    path = Path(directory, f"{name}-{key(name, sources, settings)}.pickle")
    path.parent.mkdir(parents=True, exist_ok=True)
    with _locked(path.with_suffix(".lock")):
        if path.exists():
            with path.open("rb") as f:
                return pickle.load(f)
        value = compute()
        with tempfile.NamedTemporaryFile(dir=path.parent, prefix=path.name, suffix=".tmp", delete=False) as f:
            pickle.dump(value, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(f.name, path)
    return value


@contextlib.contextmanager
def _locked(lock: Path):
    """Hold an exclusive lock on the file ``lock`` (created if missing) for the block; the
    system releases it if the process dies. Without ``fcntl`` (Windows), no lock."""
    if fcntl is None:
        yield
        return
    with lock.open("a") as f:
        fcntl.flock(f, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)
