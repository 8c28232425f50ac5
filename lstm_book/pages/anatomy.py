"""The values the chapter "Two states, vectors and shapes" quotes.

Each exercise's answer is computed by a function that receives every given of
the question, so no state of an earlier cell can leak into it.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd

from lstm_calc import LSTMParams, cell_state, step
from lstm_calc.counting import count_params

from .. import handset, tables

SHAPES_N_H, SHAPES_N_IN = 3, 4  # the random LSTM of the shapes table
# The pointwise example: an old cell and the gates of one step.
POINTWISE = {"c_prev": (0.8, -0.4, 0.6), "f": (0.9, 0.5, 0.1), "i": (0.2, 0.0, 0.9), "g": (0.5, 0.7, -0.3)}
FORGET_VALUES = (0.0, 0.5, 1.0)
SHUT_OUTPUT_BIAS = -3.0  # o = σ(-3) instead of σ(20)
SIZES = ((3, 4), (16, 8), (128, 64), (256, 300), (1024, 512))
VOCABULARY = ("cat", "mat", "rat")
SENTENCES = {"cat mat rat": 0, "cat rat rat": 0, "mat mat cat": 1}
EXERCISE_COUNT = {"n_h": 10, "n_in": 5}
EXERCISE_QUARTER = {"c_prev": POINTWISE["c_prev"], "f": 0.25}


def shapes_table() -> pd.DataFrame:
    """The shape of every vector and matrix of one step of a random LSTM."""
    params = LSTMParams.random(n_h=SHAPES_N_H, n_in=SHAPES_N_IN, seed=0)
    x, h_prev, c_prev = np.ones(SHAPES_N_IN), np.zeros(SHAPES_N_H), np.zeros(SHAPES_N_H)
    s = step(params, x, h_prev, c_prev)
    shown = {
        "xₜ": x,
        "hₜ₋₁": h_prev,
        "zₜ = [hₜ₋₁; xₜ]": s.z,
        "W_f": params.W_f,
        "b_f": params.b_f,
        "fₜ": s.f,
        "Cₜ": s.c,
        "hₜ": s.h,
    }
    return pd.DataFrame({"shape": [str(v.shape) for v in shown.values()]}, index=pd.Index(list(shown), name="vector"))


def counts() -> dict:
    """The forget gate's shape and the parameter counts of the shapes table's LSTM."""
    n_h, n_in = SHAPES_N_H, SHAPES_N_IN
    lstm, torch_lstm = count_params("lstm", n_h, n_in), count_params("lstm", n_h, n_in, torch_biases=True)
    return {
        "wf_rows": n_h,
        "wf_cols": n_h + n_in,
        "wf_weights": n_h * (n_h + n_in),
        "wf_biases": n_h,
        "gate_params": n_h * (n_h + n_in) + n_h,
        "lstm_params": lstm,
        "rnn_params": count_params("rnn", n_h, n_in),
        "torch_lstm_params": torch_lstm,
        "torch_extra": torch_lstm - lstm,
    }


def counts_table() -> pd.DataFrame:
    rows = [
        {
            "n_h": h,
            "n_in": i,
            "RNN": count_params("rnn", h, i),
            "LSTM": count_params("lstm", h, i),
            "LSTM / RNN": count_params("lstm", h, i) / count_params("rnn", h, i),
            "LSTM in PyTorch": count_params("lstm", h, i, torch_biases=True),
        }
        for h, i in SIZES
    ]
    return pd.DataFrame(rows).set_index(["n_h", "n_in"])


def sentences_table() -> pd.DataFrame:
    return pd.DataFrame({"label": SENTENCES.values()}, index=pd.Index(SENTENCES.keys(), name="sentence"))


def pointwise_table() -> pd.DataFrame:
    return tables.memory_update_table(**{k: np.array(v) for k, v in POINTWISE.items()})


def forget_only(c_prev, f: float) -> np.ndarray:
    """The new cell when the input gate is shut and every unit's forget gate is ``f``."""
    c_prev = np.asarray(c_prev, dtype=float)
    zero = np.zeros_like(c_prev)
    return cell_state(np.full_like(c_prev, f), c_prev, zero, zero)


def forget_table() -> pd.DataFrame:
    c_prev = POINTWISE["c_prev"]
    columns = {f"f = {v:g} everywhere": forget_only(c_prev, v) for v in FORGET_VALUES} | {"Cₜ₋₁": np.array(c_prev)}
    return pd.DataFrame(columns, index=tables.unit_names(len(c_prev))).T


def halving() -> dict:
    c_prev = POINTWISE["c_prev"]
    return {"halve_in": c_prev[0], "halve_out": forget_only(c_prev, 0.5)[0]}


def output_gate_steps() -> dict:
    """The "Mary" step of the worked example with its output bias and with a nearly shut output gate."""
    params = handset.gender_params()
    shut = replace(params, b_o=np.full(params.n_h, SHUT_OUTPUT_BIAS))
    t = handset.TOKENS.index("Mary")
    trace = handset.gender_trace()
    x, h_prev, c_prev = handset.embed(["Mary"])[0], trace.h[t - 1], trace.c[t - 1]
    return {"open output gate": step(params, x, h_prev, c_prev), "shut output gate": step(shut, x, h_prev, c_prev)}


def output_gate_table() -> pd.DataFrame:
    u = handset.GENDER_UNIT
    return pd.DataFrame(
        {
            name: {"o (unit 3)": s.o[u], "Cₜ (unit 3)": s.c[u], "hₜ (unit 3)": s.h[u]}
            for name, s in output_gate_steps().items()
        }
    ).T


def output_gate() -> dict:
    u = handset.GENDER_UNIT
    open_, shut = output_gate_steps().values()
    return {"out_c": open_.c[u], "out_h_open": open_.h[u], "out_h_shut": shut.h[u]}


def output_gate_keeps_cell() -> bool:
    """Whether the two runs of ``output_gate_steps`` give bit-identical cells."""
    open_, shut = output_gate_steps().values()
    return bool(np.array_equal(open_.c, shut.c))


def exercise_count(n_h: int, n_in: int) -> dict:
    return {
        "ex_count": count_params("lstm", n_h, n_in),
        "ex_count_torch": count_params("lstm", n_h, n_in, torch_biases=True),
    }


def exercise_quarter(c_prev, f: float) -> np.ndarray:
    """Exercise 2: the new cell from ``c_prev`` with the input gate shut and ``f`` in every unit."""
    return forget_only(c_prev, f)
