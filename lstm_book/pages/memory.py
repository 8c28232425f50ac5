"""The values the chapter "How an LSTM updates its memory" quotes."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd

from lstm_calc import run, sigmoid, step

from .. import handset, tables

GENDER = handset.GENDER_UNIT
X1 = handset.N_H  # the column of W that reads x1, "new subject"


def sizes() -> dict:
    """n_h, n_in, the width of z and the number of tokens (ints)."""
    params = handset.gender_params()
    return {"n_h": params.n_h, "n_in": params.n_in, "n_z": params.n_h + params.n_in, "n_tokens": len(handset.TOKENS)}


def input_table() -> pd.DataFrame:
    """The input vector of every token of the example."""
    return pd.DataFrame(handset.EMBEDDING, index=handset.FEATURES).T.rename_axis("token")


def gender_weights_table() -> pd.DataFrame:
    """The gender unit's weights and biases, with the inputs named by their features."""
    names = [f"x{k + 1} {name}" for k, name in enumerate(handset.FEATURES)]
    return tables.weights_table(handset.gender_params(), GENDER, input_names=names)


def weights() -> dict:
    """The gender unit's weights on "new subject" and on the genders, its biases,
    and what the gates are by default and at a new subject."""
    p = handset.gender_params()
    pre_f, pre_i = p.b_f[GENDER] + p.W_f[GENDER, X1], p.b_i[GENDER] + p.W_i[GENDER, X1]
    return {
        "w_f_subject": p.W_f[GENDER, X1],
        "w_i_subject": p.W_i[GENDER, X1],
        "w_g_male": p.W_g[GENDER, X1 + 1],
        "w_g_female": p.W_g[GENDER, X1 + 2],
        "b_f": p.b_f[GENDER],
        "b_i": p.b_i[GENDER],
        "b_o": p.b_o[GENDER],
        "f_default": sigmoid(p.b_f[GENDER]),
        "i_default": sigmoid(p.b_i[GENDER]),
        "o_default": sigmoid(p.b_o[GENDER]),
        "one_minus_o": 1.0 - sigmoid(p.b_o[GENDER]),
        "pre_f_subject": pre_f,
        "pre_i_subject": pre_i,
    }


def mary() -> dict:
    """The step at "Mary" in the gender unit: the old cell, f, what is kept (and as a
    percentage), the write, the new cell and h; and an idle unit's forget gate."""
    s = handset.gender_trace().step(handset.TOKENS.index("Mary"))
    return {
        "mary_c_prev": s.c_prev[GENDER],
        "mary_f": s.f[GENDER],
        "mary_kept": s.kept[GENDER],
        "mary_kept_pct": 100 * s.kept[GENDER] / s.c_prev[GENDER],
        "mary_write": s.write[GENDER],
        "mary_c": s.c[GENDER],
        "mary_c_ideal": s.write[GENDER],
        "mary_h": s.h[GENDER],
        "idle_f": s.f[0],
    }


def token_by_token() -> dict:
    """The gender cell after "John", at the period before "Mary" and at the end, and
    the forget gate on a token that starts no subject."""
    trace = handset.gender_trace()
    t_period = handset.TOKENS.index("Mary") - 1
    return {
        "john_c": trace.c[0, GENDER],
        "period_c": trace.c[t_period, GENDER],
        "end_c": trace.c[-1, GENDER],
        "keep_f": trace.f[1, GENDER],
    }


def gender_table() -> pd.DataFrame:
    """The gender unit's gates and states per token, with the he/she readout."""
    summary = tables.unit_table(handset.gender_trace(), GENDER)
    summary["readout"] = summary["h"].map(handset.pronoun)
    return summary


def flipped_runs() -> dict:
    """The "Mary" step run twice from the same h_{t-1} and input: with the cell the
    sentence produced, and with the gender unit's cell flipped in sign."""
    trace = handset.gender_trace()
    t = handset.TOKENS.index("Mary")
    flip = np.ones(handset.N_H)
    flip[GENDER] = -1.0
    x, h_prev, c_prev = handset.embed(["Mary"])[0], trace.h[t - 1], trace.c[t - 1]
    params = handset.gender_params()
    return {"actual Cₜ₋₁": step(params, x, h_prev, c_prev), "gender flipped": step(params, x, h_prev, c_prev * flip)}


def flipped_table() -> pd.DataFrame:
    runs = flipped_runs()
    return pd.DataFrame(
        {
            (name, tables.SHORT.get(field, field)): getattr(s, field)
            for name, s in runs.items()
            for field in ("c_prev", "f", "c")
        },
        index=tables.unit_names(handset.N_H),
    ).T.rename_axis(["run", "vector"])


def flipped() -> dict:
    a, b = flipped_runs().values()
    return {
        "blind_df": np.max(np.abs(a.f - b.f)),
        "blind_c_a": a.c[GENDER],
        "blind_c_b": b.c[GENDER],
        "blind_f": a.f[GENDER],
    }


THIRD_SENTENCE = "John is a doctor. Mary is a teacher. John is a doctor."


def exercises() -> dict:
    """Exercise 1: what survives of "female" at the second "John"; exercise 2: the
    forget gate at "Mary" with the weight on "new subject" at −8."""
    third = handset.gender_trace(THIRD_SENTENCE)
    t = len(handset.TOKENS)  # the second "John"
    return {
        "ex_female_left": third.kept[t, GENDER],
        "ex_female_before": third.c_prev[t, GENDER],
        "ex_h_john2": third.h[t, GENDER],
        "ex_f_minus8": forget_at_mary(w_f_subject=-8.0),
    }


def forget_at_mary(w_f_subject: float) -> float:
    """The gender unit's forget gate at "Mary" when its weight on "new subject" is ``w_f_subject``."""
    params = handset.gender_params()
    W_f = params.W_f.copy()
    W_f[GENDER, X1] = w_f_subject
    trace = run(replace(params, W_f=W_f), handset.embed(handset.TOKENS), tokens=handset.TOKENS)
    return float(trace.f[handset.TOKENS.index("Mary"), GENDER])
