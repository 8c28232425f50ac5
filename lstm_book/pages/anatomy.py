"""The values the chapter "Two states, their vectors and shapes" quotes.

The chapter follows the hand-written notes "LSTM Part 1: The What?" (the sizes of
their forget gate, their one-hot example, their pointwise operations) and
corrects their slips with numbers. Each exercise's answer is computed by a
function that receives every given of the question, so no state of an earlier
cell can leak into it.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd

from lstm_calc import LSTMParams, _check, cell_state, step
from lstm_calc.counting import count_params

from .. import handset, tables

SHAPES_N_H, SHAPES_N_IN = 3, 4  # the notes' forget gate: 3 units reading z of 3 + 4 = 7 entries
# The pointwise example: an old cell and the gates of one step (two decimals each, so every product is exact).
POINTWISE = {"c_prev": (0.8, -0.4, 0.6), "f": (0.9, 0.5, 0.1), "i": (0.2, 0.0, 0.9), "g": (0.5, 0.7, -0.3)}
# Forget gates with the input gate shut: forget all, halve, keep all, and the notes' [0 0 1].
FORGET_GATES = {
    "f = 0": (0.0, 0.0, 0.0),
    "f = ½": (0.5, 0.5, 0.5),
    "f = 1": (1.0, 1.0, 1.0),
    "f = [0, 0, 1]": (0, 0, 1),
}
NOTES_SELECTIVE = "f = [0, 0, 1]"  # the notes read this gate as "forget all"
# The notes' pointwise example: C_{t-1} drawn as a 3×3 matrix, times f_t = [1 2 3].
NOTES_C_PREV = ((4.0, 5.0, 6.0), (1.0, 1.0, 1.0), (2.0, 2.0, 2.0))
NOTES_F = (1.0, 2.0, 3.0)
SHUT_OUTPUT_BIAS = -3.0  # o = σ(-3) instead of the example's σ(20)
SIZES = ((3, 4), (16, 8), (128, 64), (256, 300), (1024, 512))
VOCABULARY = ("cat", "mat", "rat")
SENTENCES = {"cat mat rat": 0, "cat rat rat": 0, "mat mat cat": 1}  # the notes' three labelled sentences
NOTES_TYPO = "cat rat rad"  # how the notes write the second one
EXERCISE_COUNT = {"n_h": 10, "n_in": 5}
EXERCISE_QUARTER = {"c_prev": POINTWISE["c_prev"], "share": 0.25}
EXERCISE_SHAPES = {"n_h": 5, "vocabulary": 10}


def _vector_list(values) -> str:
    """A vector as the prose shows it: "[0.8, −0.4, 0.6]" (shortest exact form, a true minus sign)."""
    return "[" + ", ".join(f"{float(v):g}".replace("-", "−") for v in values) + "]"


# -- Vectors and shapes ---------------------------------------------------------------------


def sizes() -> dict:
    """The sizes of the shapes table's LSTM: n_h units reading inputs of n_in numbers."""
    return {"n_h": SHAPES_N_H, "n_in": SHAPES_N_IN}


def shapes_table() -> pd.DataFrame:
    """The shape of every vector and matrix of one step of a random LSTM of ``sizes()``,
    by its name in the code (the glossary's names)."""
    params = LSTMParams.random(n_h=SHAPES_N_H, n_in=SHAPES_N_IN, seed=0)
    x, h_prev, c_prev = np.ones(SHAPES_N_IN), np.zeros(SHAPES_N_H), np.zeros(SHAPES_N_H)
    s = step(params, x, h_prev, c_prev)
    shown = {
        "x": ("the input xₜ", x),
        "h_prev": ("the previous hidden state hₜ₋₁", h_prev),
        "z": ("what every gate reads, zₜ = [hₜ₋₁; xₜ]", s.z),
        "W_f": ("the forget gate's weights", params.W_f),
        "b_f": ("the forget gate's bias", params.b_f),
        "f": ("the forget gate fₜ", s.f),
        "c": ("the new cell Cₜ", s.c),
        "h": ("the new hidden state hₜ", s.h),
    }
    frame = pd.DataFrame(
        {"what it is": [what for what, _ in shown.values()], "shape": [str(v.shape) for _, v in shown.values()]},
        index=pd.Index(list(shown), name="in the code"),
    )
    return tables.formatted(frame)


def counts() -> dict:
    """The forget gate's shape and the parameter counts of the shapes table's LSTM."""
    n_h, n_in = SHAPES_N_H, SHAPES_N_IN
    lstm, torch_lstm = count_params("lstm", n_h, n_in), count_params("lstm", n_h, n_in, torch_biases=True)
    return {
        "wf_rows": n_h,
        "wf_cols": n_h + n_in,
        "wf_weights": n_h * (n_h + n_in),
        "wf_biases": n_h,
        "gate_params": n_h * (n_h + n_in) + n_h,
        "lstm_params": lstm,
        "rnn_params": count_params("rnn", n_h, n_in),
        "torch_lstm_params": torch_lstm,
        "torch_extra": torch_lstm - lstm,
    }


def counts_table() -> pd.DataFrame:
    """Parameters of an RNN and an LSTM layer at ``SIZES``, and their ratio (an integer: exactly 4)."""
    rows = []
    for n_h, n_in in SIZES:
        rnn, lstm = count_params("rnn", n_h, n_in), count_params("lstm", n_h, n_in)
        ratio, rest = divmod(lstm, rnn)
        rows.append(
            {
                "nₕ": n_h,
                "nᵢₙ": n_in,
                "RNN": rnn,
                "LSTM": lstm,
                "LSTM / RNN": ratio if rest == 0 else lstm / rnn,
                "LSTM in PyTorch": count_params("lstm", n_h, n_in, torch_biases=True),
            }
        )
    counts = dict.fromkeys(("RNN", "LSTM", "LSTM in PyTorch"), ",d")  # thousands separated: 6,295,552
    frame = pd.DataFrame(rows)
    frame[["nₕ", "nᵢₙ"]] = frame[["nₕ", "nᵢₙ"]].map("{:,d}".format)  # the sizes, shown as the counts are
    return tables.formatted(frame.set_index(["nₕ", "nᵢₙ"]), formats=counts)


def ratio_is_four() -> bool:
    """Whether the LSTM has exactly four times the RNN's parameters at every size of the table."""
    return all(count_params("lstm", h, i) == 4 * count_params("rnn", h, i) for h, i in SIZES)


# -- Words as one-hot vectors ------------------------------------------------------------------


def sentences_table() -> pd.DataFrame:
    frame = pd.DataFrame({"label": list(SENTENCES.values())}, index=pd.Index(list(SENTENCES), name="sentence"))
    return tables.formatted(frame)


def features() -> dict:
    """How many input features the worked example has."""
    return {"n_features": len(handset.FEATURES)}


# -- Pointwise operations ---------------------------------------------------------------------


def pointwise_table() -> pd.DataFrame:
    """The memory update of ``POINTWISE``, shown with the fewest decimals that are exact."""
    values = {k: np.array(v) for k, v in POINTWISE.items()}
    full = tables.memory_update_table(**values)
    return tables.formatted(full, tables.exact_decimals(full.to_numpy()))


def pointwise_exact() -> bool:
    """Whether ``pointwise_table`` shows every number exactly (no rounding hidden)."""
    table = pointwise_table()
    return tables.exact_decimals(table.to_numpy()) == table.decimals


def forget_only(c_prev, f) -> np.ndarray:
    """The new cell when the input gate is shut: f ⊙ C_{t-1}. ``f`` is one number for
    every unit or a vector of one value per unit."""
    c_prev = _check.array("c_prev", c_prev, ("n_h",))
    if isinstance(f, (list, tuple)) or (isinstance(f, np.ndarray) and f.ndim > 0):
        f = _check.vector("f", f, c_prev.shape[0])
    else:
        f = np.full(c_prev.shape, _check.real("f", f.item() if isinstance(f, np.ndarray) else f))
    zero = np.zeros_like(c_prev)
    return cell_state(f, c_prev, zero, zero)


def forget_table() -> pd.DataFrame:
    """The old cell of ``POINTWISE`` and the new cell under each of ``FORGET_GATES``, input gate shut."""
    c_prev = np.array(POINTWISE["c_prev"])
    rows = {"Cₜ₋₁": c_prev} | {f"Cₜ with {name}": forget_only(c_prev, f) for name, f in FORGET_GATES.items()}
    frame = pd.DataFrame(rows, index=tables.unit_names(len(c_prev))).T.rename_axis("with iₜ = 0")
    return tables.formatted(frame, tables.exact_decimals(frame.to_numpy()))


def _selective() -> tuple[list[int], list[int]]:
    """The slots (1-based) the notes' [0, 0, 1] keeps whole and clears."""
    gate = np.array(FORGET_GATES[NOTES_SELECTIVE])
    return [int(k) + 1 for k in np.flatnonzero(gate == 1)], [int(k) + 1 for k in np.flatnonzero(gate == 0)]


def forgetting() -> dict:
    """Slot 1 before and after a gate of one half; the slot the notes' [0, 0, 1] keeps (1-based)."""
    c_prev = POINTWISE["c_prev"]
    kept, _ = _selective()
    return {"halve_in": c_prev[0], "halve_out": forget_only(c_prev, 0.5)[0], "kept_slot": kept[0]}


def forgetting_claims() -> dict:
    """The sentences about ``forget_table``, and whether its numbers bear them out."""
    c_prev = np.array(POINTWISE["c_prev"])
    new = {name: forget_only(c_prev, f) for name, f in FORGET_GATES.items()}
    kept, cleared = _selective()
    selective = new[NOTES_SELECTIVE]
    return {
        "all zeros forget everything": not np.any(new["f = 0"]),
        "all ones keep everything": np.array_equal(new["f = 1"], c_prev),
        "one half halves the memory": np.array_equal(new["f = ½"], c_prev / 2),
        "[0, 0, 1] keeps one slot whole and clears the others": all(selective[k - 1] == c_prev[k - 1] for k in kept)
        and not np.any(selective[[k - 1 for k in cleared]]),
    }


def notes_refusal() -> str:
    """What ``lstm_calc`` answers when asked to multiply the notes' 3×3 "cell" by their f = [1, 2, 3]."""
    matrix, f = np.array(NOTES_C_PREV), np.array(NOTES_F)
    try:
        cell_state(f, matrix, np.zeros(len(f)), np.zeros(len(f)))
    except ValueError as err:
        return str(err)
    raise AssertionError("lstm_calc accepted a 3×3 matrix as a cell")


def notes_f_outside_gate_range() -> bool:
    """Whether some entry of the notes' f lies outside (0, 1), where every sigmoid lies."""
    return bool(np.any((np.array(NOTES_F) <= 0) | (np.array(NOTES_F) >= 1)))


# -- The output gate ------------------------------------------------------------------------


def output_gate_steps() -> dict:
    """The "Mary" step of the worked example with its output bias and with a nearly shut output gate."""
    params = handset.gender_params()
    shut = replace(params, b_o=np.full(params.n_h, SHUT_OUTPUT_BIAS))
    t = handset.TOKENS.index("Mary")
    trace = handset.gender_trace()
    x, h_prev, c_prev = handset.embed(["Mary"])[0], trace.h[t - 1], trace.c[t - 1]
    return {"open output gate": step(params, x, h_prev, c_prev), "shut output gate": step(shut, x, h_prev, c_prev)}


def output_gate_table() -> pd.DataFrame:
    u = handset.GENDER_UNIT
    frame = pd.DataFrame(
        {
            name: {"o (unit 3)": s.o[u], "Cₜ (unit 3)": s.c[u], "hₜ (unit 3)": s.h[u]}
            for name, s in output_gate_steps().items()
        }
    ).T
    return tables.formatted(frame.rename_axis("case"))


def output_gate() -> dict:
    u = handset.GENDER_UNIT
    open_, shut = output_gate_steps().values()
    return {
        "out_c": open_.c[u],
        "out_h_open": open_.h[u],
        "out_h_shut": shut.h[u],
        "out_o_open": open_.o[u],
        "out_o_shut": shut.o[u],
        "out_b_open": handset.B_O,
        "out_b_shut": SHUT_OUTPUT_BIAS,
    }


def output_gate_keeps_cell() -> bool:
    """Whether the two runs of ``output_gate_steps`` give bit-identical cells."""
    open_, shut = output_gate_steps().values()
    return bool(np.array_equal(open_.c, shut.c))


# -- Exercises -------------------------------------------------------------------------------


def exercise_count(n_h: int, n_in: int) -> dict:
    """Exercise 1: the parameters of an LSTM layer of ``n_h`` units reading ``n_in`` inputs, here and in PyTorch."""
    n_h, n_in = _check.integer("n_h", n_h, low=1), _check.integer("n_in", n_in, low=1)
    return {
        "ex_count": count_params("lstm", n_h, n_in),
        "ex_count_torch": count_params("lstm", n_h, n_in, torch_biases=True),
    }


def exercise_quarter(c_prev, share: float) -> dict:
    """Exercise 2: the forget gate, one value for every unit, that keeps ``share`` of the
    old cell ``c_prev`` when the input gate is shut, and the new cell it gives."""
    share = _check.real("share", share)
    if not 0.0 < share < 1.0:
        raise ValueError(f"share must lie in (0, 1), where a sigmoid gate lies, got {share}")
    c_prev = _check.array("c_prev", c_prev, ("n_h",))
    return {"f": share, "c": forget_only(c_prev, share)}


def exercise_shapes(n_h: int, vocabulary: int) -> dict:
    """Exercise 3: with ``n_h`` units and one-hot inputs over ``vocabulary`` words, the
    shape of every gate matrix, the length of z_t, and the parameters of the layer."""
    n_h = _check.integer("n_h", n_h, low=1)
    n_in = _check.integer("vocabulary", vocabulary, low=1)
    return {
        "ex_w_rows": n_h,
        "ex_w_cols": n_h + n_in,
        "ex_z_len": n_h + n_in,
        "ex_layer_params": count_params("lstm", n_h, n_in),
    }


def exercises() -> dict:
    """The givens and the answers of the exercises that are numbers, by glue name."""
    return (
        {f"ex_{k}": v for k, v in EXERCISE_COUNT.items()}
        | exercise_count(**EXERCISE_COUNT)
        | {"ex3_n_h": EXERCISE_SHAPES["n_h"], "ex3_vocabulary": EXERCISE_SHAPES["vocabulary"]}
        | exercise_shapes(**EXERCISE_SHAPES)
    )


# -- Words the prose quotes ------------------------------------------------------------------


def texts() -> dict:
    """The strings the prose quotes, by glue name: the notes' typo and slips, the worked
    example's feature names, the slots [0, 0, 1] clears, and the vectors of exercise 2."""
    names = [f"“{name}”" for name in handset.FEATURES]
    _, cleared = _selective()
    quarter = exercise_quarter(**EXERCISE_QUARTER)
    return {
        "notes_typo": NOTES_TYPO,
        "feature_names": ", ".join(names[:-1]) + " and " + names[-1],
        "notes_gate": _vector_list(FORGET_GATES[NOTES_SELECTIVE]),
        "cleared_slots": " and ".join(str(k) for k in cleared),
        "notes_c_shape": " × ".join(str(n) for n in np.array(NOTES_C_PREV).shape),
        "notes_f": _vector_list(NOTES_F),
        "ex_c_prev": _vector_list(EXERCISE_QUARTER["c_prev"])[1:-1],
        "ex_quarter": _vector_list(quarter["c"])[1:-1],
    }
