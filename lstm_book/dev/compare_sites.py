"""Compare the numbers of two built sites: ``python -m lstm_book.dev.compare_sites OLD NEW``.

For a change that should move code and not numbers (a refactoring), this lists,
page by page, the numbers shown in the text (tables, prose) and held in the
charts' and explorables' data of OLD that NEW no longer shows. Text numbers are
compared as shown (their rounding is the page's); data numbers with a relative
tolerance, since a different but equivalent order of float64 operations may
move the last bits.
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from pathlib import Path

from bs4 import BeautifulSoup

NUMBER = re.compile(r"[−-]?\d+(?:\.\d+)?(?:e[−+-]?\d+)?")


def page_numbers(path: Path) -> tuple[Counter, list[float]]:
    """The numbers of a page's visible text (as strings), and of its JSON data (as floats)."""
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    data: list[float] = []
    for script in soup.select('script[type="application/json"]'):
        data += _floats(json.loads(script.string or "null"))
        script.decompose()
    for tag in soup(["script", "style", "head", "nav", "footer"]):
        tag.decompose()
    for tag in soup.select("div.cell_input, div.highlight, pre, div.sd-tab-set label"):  # code, not numbers shown
        tag.decompose()
    main = soup.find("main") or soup
    text = " ".join(main.get_text(" ").split())
    return Counter(m.replace("−", "-") for m in NUMBER.findall(text)), sorted(data)


def _floats(value) -> list[float]:
    if isinstance(value, bool):
        return []
    if isinstance(value, (int, float)):
        return [float(value)]
    if isinstance(value, dict):
        return [v for item in value.values() for v in _floats(item)]
    if isinstance(value, list):
        return [v for item in value for v in _floats(item)]
    return []


def missing_data(old: list[float], new: list[float], rtol: float = 1e-9, atol: float = 1e-12) -> list[float]:
    """Values of ``old`` with no partner in ``new`` within tolerance (both sorted)."""
    out, j = [], 0
    for v in old:
        while j < len(new) and new[j] < v - max(atol, rtol * abs(v)):
            j += 1
        if j < len(new) and abs(new[j] - v) <= max(atol, rtol * abs(v)):
            j += 1
        else:
            out.append(v)
    return out


def compare(old_site: Path, new_site: Path) -> dict:
    report = {}
    for old_page in sorted(old_site.rglob("*.html")):
        rel = old_page.relative_to(old_site)
        new_page = new_site / rel
        if not new_page.is_file():
            report[str(rel)] = {"missing page": True}
            continue
        (old_text, old_data), (new_text, new_data) = page_numbers(old_page), page_numbers(new_page)
        gone_text = old_text - new_text
        gone_data = missing_data(old_data, new_data)
        if gone_text or gone_data:
            report[str(rel)] = {
                "text numbers no longer shown": dict(gone_text),
                "data values no longer held": len(gone_data),
                "examples": gone_data[:5],
                "text numbers in all": sum(old_text.values()),
                "data values in all": len(old_data),
            }
    return report


if __name__ == "__main__":
    if len(sys.argv) != 3:
        raise SystemExit("usage: python -m lstm_book.dev.compare_sites OLD_SITE NEW_SITE")
    print(json.dumps(compare(Path(sys.argv[1]), Path(sys.argv[2])), indent=1, ensure_ascii=False))
