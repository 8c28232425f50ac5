"""The data behind the book's three explorables.

An ``Explorable`` displays in a notebook as the MIME type
``application/vnd.lstm-book.explorable+json``; the book's Sphinx extension
turns it into a placeholder that ``_static/lstm-book-explorables.js`` brings to
life. The script knows nothing of the worked example: every label (from
``tables``), colour (from ``charts.COLOURS``), token, token position, unit
index and word of the controls arrives in the data built here, so a new
sentence in ``handset.SENTENCE`` reaches the page without touching the script.

The saturation explorer holds only numbers computed here. The cell explorer
computes in the browser with the script's one port of the LSTM step, which the
browser tests check against ``cell_explorer_step`` on a grid of inputs and
against ``lstm_calc`` on random weights; the live sentence explorer
(``lstm_book.live``) uses the same port.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from lstm_calc import (
    GATES,
    LSTMParams,
    _check,
    candidate,
    cell_state,
    concat,
    forget_gate,
    hidden_state,
    input_gate,
    output_gate,
)

from . import handset
from .charts import COLOURS
from .tables import LABELS, SHORT, unit_names
from .text import tokenize

MIME = "application/vnd.lstm-book.explorable+json"


@dataclass(frozen=True)
class Explorable:
    kind: str  # "cell", "live" (lstm_book.live) or "saturation"
    label: str  # what a screen reader announces for the whole widget
    data: dict

    def __post_init__(self):
        _check.text("kind", self.kind), _check.text("label", self.label), _check.mapping("data", self.data)

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {
            MIME: {"kind": self.kind, "label": self.label, "data": self.data},
            "text/plain": f"<{self.kind} explorable: {self.label}>",
        }


# -- Where the worked example's subjects are ---------------------------------------

NEW_SUBJECT = handset.FEATURES.index("new subject")  # the input feature that marks a new subject


def subject_positions(tokens) -> list[int]:
    """The 0-based positions of the tokens that start a new subject, read from
    the embedding's "new subject" feature (so nothing here names a word)."""
    xs = handset.embed(tokens)  # refuses a non-list, an empty list and unknown tokens
    return [int(t) for t in np.flatnonzero(xs[:, NEW_SUBJECT] > 0)]


def positions(tokens) -> dict:
    """The three tokens the saturation explorer reads: the first subject, the
    token after it (where the memory is held) and the next subject (where it changes)."""
    subjects = subject_positions(tokens)
    if len(subjects) < 2:
        raise ValueError(f"tokens must hold two subjects, got {len(subjects)} in {tokens!r}")
    first, change = subjects[0], subjects[1]
    if change - first < 2:
        raise ValueError(f"tokens must hold a token between their first two subjects, got them at {first} and {change}")
    return {"first_subject": first, "held": first + 1, "subject_change": change}


# -- The cell explorer: one unit, every gate reading h_{t-1} and x_t with weight 1 --


def cell_explorer_params() -> LSTMParams:
    """A one-unit cell whose gates and candidate all read h_{t-1} and x_t with
    weight 1 and no bias: the cell of the four regimes (the regime table)."""
    one = np.ones((1, 2))
    zero = np.zeros(1)
    return LSTMParams(W_f=one, W_i=one, W_g=one, W_o=one, b_f=zero, b_i=zero, b_g=zero, b_o=zero)


# The values a reader may give each gate by hand: the gates' range, and the candidate's.
OVERRIDE_RANGES = {"f": (0.0, 1.0), "i": (0.0, 1.0), "g": (-1.0, 1.0), "o": (0.0, 1.0)}


def _overrides(overrides) -> dict:
    if overrides is None:
        return {}
    if not isinstance(overrides, Mapping):
        raise ValueError(f"overrides must be a dict of gate -> value, got {type(overrides).__name__} {overrides!r}")
    unknown = sorted(repr(k) for k in overrides if k not in GATES)
    if unknown:
        raise ValueError(f"overrides may set {GATES}, got {', '.join(unknown)}")
    checked = {}
    for gate, value in overrides.items():
        value = _check.real(f"overrides[{gate!r}]", value)
        low, high = OVERRIDE_RANGES[gate]
        if not low <= value <= high:
            raise ValueError(f"overrides[{gate!r}] must be in [{low:g}, {high:g}], got {value}")
        checked[gate] = value
    return checked


def cell_explorer_step(params: LSTMParams, x: float, h_prev: float, c_prev: float, overrides=None) -> dict:
    """One step of a one-unit cell, with any of f, i, g (C̃), o replaced by a
    value the reader chose. Built from lstm_calc's equation functions; the
    JavaScript port must agree with it.

    ``params`` is a one-unit, one-input ``LSTMParams``; ``x``, ``h_prev`` and
    ``c_prev`` are finite real numbers; ``overrides`` maps gate names of
    ``GATES`` to a value in [0, 1] (in [-1, 1] for the candidate ``g``).
    Returns f, i, g, o, c and h as floats. Bad input raises ``ValueError``
    before anything is computed.
    """
    if not isinstance(params, LSTMParams):
        raise ValueError(f"params must be LSTMParams, got {type(params).__name__}")
    if (params.n_h, params.n_in) != (1, 1):
        raise ValueError(f"params must have one unit and one input, got n_h={params.n_h}, n_in={params.n_in}")
    x, h_prev, c_prev = (_check.real(name, v) for name, v in (("x", x), ("h_prev", h_prev), ("c_prev", c_prev)))
    chosen = _overrides(overrides)
    z = concat(np.array([h_prev]), np.array([x]))
    computed = {"f": forget_gate, "i": input_gate, "g": candidate, "o": output_gate}
    v = {k: np.array([chosen[k]]) if k in chosen else computed[k](params, z) for k in GATES}
    c = cell_state(v["f"], np.array([c_prev]), v["i"], v["g"])
    h = hidden_state(v["o"], c)
    return {k: float(v[k][0]) for k in GATES} | {"c": float(c[0]), "h": float(h[0])}


# The four regimes of the regime table (after manisar's chapter on LSTM as long- and
# short-term memory): the value of x_t of each, with h_{t-1} and C_{t-1} held at
# REGIME_HOLD. A regime button sets exactly this state, every gate computed, so it shows
# a row of the table (book/gates.md, book/explorables.md).
REGIMES = {"strongly positive": 5.0, "weakly positive": 0.5, "weakly negative": -0.5, "strongly negative": -5.0}
REGIME_HOLD = {"h_prev": 0.0, "c_prev": 1.0}
INPUT_LABEL = "xₜ (input)"  # tables.LABELS has no entry for x yet
CELL_INPUTS = {"h_prev": (-1.0, 1.0, 0.05, 0.0), "x": (-5.0, 5.0, 0.1, 0.0), "c_prev": (-3.0, 3.0, 0.1, 1.0)}
CELL_OUTPUTS = (*GATES, "c", "h")
# The bars of the cell explorer: blue as computed, red when set by hand.
CELL_BAR_COLOURS = {"computed": COLOURS["he"], "override": COLOURS["she"]}


def params_data(params: LSTMParams) -> dict:
    """An LSTM as the script's port of the step reads it: n_h, n_in, each gate's W
    (n_h rows of n_h + n_in: the columns of h_{t-1}, then those of x_t) and b."""
    _check.instance("params", params, LSTMParams)
    return {
        "n_h": params.n_h,
        "n_in": params.n_in,
        "W": {g: getattr(params, f"W_{g}").tolist() for g in GATES},
        "b": {g: getattr(params, f"b_{g}").tolist() for g in GATES},
    }


CELL_TEXT = {
    "overrides": "Override a gate's output",
    "override": "set {gate} by hand",
    "value": "value",
    "regimes": "Jump to a regime",
    "regime": "Set {input} to a regime ({held}, no gate set by hand): ",
    "table": "The step, computed as you move",
}


def cell_explorer() -> Explorable:
    p = cell_explorer_params()
    labels = LABELS | {"x": INPUT_LABEL}
    bound = max(abs(CELL_INPUTS["c_prev"][0]), abs(CELL_INPUTS["c_prev"][1])) + 1.0  # |C_t| <= |C_{t-1}| + 1
    shorts = [SHORT[k] for k in CELL_OUTPUTS]
    return Explorable(
        "cell",
        "Cell explorer: one LSTM unit",
        {
            "gates": list(GATES),
            "params": params_data(p),
            "inputs": [{"name": k, "label": labels[k], "range": list(r)} for k, r in CELL_INPUTS.items()],
            "overrides": [
                {"name": g, "label": LABELS[g], "range": [*OVERRIDE_RANGES[g], 0.01, sum(OVERRIDE_RANGES[g]) / 2]}
                for g in GATES
            ],
            "outputs": [{"name": k, "label": LABELS[k], "short": SHORT[k]} for k in CELL_OUTPUTS],
            "regimes": {"input": "x", "hold": REGIME_HOLD, "values": REGIMES},
            "chart": {
                "label": f"Bar chart of {', '.join(shorts[:-1])} and {shorts[-1]}; the table holds the same values",
                "range": [-bound, bound],
                "colours": CELL_BAR_COLOURS,
                "axis": "value",
            },
            "text": CELL_TEXT,
        },
    )


# -- The saturation explorer: the worked example with every weight scaled --


def _sentence(sentence) -> str:
    sentence = handset.SENTENCE if sentence is None else sentence
    if not isinstance(sentence, str) or not sentence.strip():
        raise ValueError(f"sentence must be a non-empty str, got {type(sentence).__name__} {sentence!r}")
    return sentence


SCALES = tuple(float(s) for s in np.arange(0.5, 4.01, 0.25))
SATURATION_FIELDS = ("f", "i", "c_prev", "kept")


def _scales(scales) -> tuple[float, ...]:
    if isinstance(scales, (str, bytes)) or not hasattr(scales, "__iter__"):
        raise ValueError(f"scales must be a sequence of numbers, got {type(scales).__name__} {scales!r}")
    checked = tuple(_check.real(f"scales[{k}]", s, positive=True) for k, s in enumerate(scales))
    if not checked:
        raise ValueError("scales is empty: give at least one scale")
    return checked


def saturation_explorer(scales=SCALES, sentence: str | None = None) -> Explorable:
    """The worked example with every weight and bias multiplied by each of
    ``scales``; ``sentence`` (default ``handset.SENTENCE``) must hold two
    subjects with a token between them."""
    scales, sentence = _scales(scales), _sentence(sentence)
    unit = handset.GENDER_UNIT
    tokens = tokenize(sentence)
    try:
        at = positions(tokens)
    except ValueError as err:
        raise ValueError(f"{err} (in sentence {sentence!r})") from None
    first, held, change = at["first_subject"], at["held"], at["subject_change"]
    name = unit_names(handset.N_H)[unit]
    runs = []
    for scale in scales:
        trace = handset.gender_trace(sentence, scale=scale)
        runs.append({"scale": scale} | {k: getattr(trace, k)[:, unit].tolist() for k in SATURATION_FIELDS})
    rows = [("f", first), ("f", held), ("i", held), ("f", change), ("i", change), ("kept", change)]
    return Explorable(
        "saturation",
        "Saturation explorer: the worked example with its weights scaled",
        {
            "tokens": list(tokens),
            "unit": unit,
            "positions": at,
            "caption": f"{name} at the first two subjects and between them",
            "rows": [{"key": f"{k}-{t}", "name": k, "t": t, "label": f"{SHORT[k]} at “{tokens[t]}”"} for k, t in rows],
            "status": {"t": change, "names": ["c_prev", "kept"], "labels": [LABELS["c_prev"], LABELS["kept"]]},
            "series": [
                {"name": "f", "label": LABELS["f"], "colour": COLOURS["he"], "dash": "solid"},
                {"name": "i", "label": LABELS["i"], "colour": COLOURS["she"], "dash": "dash"},
            ],
            "chart": {
                "label": f"Line chart of {name}'s forget and input gates per token; the table holds key values",
                "axis": "gate value",
            },
            "text": {"scale": "scale every weight by", "status": "Weights {scale}: at “{token}”, {values}."},
            "runs": runs,
            "start": scales.index(1.0) if 1.0 in scales else 0,
        },
    )
