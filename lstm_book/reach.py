"""The "why an LSTM" measurement: how strongly the last hidden state still
depends on inputs and states 1, 2, …, T-1 steps back, for random RNNs and
LSTMs of a few weight scales and forget biases."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd

from lstm_calc import LSTMParams, RNNParams
from lstm_calc.jacobians import lstm_reach, rnn_reach


def random_rnn(n_h: int, n_in: int, gain: float, seed: int) -> RNNParams:
    """Weights N(0, gain²/n_h), zero bias: ``gain`` sets the typical stretch of W."""
    rng = np.random.default_rng(seed)
    return RNNParams(W=rng.standard_normal((n_h, n_h + n_in)) * gain / np.sqrt(n_h), b=np.zeros(n_h))


def random_lstm(n_h: int, n_in: int, gain: float, forget_bias: float, seed: int) -> LSTMParams:
    """Weights N(0, gain²/n_h), every bias 0 except the forget gate's."""
    p = LSTMParams.random(n_h, n_in, seed=seed, scale=gain / np.sqrt(n_h))
    zeros = np.zeros(n_h)
    return replace(p, b_f=np.full(n_h, float(forget_bias)), b_i=zeros, b_g=zeros, b_o=zeros)


def reach_curves(
    rnn_gains=(0.5, 1.0, 2.0),
    lstm_settings=((1.0, 0.0), (0.5, 1.0), (1.0, 1.0), (2.0, 1.0), (1.0, 3.0)),
    n_h: int = 16,
    n_in: int = 4,
    T: int = 100,
    seeds=range(5),
) -> pd.DataFrame:
    """Median over ``seeds`` of the norm of ∂h_T/∂x_t at every distance T-1-t.

    One random input sequence per seed, shared by every model of that seed.
    ``lstm_settings`` holds (gain, forget bias) pairs. Returns a long table:
    model, gain, forget_bias, label, distance, norm.
    """
    runs = {}
    for seed in seeds:
        xs = np.random.default_rng(10_000 + seed).standard_normal((T, n_in))
        for gain in rnn_gains:
            runs.setdefault(("RNN", gain, np.nan), []).append(
                rnn_reach(random_rnn(n_h, n_in, gain, seed), xs).norms("dh_dx")
            )
        for gain, bias in lstm_settings:
            reach = lstm_reach(random_lstm(n_h, n_in, gain, bias, seed), xs)
            runs.setdefault(("LSTM", gain, bias), []).append(reach.norms("dh_dx"))
    rows = []
    distance = np.arange(T - 1, -1, -1)
    for (model, gain, bias), norms in runs.items():
        label = f"RNN, gain {gain:g}" if model == "RNN" else f"LSTM, gain {gain:g}, forget bias {bias:g}"
        median = np.median(np.array(norms), axis=0)
        rows.append(
            pd.DataFrame(
                {
                    "model": model,
                    "gain": gain,
                    "forget_bias": bias,
                    "label": label,
                    "distance": distance,
                    "norm": median,
                }
            )
        )
    return pd.concat(rows, ignore_index=True).sort_values(["label", "distance"], kind="stable").reset_index(drop=True)


def decay_per_step(curves: pd.DataFrame, label: str, start: int = 10) -> float:
    """The factor the norm shrinks by per step, from a least-squares line
    through log(norm) against distance for distances >= ``start``."""
    sel = curves[(curves["label"] == label) & (curves["distance"] >= start)]
    if sel.empty:
        raise ValueError(f"label must be one of {sorted(curves['label'].unique())}, got {label!r}")
    slope = np.polyfit(sel["distance"], np.log(sel["norm"]), 1)[0]
    return float(np.exp(slope))


def at_distances(curves: pd.DataFrame, distances=(1, 10, 50, 99)) -> pd.DataFrame:
    """The curves as a table: one row per setting, one column per distance."""
    sel = curves[curves["distance"].isin(distances)]
    return sel.pivot_table(index="label", columns="distance", values="norm", sort=False).rename_axis(
        index="setting", columns="steps back"
    )
