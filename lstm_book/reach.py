"""The "why an LSTM" measurement: how strongly the last hidden state still
depends on inputs and states 1, 2, …, T-1 steps back, for random RNNs and
LSTMs of a few weight scales and forget biases; and, for the LSTMs, which
route carries ∂C_T/∂C_t: the cell line alone or the routes through h."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd

from lstm_calc import LSTMParams, RNNParams, _check
from lstm_calc.jacobians import lstm_reach, rnn_reach


def random_rnn(n_h: int, n_in: int, gain: float, seed: int) -> RNNParams:
    """Weights N(0, gain²/n_h), zero bias: ``gain`` sets the typical stretch of W."""
    n_h, n_in, seed = _sizes(n_h, n_in, seed)
    gain = _check.real("gain", gain, positive=True)
    rng = np.random.default_rng(seed)
    return RNNParams(W=rng.standard_normal((n_h, n_h + n_in)) * gain / np.sqrt(n_h), b=np.zeros(n_h))


def random_lstm(
    n_h: int, n_in: int, gain: float, forget_bias: float, seed: int, recurrent_gain: float | None = None
) -> LSTMParams:
    """Weights N(0, gain²/n_h), every bias 0 except the forget gate's.

    ``recurrent_gain`` (default ``gain``) rescales the columns that read h_{t-1},
    in the three gates and the candidate, to N(0, recurrent_gain²/n_h): the same
    draw with weaker (or stronger) recurrent weights; 0 cuts every route through h.
    """
    n_h, n_in, seed = _sizes(n_h, n_in, seed)
    gain = _check.real("gain", gain, positive=True)
    forget_bias = _check.real("forget_bias", forget_bias)
    p = LSTMParams.random(n_h, n_in, seed=seed, scale=gain / np.sqrt(n_h))
    zeros = np.zeros(n_h)
    p = replace(p, b_f=np.full(n_h, forget_bias), b_i=zeros, b_g=zeros, b_o=zeros)
    if recurrent_gain is None:
        return p
    recurrent_gain = _check.real("recurrent_gain", recurrent_gain, at_least=0.0)
    scale = np.concatenate([np.full(n_h, recurrent_gain / gain), np.ones(n_in)])  # columns of [h; x]
    return replace(p, **{name: getattr(p, name) * scale for name in ("W_f", "W_i", "W_g", "W_o")})


def _sizes(n_h, n_in, seed) -> tuple[int, int, int]:
    return (
        _check.integer("n_h", n_h, low=1),
        _check.integer("n_in", n_in, low=1),
        _check.integer("seed", seed, low=0),
    )


def inputs(T: int, n_in: int, seed: int) -> np.ndarray:
    """The random input sequence (T, n_in) of draw ``seed``, shared by every model of that draw."""
    T = _check.integer("T", T, low=1)
    n_in = _check.integer("n_in", n_in, low=1)
    seed = _check.integer("seed", seed, low=0)
    return np.random.default_rng(10_000 + seed).standard_normal((T, n_in))


def _items(name: str, value) -> list:
    return _check.items(name, value, empty=True)


def _seeds(seeds) -> list[int]:
    try:
        seeds = list(seeds)
    except TypeError:
        raise ValueError(f"seeds must be an iterable of ints, got {type(seeds).__name__} {seeds!r}") from None
    if not seeds:
        raise ValueError("seeds must hold at least one seed, got none")
    return [_check.integer("seeds[k]", s, low=0) for s in seeds]


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
    n_h, n_in, _ = _sizes(n_h, n_in, 0)
    T = _check.integer("T", T, low=2)
    seeds = _seeds(seeds)
    rnn_gains = [_check.real(f"rnn_gains[{k}]", g, positive=True) for k, g in enumerate(_items("rnn_gains", rnn_gains))]
    settings = _check.items("lstm_settings", lstm_settings, empty=True)
    for k, setting in enumerate(settings):
        pair = _check.items(f"lstm_settings[{k}]", setting)
        if len(pair) != 2:
            raise ValueError(f"lstm_settings[{k}] must be a (gain, forget bias) pair, got {setting!r}")
        _check.real(f"lstm_settings[{k}] gain", pair[0], positive=True)
        _check.real(f"lstm_settings[{k}] forget bias", pair[1])
    if not rnn_gains and not settings:
        raise ValueError("rnn_gains and lstm_settings are both empty: got no model to measure")
    runs = {}
    for seed in seeds:
        xs = inputs(T, n_in, seed)
        for gain in rnn_gains:
            runs.setdefault(("RNN", gain, np.nan), []).append(
                rnn_reach(random_rnn(n_h, n_in, gain, seed), xs).norms("dh_dx")
            )
        for gain, bias in settings:
            reach = lstm_reach(random_lstm(n_h, n_in, gain, bias, seed), xs)
            runs.setdefault(("LSTM", gain, bias), []).append(reach.norms("dh_dx"))
    rows = []
    distance = np.arange(T - 1, -1, -1)
    for (model, gain, bias), norms in runs.items():
        label = f"RNN, gain {gain:g}" if model == "RNN" else lstm_label(gain, bias)
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


def lstm_label(gain: float, forget_bias: float, recurrent_gain: float | None = None) -> str:
    """The name of an LSTM setting, as the tables and charts show it."""
    _check.real("gain", gain, positive=True), _check.real("forget_bias", forget_bias)
    if recurrent_gain is not None:
        _check.real("recurrent_gain", recurrent_gain, at_least=0.0)
    label = f"LSTM, gain {gain:g}, forget bias {forget_bias:g}"
    return label if recurrent_gain is None else f"{label}, recurrent gain {recurrent_gain:g}"


ROUTES = ("full", "cell path", "through h")


def route_curves(settings, n_h: int = 16, n_in: int = 4, T: int = 100, seeds=range(5)) -> pd.DataFrame:
    """Which route carries ∂C_T/∂C_t, for each LSTM of ``settings``.

    ``settings`` holds (gain, forget bias, recurrent gain) triples (recurrent
    gain None: the same as gain; see ``random_lstm``). Same draws and inputs as
    ``reach_curves``. Returns one row per setting and distance T-1-t with the
    median over ``seeds`` of the norms of ∂C_T/∂C_t through every path ("full"),
    along the cell line alone ("cell path": the largest product of forget gates
    f_{t+1} ⊙ … ⊙ f_T) and through h ("through h": full minus the cell path).
    Columns: label, gain, forget_bias, recurrent_gain, distance, full, cell path, through h.
    """
    n_h, n_in, _ = _sizes(n_h, n_in, 0)
    T = _check.integer("T", T, low=2)
    seeds = _seeds(seeds)
    try:
        settings = [tuple(s) for s in _check.items("settings", settings, empty=True)]
    except TypeError:
        raise ValueError(f"settings must be (gain, forget bias, recurrent gain) triples, got {settings!r}") from None
    if not settings or any(len(s) != 3 for s in settings):
        raise ValueError(f"settings must be a non-empty list of (gain, forget bias, recurrent gain), got {settings!r}")
    for k, (gain, bias, recurrent) in enumerate(settings):
        _check.real(f"settings[{k}] gain", gain, positive=True), _check.real(f"settings[{k}] forget bias", bias)
        if recurrent is not None:
            _check.real(f"settings[{k}] recurrent gain", recurrent, at_least=0.0)
    names = {"full": "dc_dc", "cell path": "forget_path", "through h": "through_h"}
    rows = []
    for gain, bias, recurrent in settings:
        norms = {route: [] for route in ROUTES}
        for seed in seeds:
            reach = lstm_reach(random_lstm(n_h, n_in, gain, bias, seed, recurrent), inputs(T, n_in, seed))
            for route in ROUTES:
                norms[route].append(reach.norms(names[route]))
        rows.append(
            pd.DataFrame(
                {
                    "label": lstm_label(gain, bias, recurrent),
                    "gain": float(gain),
                    "forget_bias": float(bias),
                    "recurrent_gain": float(gain if recurrent is None else recurrent),
                    "distance": np.arange(T - 1, -1, -1),
                }
                | {route: np.median(np.array(norms[route]), axis=0) for route in ROUTES}
            )
        )
    return pd.concat(rows, ignore_index=True).sort_values(["label", "distance"], kind="stable").reset_index(drop=True)


def decay_per_step(curves: pd.DataFrame, label: str, start: int = 10, column: str = "norm") -> float:
    """The factor the norm changes by per step (below 1: it shrinks; above 1: it
    grows), from a least-squares line through log(``column``) against distance
    for distances >= ``start``."""
    if not isinstance(curves, pd.DataFrame) or "label" not in curves or "distance" not in curves:
        raise ValueError(f"curves must be a table of reach_curves or route_curves, got {type(curves).__name__}")
    if not isinstance(column, str) or column not in curves or column in ("label", "distance"):
        raise ValueError(f"column must be a column of norms of curves, got {column!r}")
    start = _check.integer("start", start, low=0)
    if not isinstance(label, str) or label not in set(curves["label"]):
        raise ValueError(f"label must be one of {sorted(curves['label'].unique())}, got {label!r}")
    sel = curves[(curves["label"] == label) & (curves["distance"] >= start)]
    if len(sel) < 2:
        raise ValueError(f"start must leave at least two distances of {label!r} to fit, got start={start}")
    slope = np.polyfit(sel["distance"], np.log(sel[column]), 1)[0]
    return float(np.exp(slope))


def at_distances(curves: pd.DataFrame, distances=(1, 10, 50, 99)) -> pd.DataFrame:
    """The curves as a table: one row per setting, one column per distance."""
    if not isinstance(curves, pd.DataFrame) or not {"label", "distance", "norm"} <= set(curves):
        raise ValueError(f"curves must be a table of reach_curves, got {type(curves).__name__}")
    distances = _check.integers("distances", distances, low=0)
    sel = curves[curves["distance"].isin(distances)]
    return sel.pivot_table(index="label", columns="distance", values="norm", sort=False).rename_axis(
        index="setting", columns="steps back"
    )
