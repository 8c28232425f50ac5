"""The Chromium the tests, the benchmark and `make pdf` drive (Debian's, through Playwright),
and the flags they all start it with (no background traffic on a closed network)."""

from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
