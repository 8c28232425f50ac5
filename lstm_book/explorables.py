"""The data behind the book's three explorables.

An ``Explorable`` displays in a notebook as the MIME type
``application/vnd.lstm-book.explorable+json``; the book's Sphinx extension
turns it into a placeholder that ``_static/lstm-book-explorables.js`` brings to
life. Two of the three hold only numbers computed here; the cell explorer
computes live in the browser with a port of ``cell_explorer_step``, which the
browser tests check against this module on a grid of inputs.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from lstm_calc import GATES, LSTMParams, candidate, cell_state, concat, forget_gate, hidden_state, input_gate, output_gate

from . import handset as presets
from .charts import gender_chart
from .tables import unit_names

MIME = "application/vnd.lstm-book.explorable+json"


@dataclass(frozen=True)
class Explorable:
    kind: str  # "cell", "stepper" or "saturation"
    label: str  # what a screen reader announces for the whole widget
    data: dict

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {MIME: {"kind": self.kind, "label": self.label, "data": self.data},
                "text/plain": f"<{self.kind} explorable: {self.label}>"}


# -- The cell explorer: one unit, every gate reading h_{t-1} and x_t with weight 1 --

def cell_explorer_params() -> LSTMParams:
    """A one-unit cell whose gates and candidate all read h_{t-1} and x_t with
    weight 1 and no bias: the cell of the four regimes (seed 001)."""
    one = np.ones((1, 2))
    zero = np.zeros(1)
    return LSTMParams(W_f=one, W_i=one, W_g=one, W_o=one, b_f=zero, b_i=zero, b_g=zero, b_o=zero)


GATE_NAMES = GATES


def cell_explorer_step(params: LSTMParams, x: float, h_prev: float, c_prev: float, overrides=None) -> dict:
    """One step of a one-unit cell, with any of f, i, g (C̃), o replaced by a
    value the reader chose. Built from lstm_calc's equation functions; the
    JavaScript port must agree with it."""
    overrides = overrides or {}
    unknown = set(overrides) - set(GATE_NAMES)
    if unknown:
        raise ValueError(f"overrides may set {GATE_NAMES}, got {sorted(unknown)}")
    z = concat(np.array([float(h_prev)]), np.array([float(x)]))
    computed = {"f": forget_gate(params, z), "i": input_gate(params, z), "g": candidate(params, z), "o": output_gate(params, z)}
    v = {k: np.array([float(overrides[k])]) if k in overrides else computed[k] for k in GATE_NAMES}
    c = cell_state(v["f"], np.array([float(c_prev)]), v["i"], v["g"])
    h = hidden_state(v["o"], c)
    return {k: float(v[k][0]) for k in GATE_NAMES} | {"c": float(c[0]), "h": float(h[0])}


REGIMES = {"strongly positive": 5.0, "weakly positive": 0.5, "weakly negative": -0.5, "strongly negative": -5.0}


def cell_explorer() -> Explorable:
    p = cell_explorer_params()
    weights = {g: {"h": float(getattr(p, f"W_{g}")[0, 0]), "x": float(getattr(p, f"W_{g}")[0, 1]),
                   "b": float(getattr(p, f"b_{g}")[0])} for g in GATES}
    return Explorable("cell", "Cell explorer: one LSTM unit", {
        "weights": weights,
        "controls": {"h_prev": [-1.0, 1.0, 0.05, 0.0], "x": [-5.0, 5.0, 0.1, 0.0], "c_prev": [-3.0, 3.0, 0.1, 1.0]},
        "regimes": REGIMES,  # set x to these values (with h_prev = 0)
    })


# -- The sentence stepper: precomputed, every number from the worked example's trace --

def sentence_stepper() -> Explorable:
    trace = presets.gender_trace()
    unit = presets.GENDER_UNIT
    fields = ("c_prev", "f", "kept", "i", "g", "write", "c", "o", "h")
    chart = gender_chart(trace, unit, title="The gender cell; the marker follows the current token").to_plotly_json()
    return Explorable("stepper", "Sentence stepper: John is a doctor. Mary is a teacher.", {
        "tokens": list(trace.tokens),
        "units": unit_names(trace.n_h),
        "gender_unit": unit,
        "values": {name: getattr(trace, name).tolist() for name in fields},
        "readout": [presets.pronoun(h) for h in trace.h[:, unit]],
        "chart": {"data": chart["data"], "layout": chart["layout"]},
    })


# -- The saturation explorer: the worked example with every weight scaled --

SCALES = tuple(float(s) for s in np.arange(0.5, 4.01, 0.25))


def saturation_explorer(scales=SCALES) -> Explorable:
    unit, t_mary = presets.GENDER_UNIT, presets.TOKENS.index("Mary")
    runs = []
    for scale in scales:
        trace = presets.gender_trace(scale=scale)
        runs.append({"scale": scale, "f": trace.f[:, unit].tolist(), "i": trace.i[:, unit].tolist(),
                     "c": trace.c[:, unit].tolist(), "h": trace.h[:, unit].tolist(),
                     "male_left": float(trace.kept[t_mary, unit]), "c_before_mary": float(trace.c_prev[t_mary, unit])})
    return Explorable("saturation", "Saturation explorer: the worked example with its weights scaled", {
        "tokens": list(presets.TOKENS), "runs": runs, "start": scales.index(1.0) if 1.0 in scales else 0,
    })
