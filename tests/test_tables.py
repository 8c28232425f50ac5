"""The book's tables of a trace and of a parameter set: labels, shapes, values
equal to the trace's arrays, and bad input refused."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import lstm_calc as lc
from lstm_book import handset
from lstm_book.tables import (
    FOCUS_COLUMNS,
    GATE_TITLES,
    LABELS,
    MEMORY_ROWS,
    SHORT,
    Table,
    carrying_units,
    exact_decimals,
    focused_memory_table,
    formatted,
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
    assert list(default.columns) == ["unit 1"] and default.index.name == "update"


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
        (lambda t, g: weights_table(handset.gender_params(), 0, ["x"]), r"input_names must name 4 inputs, got 1"),
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
        (lambda t, g: formatted(np.zeros(2)), r"frame must be a pandas DataFrame, got ndarray"),
        (lambda t, g: formatted(pd.DataFrame({"a": [1.0]}), decimals=-1), r"decimals must be in \[0, 16\), got -1"),
        (lambda t, g: formatted(pd.DataFrame({"a": [1.0]}), decimals=2.0), r"decimals must be an int, got float"),
        (lambda t, g: formatted(pd.DataFrame({"a": [1.0]}), formats=[".2f"]), r"formats must be a dict .*got list"),
        (
            lambda t, g: formatted(pd.DataFrame({"a": [1.0]}), formats={"b": ".2f"}),
            r"formats names a column the table does not have: 'b'; columns: \['a'\]",
        ),
        (
            lambda t, g: formatted(pd.DataFrame({"a": [1.0]}), formats={"a": "%.2f"}),
            r"formats\['a'\] must be a format spec for a number, got '%.2f'",
        ),
        (lambda t, g: exact_decimals([0.5], most=-1), r"most must be in \[0, 16\), got -1"),
        (lambda t, g: carrying_units(t, tol=0.0), r"tol must be > 0, got 0.0"),
        (lambda t, g: carrying_units(g), r"a memory table needs a cell C"),
        (lambda t, g: focused_memory_table(t, units=[]), r"units must name distinct units, at least one, got \[\]"),
        (lambda t, g: focused_memory_table(t, units=[2, 2]), r"units must name distinct units, at least one"),
        (lambda t, g: focused_memory_table(t, units=[3]), r"units must be in \[0, 3\), got 3"),
        (lambda t, g: focused_memory_table(t, units=2), r"units must be a list of 0-based unit indices, got int 2"),
        (lambda t, g: focused_memory_table(g), r"a memory table needs a cell C"),
        (
            lambda t, g: focused_memory_table(t, unit_labels={3: "x"}),
            r"unit_labels must map 0-based units of the trace to labels, got \{3: 'x'\}",
        ),
        (lambda t, g: memory_tables(t, units="1"), r"units must be a list of 0-based unit indices, got str '1'"),
    ],
)
def test_bad_input_is_refused(trace, gru, call, message):
    with pytest.raises(ValueError, match=message):
        call(trace, gru)


# -- Formats: one per column, integers as integers ----------------------------------------


def cells(table: Table) -> list[list[str]]:
    """The texts a table shows in its body, row by row, parsed from its HTML."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(table._repr_html_(), "html.parser")
    return [[td.get_text() for td in tr.find_all("td")] for tr in soup.select("tbody tr")]


def test_formatted_shows_one_precision_per_column_and_keeps_the_values():
    """The mixes the old tables showed (0.80 beside -0.4, 1.9865e+00 beside 0.9933, a count as
    161.0) are gone: each float column has one number of decimals, counts are integers."""
    raw = pd.DataFrame(
        {
            "x": [5.0, 0.5, -0.5, -5.0],
            "C": [1.98652, 0.910109, 0.203068, 6.0768e-07],
            "h": [0.95662, 0.448909, 0.0756, -4.0671e-09],
            "tokens": [1246, 161, 170, 174],
            "readout": ["he", "she", "he", "she"],
        },
        index=pd.Index(["a", "b", "c", "d"], name="regime"),
    )
    table = formatted(raw, formats={"x": "+.1f"})
    assert isinstance(table, pd.DataFrame) and isinstance(table, Table)
    pd.testing.assert_frame_equal(pd.DataFrame(table), raw)  # only the display changes
    assert cells(table) == [
        ["+5.0", "1.9865", "0.9566", "1246", "he"],
        ["+0.5", "0.9101", "0.4489", "161", "she"],
        ["-0.5", "0.2031", "0.0756", "170", "he"],
        ["-5.0", "0.0000", "0.0000", "174", "she"],  # -4e-09 rounds to 0.0000, not -0.0000
    ]
    assert table.to_string().splitlines()[2].split() == ["a", "+5.0", "1.9865", "0.9566", "1246", "he"]
    html = table.to_html()
    assert html.count('<td class="text">') == 4 and '<th class="text">readout</th>' in html  # text is left-aligned
    assert '<td class="text">' not in formatted(raw[["C", "tokens"]]).to_html()
    two = formatted(raw[["C"]], decimals=2)
    assert [row[0] for row in cells(two)] == ["1.99", "0.91", "0.20", "0.00"]


def test_formats_survive_slicing_renaming_and_new_columns():
    table = formatted(pd.DataFrame({"a": [0.123456, 1.0], "b": [1, 2]}), decimals=3, formats={"a": ".1f"})
    table["c"] = [0.5, 0.25]
    table.insert(0, "readout", ["he", "she"])
    assert cells(table) == [["he", "0.1", "1", "0.500"], ["she", "1.0", "2", "0.250"]]
    sliced = table[["a", "c"]]
    assert isinstance(sliced, Table) and cells(sliced) == [["0.1", "0.500"], ["1.0", "0.250"]]
    renamed = table.rename(columns={"c": "C"})
    assert cells(renamed)[0] == ["he", "0.1", "1", "0.500"]


def test_integer_columns_with_thousands_separators():
    """A spec ending in d (",d") formats a column's integers; ``formatted`` accepts it
    (it once tried the spec on a float and refused it)."""
    raw = pd.DataFrame({"n": [21, 98816, 6295552], "share": [0.25, 0.75, 1.0]})
    table = formatted(raw, formats={"n": ",d"})
    assert cells(table) == [["21", "0.2500"], ["98,816", "0.7500"], ["6,295,552", "1.0000"]]
    with pytest.raises(ValueError, match=r"formats\['n'\] must be a format spec for a number, got ',x'"):
        formatted(raw, formats={"n": ",x"})


def test_exact_decimals():
    assert exact_decimals([0.8, -0.4, 0.6]) == 1
    assert exact_decimals([0.72, -0.2, 0.06, 0.9 * 0.8]) == 2  # 0.9 * 0.8 = 0.7200000000000001
    assert exact_decimals([3.0, -2.0, 20.0, 0.0]) == 0
    assert exact_decimals([1 / 3]) == 4 and exact_decimals([1 / 3], most=2) == 2
    assert exact_decimals([np.nan, 0.5]) == 1


def test_every_table_of_a_trace_is_formatted(trace, gru):
    """Every table the module makes is a Table with four decimals (weights: the fewest exact)."""
    made = [
        memory_table(trace, 5),
        memory_tables(trace),
        unit_table(trace, 2),
        unit_table(gru, 2),
        frame(trace, "f"),
        focused_memory_table(trace),
        memory_update_table([0.5], [0.25], [1.0], [0.125]),
    ]
    for table in made:
        assert isinstance(table, Table)
        for row in cells(table):
            assert all(len(c.split(".")[1]) == 4 for c in row), row
    weights = weights_table(handset.gender_params(), handset.GENDER_UNIT, input_names=handset.FEATURES)
    assert cells(weights)[0] == ["0", "0", "0", "-5", "0", "0", "0", "3"]  # whole numbers, shown whole
    random = weights_table(lc.LSTMParams.random(3, 2, seed=8), 0)
    assert all(len(c.split(".")[1]) == 4 for row in cells(random) for c in row)
    assert cells(memory_update_table([0.5], [0.25], [1.0], [0.125], decimals=3))[0] == ["0.250"]


def test_no_label_is_raw_latex():
    """Headers are plain Unicode: no TeX subscripts, braces or backslashes."""
    labels = [*LABELS.values(), *SHORT.values(), *MEMORY_ROWS.values(), *FOCUS_COLUMNS.values()]
    for label in labels:
        assert not any(mark in label for mark in ("_", "{", "}", "\\", "$")), label
    assert set(GATE_TITLES.values()) == {"forget W_f", "input W_i", "candidate W_g", "output W_o"}  # code names


# -- The focused memory table -----------------------------------------------------------------


def test_carrying_units_are_those_whose_cell_is_ever_visible():
    """A unit whose cell never reaches the tolerance carries nothing. Built by hand: unit 1
    writes 0.5 at the first token, unit 2 writes 1e-6, unit 3 has no weights."""
    n_h, n_in = 3, 1
    W = np.zeros((n_h, n_h + n_in))
    W_g = W.copy()
    W_g[0, n_h], W_g[1, n_h] = np.arctanh(0.5), np.arctanh(1e-6)
    params = lc.LSTMParams(
        W_f=W, W_i=W, W_g=W_g, W_o=W, b_f=np.zeros(n_h), b_i=np.full(n_h, 50.0), b_g=np.zeros(n_h), b_o=np.zeros(n_h)
    )
    trace = lc.run(params, np.array([[1.0], [0.0]]), tokens=["on", "off"])
    np.testing.assert_allclose(trace.c[0], [0.5, 1e-6, 0.0], rtol=1e-12)  # i = σ(50) = 1 to within 2e-22
    assert carrying_units(trace) == [0]
    assert carrying_units(trace, tol=1e-7) == [0, 1]
    table = focused_memory_table(trace)
    assert list(table.columns) == [("unit 1", label) for label in ("f", "f⊙Cₜ₋₁", "i⊙C̃", "Cₜ")]
    assert list(table.index) == ["on", "off"] and table.index.name == "token"
    assert cells(table) == [["0.5000", "0.0000", "0.5000", "0.5000"], ["0.5000", "0.2500", "0.0000", "0.2500"]]
    labelled = focused_memory_table(trace, unit_labels={0: "unit 1 (on/off)"})
    assert list(labelled.columns.get_level_values(0).unique()) == ["unit 1 (on/off)"]
    idle = lc.run(params, np.zeros((2, 1)))
    with pytest.raises(ValueError, match=r"no unit's cell reaches tol=5e-05 \(the largest \|C\| is 0\): pass units"):
        focused_memory_table(idle)
    assert list(focused_memory_table(idle, units=[2]).columns.get_level_values(0).unique()) == ["unit 3"]


def test_focused_memory_table_of_the_worked_example(trace):
    """The worked example: the idle unit is left out, and each kept unit's columns are the
    trace's arrays, read left to right as the update f, f⊙Cₜ₋₁, i⊙C̃, Cₜ."""
    reach = np.abs(np.concatenate([trace.c_prev, trace.c])).max(axis=0)
    carrying = [u for u in range(trace.n_h) if reach[u] >= 0.5e-4]
    assert handset.GENDER_UNIT in carrying and len(carrying) < trace.n_h  # an idle unit is left out
    assert carrying_units(trace) == carrying
    table = focused_memory_table(trace)
    assert table.shape == (trace.T, 4 * len(carrying)) and list(table.index) == list(trace.tokens)
    for u in carrying:
        for field, label in zip(("f", "kept", "write", "c"), FOCUS_COLUMNS.values(), strict=True):
            np.testing.assert_array_equal(table[(unit_names(trace.n_h)[u], label)], trace.values[field][:, u])
    np.testing.assert_allclose(
        table.xs("Cₜ", axis=1, level=1).to_numpy(),
        (table.xs("f⊙Cₜ₋₁", axis=1, level=1) + table.xs("i⊙C̃", axis=1, level=1)).to_numpy(),
        rtol=0,
        atol=1e-15,
    )
    chosen = focused_memory_table(trace, units=[handset.GENDER_UNIT])
    assert list(chosen.columns.get_level_values(0).unique()) == ["unit 3"]


def test_memory_tables_of_chosen_units(trace):
    every = memory_tables(trace)
    some = memory_tables(trace, units=[2, 0])
    assert list(some.columns) == ["unit 3", "unit 1"] and some.index.equals(every.index)
    np.testing.assert_array_equal(some.to_numpy(), every[["unit 3", "unit 1"]].to_numpy())


# -- The glossary's names are the code's names ----------------------------------------------


def glossary_code_names() -> list[str]:
    """Every name in backticks inside the glossary's entries (not the page's prose)."""
    import re
    from pathlib import Path

    text = (Path(__file__).resolve().parents[1] / "book" / "glossary.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```\{glossary\}\n(.*?)```", text, flags=re.S)
    assert len(blocks) == 2  # words, symbols
    return [name for block in blocks for name in re.findall(r"(?<![}\w])`([^`]+)`", block)]  # not {term}`…`


def names_the_code_has(name: str) -> bool:
    """Whether ``name`` is a name of lstm_calc or lstm_book: a public attribute (dotted from a
    module of either package), a field of a step or a parameter set, an attribute of a trace,
    or an argument of the functions the glossary's entries describe."""
    import importlib
    import inspect

    import lstm_book.pages  # noqa: F401  (a package of the book layer)

    name = name.split("=")[0].split("[")[0]  # "unit=2" is the argument unit, "c[k]" the array c
    from lstm_calc.bptt import Model

    fields = {f for cls in (lc.LSTMStep, lc.GRUStep) for f in cls._fields}
    for cls in (lc.LSTMParams, lc.PeepholeParams, lc.CIFGParams, lc.GRUParams, lc.RNNParams, Model):
        fields |= set(cls.__dataclass_fields__)
    arguments = set()
    for fn in (lc.step, lc.run, lc.LSTMParams.random, unit_table, handset.embed):
        arguments |= set(inspect.signature(fn).parameters)
    if name in fields or name in arguments or hasattr(lc, name):
        return True
    head, _, attr = name.partition(".")
    if head == "trace" and attr:
        return hasattr(handset.gender_trace(), attr)
    for package in ("lstm_calc", "lstm_book"):
        try:
            module = importlib.import_module(head if head.startswith(package) else f"{package}.{head}")
        except ModuleNotFoundError:
            continue
        target = module
        for part in attr.split(".") if attr else []:
            if not hasattr(target, part):
                return False
            target = getattr(target, part)
        return bool(attr)
    return False


def test_the_glossary_names_are_the_code_names():
    names = glossary_code_names()
    assert {"x", "h", "c", "z", "f", "i", "g", "o", "kept", "write", "W_f", "b_g", "p_f", "u", "r", "n"} <= set(names)
    from_torch_or_tables = {"LSTMCell", "d'"}  # PyTorch's class; a column of analysis.separation
    unknown = [name for name in names if name not in from_torch_or_tables and not names_the_code_has(name)]
    assert unknown == []
    import inspect

    from lstm_book import analysis

    assert '"d\'"' in inspect.getsource(analysis.separation)
    torch = pytest.importorskip("torch")
    assert hasattr(torch.nn, "LSTMCell")
    assert not {"erased", "W_c", "b_c", "cell"} & set(names)  # one name per quantity; "cell" is a word, not code


def test_the_glossary_defines_unit_slot_and_cell_once():
    import re
    from pathlib import Path

    text = (Path(__file__).resolve().parents[1] / "book" / "glossary.md").read_text(encoding="utf-8")
    terms = re.findall(r"^(\S[^\n]*)\n  ", text, flags=re.M)
    for word in ("unit", "slot", "cell", "kept (`kept`)", "write (`write`)", "step", "trace"):
        assert terms.count(word) == 1, word


def test_the_glossary_defines_what_the_chapters_use():
    """Each word the chapters use has an entry naming its code: both readouts (the worked
    example's sign rule and the trained model's σ(w·h + b)), the vanilla RNN and its W_h,
    Jacobians, BPTT, pre-activations and Adam."""
    import re
    from pathlib import Path

    text = (Path(__file__).resolve().parents[1] / "book" / "glossary.md").read_text(encoding="utf-8")
    entries = dict(re.findall(r"^(\S[^\n]*)\n((?:  [^\n]*\n|\n(?=  ))+)", text, flags=re.M))
    wanted = {
        "readout": ["`handset.pronoun`", r"\sigma(w \cdot h_t + b)", "`bptt.Model`", "`live.readout`"],
        "vanilla RNN": ["`rnn_step`", "`RNNParams`"],
        "$W_h$ (`W[:, :n_h]`)": ["read $h_{t-1}$"],
        "Jacobian": ["`jacobians.lstm_step_jacobians`"],
        "BPTT": ["`bptt.loss_and_grads`"],
        "pre-activation": ["$W_f z_t + b_f$", "`cell.preactivations`"],
        "Adam": ["`train.Adam`", "{cite:p}`kingma2015`"],
    }
    for term, parts in wanted.items():
        assert term in entries, term
        body = " ".join(entries[term].split())
        assert all(part in body for part in parts), (term, body)
    from lstm_calc import bptt

    assert {"w", "b"} <= set(bptt.Model.__dataclass_fields__)  # the readout's weights, as the entry says


def test_the_css_pads_every_pandas_table_not_only_a_cells_output():
    """Tables glued into a tab set or a dropdown are outside div.cell_output, where the theme's
    table styles stop: their padding, borders and stripes come from the book's own CSS, keyed
    on table.dataframe alone (the variants' tabs once showed "0.11920.9526")."""
    import re
    from pathlib import Path

    css = (Path(__file__).resolve().parents[1] / "_static" / "lstm-book.css").read_text(encoding="utf-8")
    rules = dict(re.findall(r"([^{}]+)\{([^}]*)\}", re.sub(r"/\*.*?\*/", "", css, flags=re.S)))
    padded = [sel for sel, body in rules.items() if "padding" in body and "table.dataframe td" in sel]
    assert padded and all("cell_output" not in sel and "sd-tab" not in sel for sel in padded)
    assert any("table.dataframe" in sel and "border-left" in body for sel, body in rules.items())
    assert any(".text" in sel and "text-align: left" in body for sel, body in rules.items())
