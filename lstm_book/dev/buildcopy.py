"""Building a copy of the repository: shared by the build tests and `make bench`.

The copy's own ``lstm_calc`` and ``lstm_book`` must be the ones Sphinx and the
kernels import, not the checkout installed (editable) in the environment: the
build is run with the copy's root first on ``PYTHONPATH``. (``make html`` in a
checkout needs no such thing: the editable install points at that checkout.)
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]  # the repository: lstm_book/dev/buildcopy.py -> ./


def copy_repo(dest: Path) -> Path:
    """The tracked and untracked (not ignored) files of the repository, copied to ``dest``."""
    listed = (
        subprocess.run(
            ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
            cwd=ROOT,
            check=True,
            capture_output=True,
        )
        .stdout.decode()
        .split("\0")
    )
    for rel in filter(None, listed):
        src = ROOT / rel
        if src.is_file():
            (dest / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / rel)
    return dest


def sphinx_build(srcdir: Path) -> subprocess.CompletedProcess:
    """`make html`'s build (``make build-html``: Sphinx into ``_build/staging``, then published to
    ``_build/html`` if it succeeded) in ``srcdir``, with this environment's Python."""
    return subprocess.run(sphinx_command(srcdir), cwd=srcdir, capture_output=True, text=True, env=copy_env(srcdir))


def sphinx_command(srcdir: Path) -> list[str]:
    """The command of ``sphinx_build``, to run in ``srcdir`` with ``copy_env(srcdir)``."""
    venv = Path(sys.executable).parent.parent
    return ["make", "--no-print-directory", "build-html", f"VENV={venv}"]


def copy_env(root: Path) -> dict:
    """The environment that makes a build in ``root`` import ``root``'s packages and keep
    its cache in its own ``_build/cache`` (not in the one the calling process may use)."""
    env = {k: v for k, v in os.environ.items() if k != "LSTM_BOOK_CACHE"}
    return env | {"PYTHONPATH": str(Path(root).resolve())}


def executed_pages(output: str) -> list[str]:
    """The pages whose notebooks a build executed, from myst-nb's log lines in its ``output``."""
    marker = ": Executing notebook using"
    return [line.split(marker)[0] for line in output.splitlines() if marker in line]
