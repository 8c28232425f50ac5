"""Third-party JavaScript the site serves itself, so that it needs no CDN, and
the book's colours as CSS.

- plotly.js: the "basic" bundle of the version that made the figures
  (``_static/vendor/plotly-basic.min.js``, from the npm package
  ``plotly.js-basic-dist-min``). It holds the trace types the book draws
  (scatter and bar; pie too) and is a quarter of the full bundle that the
  ``plotly`` Python package ships, which is why it is committed: no Python
  package ships it. The build checks its SHA-256 and that its version is the
  one of the installed ``plotly`` package; to update it after an upgrade of
  plotly, take ``plotly-basic.min.js`` from ``npm pack
  plotly.js-basic-dist-min@VERSION`` and update ``PLOTLY_BASIC_SHA256``.
- MathJax 3 (``es5/tex-svg.js``, one self-contained file: the SVG output needs
  no web fonts), copied at build time from ``django-static-mathjax``, the PyPI
  package that ships MathJax 3 without dependencies.
- ``lstm-book-palette.css``: the book's colours (``lstm_book.palette.PALETTE``) as CSS custom properties.
"""

from __future__ import annotations

import filecmp
import hashlib
import importlib.util
import re
import shutil
from pathlib import Path

from sphinx.util import logging

from lstm_book.palette import palette_css

logger = logging.getLogger(__name__)

# package, path inside the package, path under the site's _static/
VENDORED = (("mathjax", "static/mathjax/es5/tex-svg.js", "vendor/mathjax/tex-svg.js"),)
PLOTLY_JS = "vendor/plotly-basic.min.js"  # under _static/, committed
# the npm package plotly.js-basic-dist-min 4.1.1 (tarball integrity sha512-1oNF8PeQx2hv/y7tqEVWKD3JGwn/MGEMQ8mL9HUw
# saqG9FGy/OU5FHUHvzqbqxN4mnwZGI9abTiE775C4kkjMQ==), its plotly-basic.min.js:
PLOTLY_BASIC_SHA256 = "99784e3abfb07b142a15e521a439e6d9addceadb3f79553fd24c72774f0649ba"
PALETTE_CSS = "lstm-book-palette.css"
VERSION = re.compile(rb"plotly\.js(?: \([^)]*\))? v(\d+\.\d+\.\d+)")


def package_file(package: str, relpath: str) -> Path:
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError(f"lstm_book.sphinx needs the Python package {package!r}; run `make html` to install it")
    path = Path(next(iter(spec.submodule_search_locations))) / relpath
    if not path.is_file():
        raise RuntimeError(f"{path} is missing from the installed {package!r} package")
    return path


def plotly_version(path: Path) -> str:
    """The version a plotly.js bundle states in its header comment."""
    found = VERSION.search(path.read_bytes()[:400])
    if found is None:
        raise RuntimeError(f"{path} does not state a plotly.js version in its first lines")
    return found.group(1).decode()


def check_plotly_bundle(srcdir: Path) -> Path:
    """The committed plotly.js bundle, after checking it is the pinned file and the
    version the installed plotly package (which wrote the figures) was made for."""
    bundle = srcdir / "_static" / PLOTLY_JS
    digest = hashlib.sha256(bundle.read_bytes()).hexdigest()
    if digest != PLOTLY_BASIC_SHA256:
        raise RuntimeError(f"{bundle}: SHA-256 {digest}, expected {PLOTLY_BASIC_SHA256} (lstm_book/sphinx/assets.py)")
    ours, theirs = plotly_version(bundle), plotly_version(package_file("plotly", "package_data/plotly.min.js"))
    if ours != theirs:
        raise RuntimeError(
            f"{bundle} is plotly.js {ours} but the installed plotly package makes figures for plotly.js {theirs}: "
            f"update the bundle (see lstm_book/sphinx/assets.py)"
        )
    return bundle


def write_if_changed(path: Path, text: str) -> None:
    if not path.is_file() or path.read_text(encoding="utf-8") != text:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def copy_vendored(app) -> None:
    """Put the vendored files, the palette's stylesheet and myst-nb's stylesheet
    into the output before any page is written.

    Sphinx appends ``?v=<checksum>`` to an asset's URL only if the file is
    already in the output when the page is written. myst-nb copies its CSS at
    the end of the build, so a clean build and the rebuild after it would link
    the same files differently; copying everything up front makes every build
    write the same bytes.
    """
    if app.builder.format != "html":
        return
    from myst_nb.sphinx_ext import add_global_html_resources

    check_plotly_bundle(Path(app.srcdir))
    Path(app.outdir, "_static").mkdir(parents=True, exist_ok=True)
    add_global_html_resources(app, None)
    write_if_changed(Path(app.outdir, "_static", PALETTE_CSS), palette_css())
    for package, relpath, target in VENDORED:
        src, dst = package_file(package, relpath), Path(app.outdir, "_static", target)
        if dst.is_file() and filecmp.cmp(src, dst, shallow=False):
            continue
        dst.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, dst)  # copyfile: no mtime from site-packages leaks into the site
        logger.info(f"copied {package}'s {relpath} to _static/{target}")


def setup(app):
    app.connect("builder-inited", copy_vendored)
    app.add_css_file(PALETTE_CSS)
