"""The Contributing page's commands work from a fresh clone: every `make` target it names
exists, every command that needs the test tools comes after a target that installs them,
and every file, marker and test it points at is there."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import chapter_docnames

ROOT = Path(__file__).resolve().parents[1]
PAGE = (ROOT / "book" / "contributing.md").read_text(encoding="utf-8")
TEST_TOOLS = ".venv/.test-installed"  # the Makefile's stamp of requirements/test.txt


def shell_blocks() -> list[list[str]]:
    """The commands of each ```sh block of the page, comments dropped."""
    blocks = re.findall(r"```sh\n(.*?)```", PAGE, flags=re.S)
    return [[line.split("#")[0].strip() for line in b.splitlines() if line.split("#")[0].strip()] for b in blocks]


def make_rules() -> dict[str, list[str]]:
    """Each Makefile target and its prerequisites, with $(VENV) as .venv."""
    text = (ROOT / "Makefile").read_text(encoding="utf-8").replace("$(VENV)", ".venv")
    rules = {}
    for target, prereqs in re.findall(r"^([\w./-]+):(?!=)([^\n]*)$", text, flags=re.M):
        rules[target] = prereqs.split()
    return rules


def needs(target: str, rules: dict) -> set[str]:
    """Every prerequisite of ``target``, transitively."""
    out, todo = set(), [target]
    while todo:
        for p in rules.get(todo.pop(), []):
            if p not in out:
                out.add(p)
                todo.append(p)
    return out


def test_every_make_target_on_the_page_exists():
    rules = make_rules()
    named = set(re.findall(r"\bmake ([\w-]+)", PAGE))
    assert {"html", "test", "test-env", "lint"} <= named
    assert named <= set(rules), named - set(rules)


def test_the_test_tools_are_installed_before_they_are_used():
    """`make html` installs the book's requirements only: pytest, torch and ruff are in
    requirements/test.txt. A block that runs them must first run a target that installs
    them (the page once said `make html` and then pytest, which failed on a fresh clone)."""
    docs = (ROOT / "requirements" / "docs.txt").read_text(encoding="utf-8")
    tests = (ROOT / "requirements" / "test.txt").read_text(encoding="utf-8")
    for tool in ("pytest", "ruff", "torch"):
        assert re.search(rf"^{tool}==", tests, flags=re.M) and not re.search(rf"^{tool}==", docs, flags=re.M)
    rules = make_rules()
    assert TEST_TOOLS not in needs("html", rules)
    used = 0
    for block in shell_blocks():
        installed = False
        for command in block:
            if command.startswith("make "):
                installed |= TEST_TOOLS in needs(command.split()[1], rules)
            if re.search(r"\.venv/bin/(ruff|python -m pytest)", command):
                used += 1
                assert installed, f"{command!r} runs before any target that installs the test tools"
    assert used >= 3


def test_the_files_markers_and_tests_it_names_exist():
    paths = set(re.findall(r"(?<![\w/])((?:tests|lstm_book|lstm_calc|requirements)/[\w/]+\.\w+)", PAGE))
    assert "tests/test_site_chapters.py" in paths
    assert [p for p in paths if not (ROOT / p).is_file()] == []
    markers = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    for command in (c for block in shell_blocks() for c in block):
        for marker in re.findall(r"not (\w+)", command.split("-m", 1)[1]) if ' -m "' in command else []:
            assert f'"{marker}:' in markers, marker
        if " -k " in command:
            path, word = re.search(r"(tests/\S+\.py) -k (\w+)", command).groups()
            assert re.search(rf"^def test_\w*{word}", (ROOT / path).read_text(encoding="utf-8"), flags=re.M)


def test_a_new_chapter_is_listed_once_in_index_md():
    """The chapters' one list is index.md's toctree, which the tests read; the page must not
    send a contributor to a second list in the tests (it once named `CHAPTERS` in test_site.py)."""
    assert "chapter_docnames" in PAGE and "book/memory" in chapter_docnames()
    assert not re.search(r"to `[A-Z_]+` in\s+`tests/", PAGE)


def test_the_weights_it_names_are_in_handset():
    from lstm_book import handset

    section = PAGE.split("(sec-contributing-weights)=", 1)[1].split("(sec-", 1)[0]
    names = re.findall(r"`([A-Z][A-Z_]+)`", section)
    assert len(names) >= 8 and [n for n in names if not hasattr(handset, n)] == []
