"""The order in which the build reads its pages (lstm_book.sphinx.sync.read_first): with -j, each
of Sphinx's first parallel runs of pages starts with one of conf.py's groups of executed pages."""

from __future__ import annotations

import ast
from types import SimpleNamespace

from sphinx.util.parallel import make_chunks

from lstm_book.dev.buildcopy import ROOT
from lstm_book.sphinx.sync import read_first

# conf.py's setting, read without running conf.py (which sets the build's environment variables)
GROUPS = next(
    ast.literal_eval(node.value)
    for node in ast.parse((ROOT / "conf.py").read_text(encoding="utf-8")).body
    if isinstance(node, ast.Assign) and [getattr(t, "id", None) for t in node.targets] == ["lstm_book_read_groups"]
)


def ordered(docnames, parallel, groups=GROUPS):
    app = SimpleNamespace(parallel=parallel, config=SimpleNamespace(lstm_book_read_groups=groups))
    names = list(docnames)
    read_first(app, None, names)
    return names


def test_each_group_heads_one_of_the_runs_read_at_once_and_nothing_is_lost():
    pages = sorted({name for group in GROUPS for name in group} | {f"book/api/module{k:02}" for k in range(28)})
    names = ordered(pages, 2)
    assert sorted(names) == pages
    runs = make_chunks(names, 2)
    assert len(runs) > 2  # Sphinx cuts 36 pages into three runs: two at once, then one
    for group, run in zip(GROUPS, runs):
        assert run[: len(group)] == group
        assert run[len(group) :] == sorted(run[len(group) :])
    assert runs[2] == sorted(runs[2])


def test_read_one_after_another_the_groups_come_first():
    pages = ["book/zeta", "book/alpha", *reversed([name for group in GROUPS for name in group])]
    assert ordered(pages, 1) == [name for group in GROUPS for name in group] + ["book/alpha", "book/zeta"]


def test_a_group_longer_than_its_run_still_reads_first_and_a_page_not_read_is_left_out():
    groups = [["c", "b", "a", "gone"], ["e"]]
    assert ordered(["a", "b", "c", "d", "e"], 2, groups) == ["c", "b", "a", "e", "d"]
