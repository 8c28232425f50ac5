"""Third-party JavaScript the site serves itself, copied at build time from the
installed Python packages so the repository holds no vendored copy and the
site needs no CDN.

- plotly.js from the ``plotly`` package (the version that made the figures);
- MathJax 3 (``es5/tex-svg.js``, one self-contained file: the SVG output needs
  no web fonts) from ``django-static-mathjax``, the PyPI package that ships
  MathJax 3 without dependencies.
"""

from __future__ import annotations

import filecmp
import importlib.util
import shutil
from pathlib import Path

from sphinx.util import logging

logger = logging.getLogger(__name__)

# package, path inside the package, path under the site's _static/
VENDORED = (
    ("plotly", "package_data/plotly.min.js", "vendor/plotly.min.js"),
    ("mathjax", "static/mathjax/es5/tex-svg.js", "vendor/mathjax/tex-svg.js"),
)
PLOTLY_JS = VENDORED[0][2]


def package_file(package: str, relpath: str) -> Path:
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError(f"lstm_book.sphinx needs the Python package {package!r}; run `make html` to install it")
    path = Path(next(iter(spec.submodule_search_locations))) / relpath
    if not path.is_file():
        raise RuntimeError(f"{path} is missing from the installed {package!r} package")
    return path


def copy_vendored(app) -> None:
    """Put the vendored files, and myst-nb's stylesheet, into the output before
    any page is written.

    Sphinx appends ``?v=<checksum>`` to an asset's URL only if the file is
    already in the output when the page is written. myst-nb copies its CSS at
    the end of the build, so a clean build and the rebuild after it would link
    the same files differently; copying everything up front makes every build
    write the same bytes.
    """
    if app.builder.format != "html":
        return
    from myst_nb.sphinx_ext import add_global_html_resources

    Path(app.outdir, "_static").mkdir(parents=True, exist_ok=True)
    add_global_html_resources(app, None)
    for package, relpath, target in VENDORED:
        src, dst = package_file(package, relpath), Path(app.outdir, "_static", target)
        if dst.is_file() and filecmp.cmp(src, dst, shallow=False):
            continue
        dst.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, dst)  # copyfile: no mtime from site-packages leaks into the site
        logger.info(f"copied {package}'s {relpath} to _static/{target}")


def setup(app):
    app.connect("builder-inited", copy_vendored)
