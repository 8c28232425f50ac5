"""The chapter "Two states, their vectors and shapes" (``lstm_book.pages.anatomy``): its
values, claims and exercise answers, recomputed here by hand or with PyTorch."""

from __future__ import annotations

import math

import numpy as np
import pytest

import lstm_calc as lc
from lstm_book import handset
from lstm_book.pages import anatomy

torch = pytest.importorskip("torch")


def sigma(a: float) -> float:
    return 1.0 / (1.0 + math.exp(-a))


def torch_count(n_h: int, n_in: int) -> int:
    return sum(p.numel() for p in torch.nn.LSTM(n_in, n_h).parameters())


# -- Vectors, shapes and counts --------------------------------------------------------------


def test_the_shapes_of_one_step():
    n_h, n_in = anatomy.sizes().values()
    assert (n_h, n_in) == (3, 4)  # the notes' forget gate: 3 × 7
    table = anatomy.shapes_table()
    assert table.index.name == "in the code"
    assert list(table.index) == ["x", "h_prev", "z", "W_f", "b_f", "f", "c", "h"]
    assert list(table["shape"]) == ["(4,)", "(3,)", "(7,)", "(3, 7)", "(3,)", "(3,)", "(3,)", "(3,)"]
    assert all("_{" not in what and "\\" not in what for what in table["what it is"])
    # every name is the code's: an argument of lstm_calc.step, a field of a step or of the parameters
    code = {"x", "h_prev"} | set(lc.LSTMStep._fields) | set(lc.LSTMParams.__dataclass_fields__)
    assert set(table.index) <= code


def test_counts_by_hand_and_in_torch():
    c = anatomy.counts()
    assert c["wf_rows"] * c["wf_cols"] == c["wf_weights"] == 21 and c["wf_biases"] == 3 and c["gate_params"] == 24
    assert c["lstm_params"] == 4 * 24 == 96 and c["rnn_params"] == 24
    assert c["torch_lstm_params"] == torch_count(3, 4) == 108 and c["torch_extra"] == 4 * 3
    table = anatomy.counts_table()
    assert table.index.names == ["nₕ", "nᵢₙ"]
    for labels, row in table.iterrows():
        n_h, n_in = (int(label.replace(",", "")) for label in labels)  # shown as the counts are: 1,024
        weights, bias = n_h * (n_h + n_in), n_h
        assert row["RNN"] == weights + bias and row["LSTM"] == 4 * (weights + bias)
        assert row["LSTM in PyTorch"] == torch_count(n_h, n_in)
    assert table["LSTM / RNN"].dtype.kind == "i" and set(table["LSTM / RNN"]) == {4}  # an integer, shown as one
    assert "4.0" not in table.to_string()
    assert anatomy.ratio_is_four()


# -- Pointwise operations ----------------------------------------------------------------------


def test_pointwise_table_by_hand():
    c_prev, f, i, g = (np.array(anatomy.POINTWISE[k]) for k in ("c_prev", "f", "i", "g"))
    assert list(c_prev) == [0.8, -0.4, 0.6]
    table = anatomy.pointwise_table()
    want = [[0.8, -0.4, 0.6], [0.9, 0.5, 0.1], [0.72, -0.2, 0.06], [0.1, 0.0, -0.27], [0.82, -0.2, -0.21]]
    np.testing.assert_allclose(table.to_numpy(), want, rtol=0, atol=1e-15)
    assert table.decimals == 2 and anatomy.pointwise_exact()
    shown = table.to_string()
    assert "0.80" in shown and "-0.40" in shown and "0.60" in shown and "-0.4 " not in shown


def test_forget_table_and_the_notes_selective_gate():
    table = anatomy.forget_table()
    assert list(table.index) == ["Cₜ₋₁", "Cₜ with f = 0", "Cₜ with f = ½", "Cₜ with f = 1", "Cₜ with f = [0, 0, 1]"]
    np.testing.assert_allclose(
        table.to_numpy(),
        [[0.8, -0.4, 0.6], [0, 0, 0], [0.4, -0.2, 0.3], [0.8, -0.4, 0.6], [0, 0, 0.6]],
        rtol=0,
        atol=1e-15,
    )
    assert table.decimals == 1
    assert anatomy.forgetting() == {"halve_in": 0.8, "halve_out": 0.4, "kept_slot": 3}
    claims = anatomy.forgetting_claims()
    assert len(claims) == 4 and all(claims.values())
    texts = anatomy.texts()
    assert texts["notes_gate"] == "[0, 0, 1]" and texts["cleared_slots"] == "1 and 2"


def test_the_notes_slips():
    texts = anatomy.texts()
    assert texts["notes_c_shape"] == "3 × 3" and texts["notes_f"] == "[1, 2, 3]"
    assert texts["notes_typo"] == "cat rat rad" and "rad" not in anatomy.VOCABULARY
    assert anatomy.notes_f_outside_gate_range()  # 1, 2, 3 are not in (0, 1)
    assert "must have one shape" in anatomy.notes_refusal() and "(3, 3)" in anatomy.notes_refusal()
    assert texts["feature_names"].count("“") == len(handset.FEATURES) == anatomy.features()["n_features"]


# -- The output gate ----------------------------------------------------------------------------


def test_output_gate_by_hand_with_torch():
    """The "Mary" step from torch's states after "John is a doctor .", with the example's
    output bias and with -3: the same cell, h = o·tanh(C)."""
    params = handset.gender_params()
    t, g = handset.TOKENS.index("Mary"), handset.GENDER_UNIT
    xs = torch.from_numpy(handset.embed(handset.TOKENS))
    with torch.no_grad():
        _, (h, c) = params.to_torch()(xs[:t, None, :])
        h_prev, c_prev = h[0, 0].numpy(), c[0, 0].numpy()
    z = np.concatenate([h_prev, xs[t].numpy()])
    f, i = sigma(params.W_f[g] @ z + params.b_f[g]), sigma(params.W_i[g] @ z + params.b_i[g])
    c_new = f * c_prev[g] + i * math.tanh(params.W_g[g] @ z + params.b_g[g])
    v = anatomy.output_gate()
    assert v["out_c"] == pytest.approx(c_new, abs=1e-12)
    assert v["out_o_open"] == pytest.approx(sigma(params.W_o[g] @ z + handset.B_O), abs=1e-15)
    assert v["out_o_shut"] == pytest.approx(sigma(params.W_o[g] @ z - 3.0), abs=1e-15)
    assert v["out_h_open"] == pytest.approx(v["out_o_open"] * math.tanh(c_new), abs=1e-12)
    assert v["out_h_shut"] == pytest.approx(v["out_o_shut"] * math.tanh(c_new), abs=1e-12)
    assert (v["out_b_open"], v["out_b_shut"]) == (20.0, -3.0)
    assert anatomy.output_gate_keeps_cell()
    table = anatomy.output_gate_table()
    assert list(table.columns) == ["o (unit 3)", "Cₜ (unit 3)", "hₜ (unit 3)"]
    assert "-0.8590" in table.to_string() and "-0.859 " not in table.to_string()  # four decimals in every column


# -- Exercises ---------------------------------------------------------------------------------


@pytest.mark.parametrize("n_h,n_in", [(10, 5), (1, 1), (7, 3)])
def test_exercise_count(n_h, n_in):
    got = anatomy.exercise_count(n_h, n_in)
    assert got["ex_count"] == 4 * (n_h * (n_h + n_in) + n_h)
    assert got["ex_count_torch"] == torch_count(n_h, n_in)


@pytest.mark.parametrize("c_prev,share", [((0.8, -0.4, 0.6), 0.25), ((2.0, -1.0), 0.5), ((1.0,), 0.1)])
def test_exercise_quarter(c_prev, share):
    """The question's own numbers: a gate of ``share`` everywhere keeps ``share`` of each slot."""
    got = anatomy.exercise_quarter(c_prev, share)
    assert got["f"] == share
    np.testing.assert_allclose(got["c"], [share * v for v in c_prev], rtol=1e-15, atol=0)


def test_exercise_quarter_of_the_chapter():
    """The wrong answer once shown, [0, 0, 0.196062], came from an old cell an earlier cell
    had overwritten: the answer depends only on the givens."""
    texts = anatomy.texts()
    c_prev = [float(v.replace("−", "-")) for v in texts["ex_c_prev"].split(", ")]
    assert c_prev == [0.8, -0.4, 0.6]
    assert texts["ex_quarter"] == "0.2, −0.1, 0.15"
    assert [float(v.replace("−", "-")) for v in texts["ex_quarter"].split(", ")] == pytest.approx(
        [0.25 * v for v in c_prev], abs=1e-15
    )


@pytest.mark.parametrize("n_h,vocabulary", [(5, 10), (3, 3), (128, 1000)])
def test_exercise_shapes_with_torch(n_h, vocabulary):
    got = anatomy.exercise_shapes(n_h, vocabulary)
    lstm = torch.nn.LSTM(vocabulary, n_h)
    assert tuple(lstm.weight_ih_l0.shape) == (4 * n_h, vocabulary)  # PyTorch stacks the four gates
    assert tuple(lstm.weight_hh_l0.shape) == (4 * n_h, n_h)
    assert (got["ex_w_rows"], got["ex_w_cols"]) == (n_h, n_h + vocabulary)
    assert got["ex_z_len"] == n_h + vocabulary
    assert got["ex_layer_params"] == torch_count(n_h, vocabulary) - 4 * n_h  # one bias per gate here


def test_exercise_values_of_the_chapter():
    e = anatomy.exercises()
    assert (e["ex_n_h"], e["ex_n_in"], e["ex_count"], e["ex_count_torch"]) == (10, 5, 640, 680)
    assert (e["ex3_n_h"], e["ex3_vocabulary"], e["ex_w_rows"], e["ex_w_cols"], e["ex_layer_params"]) == (
        5,
        10,
        5,
        15,
        320,
    )


@pytest.mark.parametrize(
    "call,message",
    [
        (lambda: anatomy.exercise_quarter((0.8, -0.4), 1.0), r"share must lie in \(0, 1\), where a sigmoid gate lies"),
        (lambda: anatomy.exercise_quarter((0.8, -0.4), "1/4"), r"share must be a real number, got str"),
        (lambda: anatomy.exercise_quarter([[1.0]], 0.5), r"c_prev must have shape \(n_h,\), got shape \(1, 1\)"),
        (lambda: anatomy.exercise_shapes(0, 10), r"n_h must be >= 1, got 0"),
        (lambda: anatomy.exercise_shapes(5, 2.5), r"vocabulary must be an int, got float"),
        (lambda: anatomy.exercise_count(5, 0), r"n_in must be >= 1, got 0"),
        (lambda: anatomy.forget_only((0.8, -0.4), (0.5,)), r"f must have shape \(2,\), got shape \(1,\)"),
    ],
)
def test_bad_givens_are_refused(call, message):
    with pytest.raises(ValueError, match=message):
        call()
