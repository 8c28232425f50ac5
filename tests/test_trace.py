"""The per-token tables a trace gives for display, and the chart built from it."""

from __future__ import annotations

import numpy as np
import pytest

import lstm_calc as lc
from lstm_calc import presets
from lstm_calc.plots import gender_chart
from lstm_calc.trace import MEMORY_ROWS, memory_update_table


@pytest.fixture(scope="module")
def trace():
    return presets.gender_trace()


def test_memory_table_rows_and_columns(trace):
    t = presets.TOKENS.index("Mary")
    table = trace.memory_table(t)
    assert table.index.name == "t=6 · Mary"
    assert list(table.index) == list(MEMORY_ROWS.values())
    assert list(table.columns) == ["unit 1", "unit 2", "unit 3"]
    s = trace.step(t)
    np.testing.assert_array_equal(table.to_numpy(), np.array([s.c_prev, s.f, s.erased, s.write, s.c]))


def test_memory_tables_stack_every_token(trace):
    tables = trace.memory_tables()
    assert tables.shape == (5 * trace.T, trace.n_h)
    assert list(tables.index.get_level_values("token").unique()) == [f"{t + 1} · {tok}" for t, tok in enumerate(trace.tokens)]
    np.testing.assert_array_equal(tables.xs("10 · .", level="token").to_numpy(), trace.memory_table(9).to_numpy())


def test_unit_table_is_indexed_by_token(trace):
    table = trace.unit_table(2)
    assert list(table.index) == list(presets.TOKENS) and table.index.name == "token"
    assert list(table.columns) == ["f", "i", "C̃", "o", "C", "h"]
    np.testing.assert_array_equal(table["C"], trace.c[:, 2])


def test_frame_and_bad_names(trace):
    np.testing.assert_array_equal(trace.frame("write").to_numpy(), trace.write)
    with pytest.raises(ValueError, match="name must be one of"):
        trace.frame("z")
    with pytest.raises(ValueError, match=r"t must be in \[0, 10\), got 10"):
        trace.memory_table(10)
    with pytest.raises(ValueError, match=r"unit must be in \[0, 3\), got 3"):
        trace.unit_table(3)


def test_chart_holds_the_trace_values_exactly(trace):
    fig = gender_chart(trace, 2).to_plotly_json()
    c_line, h_line = fig["data"]
    assert list(c_line["y"]) == trace.c[:, 2].tolist()
    assert list(h_line["y"]) == trace.h[:, 2].tolist()
    assert list(h_line["text"]) == ["he"] * 5 + ["she"] * 5
    assert list(fig["layout"]["xaxis"]["ticktext"]) == list(presets.TOKENS)


def test_chart_escapes_markup_in_tokens():
    tokens = ["<b>John</b>", "is"]
    trace = lc.run(presets.gender_params(), presets.embed(["John", "is"]), tokens=tokens)
    fig = gender_chart(trace, 2).to_plotly_json()
    assert list(fig["layout"]["xaxis"]["ticktext"]) == ["&lt;b&gt;John&lt;/b&gt;", "is"]


def test_memory_update_table_of_any_vectors():
    table = memory_update_table([1, 0.5], [2.0, -4.0], [0.0, 1.0], [0.3, 0.25], columns=["a", "b"], name="demo")
    assert table.index.name == "demo" and list(table.columns) == ["a", "b"]
    np.testing.assert_array_equal(table.to_numpy(), [[2.0, -4.0], [1.0, 0.5], [2.0, -2.0], [0.0, 0.25], [2.0, -1.75]])
    with pytest.raises(ValueError, match="columns must name 2 slots, got 3"):
        memory_update_table([1, 1], [1, 1], [1, 1], [1, 1], columns=["a", "b", "c"])
    with pytest.raises(ValueError, match="vectors of one shape"):
        memory_update_table([1, 1], [1, 1, 1], [1, 1], [1, 1])
