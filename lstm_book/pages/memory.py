"""The values the chapter "How an LSTM updates its memory" quotes."""

from __future__ import annotations

import html
from dataclasses import replace

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from lstm_calc import _check, hidden_state, run, sigmoid, step

from .. import analysis, charts, handset, tables
from . import learning  # its model is trained once per kernel, on first use

GENDER = handset.GENDER_UNIT
TOPIC = handset.TOPIC_UNIT
IDLE = handset.IDLE_UNIT
X1 = handset.N_H  # the column of W that reads x1, "new subject"
X4 = handset.N_H + handset.PROFESSION  # the column of W that reads x4, "profession"
MARY = handset.TOKENS.index("Mary")
UNIT_ROLES = {TOPIC: "topic", GENDER: "gender"}  # the units that carry something, and what


def _unit_label(unit: int) -> str:
    return f"unit {unit + 1} ({UNIT_ROLES[unit]})"


def sizes() -> dict:
    """n_h, n_in, the width of z and the number of tokens (ints)."""
    params = handset.gender_params()
    return {"n_h": params.n_h, "n_in": params.n_in, "n_z": params.n_h + params.n_in, "n_tokens": len(handset.TOKENS)}


def input_table() -> pd.DataFrame:
    """The input vector of every token of the example, one column per feature (shown as
    integers when every entry is one, as the hand-set 0/1 features are)."""
    return _as_ints(pd.DataFrame(handset.EMBEDDING, index=handset.FEATURES).T.rename_axis("token"))


def _as_ints(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with integer dtype when every value is a whole number, unchanged otherwise."""
    values = frame.to_numpy(dtype=float)
    return frame.astype(int) if np.array_equal(values, np.round(values)) else frame


def unit_weights_table() -> pd.DataFrame:
    """The weights and biases of the two units that carry something (unit 1, the
    topic; unit 3, the gender), one row per gate, the inputs named by their features."""
    names = [f"x{k + 1} {name}" for k, name in enumerate(handset.FEATURES)]
    params = handset.gender_params()
    return _as_ints(
        pd.concat(
            {_unit_label(u): tables.weights_table(params, u, input_names=names) for u in (TOPIC, GENDER)},
            names=["unit", "gate"],
        )
    )


def weights() -> dict:
    """The gender unit's weights on "new subject" and on the genders, the topic unit's
    on "profession", the biases every unit shares, what the gates are by default, at a
    new subject and at a profession, and how far the open output gate is from 1; the
    smallest whole number whose sigmoid rounds to 1 in float64 (``sigmoid_one``), and
    how near any gate of the worked sentence comes to 0 or 1 (``gate_nearest_bound``)."""
    p = handset.gender_params()
    pre_f, pre_i = p.b_f[GENDER] + p.W_f[GENDER, X1], p.b_i[GENDER] + p.W_i[GENDER, X1]
    o = sigmoid(p.b_o[GENDER])
    trace = handset.gender_trace()
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
        "o_default": o,
        "one_minus_o": 1.0 - o,
        "h_tanh_gap": np.max(np.abs(trace.h - np.tanh(trace.c))),  # |h - tanh(C)| over every unit and token
        "pre_f_subject": pre_f,
        "pre_i_subject": pre_i,
        "topic_w_f_subject": p.W_f[TOPIC, X1],
        "topic_w_i": p.W_i[TOPIC, X4],
        "topic_w_g": p.W_g[TOPIC, X4],
        "pre_i_profession": p.b_i[TOPIC] + p.W_i[TOPIC, X4],
        "sigmoid_one": next(x for x in range(1, 100) if sigmoid(float(x)) == 1.0),
        "gate_nearest_bound": float(min(np.min(np.minimum(g, 1 - g)) for g in (trace.f, trace.i, trace.o))),
    }


def mary() -> dict:
    """The step at "Mary": in the gender unit the old cell, f, what is kept (and as a
    percentage), the write, the new cell and h; the same for the topic unit (prefix
    ``mary_topic_``); and the idle unit's forget gate."""
    s = handset.gender_trace().step(MARY)
    out = {
        "mary_c_prev": s.c_prev[GENDER],
        "mary_f": s.f[GENDER],
        "mary_kept": s.kept[GENDER],
        "mary_kept_pct": 100 * s.kept[GENDER] / s.c_prev[GENDER],
        "mary_write": s.write[GENDER],
        "mary_c": s.c[GENDER],
        "mary_c_ideal": s.write[GENDER],
        "mary_h": s.h[GENDER],
        "idle_f": s.f[IDLE],
    }
    return out | {
        "mary_topic_c_prev": s.c_prev[TOPIC],
        "mary_topic_f": s.f[TOPIC],
        "mary_topic_kept": s.kept[TOPIC],
        "mary_topic_kept_pct": 100 * s.kept[TOPIC] / s.c_prev[TOPIC],
        "mary_topic_write": s.write[TOPIC],
        "mary_topic_c": s.c[TOPIC],
        "mary_topic_h": s.h[TOPIC],
    }


def token_by_token() -> dict:
    """The gender cell after "John", at the period before "Mary" and at the end; the
    forget gate on a token that starts no subject; the topic cell after "doctor" and
    after "teacher"."""
    trace = handset.gender_trace()
    return {
        "john_c": trace.c[0, GENDER],
        "period_c": trace.c[MARY - 1, GENDER],
        "end_c": trace.c[-1, GENDER],
        "keep_f": trace.f[1, GENDER],
        "topic_doctor_c": trace.c[handset.TOKENS.index("doctor"), TOPIC],
        "topic_teacher_c": trace.c[handset.TOKENS.index("teacher"), TOPIC],
        "topic_end_c": trace.c[-1, TOPIC],
    }


def focused_table() -> pd.DataFrame:
    """The update at every token for the units that carry something (the topic and
    the gender unit): f, what is kept, the write and the new cell of each."""
    trace = handset.gender_trace()
    units = tables.carrying_units(trace)
    return tables.focused_memory_table(trace, units=units, unit_labels={u: _unit_label(u) for u in units})


def carrying() -> dict:
    """Which units carry something in the worked example, and the largest |C| of the idle one."""
    trace = handset.gender_trace()
    return {
        "carrying": tables.carrying_units(trace),
        "idle_max_c": float(np.abs(trace.c[:, IDLE]).max()),
    }


def gender_table() -> pd.DataFrame:
    """The gender unit's gates and states per token, with the he/she readout."""
    summary = tables.unit_table(handset.gender_trace(), GENDER)
    summary["readout"] = summary["h"].map(handset.pronoun)
    return summary


def kept_and_cleared_chart() -> go.Figure:
    """Units 1 and 3 side by side, token by token: their forget gates (top) and their
    cells (bottom). At "Mary" one keeps its memory and the other is cleared."""
    trace = handset.gender_trace()
    steps = list(range(1, trace.T + 1))
    labels = [html.escape(tok) for tok in trace.tokens]  # plotly renders tick text as HTML
    fig = make_subplots(
        rows=2,
        cols=1,
        shared_xaxes=True,
        vertical_spacing=0.1,
        subplot_titles=("fₜ, the forget gate: how much of the old cell is kept", "Cₜ, the cell"),
    )
    styles = {TOPIC: (charts.COLOURS["hidden"], "solid", "circle"), GENDER: (charts.COLOURS["he"], "dash", "diamond")}
    for unit, (colour, dash, symbol) in styles.items():
        for row, name in ((1, "f"), (2, "c")):
            fig.add_trace(
                go.Scatter(
                    x=steps,
                    y=getattr(trace, name)[:, unit].tolist(),
                    name=_unit_label(unit),
                    legendgroup=str(unit),
                    showlegend=row == 1,
                    mode="lines+markers",
                    line=dict(color=colour, dash=dash, width=2),
                    marker=dict(symbol=symbol, size=9, color=colour),
                    customdata=labels,
                    hovertemplate=f"{_unit_label(unit)}, %{{customdata}}: {tables.SHORT[name]}"
                    + " = %{y:.4f}<extra></extra>",
                ),
                row=row,
                col=1,
            )
    s = trace.step(MARY)
    fig.add_vrect(x0=MARY + 0.6, x1=MARY + 1.4, fillcolor=charts.COLOURS["neutral"], opacity=0.15, line_width=0)
    fig.add_annotation(  # points at unit 3's forget gate at "Mary"
        x=MARY + 1,
        y=s.f[GENDER],
        xref="x",
        yref="y",
        axref="x",  # the text's place in the data's units, so that it moves in with the tokens on a narrow
        ayref="y",  # chart: centred between unit 3's fall to "John"'s gate and its fall at "Mary", where no line
        ax=(1 + MARY + 1) / 2,  # passes, and narrow enough (three short lines) to fit there on a phone
        ay=0.45,
        showarrow=True,
        arrowhead=2,
        align="left",
        bgcolor=charts.LIGHT["label-bg"],
        text=f"At “Mary”<br>unit {TOPIC + 1}: f = {s.f[TOPIC]:.3f}<br>unit {GENDER + 1}: f = {s.f[GENDER]:.3f}",
    )
    fig.add_hline(y=0, line=dict(color=charts.RULE_COLOUR, width=1), row=2, col=1)
    fig.update_xaxes(tickmode="array", tickvals=steps, ticktext=labels, row=2, col=1)
    fig.update_xaxes(tickmode="array", tickvals=steps, ticktext=labels, row=1, col=1)
    fig.update_yaxes(title_text="fₜ", range=[0, 1.05], row=1, col=1)
    fig.update_yaxes(title_text="Cₜ", row=2, col=1)
    fig.update_layout(
        title="Kept and cleared at the same step: unit 1 (topic) and unit 3 (gender)",
        **charts.LAYOUT,
        height=560,
        margin=dict(l=60, r=20, t=90, b=60),
        legend=dict(orientation="h", yanchor="top", y=-0.12, x=0),
    )
    return charts.fit_narrow(fig)


# -- The forget gate sees the cell only through h_{t-1} ------------------------------

FLIP_RUNS = {"actual": "yes", "C flipped": "no", "C and h flipped": "yes"}  # can a run produce the pair?


def flipped_runs() -> dict:
    """The "Mary" step run three times from the same input: with the states the
    sentence produced; with the gender unit's cell flipped in sign and h_{t-1} kept
    (a pair no run produces); and with the cell flipped and h_{t-1} = o_{t-1} ⊙
    tanh(C_{t-1}) recomputed from it (a pair a run produces)."""
    trace = handset.gender_trace()
    flip = np.ones(handset.N_H)
    flip[GENDER] = -1.0
    x, h_prev, c_prev, o_prev = handset.embed(["Mary"])[0], trace.h[MARY - 1], trace.c[MARY - 1], trace.o[MARY - 1]
    params = handset.gender_params()
    c_flipped = c_prev * flip
    return {
        "actual": step(params, x, h_prev, c_prev),
        "C flipped": step(params, x, h_prev, c_flipped),
        "C and h flipped": step(params, x, hidden_state(o_prev, c_flipped), c_flipped),
    }


def flipped_table() -> pd.DataFrame:
    """The gender unit in the three runs of ``flipped_runs``: the old states, the h
    that old cell gives (o_{t-1} ⊙ tanh(C_{t-1})), whether the pair is one a run can
    produce, the forget gate and the new cell."""
    o_prev = handset.gender_trace().o[MARY - 1, GENDER]
    rows = {}
    for name, s in flipped_runs().items():
        h_of_c = float(hidden_state(o_prev, s.c_prev[GENDER]))
        rows[name] = {
            "Cₜ₋₁": s.c_prev[GENDER],
            "hₜ₋₁": s.z[GENDER],
            "o⊙tanh(Cₜ₋₁)": h_of_c,
            "possible": FLIP_RUNS[name],
            "fₜ": s.f[GENDER],
            "Cₜ": s.c[GENDER],
        }
    frame = pd.DataFrame.from_dict(rows, orient="index").rename_axis(f"unit {GENDER + 1}, run")
    return tables.formatted(frame)


def flipped() -> dict:
    """The flip experiment's numbers: the largest difference between the forget gates
    of the three runs (all units), the gender unit's f, its old cell and h_{t-1}, the h
    the flipped cell would give, and the new cells; and the largest weight of any gate
    on h_{t-1} (zero: the hand-set gates are blind to the cell by construction)."""
    runs = flipped_runs()
    a, b, both = runs.values()
    params = handset.gender_params()
    n_h = params.n_h
    return {
        "blind_df": max(np.max(np.abs(a.f - b.f)), np.max(np.abs(a.f - both.f))),
        "blind_c_a": a.c[GENDER],
        "blind_c_b": b.c[GENDER],
        "blind_c_both": both.c[GENDER],
        "blind_f": a.f[GENDER],
        "blind_c_prev": a.c_prev[GENDER],
        "blind_c_flipped": b.c_prev[GENDER],
        "blind_h_prev": a.z[GENDER],
        "blind_h_flipped": both.z[GENDER],
        "blind_w_h_max": max(np.max(np.abs(getattr(params, f"W_{g}")[:, :n_h])) for g in ("f", "i", "g", "o")),
    }


def trained_forget_table() -> pd.DataFrame:
    """The trained model's gender unit over the worked sentence (the learning chapter's
    ``forget_contributions``): its forget gate's pre-activation split into what comes
    from h_{t-1} (W_f's h-columns times h_{t-1}), from x_t and from the bias, their
    sum, and f_t. One row per token."""
    parts = learning.forget_contributions()
    if len(parts) != len(handset.TOKENS):
        raise ValueError(f"forget_contributions must have one row per token, got {len(parts)} rows")
    frame = pd.DataFrame(
        {
            "from hₜ₋₁": parts["h"].to_numpy(),
            "from xₜ": parts["x"].to_numpy(),
            "bias": parts["bias"].to_numpy(),
            "sum": parts["pre-activation"].to_numpy(),
            "fₜ": parts["value"].to_numpy(),
        },
        index=pd.Index(handset.TOKENS, name=f"token (trained unit {learning.unit() + 1})"),
    )
    return tables.formatted(frame, formats={label: "+.4f" for label in ("from hₜ₋₁", "from xₜ", "bias", "sum")})


def trained_forget() -> dict:
    """What the trained gate reads: the unit (1-based); the h part's range, its mean size
    against the x part's, both at "Mary"; f at "Mary"; and f at "Mary" when the unit's own
    old cell is flipped alone and when it is flipped together with its h_{t-1}."""
    model, unit, embedding = learning.trained().model, learning.unit(), learning.setup()[0]
    fwd = analysis.run_tokens(model, handset.TOKENS, embedding)
    table = trained_forget_table()
    h_prev, c_prev, o_prev = fwd.h[MARY - 1, 0], fwd.c[MARY - 1, 0], fwd.o[MARY - 1, 0]
    x = embedding.encode(["Mary"])[0]
    flip = np.ones(model.lstm.n_h)
    flip[unit] = -1.0
    c_flipped = c_prev * flip
    alone = step(model.lstm, x, h_prev, c_flipped)
    both = step(model.lstm, x, hidden_state(o_prev, c_flipped), c_flipped)
    at_mary = learning.forget_contributions().iloc[MARY]  # the h part split into the unit's own and the others'
    return {
        "tr_unit": unit + 1,
        "tr_h_min": table["from hₜ₋₁"].min(),
        "tr_h_max": table["from hₜ₋₁"].max(),
        "tr_h_mean_abs": table["from hₜ₋₁"].abs().mean(),
        "tr_x_mean_abs": table["from xₜ"].abs().mean(),
        "tr_h_mary": table["from hₜ₋₁"].iloc[MARY],
        "tr_x_mary": table["from xₜ"].iloc[MARY],
        "tr_f_mary": table["fₜ"].iloc[MARY],
        "tr_f_flip_alone": alone.f[unit],
        "tr_f_flip_both": both.f[unit],
        "tr_w_f_own_h": model.lstm.W_f[unit, unit],
        "tr_own_h_mary": at_mary["own h"],
        "tr_other_h_mary": at_mary["other units' h"],
    }


# -- Exercises -----------------------------------------------------------------------

THIRD_SENTENCE = "John is a doctor. Mary is a teacher. John is a doctor."


def exercises() -> dict:
    """Exercise 1: what survives of "female" at the second "John" of ``THIRD_SENTENCE``;
    exercise 2: the forget gate at "Mary" with the weight on "new subject" at −8;
    exercise 3: what unit 1 keeps at "Mary" if its forget gate reads "new subject" with −5."""
    third = handset.gender_trace(THIRD_SENTENCE)
    t = len(handset.TOKENS)  # the second "John"
    return {
        "ex_female_left": third.kept[t, GENDER],
        "ex_female_before": third.c_prev[t, GENDER],
        "ex_h_john2": third.h[t, GENDER],
        "ex_f_minus8": forget_at_mary(w_f_subject=-8.0),
        "ex_topic_w": -5.0,
        "ex_topic_kept": topic_kept_at_mary(w_f_subject=-5.0),
    }


def _with_weight(unit: int, w_f_subject):
    w_f_subject = _check.real("w_f_subject", w_f_subject)
    params = handset.gender_params()
    W_f = params.W_f.copy()
    W_f[unit, X1] = w_f_subject
    return run(replace(params, W_f=W_f), handset.embed(handset.TOKENS), tokens=handset.TOKENS)


def forget_at_mary(w_f_subject: float) -> float:
    """The gender unit's forget gate at "Mary" when its weight on "new subject" is ``w_f_subject``."""
    return float(_with_weight(GENDER, w_f_subject).f[MARY, GENDER])


def topic_kept_at_mary(w_f_subject: float) -> float:
    """What the topic unit keeps at "Mary" (f ⊙ C_{t-1}) when its forget gate's weight on
    "new subject" is ``w_f_subject`` instead of 0."""
    return float(_with_weight(TOPIC, w_f_subject).kept[MARY, TOPIC])
