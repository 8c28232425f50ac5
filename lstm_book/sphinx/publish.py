"""Publish a successful build: ``python -m lstm_book.sphinx.publish STAGING SITE``.

``make html`` builds into a staging directory, which keeps Sphinx's
incremental state, and only after a successful build copies it over the
published site. A failed build therefore leaves the last good site as it was.
The copy goes to a sibling directory first and is swapped in with two renames,
so a reader never sees a half-copied site.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path


def publish(staging: Path, site: Path) -> None:
    if not (staging / "index.html").is_file():
        raise SystemExit(f"publish: {staging} holds no built site (no index.html); {site} is left as it was")
    fresh, old = site.with_name(site.name + ".new"), site.with_name(site.name + ".old")
    for leftover in (fresh, old):
        shutil.rmtree(leftover, ignore_errors=True)
    # .buildinfo.bak: Sphinx keeps the previous build's settings there when they change (not part of the site).
    shutil.copytree(staging, fresh, ignore=shutil.ignore_patterns(".doctrees", ".buildinfo.bak"))
    if site.exists():
        site.rename(old)
    fresh.rename(site)
    shutil.rmtree(old, ignore_errors=True)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        raise SystemExit("usage: python -m lstm_book.sphinx.publish STAGING SITE")
    publish(Path(sys.argv[1]), Path(sys.argv[2]))
