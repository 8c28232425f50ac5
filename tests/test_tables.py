"""The book's tables of a trace and of a parameter set: labels, shapes, values
equal to the trace's arrays, and bad input refused."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import lstm_calc as lc
from lstm_book import handset
from lstm_book.tables import (
    LABELS,
    MEMORY_ROWS,
    SHORT,
    frame,
    memory_table,
    memory_tables,
    memory_update_table,
    unit_names,
    unit_table,
    weights_table,
)


@pytest.fixture(scope="module")
def trace():
    return handset.gender_trace()


@pytest.fixture(scope="module")
def gru():
    return handset.variant_traces()["GRU"]


def test_every_quantity_has_one_label():
    shown = (set(lc.LSTMStep._fields) | set(lc.GRUStep._fields)) - {"z"}
    assert set(LABELS) == shown and set(SHORT) == shown
    assert list(MEMORY_ROWS) == ["c_prev", "f", "kept", "write", "c"]
    assert LABELS["kept"] == "fₜ⊙Cₜ₋₁ (kept)" and LABELS["g"] == "C̃ₜ (candidate)"
    assert unit_names(3) == ["unit 1", "unit 2", "unit 3"]


def test_memory_table_rows_and_columns(trace):
    t = handset.TOKENS.index("Mary")
    table = memory_table(trace, t)
    assert table.index.name == "t=6 · Mary"
    assert list(table.index) == list(MEMORY_ROWS.values())
    assert list(table.columns) == ["unit 1", "unit 2", "unit 3"]
    s = trace.step(t)
    np.testing.assert_array_equal(table.to_numpy(), np.array([s.c_prev, s.f, s.kept, s.write, s.c]))


def test_memory_tables_stack_every_token(trace):
    tables = memory_tables(trace)
    assert tables.shape == (5 * trace.T, trace.n_h)
    assert tables.index.names == ["token", "step"]
    tokens = [f"{t + 1} · {tok}" for t, tok in enumerate(trace.tokens)]
    assert list(tables.index.get_level_values("token").unique()) == tokens
    for t, label in enumerate(tokens):
        np.testing.assert_array_equal(tables.xs(label, level="token").to_numpy(), memory_table(trace, t).to_numpy())


def test_unit_table_of_an_lstm_trace(trace):
    table = unit_table(trace, 2)
    assert list(table.index) == list(handset.TOKENS) and table.index.name == "token"
    assert list(table.columns) == ["f", "i", "C̃", "o", "C", "h"]
    for column, name in zip(table.columns, ("f", "i", "g", "o", "c", "h"), strict=True):
        np.testing.assert_array_equal(table[column], trace.values[name][:, 2])


def test_unit_table_of_a_gru_trace_has_no_o_and_no_cell(gru):
    table = unit_table(gru, 2)
    assert list(table.columns) == ["r", "u", "n", "h"]
    for column in ("r", "u", "n", "h"):
        np.testing.assert_array_equal(table[column], gru.values[column][:, 2])


def test_frame_of_each_intermediate(trace, gru):
    for t in (trace, gru):
        for name in t.names:
            if name == "z":
                continue
            table = frame(t, name)
            assert list(table.index) == list(t.tokens) and list(table.columns) == unit_names(3)
            np.testing.assert_array_equal(table.to_numpy(), t.values[name])
    assert "o" not in gru.names and "c" not in gru.names


def test_memory_update_table_of_any_vectors():
    table = memory_update_table([1, 0.5], [2.0, -4.0], [0.0, 1.0], [0.3, 0.25], columns=["a", "b"], name="demo")
    assert table.index.name == "demo" and list(table.columns) == ["a", "b"]
    np.testing.assert_array_equal(table.to_numpy(), [[2.0, -4.0], [1.0, 0.5], [2.0, -2.0], [0.0, 0.25], [2.0, -1.75]])
    default = memory_update_table([1.0], [2.0], [0.5], [0.5])
    assert list(default.columns) == ["unit 1"] and default.index.name is None


def test_weights_table_shows_one_row_of_each_gate_and_the_biases():
    p = lc.LSTMParams.random(3, 2, seed=8)
    table = weights_table(p, 1, input_names=["new", "old"])
    assert list(table.columns) == ["h1", "h2", "h3", "new", "old", "bias"]
    assert list(table.index) == ["forget W_f", "input W_i", "candidate W_g", "output W_o"]
    assert table.index.name == "unit 2"
    for row, gate in zip(table.index, lc.GATES, strict=True):
        np.testing.assert_array_equal(table.loc[row], np.append(getattr(p, f"W_{gate}")[1], getattr(p, f"b_{gate}")[1]))
    assert list(weights_table(p, 0).columns) == ["h1", "h2", "h3", "x1", "x2", "bias"]


def test_weights_table_of_the_gender_unit():
    table = weights_table(handset.gender_params(), handset.GENDER_UNIT, input_names=handset.FEATURES)
    assert table.loc["candidate W_g", ["new subject", "male", "female", "bias"]].tolist() == [0.0, 5.0, -5.0, 0.0]
    assert table["bias"].tolist() == [3.0, -2.0, 0.0, 20.0]


@pytest.mark.parametrize(
    "call,message",
    [
        (lambda t, g: memory_table(t, 10), r"t must be in \[0, 10\), got 10"),
        (lambda t, g: memory_table(t, -1), r"t must be in \[0, 10\), got -1"),
        (lambda t, g: memory_table(g, 0), r"a memory table needs a cell C: this trace holds \['z', 'r'"),
        (lambda t, g: memory_tables(g), r"a memory table needs a cell C"),
        (lambda t, g: memory_table(t.values, 0), r"trace must be an lstm_calc.Trace, got dict"),
        (lambda t, g: unit_table(t, 3), r"unit must be in \[0, 3\), got 3"),
        (lambda t, g: unit_table(t, "3"), r"unit must be an int, got str '3'"),
        (lambda t, g: unit_table(None, 0), r"trace must be an lstm_calc.Trace, got NoneType"),
        (
            lambda t, g: frame(t, "z"),
            r"name must be one of \['f', 'i', 'g', 'o', 'c_prev', 'kept', 'write', 'c', 'h'\]",
        ),
        (lambda t, g: frame(g, "c"), r"name must be one of \['r', 'u', 'n', 'h_prev', 'kept', 'write', 'h'\], got 'c'"),
        (lambda t, g: frame(pd.DataFrame(), "c"), r"trace must be an lstm_calc.Trace, got DataFrame"),
        (lambda t, g: weights_table(handset.gru_params(), 0), r"params must be LSTMParams, got GRUParams"),
        (lambda t, g: weights_table(handset.gender_params(), 3), r"unit must be in \[0, 3\), got 3"),
        (lambda t, g: weights_table(handset.gender_params(), 0, ["x"]), r"input_names must name 3 inputs, got 1"),
        (
            lambda t, g: memory_update_table([1, 1], [1, 1, 1], [1, 1], [1, 1]),
            r"c_prev must have shape \(2,\), got shape \(3,\)",
        ),
        (
            lambda t, g: memory_update_table([1, 1], [1, 1], [1, 1], [1, 1], columns=["a", "b", "c"]),
            "columns must name 2 slots, got 3",
        ),
        (
            lambda t, g: memory_update_table([[1.0]], [1.0], [1.0], [1.0]),
            r"f must have shape \(n,\), got shape \(1, 1\)",
        ),
        (lambda t, g: memory_update_table([1.0], [np.nan], [1.0], [1.0]), r"c_prev must be finite, got nan"),
        (lambda t, g: unit_names(0), r"n_h must be >= 1, got 0"),
    ],
)
def test_bad_input_is_refused(trace, gru, call, message):
    with pytest.raises(ValueError, match=message):
        call(trace, gru)
