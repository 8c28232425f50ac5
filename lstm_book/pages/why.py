"""The values the chapter "Why an LSTM: a measurement" quotes."""

from __future__ import annotations

import math
from functools import cache

import numpy as np
import pandas as pd

from lstm_calc import sigmoid
from lstm_calc.jacobians import lstm_reach

from .. import charts, handset, reach
from ..text import tokenize

REVIEW = "The acting was very bad, direction was OK, but I loved the movie."
CAT = "The cat, which ate already, was full."
SETUP = {"T": 100, "n_h": 16, "n_in": 4, "seeds": range(5)}  # the experiment: sizes, and the random draws
SETTINGS = {  # glue name -> the curve's label
    "rnn_1": "RNN, gain 1",
    "rnn_05": "RNN, gain 0.5",
    "rnn_2": "RNN, gain 2",
    "lstm_0": "LSTM, gain 1, forget bias 0",
    "lstm_1": "LSTM, gain 1, forget bias 1",
    "lstm_3": "LSTM, gain 1, forget bias 3",
    "lstm_1_g2": "LSTM, gain 2, forget bias 1",
}
PATH_DISTANCE = 50  # the cell path is read this many steps before the last


def gaps_table() -> pd.DataFrame:
    """How many tokens apart the evidence and the word that needs it are, in the two sentences."""
    review, cat = tokenize(REVIEW), tokenize(CAT)
    return pd.DataFrame(
        {
            "evidence": ["bad", "cat"],
            "needed at": ["loved", "was"],
            "tokens apart": [review.index("loved") - review.index("bad"), cat.index("was") - cat.index("cat")],
        },
        index=pd.Index(["the review", "the cat"], name="sentence"),
    )


def gaps() -> dict:
    """The two gaps (ints)."""
    table = gaps_table()
    return {
        "gap_review": int(table.loc["the review", "tokens apart"]),
        "gap_cat": int(table.loc["the cat", "tokens apart"]),
    }


@cache
def curves() -> pd.DataFrame:
    """``reach.reach_curves`` over ``SETUP``: the median ‖∂h_T/∂x_t‖ at every distance, per setting."""
    return reach.reach_curves(**SETUP)


def reach_figure():
    """The curves on a log scale."""
    return charts.reach_chart(curves(), title="How far back the gradient reaches: ‖∂h_T/∂x_t‖, log scale")


def distances_table() -> pd.DataFrame:
    """The curves at a few distances, to three significant digits (the chart's text alternative)."""
    return reach.at_distances(curves()).map("{:.2e}".format)


def measurement() -> dict:
    """The experiment's sizes; for every setting of ``SETTINGS`` what is left at 50 and
    99 steps and its factor per step; how many times more the bias-1 LSTM keeps at 50
    steps than the gain-1 RNN; and the worked example's forget bias."""
    table = reach.at_distances(curves())
    values = {key: SETUP[key] for key in ("T", "n_h", "n_in")} | {"n_seeds": len(SETUP["seeds"])}
    for key, label in SETTINGS.items():
        values |= {
            f"{key}_d50": table.loc[label, 50],
            f"{key}_d99": table.loc[label, 99],
            f"{key}_decay": reach.decay_per_step(curves(), label),
        }
    values["ratio_d50"] = table.loc[SETTINGS["lstm_1"], 50] / table.loc[SETTINGS["rnn_1"], 50]
    values["worked_b_f"] = handset.B_F
    return values


def cell_path() -> dict:
    """For the first random draw of the bias-3 LSTM, ``PATH_DISTANCE`` steps before the
    last: the product of the forget gates of its best-kept slot, and the norm of the
    full ∂C_T/∂C_t."""
    T, n_h, n_in = SETUP["T"], SETUP["n_h"], SETUP["n_in"]
    xs = np.random.default_rng(0).standard_normal((T, n_in))
    cell = lstm_reach(reach.random_lstm(n_h, n_in, 1.0, 3.0, seed=0), xs)
    at = T - 1 - PATH_DISTANCE
    return {"path_forget_50": cell.norms("forget_path")[at], "path_dcdc_50": cell.norms("dc_dc")[at]}


def exercises() -> dict:
    """After how many steps the gain-1 RNN's factor falls below one millionth, and
    σ(1) to the 50th power."""
    factor = reach.decay_per_step(curves(), SETTINGS["rnn_1"])
    return {"ex_rnn_steps": math.ceil(math.log(1e-6) / math.log(factor)), "ex_sigma1_50": float(sigmoid(1.0)) ** 50}
