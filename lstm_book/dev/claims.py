"""Every sentence the chapters assert at build time, by page, in one place.

``lstm_book.chapter.claim`` glues each sentence it checks as ``claim_1``,
``claim_2``, … with the page's values; myst-nb keeps them in
``_build/jupyter_execute/<page>.glue.json``. This reads them back.

    python -m lstm_book.dev.claims            # print the claims of _build/html's build
    python -m lstm_book.dev.claims --write    # write them to tests/claims.txt

``tests/claims.txt`` is the reviewed list: ``tests/test_claims.py`` fails when
the built site asserts other sentences than it lists, so adding, changing or
dropping a claim shows up in the diff of that file.
"""

from __future__ import annotations

import ast
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LISTING = ROOT / "tests" / "claims.txt"
HEADER = (
    "# Every sentence the book asserts at build time (lstm_book.chapter.claim), by page.\n"
    "# A build fails when one of them stops holding. Regenerate after changing a claim:\n"
    "#   .venv/bin/python -m lstm_book.dev.claims --write\n"
)


def read(site: Path) -> dict[str, list[str]]:
    """{page: [claimed sentence, …]} from the build whose HTML is in ``site``."""
    executed = Path(site).parent / "jupyter_execute"
    if not executed.is_dir():
        raise ValueError(f"site must be a built site next to its jupyter_execute directory, got {site}")
    claims = {}
    for path in sorted(executed.rglob("*.glue.json")):
        glued = json.loads(path.read_text(encoding="utf-8"))
        numbered = sorted((int(k.split("_")[1]), v) for k, v in glued.items() if k.startswith("claim_"))
        page = path.relative_to(executed).as_posix().removesuffix(".glue.json")
        if numbered:
            claims[page] = [ast.literal_eval(v["data"]["text/plain"]) for _, v in numbered]
    return claims


def listing(claims: dict[str, list[str]]) -> str:
    lines = [HEADER]
    for page, texts in claims.items():
        lines.append(f"\n## {page} ({len(texts)})\n")
        lines += [f"- {' '.join(text.split())}\n" for text in texts]
    return "".join(lines)


def main(argv: list[str]) -> int:
    site = ROOT / "_build" / "html"
    text = listing(read(site))
    if "--write" in argv:
        LISTING.write_text(text, encoding="utf-8")
        print(f"wrote {LISTING.relative_to(ROOT)}")
    else:
        print(text, end="")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
