"""The values the chapter "The gates one by one" quotes."""

from __future__ import annotations

import numpy as np
import pandas as pd

from lstm_calc import _check, sigmoid, step

from .. import diagram, explorables, handset, tables

GENDER = handset.GENDER_UNIT


def _at(token: str) -> int:
    return handset.TOKENS.index(token)


def squash() -> dict:
    """σ at a few pre-activations, how far σ(20) is from 1, and tanh(5)."""
    values = {f"sigma_{a}".replace("-", "m"): sigmoid(float(a)) for a in (-5, -2, 0, 3, 5, 20)}
    return values | {"one_minus_sigma_20": 1.0 - sigmoid(20.0), "tanh_5": np.tanh(5.0)}


def gates_at_tokens() -> dict:
    """The gender unit's gates, candidate, write and states at the tokens the chapter discusses,
    and the topic unit's input gate at "doctor" and forget gate at "Mary"."""
    trace = handset.gender_trace()
    return {
        "f_is": trace.f[_at("is"), GENDER],
        "f_mary": trace.f[_at("Mary"), GENDER],
        "kept_mary": trace.kept[_at("Mary"), GENDER],
        "c_before_mary": trace.c_prev[_at("Mary"), GENDER],
        "i_john": trace.i[_at("John"), GENDER],
        "i_doctor": trace.i[_at("doctor"), GENDER],
        "i_doctor_topic": trace.i[_at("doctor"), handset.TOPIC_UNIT],
        "f_mary_topic": trace.f[_at("Mary"), handset.TOPIC_UNIT],
        "g_john": trace.g[_at("John"), GENDER],
        "g_mary": trace.g[_at("Mary"), GENDER],
        "write_mary": trace.write[_at("Mary"), GENDER],
        "o_all": trace.o[_at("John"), GENDER],
        "one_minus_o": 1.0 - trace.o[_at("John"), GENDER],
        "h_mary": trace.h[_at("Mary"), GENDER],
        "c_mary": trace.c[_at("Mary"), GENDER],
    }


BEHAVIOUR = {
    "strongly positive": "keeps nearly everything and adds more",
    "weakly positive": "keeps most, adds a little",
    "weakly negative": "forgets more than it keeps, takes a little away",
    "strongly negative": "empties the slot, writes almost nothing",
}
C_PREV = explorables.REGIME_HOLD["c_prev"]  # the old cell of every row of the regime table
H_PREV = explorables.REGIME_HOLD["h_prev"]


def regime_steps() -> dict:
    """The one-unit cell of the explorer (weight 1 on h_{t-1} and x_t, no bias)
    at each regime's input x_t, with h_{t-1} = 0 and an old cell of 1, as the
    explorer's regime buttons set it (h_{t-1} = o ⊙ tanh(C) lies in (-1, 1), so
    the strong signals come from the input)."""
    params = explorables.cell_explorer_params()
    return {name: step(params, x=[x], h_prev=[H_PREV], c_prev=[C_PREV]) for name, x in explorables.REGIMES.items()}


def regime_table() -> pd.DataFrame:
    rows = {}
    for name, s in regime_steps().items():
        rows[name] = {"xₜ": s.z[1]} | {tables.SHORT[k]: getattr(s, k)[0] for k in ("f", "i", "g", "kept", "write", "c")}
        rows[name]["behaviour"] = BEHAVIOUR[name]
    frame = pd.DataFrame(rows).T.rename_axis("the signal is")
    frame = frame.astype({label: float for label in frame.columns if label != "behaviour"})
    return tables.formatted(frame, formats={"xₜ": "+.1f"})


def regimes() -> dict:
    steps = regime_steps()
    weak, strong_neg = steps["weakly positive"], steps["strongly negative"]
    return {
        "weak_f": weak.f[0],
        "weak_write": weak.write[0],
        "neg_f": strong_neg.f[0],
        "neg_i": strong_neg.i[0],
        "neg_c": strong_neg.c[0],
    }


def number_table() -> pd.DataFrame:
    summary = tables.unit_table(handset.number_trace(), GENDER)
    summary["readout"] = summary["h"].map(handset.verb)
    return summary


def number() -> dict:
    """The number example: the gender unit's h just before the first verb, how many
    tokens lie between subject and verb, and the topic unit's largest |C| (0: no profession)."""
    trace = handset.number_trace()
    tokens = list(trace.tokens)
    first_was = tokens.index("was")
    return {
        "h_at_comma": trace.h[first_was - 1, GENDER],
        "n_between": first_was - tokens.index("cat") - 1,
        "topic_max": np.max(np.abs(trace.c[:, handset.TOPIC_UNIT])),
    }


def open_input_tokens() -> list[str]:
    """The tokens at which the gender unit's input gate is above one half."""
    trace = handset.gender_trace()
    return [tok for tok, i in zip(trace.tokens, trace.i[:, GENDER], strict=True) if i > 0.5]


EXERCISE_REGIME = {"x": 1.0, "h_prev": 0.0, "c_prev": 0.0}  # exercise 2's givens: a state a run can reach


def regime_cell(x: float, h_prev: float, c_prev: float) -> float:
    """The new cell of the four regimes' one-unit LSTM (``explorables.cell_explorer_params``)
    after one step from the input ``x``, the hidden state ``h_prev`` and the old cell ``c_prev``."""
    values = {name: _check.real(name, v) for name, v in (("x", x), ("h_prev", h_prev), ("c_prev", c_prev))}
    if not -1 < values["h_prev"] < 1:
        raise ValueError(f"h_prev must lie in (-1, 1), as every h of an LSTM does, got {h_prev}")
    s = step(explorables.cell_explorer_params(), x=[values["x"]], h_prev=[values["h_prev"]], c_prev=[values["c_prev"]])
    return float(s.c[0])


def exercises() -> dict:
    """Exercise 1: the input gate where it is open; exercise 2: its givens
    (``EXERCISE_REGIME``) and the regime cell's new cell from them."""
    trace = handset.gender_trace()
    givens = {f"ex_regime_{name}": value for name, value in EXERCISE_REGIME.items()}
    return {"ex_open_value": trace.i[_at("John"), GENDER]} | givens | {"ex_regime_c": regime_cell(**EXERCISE_REGIME)}


PART_NAMES = {"f": "forget gate", "i": "input gate", "g": "candidate", "o": "output gate"}


def gate_diagram(part: str, token: str):
    """The cell diagram with ``part``'s path highlighted and the gender unit's numbers at ``token``."""
    _check.one_of("part", part, PART_NAMES), _check.one_of("token", token, handset.TOKENS)
    s = handset.gender_trace().step(_at(token))
    caption = f"The {PART_NAMES[part]}'s path, with unit 3's numbers at “{token}” (computed when the book is built)."
    return diagram.cell_diagram(part, s, GENDER, caption=caption, ident=f"gates-{part}")
