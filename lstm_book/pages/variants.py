"""The values the chapter "Variants on the same sentence" quotes.

Each variant reads the worked example with the hand-set weights of
``handset.VARIANTS``. The three LSTMs (plain, peephole, CIFG) carry a cell C
and an output gate; the GRU has neither: its update gate u plays the forget
gate's part and its h is its only state. So every table here shows only what
its variant has, and the side-by-side comparisons use what all four share:
h, what is kept and what is written.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

import lstm_calc as lc
from lstm_calc.counting import count_params

from .. import handset, tables

GENDER = handset.GENDER_UNIT
MARY = handset.TOKENS.index("Mary")
# The chapter's short key of each variant, used in glue names: "peep_f_mary", "gru_h_end", …
KEYS = {"LSTM": "lstm", "peephole LSTM": "peep", "CIFG": "cifg", "GRU": "gru"}
# The GRU's kept and written parts: u ⊙ h_{t-1} and (1 - u) ⊙ n (an LSTM's are f ⊙ C_{t-1} and i ⊙ C̃).
GRU_SHORT = {"kept": "u⊙hₜ₋₁", "write": "(1−u)⊙n"}
# The models of the parameter-count table, by the name the chapter shows.
COUNTED = {"RNN": "rnn", "LSTM": "lstm", "peephole LSTM": "peephole", "CIFG": "cifg", "GRU": "gru"}
COUNT_SIZES = ((3, 3), (128, 64), (1024, 512))
COUNT_QUOTED = (128, 64)  # the size at which the prose compares the counts
EXERCISE_PEEPHOLES = {"p": 0.0, "token": "Mary"}  # exercise 1: every peephole weight p, the forget gate at token
EXERCISE_SAVES = {"n_h": 3, "n_in": 3}  # exercise 2: what the GRU saves against the LSTM at these sizes


def traces() -> dict[str, lc.Trace]:
    """The example sentence through every variant, by the name the chapter shows."""
    return handset.variant_traces()


def weights() -> dict:
    """The hand-set numbers in which the variants differ from the LSTM: the peephole
    weights of the gender unit, and the GRU update gate's weight on "new subject" and bias."""
    return {
        "p_f": handset.PEEPHOLE_P_F,
        "p_i": handset.PEEPHOLE_P_I,
        "p_o": handset.PEEPHOLE_P_O,
        "gru_w_u": handset.GRU_W_U_X[0],
        "gru_b_u": handset.GRU_B_U,
    }


def lstm_is_peephole_free() -> bool:
    """Whether the chapters' LSTM has no peepholes (Greff et al.'s variant "NP"): its
    parameters are a plain ``LSTMParams``, and the peephole LSTM with every peephole
    weight at 0 computes its run over the sentence to the last bit."""
    plain = handset.VARIANTS["LSTM"]()
    xs = handset.embed(handset.TOKENS)
    ours, zero = lc.run(plain, xs), lc.run(lc.with_peepholes(plain), xs)
    return type(plain) is lc.LSTMParams and all(
        np.array_equal(getattr(ours, q), getattr(zero, q)) for q in ("f", "i", "o", "c", "h")
    )


def gru_weights_only_in_gender_unit() -> bool:
    """Whether every weight of the hand-set GRU outside unit 3's rows is zero (its biases are shared)."""
    params = handset.gru_params()
    others = [k for k in range(handset.N_H) if k != GENDER]
    return all(not np.any(getattr(params, name)[others]) for name in ("W_r", "W_u", "W_n"))


def unit_tables() -> dict[str, pd.DataFrame]:
    """The gender unit of each variant over the sentence, keyed by ``KEYS``, with only
    the columns the variant has, and the he/she readout.

    The LSTM and the peephole LSTM show f, i, C̃, o, C, h; the CIFG the same with its
    input gate labelled i = 1−f; the GRU shows r, u, n, what it keeps (u⊙hₜ₋₁), what it
    writes ((1−u)⊙n) and h, and no f, i, o or C.
    """
    out = {}
    for name, trace in traces().items():
        table = tables.unit_table(trace, GENDER)
        if name == "CIFG":
            table = table.rename(columns={"i": "i = 1−f"})
        if name == "GRU":
            for part, label in GRU_SHORT.items():
                table.insert(table.columns.get_loc("h"), label, getattr(trace, part)[:, GENDER])
        table["readout"] = table["h"].map(handset.pronoun)
        out[KEYS[name]] = table
    return out


def readouts() -> dict[str, list[str]]:
    """The pronoun each variant reads out at every token."""
    return {name: [handset.pronoun(h) for h in trace.h[:, GENDER]] for name, trace in traces().items()}


def _memory(trace: lc.Trace) -> str:
    """The name of the state a variant's memory update writes: C for the LSTMs, h for the GRU."""
    return "c" if "c" in trace.names else "h"


def mary_table() -> pd.DataFrame:
    """The step at "Mary" in the gender unit of every variant, in what all four share:
    the memory before (Cₜ₋₁ or hₜ₋₁), what is kept of it, what is written, the memory
    after (Cₜ or hₜ) and h."""
    rows = {}
    for name, trace in traces().items():
        s, memory = trace.step(MARY), _memory(trace)
        before = s.c_prev if memory == "c" else s.h_prev
        rows[name] = {
            "memory": "C" if memory == "c" else "h",
            "before “Mary”": before[GENDER],
            "kept": s.kept[GENDER],
            "write": s.write[GENDER],
            "after “Mary”": getattr(s, memory)[GENDER],
            "hₜ": s.h[GENDER],
        }
    return tables.formatted(pd.DataFrame.from_dict(rows, orient="index").rename_axis("variant"))


def token_values() -> dict:
    """The numbers of the token-by-token comparison, under ``KEYS[name] + "_" + quantity``.

    For every variant: h after "John", at "Mary" and at the end; what is kept and
    what is written at "Mary", and the memory (C or h) before and after it. For the
    LSTMs: f and i at "Mary"; for the GRU: u at "Mary" and what it wrote at "John".
    Also the CIFG's cell after "John" (what the GRU's h is there) and its tanh, the
    largest difference between the GRU's h and the CIFG's C over the sentence, and
    the largest gap between the LSTM's f + i and 1 (how far its gates are from the
    CIFG's coupling).
    """
    runs = traces()
    out = {}
    for name, trace in runs.items():
        key, s, memory = KEYS[name], trace.step(MARY), _memory(trace)
        out |= {
            f"{key}_h_john": trace.h[0, GENDER],
            f"{key}_h_mary": s.h[GENDER],
            f"{key}_h_end": trace.h[-1, GENDER],
            f"{key}_kept_mary": s.kept[GENDER],
            f"{key}_write_mary": s.write[GENDER],
            f"{key}_before_mary": getattr(trace, memory)[MARY - 1, GENDER],
            f"{key}_after_mary": getattr(s, memory)[GENDER],
        }
        if memory == "c":
            out |= {f"{key}_f_mary": s.f[GENDER], f"{key}_i_mary": s.i[GENDER]}
    gru, lstm, cifg = runs["GRU"], runs["LSTM"], runs["CIFG"]
    out |= {
        "gru_u_mary": gru.u[MARY, GENDER],
        "gru_write_john": gru.write[0, GENDER],
        "cifg_c_john": cifg.c[0, GENDER],
        "cifg_tanh_c_john": np.tanh(cifg.c[0, GENDER]),
        "gru_cifg_gap": np.max(np.abs(gru.h[:, GENDER] - cifg.c[:, GENDER])),
        "lstm_fi_gap": np.max(np.abs(lstm.f[:, GENDER] + lstm.i[:, GENDER] - 1.0)),
    }
    return out


def _blind_runs() -> dict:
    """The "Mary" step of the LSTM and the peephole LSTM from the same h_{t-1} and
    input, with the cell the sentence produced and with the gender slot flipped."""
    x = handset.embed(["Mary"])[0]
    flip = np.ones(handset.N_H)
    flip[GENDER] = -1.0
    runs = traces()
    out = {}
    for name in ("LSTM", "peephole LSTM"):
        params, trace = handset.VARIANTS[name](), runs[name]
        h_prev, c_actual = trace.h[MARY - 1], trace.c[MARY - 1]
        for label, c_prev in (("actual Cₜ₋₁", c_actual), ("gender flipped", flip * c_actual)):
            out[(name, label)] = lc.step(params, x, h_prev, c_prev)
    return out


def blind_table() -> pd.DataFrame:
    """The old cell, f and the new cell of the gender unit in the four runs of ``_blind_runs``."""
    rows = {
        key: {"Cₜ₋₁ (unit 3)": s.c_prev[GENDER], "fₜ (unit 3)": s.f[GENDER], "Cₜ (unit 3)": s.c[GENDER]}
        for key, s in _blind_runs().items()
    }
    return tables.formatted(pd.DataFrame(rows).T.rename_axis(["variant", "old cell"]))


def blind() -> dict:
    """The forget gate at "Mary": the LSTM's with the actual and the flipped cell (equal),
    and the peephole LSTM's with each."""
    runs = _blind_runs()
    return {
        "lstm_f_both": runs[("LSTM", "actual Cₜ₋₁")].f[GENDER],
        "lstm_f_flipped": runs[("LSTM", "gender flipped")].f[GENDER],
        "peep_f_actual": runs[("peephole LSTM", "actual Cₜ₋₁")].f[GENDER],
        "peep_f_flipped": runs[("peephole LSTM", "gender flipped")].f[GENDER],
    }


def counts_table() -> pd.DataFrame:
    """Parameters of one layer of every model at three sizes, one bias vector per gate
    (PyTorch's modules hold two: see ``counts``), with thousands separators."""
    frame = pd.DataFrame(
        {
            f"nₕ = {n_h}, nᵢₙ = {n_in}": {name: count_params(key, n_h, n_in) for name, key in COUNTED.items()}
            for n_h, n_in in COUNT_SIZES
        }
    ).rename_axis("model")
    return tables.formatted(frame, formats=dict.fromkeys(frame.columns, ",d"))


def counts() -> dict:
    """Counts (ints) the prose quotes at ``COUNT_QUOTED`` (n_h, n_in): every model of
    ``COUNTED`` as this book counts it (one bias vector per gate), the peepholes' extra
    numbers and how many vectors of n_h they are, the LSTM's count over the RNN's, and
    what PyTorch's ``nn.RNN``, ``nn.LSTM`` and ``nn.GRU`` hold (two bias vectors per
    gate; ``sum(p.numel() for p in module.parameters())``) and how many more that is."""
    n_h, n_in = COUNT_QUOTED
    ours = {key: count_params(key, n_h, n_in) for key in COUNTED.values()}
    torch = {key: count_params(key, n_h, n_in, torch_biases=True) for key in ("rnn", "lstm", "gru")}
    ratio, rest = divmod(ours["lstm"], ours["rnn"])
    return (
        {
            "count_n_h": n_h,
            "count_n_in": n_in,
            "count_rnn": ours["rnn"],
            "count_lstm": ours["lstm"],
            "count_cifg": ours["cifg"],
            "count_gru": ours["gru"],
            "count_peep_extra": ours["peephole"] - ours["lstm"],
            "count_peep_vectors": (ours["peephole"] - ours["lstm"]) // n_h,
            "count_lstm_over_rnn": ratio if rest == 0 else ours["lstm"] / ours["rnn"],
        }
        | {f"count_{key}_torch": n for key, n in torch.items()}
        | {f"count_{key}_torch_extra": n - ours[key] for key, n in torch.items()}
    )


def lstm_is_four_rnns() -> bool:
    """Whether the LSTM has exactly four times the RNN's parameters at every size of the
    counts table, counted as this book counts them and as PyTorch's modules hold them."""
    return all(
        count_params("lstm", h, i, torch_biases=t) == 4 * count_params("rnn", h, i, torch_biases=t)
        for h, i in COUNT_SIZES
        for t in (False, True)
    )


def shares() -> dict:
    """The CIFG's and the GRU's parameters as a share of the LSTM's at ``COUNT_QUOTED``."""
    c = counts()
    return {"cifg_share": c["count_cifg"] / c["count_lstm"], "gru_share": c["count_gru"] / c["count_lstm"]}


def exercise_peepholes(p: float, token: str) -> dict:
    """Exercise 1: the gender unit's forget gate at ``token`` in the peephole LSTM whose
    peephole weights are all ``p`` (the worked example's weights otherwise), the plain
    LSTM's there, and the plain gate's pre-activation (its weight on "new subject" plus its bias)."""
    p = lc._check.real("p", p)
    if not isinstance(token, str) or token not in handset.TOKENS:
        raise ValueError(f"token must be a token of the worked example {list(handset.TOKENS)}, got {token!r}")
    t = handset.TOKENS.index(token)
    xs = handset.embed(handset.TOKENS)
    peep = lc.run(lc.with_peepholes(handset.gender_params(), p_f=p, p_i=p, p_o=p), xs)
    plain = lc.run(handset.gender_params(), xs)
    z = plain.z[t]
    params = handset.gender_params()
    return {
        "ex_no_peep_f": peep.f[t, GENDER],
        "ex_lstm_f": plain.f[t, GENDER],
        "ex_pre_f": params.W_f[GENDER] @ z + params.b_f[GENDER],
    }


def exercise_gru_saves(n_h: int, n_in: int) -> dict:
    """Exercise 2: how many parameters a GRU layer saves against an LSTM layer of the same
    sizes, counted with one bias vector per gate (``ex_gru_saves``) and as PyTorch's
    ``nn.LSTM`` and ``nn.GRU`` hold them, with two (``ex_gru_saves_torch``)."""
    return {
        "ex_gru_saves": count_params("lstm", n_h, n_in) - count_params("gru", n_h, n_in),
        "ex_gru_saves_torch": count_params("lstm", n_h, n_in, torch_biases=True)
        - count_params("gru", n_h, n_in, torch_biases=True),
    }


def exercises() -> dict:
    """The givens and answers of both exercises, by glue name."""
    return (
        {"ex_p": EXERCISE_PEEPHOLES["p"]}
        | exercise_peepholes(**EXERCISE_PEEPHOLES)
        | {f"ex_{k}": v for k, v in EXERCISE_SAVES.items()}
        | exercise_gru_saves(**EXERCISE_SAVES)
    )
