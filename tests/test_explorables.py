"""The explorables' data: every number is lstm_calc's, every label, colour,
token position and unit index comes from the book layer's single sources, and
the script holds none of them (the live explorer's data: test_live.py)."""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import numpy as np
import pytest

import lstm_calc as lc
from lstm_book import charts, explorables, handset, live, tables
from lstm_book.pages import explorables as page
from lstm_book.pages import gates as gates_page

SCRIPT = Path(__file__).resolve().parents[1] / "_static" / "lstm-book-explorables.js"
SWAPPED = "Mary is a teacher. John is a doctor."  # another sentence with two subjects, the other way round
LONGER = "Mary is a doctor. John is a teacher. Mary is a doctor."


def test_cell_explorer_step_is_lstm_calc_step_without_overrides():
    params = explorables.cell_explorer_params()
    for x in np.linspace(-5, 5, 7):
        for h in np.linspace(-1, 1, 5):
            for c in np.linspace(-3, 3, 5):
                ours = explorables.cell_explorer_step(params, x, h, c)
                s = lc.step(params, [x], [h], [c])
                assert ours == {"f": s.f[0], "i": s.i[0], "g": s.g[0], "o": s.o[0], "c": s.c[0], "h": s.h[0]}


def test_golden_step_at_rest():
    r = explorables.cell_explorer_step(explorables.cell_explorer_params(), x=0.0, h_prev=0.0, c_prev=2.0)
    assert r == {"f": 0.5, "i": 0.5, "g": 0.0, "o": 0.5, "c": 1.0, "h": 0.5 * math.tanh(1.0)}


def test_overrides_replace_a_gate_and_flow_into_the_cell():
    params = explorables.cell_explorer_params()
    r = explorables.cell_explorer_step(params, 0.5, 0.2, 2.0, {"f": 0.0, "o": 1.0})
    assert r["f"] == 0.0 and r["o"] == 1.0
    assert r["c"] == pytest.approx(r["i"] * r["g"], abs=1e-15) and r["h"] == pytest.approx(np.tanh(r["c"]), abs=1e-15)
    r = explorables.cell_explorer_step(params, 0.0, 0.0, 3.0, {"g": -1.0, "i": 1.0, "f": 1.0})
    assert r["c"] == 2.0


GOOD = {"x": 0.5, "h_prev": 0.2, "c_prev": 1.0}


@pytest.mark.parametrize(
    "change,message",
    [
        ({"x": float("nan")}, r"^x must be finite, got nan"),
        ({"x": float("inf")}, r"^x must be finite, got inf"),
        ({"h_prev": -float("inf")}, r"^h_prev must be finite, got -inf"),
        ({"x": True}, r"^x must be a real number, got bool True"),
        ({"h_prev": None}, r"^h_prev must be a real number, got NoneType None"),
        ({"c_prev": "1.0"}, r"^c_prev must be a real number, got str '1.0'"),
        ({"c_prev": [1.0]}, r"^c_prev must be a real number, got list \[1.0\]"),
        ({"overrides": {"z": 0.5}}, r"^overrides may set \('f', 'i', 'g', 'o'\), got 'z'"),
        ({"overrides": {"c": 0.5}}, r"^overrides may set .*got 'c'"),  # the candidate is g
        ({"overrides": ["f"]}, r"^overrides must be a dict of gate -> value, got list"),
        ({"overrides": {"f": 1.5}}, r"^overrides\['f'\] must be in \[0, 1\], got 1.5"),
        ({"overrides": {"o": -0.01}}, r"^overrides\['o'\] must be in \[0, 1\], got -0.01"),
        ({"overrides": {"g": 1.2}}, r"^overrides\['g'\] must be in \[-1, 1\], got 1.2"),
        ({"overrides": {"i": float("nan")}}, r"^overrides\['i'\] must be finite, got nan"),
        ({"overrides": {"i": None}}, r"^overrides\['i'\] must be a real number, got NoneType None"),
        ({"overrides": {"f": False}}, r"^overrides\['f'\] must be a real number, got bool False"),
        ({"overrides": {"f": "0.5"}}, r"^overrides\['f'\] must be a real number, got str"),
    ],
)
def test_cell_explorer_step_refuses_bad_input(change, message):
    with pytest.raises(ValueError, match=message):
        explorables.cell_explorer_step(explorables.cell_explorer_params(), **(GOOD | change))


def test_cell_explorer_step_refuses_other_params():
    with pytest.raises(ValueError, match=r"^params must be LSTMParams, got dict"):
        explorables.cell_explorer_step({}, 0.0, 0.0, 0.0)
    with pytest.raises(ValueError, match=r"^params must have one unit and one input, got n_h=3, n_in=4"):
        explorables.cell_explorer_step(handset.gender_params(), 0.0, 0.0, 0.0)


def test_refused_before_computing(monkeypatch):
    """A bad override stops the call before any equation runs."""
    calls = []
    monkeypatch.setattr(explorables, "forget_gate", lambda *a: calls.append(a))
    with pytest.raises(ValueError):
        explorables.cell_explorer_step(explorables.cell_explorer_params(), 0.0, 0.0, 0.0, {"f": 2.0})
    assert calls == []


def test_cell_data_come_from_the_library_and_the_tables():
    data = explorables.cell_explorer().data
    params = explorables.cell_explorer_params()
    assert data["gates"] == list(lc.GATES)
    assert data["params"] == explorables.params_data(params)
    for g in lc.GATES:  # the candidate's weights are under "g", as in the overrides
        assert data["params"]["W"][g] == getattr(params, f"W_{g}").tolist() == [[1.0, 1.0]]
        assert data["params"]["b"][g] == getattr(params, f"b_{g}").tolist() == [0.0]
    assert [d["name"] for d in data["overrides"]] == list(lc.GATES)
    assert {d["name"]: d["range"][:2] for d in data["overrides"]} == {
        "f": [0.0, 1.0],
        "i": [0.0, 1.0],
        "g": [-1.0, 1.0],
        "o": [0.0, 1.0],
    }
    assert [(d["name"], d["label"], d["short"]) for d in data["outputs"]] == [
        (k, tables.LABELS[k], tables.SHORT[k]) for k in ("f", "i", "g", "o", "c", "h")
    ]
    assert [(d["name"], d["label"]) for d in data["inputs"]] == [
        ("h_prev", tables.LABELS["h_prev"]),
        ("x", explorables.INPUT_LABEL),
        ("c_prev", tables.LABELS["c_prev"]),
    ]
    # a regime button sets the input and holds h_{t-1} and the old cell where the regime table has them
    assert data["regimes"] == {"input": "x", "hold": {"h_prev": 0.0, "c_prev": 1.0}, "values": explorables.REGIMES}
    assert explorables.REGIME_HOLD["c_prev"] == page.C_PREV == gates_page.C_PREV
    assert set(data["chart"]["colours"].values()) <= set(charts.COLOURS.values())
    assert data["chart"]["range"] == [-4.0, 4.0]  # |C_t| <= |C_{t-1}| + 1 for the largest old cell, 3


def test_subject_positions_are_read_from_the_embedding():
    assert explorables.subject_positions(handset.TOKENS) == [0, 5]
    assert explorables.positions(handset.TOKENS) == {"first_subject": 0, "held": 1, "subject_change": 5}
    tokens = handset.gender_trace(LONGER).tokens
    assert explorables.subject_positions(tokens) == [0, 5, 10]
    with pytest.raises(ValueError, match=r"^tokens must hold two subjects, got 1"):
        explorables.positions(["John", "is", "a", "doctor"])
    with pytest.raises(ValueError, match=r"^tokens must hold a token between their first two subjects, got them at 0"):
        explorables.positions(["John", "Mary", "is"])
    with pytest.raises(ValueError, match=r"^tokens contains unknown tokens \['Bob'\]"):
        explorables.positions(["Bob"])


@pytest.mark.parametrize("sentence", [None, SWAPPED, LONGER])
def test_saturation_data_scales_the_weights(sentence):
    data = explorables.saturation_explorer(sentence=sentence).data
    tokens = handset.gender_trace(sentence or handset.SENTENCE).tokens
    unit = handset.GENDER_UNIT
    assert data["tokens"] == list(tokens) and data["unit"] == unit
    assert [r["scale"] for r in data["runs"]] == list(explorables.SCALES)
    assert data["runs"][data["start"]]["scale"] == 1.0
    at = data["positions"]
    assert at == {"first_subject": 0, "held": 1, "subject_change": 5}
    rows = [(r["name"], r["t"]) for r in data["rows"]]
    assert rows == [("f", 0), ("f", 1), ("i", 1), ("f", 5), ("i", 5), ("kept", 5)]
    assert [r["label"] for r in data["rows"]] == [
        f"{tables.SHORT[r['name']]} at “{tokens[r['t']]}”" for r in data["rows"]
    ]
    assert data["status"] == {
        "t": 5,
        "names": ["c_prev", "kept"],
        "labels": [tables.LABELS[k] for k in ("c_prev", "kept")],
    }
    assert [(s["name"], s["label"]) for s in data["series"]] == [("f", tables.LABELS["f"]), ("i", tables.LABELS["i"])]
    assert {s["colour"] for s in data["series"]} <= set(charts.COLOURS.values())
    for r in data["runs"]:
        trace = handset.gender_trace(sentence or handset.SENTENCE, scale=r["scale"])
        for name in ("f", "i", "c_prev", "kept"):
            assert r[name] == getattr(trace, name)[:, unit].tolist()


def test_saturation_golden_values():
    run = explorables.saturation_explorer().data["runs"][2]  # ×1, the example as written
    assert run["scale"] == 1.0
    assert run["f"][5] == pytest.approx(1 / (1 + math.exp(2.0)), abs=1e-15)  # σ(3 - 5) at "Mary"
    assert run["f"][1] == pytest.approx(1 / (1 + math.exp(-3.0)), abs=1e-15)  # σ(3) at "is"


@pytest.mark.parametrize(
    "kwargs,message",
    [
        ({"scales": []}, r"^scales is empty"),
        ({"scales": "1"}, r"^scales must be a sequence of numbers, got str"),
        ({"scales": [1.0, float("nan")]}, r"^scales\[1\] must be finite, got nan"),
        ({"scales": [0.0]}, r"^scales\[0\] must be > 0, got 0.0"),
        ({"sentence": ""}, r"^sentence must be a non-empty str"),
        ({"sentence": 3}, r"^sentence must be a non-empty str, got int 3"),
        ({"sentence": "John is a doctor."}, r"^tokens must hold two subjects, got 1"),
    ],
)
def test_saturation_explorer_refuses_bad_input(kwargs, message):
    with pytest.raises(ValueError, match=message):
        explorables.saturation_explorer(**kwargs)


def test_mime_bundle():
    bundle = explorables.cell_explorer()._repr_mimebundle_()
    assert set(bundle) == {explorables.MIME, "text/plain"}
    assert bundle[explorables.MIME]["kind"] == "cell"
    assert explorables.saturation_explorer().label.startswith("Saturation explorer")


@pytest.mark.parametrize(
    "make",
    [explorables.cell_explorer, lambda: live.live_explorer([live.handset_model()]), explorables.saturation_explorer],
)
def test_data_are_plain_json(make):
    data = make().data
    assert json.loads(json.dumps(data, allow_nan=False)) == data


# -- The script holds nothing of the example -----------------------------------------------


def script() -> str:
    return SCRIPT.read_text(encoding="utf-8")


def test_script_holds_none_of_the_sentences_words():
    """No token of the example (of two letters or more: "a" and "." are everywhere) appears as a word."""
    words = {tok for tok in handset.TOKENS if len(tok) > 1}
    assert words, handset.TOKENS
    found = {w for w in words if re.search(rf"(?<!\w){re.escape(w)}(?!\w)", script())}
    assert found == set()


def test_script_holds_none_of_the_labels():
    labels = {*tables.LABELS.values(), *tables.MEMORY_ROWS.values(), *tables.SHORT.values(), explorables.INPUT_LABEL}
    long_labels = {label for label in labels if len(label) > 1}  # one-letter names (f, i, g, o) are the cell's code
    assert [label for label in long_labels if label in script()] == []
    # nor any piece of one: the labels' subscripts, tilde and ⊙ never appear in the script (× may: it writes the scale)
    symbols = {ch for label in labels for ch in label if not ch.isascii()} - {"×"}
    assert symbols and sorted(ch for ch in symbols if ch in script()) == []


def test_script_holds_no_colour_and_no_unit():
    js = script().lower()
    assert [c for c in charts.COLOURS.values() if c.lower() in js] == []
    assert re.findall(r"#[0-9a-f]{3,8}\b", js) == []  # no colour at all: every colour is data
    assert "rgb(" not in js
    assert [u for u in tables.unit_names(handset.N_H) if u.lower() in js] == []
    assert "gender" not in js


# -- The chapter's values ----------------------------------------------------------------------


def test_chapter_values():
    assert page.cell() == {"regime_h_prev": 0.0, "regime_c_prev": 1.0, "shut_c": 0.0}
    scales = page.scales()
    assert scales["scale_lo"] == 0.5 and scales["scale_one"] == 1.0 and scales["scale_hi"] == 4.0
    trace = handset.gender_trace(scale=4.0)
    assert (
        scales["left_hi"] == trace.kept[5, handset.GENDER_UNIT] and scales["f_is_hi"] == trace.f[1, handset.GENDER_UNIT]
    )
    assert page.exercises() == {
        "ex_rest_c_prev": 2.0,
        "ex_rest_f": 0.5,
        "ex_rest_g": 0.0,
        "ex_rest_c": 1.0,
        "ex_scale_below": 1.25,
    }
    claims = page.cell_claims() | page.scale_claims() | page.exercise_claims()
    assert all(claims.values()), claims


def test_chapter_tables():
    regimes = page.regime_table()
    assert list(regimes.index) == list(explorables.REGIMES)
    assert list(regimes.columns) == [explorables.INPUT_LABEL] + [
        tables.SHORT[k] for k in ("f", "i", "g", "o", "c", "h")
    ]
    saturation = page.saturation_table()
    assert list(saturation.columns) == [r["label"] for r in page.saturation().data["rows"]]
    assert len(saturation) == len(explorables.SCALES)
    assert list(page.stepper_table()["readout"]) == ["he"] * 5 + ["she"] * 5
    with pytest.raises(ValueError, match=r"^explorable must be a saturation Explorable"):
        page.saturation_table(explorables.cell_explorer())


# -- The chapter's exercises, recomputed from the questions' own givens ---------------


def test_rest_exercise_by_hand():
    from lstm_book.pages import explorables as page

    # the question: h_{t-1} = 0, x_t = 0, C_{t-1} = 2; every gate sigma(0), candidate tanh(0)
    assert page.rest_exercise(0.0, 0.0, 2.0) == {"f": 0.5, "i": 0.5, "o": 0.5, "g": 0.0, "c": 1.0}
    # any other givens: weight 1 on h and x, no bias, so every pre-activation is h + x
    got = page.rest_exercise(0.3, -0.2, 1.5)
    a = 0.3 - 0.2
    s = 1 / (1 + math.exp(-a))
    assert got["f"] == pytest.approx(s, abs=1e-15) and got["g"] == pytest.approx(math.tanh(a), abs=1e-15)
    assert got["c"] == pytest.approx(s * 1.5 + s * math.tanh(a), abs=1e-15)
    assert page.exercises()["ex_rest_c"] == page.REST_C_PREV / 2


def test_first_scale_below_by_hand():
    from lstm_book.pages import explorables as page

    # At "Mary" the gender unit's forget gate reads only "new subject" (weight -5) and its
    # bias (+3): with every weight and bias scaled by s it is sigma(-2 s).
    pre = handset.W_F_X[0] + handset.B_F
    by_hand = next(s for s in explorables.SCALES if 1 / (1 + math.exp(-s * pre)) < 0.1)
    assert page.exercises()["ex_scale_below"] == by_hand
    assert page.first_scale_below(0.5, [1.0, 2.0, 3.0], [0.7, 0.4, 0.1]) == 2.0
    for bad in ((0.1, [], []), (0.1, [1.0], [0.5, 0.4]), (0.1, [1.0, 2.0], [0.5, 0.4]), (float("nan"), [1.0], [0.0])):
        with pytest.raises(ValueError):
            page.first_scale_below(*bad)


def test_saturation_preactivations_by_hand():
    """The gender unit's pre-activations are sums of a bias and the weights on the token's
    features (its weights on h_{t-1} are 0): scaled by s, each is s times the example's, so the
    non-zero ones move away from 0 and the candidate's at "is" (no feature, no bias) stays 0."""
    pre = page.saturation_preactivations()
    assert len(pre) == len(explorables.SCALES)
    xs = handset.embed(handset.TOKENS)
    weights = {"f": (handset.W_F_X, handset.B_F), "i": (handset.W_I_X, handset.B_I)}
    weights |= {"g": (handset.W_G_X, handset.B_G), "o": (handset.W_O_X, handset.B_O)}
    for scale, a in zip(explorables.SCALES, pre, strict=True):
        for k, g in enumerate(lc.GATES):
            w, b = weights[g]
            np.testing.assert_allclose(a[:, k], scale * (xs[:, : len(w)] @ np.array(w) + b), rtol=0, atol=1e-12)
    held = explorables.positions(handset.TOKENS)["held"]
    assert handset.TOKENS[held] == "is" and all(a[held, lc.GATES.index("g")] == 0.0 for a in pre)


def test_saturation_prose(site):
    """The prose claims only what the numbers show, and writes what is kept in the table's format."""
    from conftest import paragraph_with, soup_of

    soup = soup_of(site / "book" / "explorables.html")
    opening = paragraph_with(soup, "Multiply every weight and bias")
    assert "every pre-activation away from 0" not in opening
    assert "that is not 0 moves further from 0" in opening and "stays 0 at every scale" in opening
    kept = paragraph_with(soup, "The share of")
    values = page.scales()
    shown = [f"{values[k]:.4f}" for k in ("left_lo", "left_one", "left_hi")]
    assert f"{shown[0]}, {shown[1]} and {shown[2]} at those scales" in kept and "e-0" not in kept
    table = page.saturation_table()
    kept_column = [c for c in table.columns if c.startswith(tables.SHORT["kept"])]
    assert shown[2] == f"{table[kept_column[0]].iloc[-1]:.4f}"  # the table's last row, as it shows it
