"""The values the chapter "Why an LSTM: a measurement" quotes.

Each exercise's answer is computed by a function that receives every given of
the question, so no state of an earlier cell can leak into it.
"""

from __future__ import annotations

import math
from dataclasses import replace
from functools import cache

import numpy as np
import pandas as pd
import plotly.graph_objects as go

import lstm_calc
from lstm_calc import _check, sigmoid
from lstm_calc.jacobians import lstm_reach
from lstm_calc.rnn import rnn_run

from .. import cache as disk_cache
from .. import charts, handset, reach, tables
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
RNN_GAINS = {"rnn_05": 0.5, "rnn_1": 1.0, "rnn_2": 2.0}
# The LSTMs of the measurement as (gain, forget bias, recurrent gain), recurrent gain None: the same as gain.
MEASURED = {
    "lstm_0": (1.0, 0.0, None),
    "lstm_05_1": (0.5, 1.0, None),
    "lstm_1": (1.0, 1.0, None),
    "lstm_1_g2": (2.0, 1.0, None),
    "lstm_3": (1.0, 3.0, None),
}
# The sweep: the same draws with the recurrent weights shrunk, at three forget biases.
SWEEP_BIASES = (1.0, 3.0, 5.0)
SWEEP_RECURRENT = (0.0, 0.01, 0.03, 0.1, 0.3)
SMALL, LARGE = 0.03, 0.1  # the recurrent gains the prose compares: the cell path wins at SMALL, h at LARGE
CHART_ROUTES = {  # the networks of the routes chart, and their colours (the colours of lstm_book.charts)
    (1.0, 1.0, None): charts.SHE_COLOUR,
    (1.0, 3.0, None): charts.HE_COLOUR,
    (1.0, 3.0, SMALL): charts.HIDDEN_COLOUR,
}
PATH_DISTANCE = 50  # the routes are compared this many steps before the last
FAR = 99  # and, once, this many
# The exercises' givens.
EXERCISE_MILLIONTH = {"threshold": 1e-6}  # the factor is the gain-1 RNN's, rounded as the page shows it
EXERCISE_SHARE = {"forget_bias": 1.0, "steps": 50}
EXERCISE_GROWTH = {"steps": (99, 1000)}  # the factor is the bias-3 LSTM's, rounded as the page shows it
EXERCISE_ZERO = {"n_h": 3, "n_in": 2, "T": 20, "seed": 0, "gain": 1.0, "forget_bias": 3.0}


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


# -- How far back ∂h_T/∂x_t reaches -----------------------------------------------------


@cache
def curves() -> pd.DataFrame:
    """``reach.reach_curves`` over ``SETUP``: the median ‖∂h_T/∂x_t‖ at every distance, per setting."""
    return disk_cache.cached("reach-curves", (lstm_calc, reach), SETUP, lambda: reach.reach_curves(**SETUP))


def _in_prose_order(labels) -> list[str]:
    """``labels`` of the measurement: those of ``SETTINGS`` first, in the order the chapter
    discusses them, then any other, as they come."""
    return list(SETTINGS.values()) + [label for label in labels if label not in SETTINGS.values()]


LOWEST_SHOWN = 1e-12  # the reach chart's axis stops here, so the curves the prose reads keep their room


def reach_figure():
    """The curves on a log scale, in the order the chapter discusses them, the axis cut at
    ``LOWEST_SHOWN`` (the table below the chart holds the values further down)."""
    c = curves()
    ordered = pd.concat([c[c["label"] == label] for label in _in_prose_order(c["label"].unique())], ignore_index=True)
    fig = charts.reach_chart(
        ordered, title=f"How far back the gradient reaches: ‖∂h_T/∂x_t‖, log scale, cut at {LOWEST_SHOWN:.0e}"
    )
    top = float(np.log10(c["norm"].max())) + 0.3
    return fig.update_yaxes(range=[float(np.log10(LOWEST_SHOWN)), top])


DISTANCES = (0, 1, 10, 50, 99)  # the columns of the chart's table


def distances_table() -> pd.DataFrame:
    """The curves at ``DISTANCES``, to three significant digits (the chart's text
    alternative), the settings in the order the chapter discusses them."""
    table = reach.at_distances(curves(), DISTANCES)
    table = table.reindex(_in_prose_order(table.index))
    table.columns = [f"{d} step{'' if d == 1 else 's'} back" for d in table.columns]
    return tables.formatted(table.rename_axis(index="setting", columns=None), formats=dict.fromkeys(table, ".2e"))


def _norm(label: str, distance: int) -> float:
    c = curves()
    return float(c.loc[(c["label"] == label) & (c["distance"] == distance), "norm"].iloc[0])


SWING_END = 30  # the gain-2 RNN's median swings up to about here; its factor is fitted from here on


def _curve(key: str) -> pd.Series:
    c = curves()
    return c[c["label"] == SETTINGS[key]].set_index("distance")["norm"]


def measurement() -> dict:
    """The experiment's sizes; for every setting of ``SETTINGS`` its norm at 0, 1,
    50 and 99 steps back, the share of its value at 0 left at 50 and 99 (``_s50``,
    ``_s99``) and its factor per step; the gain-2 RNN's first rise, its swings up
    to ``SWING_END`` steps back (its lowest and its highest) and its
    factor from there on; the bias-3 LSTM's range after its first step; how many
    times the share the bias-1 LSTM keeps at 50 steps is the gain-1 RNN's; and the
    worked example's forget bias."""
    values = {key: SETUP[key] for key in ("T", "n_h", "n_in")} | {"n_seeds": len(SETUP["seeds"])}
    for key, label in SETTINGS.items():
        d0, d50, d99 = (_norm(label, d) for d in (0, 50, 99))
        values |= {
            f"{key}_d0": d0,
            f"{key}_d1": _norm(label, 1),
            f"{key}_d50": d50,
            f"{key}_d99": d99,
            f"{key}_s50": d50 / d0,
            f"{key}_s99": d99 / d0,
            f"{key}_decay": reach.decay_per_step(curves(), label),
        }
    rnn_2 = _curve("rnn_2")
    early = rnn_2[rnn_2.index <= 10]
    swings = rnn_2[(rnn_2.index >= early.idxmax()) & (rnn_2.index <= SWING_END)]
    peak_at = int(rnn_2.idxmax())
    values |= {
        "rnn_2_rise": float(early.max()),
        "rnn_2_rise_at": int(early.idxmax()),
        "rnn_2_swing_low": float(swings.min()),
        "rnn_2_peak": float(rnn_2.max()),
        "rnn_2_peak_at": peak_at,
        "swing_end": SWING_END,
        "rnn_2_decay_far": reach.decay_per_step(curves(), SETTINGS["rnn_2"], start=SWING_END),
    }
    lstm_3 = _curve("lstm_3")
    values |= {"lstm_3_low": float(lstm_3[1:].min()), "lstm_3_high": float(lstm_3[1:].max())}
    values["ratio_d50"] = values["lstm_1_s50"] / values["rnn_1_s50"]
    values["worked_b_f"] = handset.B_F
    return values


def rnn_weights() -> dict:
    """For each RNN gain of the measurement (median over the draws): the spectral
    norm ‖W_h‖ of the recurrent weights, and the mean tanh slope 1 − h² over the
    run; for gain 0.5 also the largest ‖W_h‖ of any draw."""
    values = {}
    for key, gain in RNN_GAINS.items():
        norms, slopes = [], []
        for seed in SETUP["seeds"]:
            params = reach.random_rnn(SETUP["n_h"], SETUP["n_in"], gain, seed)
            norms.append(np.linalg.norm(params.W[:, : SETUP["n_h"]], ord=2))
            hs = rnn_run(params, reach.inputs(SETUP["T"], SETUP["n_in"], seed))
            slopes.append(np.mean(1 - hs**2))
        values |= {f"{key}_wh": float(np.median(norms)), f"{key}_slope": float(np.median(slopes))}
        if key == "rnn_05":
            values["rnn_05_wh_max"] = float(np.max(norms))
    return values


# -- Which route carries ∂C_T/∂C_t ------------------------------------------------------


def _sweep_settings() -> list[tuple]:
    return [(1.0, bias, r) for bias in SWEEP_BIASES for r in SWEEP_RECURRENT]


@cache
def routes() -> pd.DataFrame:
    """``reach.route_curves`` for the measured LSTMs and the sweep, over ``SETUP``."""
    settings = list(MEASURED.values()) + _sweep_settings()
    return disk_cache.cached(
        "route-curves", (lstm_calc, reach), (settings, SETUP), lambda: reach.route_curves(settings, **SETUP)
    )


def _at(label: str, distance: int) -> pd.Series:
    r = routes()
    return r[(r["label"] == label) & (r["distance"] == distance)].iloc[0]


def route_figure() -> go.Figure:
    """∂C_T/∂C_t against the distance, log scale: for each network of ``CHART_ROUTES``
    the cell path alone (dotted) and every route (solid), median of the draws."""
    r = routes()
    fig = go.Figure()
    for setting, colour in CHART_ROUTES.items():
        label = reach.lstm_label(*setting)
        part = r[r["label"] == label]
        for route, name, dash in (("full", "every route", "solid"), ("cell path", "cell path alone", "dot")):
            fig.add_trace(
                go.Scatter(
                    x=part["distance"].tolist(),
                    y=part[route].tolist(),
                    name=f"{_short(setting)}: {name}",
                    legendgroup=label,
                    mode="lines",
                    line=dict(color=colour, dash=dash, width=3 if dash == "dot" else 2),
                    hovertemplate=f"{label}, {name}<br>%{{x}} steps back: %{{y:.2e}}<extra></extra>",
                )
            )
    return charts.steps_back_layout(
        fig,
        "Which route carries ∂C_T/∂C_t: the cell path alone (dotted) and every route (solid)",
        "‖∂C_T / ∂C_t‖ (median of the draws)",
        height=560,
    )


def _short(setting) -> str:
    gain, bias, recurrent = setting
    return f"bias {bias:g}" + ("" if recurrent is None else f", recurrent gain {recurrent:g}")


def routes_table(distance: int = PATH_DISTANCE) -> pd.DataFrame:
    """For each measured LSTM (rows: gain, forget bias), ``distance`` steps back: the
    cell path, the routes through h and every route (norms, median of the draws), the
    factor per step of the cell path and of every route, and which of the two routes
    is larger."""
    distance = _check.integer("distance", distance, low=0, high=SETUP["T"])
    rows = []
    for gain, bias, _ in MEASURED.values():
        label = reach.lstm_label(gain, bias)
        at = _at(label, distance)
        rows.append(
            {
                "gain": f"{gain:g}",
                "forget bias": f"{bias:g}",
                "cell path": float(at["cell path"]),
                "through h": float(at["through h"]),
                "every route": float(at["full"]),
                "cell path, per step": reach.decay_per_step(routes(), label, column="cell path"),
                "every route, per step": reach.decay_per_step(routes(), label, column="full"),
                "larger": "through h" if at["through h"] > at["cell path"] else "cell path",
            }
        )
    formats = dict.fromkeys(("cell path", "through h", "every route"), ".2e")
    return tables.formatted(pd.DataFrame(rows).set_index(["gain", "forget bias"]), decimals=3, formats=formats)


def _ratio(bias: float, recurrent: float, distance: int) -> float:
    at = _at(reach.lstm_label(1.0, bias, recurrent), distance)
    return float(at["through h"] / at["cell path"])


def sweep_table(distance: int = PATH_DISTANCE) -> pd.DataFrame:
    """Through h ÷ cell path, ``distance`` steps back (medians of the draws), for each
    recurrent gain (rows) and forget bias (columns) of the sweep, to two decimals."""
    distance = _check.integer("distance", distance, low=0, high=SETUP["T"])
    table = pd.DataFrame(
        {f"forget bias {b:g}": [_ratio(b, r, distance) for r in SWEEP_RECURRENT] for b in SWEEP_BIASES},
        index=pd.Index([f"{r:g}" for r in SWEEP_RECURRENT], name="recurrent gain"),
    )
    return tables.formatted(table, decimals=2)


def cell_path() -> dict:
    """The routes of ∂C_T/∂C_t, ``PATH_DISTANCE`` steps back (medians of the draws):
    for every measured LSTM its cell path, routes through h, every route and their
    factors per step; the sweep's extremes on either side of 1 at the recurrent
    gains ``SMALL`` and ``LARGE``, the same at ``FAR`` steps, and the cell path
    with no recurrent weight at each forget bias."""
    values = {"path_distance": PATH_DISTANCE, "far": FAR, "small": SMALL, "large": LARGE}
    gains = [setting[0] if setting[2] is None else setting[2] for setting in MEASURED.values()]
    values |= {"measured_recurrent_min": min(gains), "measured_recurrent_max": max(gains)}
    for key, setting in MEASURED.items():
        label = reach.lstm_label(*setting)
        at = _at(label, PATH_DISTANCE)
        values |= {
            f"{key}_path": float(at["cell path"]),
            f"{key}_through_h": float(at["through h"]),
            f"{key}_full": float(at["full"]),
            f"{key}_path_decay": reach.decay_per_step(routes(), label, column="cell path"),
            f"{key}_full_decay": reach.decay_per_step(routes(), label, column="full"),
        }
    values["path_forget_50"] = values["lstm_3_path"]
    values["path_dcdc_50"] = values["lstm_3_full"]
    values["lstm_1_full_over_path"] = values["lstm_1_full"] / values["lstm_1_path"]
    values["lstm_1_sigma_50"] = float(sigmoid(1.0)) ** PATH_DISTANCE
    ratios = {(b, r): _ratio(b, r, PATH_DISTANCE) for b in SWEEP_BIASES for r in SWEEP_RECURRENT}
    values |= {
        "sweep_zero_max": max(ratios[b, 0.0] for b in SWEEP_BIASES),
        "sweep_small_max": max(ratios[b, r] for b in SWEEP_BIASES for r in SWEEP_RECURRENT if r <= SMALL),
        "sweep_large_min": min(ratios[b, r] for b in SWEEP_BIASES for r in SWEEP_RECURRENT if r >= LARGE),
        "sweep_small_far_max": max(_ratio(b, SMALL, FAR) for b in SWEEP_BIASES),
    }
    for b in SWEEP_BIASES:
        at = _at(reach.lstm_label(1.0, b, 0.0), PATH_DISTANCE)
        values |= {
            f"alone_b{b:g}": float(at["cell path"]),
            f"alone_b{b:g}_through_h": float(at["through h"]),
            f"sigma_b{b:g}": float(sigmoid(b)),
            f"small_b{b:g}_near": ratios[b, SMALL],
            f"small_b{b:g}_far": _ratio(b, SMALL, FAR),
        }
    values["alone_b5_decay"] = reach.decay_per_step(routes(), reach.lstm_label(1.0, 5.0, 0.0), column="cell path")
    b5_small = _at(reach.lstm_label(1.0, 5.0, SMALL), PATH_DISTANCE)
    values |= {"b5_small_path": float(b5_small["cell path"]), "b5_small_full": float(b5_small["full"])}
    return values


# -- Exercises: each answer from the question's own givens ------------------------------


def steps_below(factor: float, threshold: float) -> int:
    """The smallest number of steps k with factor**k < threshold, for 0 < factor < 1 and 0 < threshold < 1."""
    factor = _check.real("factor", factor, positive=True)
    threshold = _check.real("threshold", threshold, positive=True)
    if factor >= 1:
        raise ValueError(f"factor must be < 1 (a shrinking gradient), got {factor}")
    if threshold >= 1:
        raise ValueError(f"threshold must be < 1, got {threshold}")
    k = math.ceil(math.log(threshold) / math.log(factor))
    return k + 1 if factor**k >= threshold else k  # factor**k == threshold exactly is not below it


def cell_path_share(forget_bias: float, steps: int) -> float:
    """What the cell path alone keeps over ``steps`` steps if every forget gate sits at σ(forget_bias)."""
    forget_bias = _check.real("forget_bias", forget_bias)
    steps = _check.integer("steps", steps, low=0)
    return float(sigmoid(forget_bias)) ** steps


def compounded(factor: float, steps: int) -> float:
    """factor**steps: what a gradient that changes by ``factor`` per step becomes after ``steps`` steps."""
    factor = _check.real("factor", factor, positive=True)
    steps = _check.integer("steps", steps, low=0)
    return factor**steps


ZEROABLE = ("W_f", "W_i", "W_g", "W_o")


def off_cell_path(zeroed, n_h: int, n_in: int, T: int, seed: int, gain: float, forget_bias: float) -> float:
    """The largest entry of ∂C_T/∂C_t − diag(f_{t+1} ⊙ … ⊙ f_T) over every t, for the
    random LSTM ``reach.random_lstm(n_h, n_in, gain, forget_bias, seed)`` run over
    ``reach.inputs(T, n_in, seed)``, after setting to zero the columns that read
    h_{t-1} in each matrix named in ``zeroed`` (a subset of W_f, W_i, W_g, W_o)."""
    zeroed = (zeroed,) if isinstance(zeroed, str) else tuple(_check.texts("zeroed", zeroed, empty=True))
    T = _check.integer("T", T, low=1)
    if not set(zeroed) <= set(ZEROABLE):
        raise ValueError(f"zeroed must name matrices among {', '.join(ZEROABLE)}, got {zeroed!r}")
    params = reach.random_lstm(n_h, n_in, gain, forget_bias, seed)
    n_h = params.n_h
    changes = {}
    for name in zeroed:
        W = getattr(params, name).copy()
        W[:, :n_h] = 0.0  # the columns that read h_{t-1}
        changes[name] = W
    params = replace(params, **changes)
    cut = lstm_reach(params, reach.inputs(T, n_in, seed))
    return float(np.max(np.abs(cut.through_h)))


def exercises() -> dict:
    """The exercises' givens, as the page shows them, and their answers, each
    computed from those givens alone."""
    rnn_factor = round(reach.decay_per_step(curves(), SETTINGS["rnn_1"]), 2)  # as the page shows it
    lstm_factor = round(reach.decay_per_step(curves(), SETTINGS["lstm_3"]), 3)
    near, far = EXERCISE_GROWTH["steps"]
    z = EXERCISE_ZERO
    return {
        "ex_rnn_factor": rnn_factor,
        "ex_rnn_steps": steps_below(rnn_factor, **EXERCISE_MILLIONTH),
        "ex_rnn_d0": _norm(SETTINGS["rnn_1"], 0),
        "ex_share_bias": EXERCISE_SHARE["forget_bias"],
        "ex_share_steps": EXERCISE_SHARE["steps"],
        "ex_sigma1_50": cell_path_share(**EXERCISE_SHARE),
        "ex_growth_factor": lstm_factor,
        "ex_growth_near": near,
        "ex_growth_far": far,
        "ex_growth_near_value": compounded(lstm_factor, near),
        "ex_growth_far_value": compounded(lstm_factor, far),
        "ex_zero_n_h": z["n_h"],
        "ex_zero_n_in": z["n_in"],
        "ex_zero_T": z["T"],
        "ex_zero_bias": z["forget_bias"],
        "ex_cut_gates": off_cell_path(("W_f", "W_i", "W_g"), **z),
        "ex_cut_output": off_cell_path(("W_o",), **z),
        "ex_cut_all": off_cell_path(ZEROABLE, **z),
    }
