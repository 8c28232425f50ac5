"""pandas tables of the library's arrays, with the book's labels.

Every label of a quantity is written here once (``LABELS``), and the
explorables' script receives the same labels as data.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from lstm_calc import GATES, LSTMParams, Trace, _check, cell_state

# One label per quantity, as the tables, charts and explorables show it.
LABELS = {
    "c_prev": "Cₜ₋₁ (old cell)",
    "f": "fₜ (forget gate)",
    "i": "iₜ (input gate)",
    "g": "C̃ₜ (candidate)",
    "o": "oₜ (output gate)",
    "kept": "fₜ⊙Cₜ₋₁ (kept)",
    "write": "iₜ⊙C̃ₜ (write)",
    "c": "Cₜ (new cell)",
    "h": "hₜ (hidden state)",
    "h_prev": "hₜ₋₁ (old state)",
    "r": "rₜ (reset gate)",
    "u": "uₜ (update gate)",
    "n": "nₜ (candidate)",
}
# Short column names of a unit's table over time.
SHORT = {
    "f": "f",
    "i": "i",
    "g": "C̃",
    "o": "o",
    "c": "C",
    "h": "h",
    "r": "r",
    "u": "u",
    "n": "n",
    "c_prev": "Cₜ₋₁",
    "kept": "f⊙Cₜ₋₁",
    "write": "i⊙C̃",
    "h_prev": "hₜ₋₁",
}
# The rows of a memory table: the old cell, × f, = what is kept, + the write, = the new cell.
MEMORY_ROWS = {
    "c_prev": "Cₜ₋₁ (old cell)",
    "f": "× fₜ (forget gate)",
    "kept": "= fₜ⊙Cₜ₋₁ (kept)",
    "write": "+ iₜ⊙C̃ₜ (write)",
    "c": "= Cₜ (new cell)",
}
GATE_TITLES = {"f": "forget W_f", "i": "input W_i", "g": "candidate W_g", "o": "output W_o"}


def unit_names(n_h: int) -> list[str]:
    """The columns of n_h units: "unit 1", "unit 2", …"""
    return [f"unit {k + 1}" for k in range(_check.integer("n_h", n_h, low=1))]


def memory_update_table(f, c_prev, i, g, columns=None, name=None) -> pd.DataFrame:
    """The memory update C_t = f ⊙ C_{t-1} + i ⊙ C̃ of any vectors of one shape,
    as a table: the old cell, × f, = what is kept, + the write, = the new cell.

    ``columns`` names the slots (default "unit 1", …); ``name`` titles the rows.
    """
    f = _check.array("f", f, ("n",))
    n = f.shape[0]
    c_prev, i, g = (_check.vector(label, v, n) for label, v in (("c_prev", c_prev), ("i", i), ("g", g)))
    rows = {"c_prev": c_prev, "f": f, "kept": f * c_prev, "write": i * g, "c": cell_state(f, c_prev, i, g)}
    columns = unit_names(n) if columns is None else list(columns)
    if len(columns) != n:
        raise ValueError(f"columns must name {n} slots, got {len(columns)}: {columns}")
    index = pd.Index([MEMORY_ROWS[row] for row in rows], name=name)
    return pd.DataFrame(np.array(list(rows.values())), index=index, columns=columns)


def _trace(trace) -> Trace:
    if not isinstance(trace, Trace):
        raise ValueError(f"trace must be an lstm_calc.Trace, got {type(trace).__name__}")
    if "c" not in trace.names:
        raise ValueError(f"a memory table needs a cell C: this trace holds {list(trace.names)}")
    return trace


def memory_table(trace: Trace, t: int) -> pd.DataFrame:
    """Step ``t``'s (0-based) memory update for every unit."""
    s = _trace(trace).step(t)
    return memory_update_table(s.f, s.c_prev, s.i, s.g, unit_names(trace.n_h), f"t={t + 1} · {trace.tokens[t]}")


def memory_tables(trace: Trace) -> pd.DataFrame:
    """Every step's ``memory_table`` stacked, indexed by (token, row)."""
    frames = {f"{t + 1} · {tok}": memory_table(trace, t) for t, tok in enumerate(_trace(trace).tokens)}
    return pd.concat(frames, names=["token", "step"])


def unit_table(trace: Trace, unit: int) -> pd.DataFrame:
    """One unit over time: each of the model's gates and states per token
    (f, i, C̃, o, C, h for an LSTM; r, u, n, h for a GRU). ``unit`` is 0-based."""
    if not isinstance(trace, Trace):
        raise ValueError(f"trace must be an lstm_calc.Trace, got {type(trace).__name__}")
    unit = _check.integer("unit", unit, low=0, high=trace.n_h)
    shown = [name for name in ("f", "i", "g", "o", "r", "u", "n", "c", "h") if name in trace.names]
    return pd.DataFrame(
        {SHORT[name]: getattr(trace, name)[:, unit] for name in shown}, index=pd.Index(trace.tokens, name="token")
    )


def frame(trace: Trace, name: str) -> pd.DataFrame:
    """One intermediate (``"f"``, ``"c"``, …) for all units, one row per token."""
    if not isinstance(trace, Trace):
        raise ValueError(f"trace must be an lstm_calc.Trace, got {type(trace).__name__}")
    names = [n for n in trace.names if n != "z"]
    if name not in names:
        raise ValueError(f"name must be one of {names}, got {name!r}")
    return pd.DataFrame(getattr(trace, name), index=pd.Index(trace.tokens, name="token"), columns=unit_names(trace.n_h))


def weights_table(params: LSTMParams, unit: int, input_names=None) -> pd.DataFrame:
    """One unit's row of every gate matrix, and its biases: one row per gate,
    one column per entry of z = [h; x], then the bias."""
    if not isinstance(params, LSTMParams):
        raise ValueError(f"params must be LSTMParams, got {type(params).__name__}")
    unit = _check.integer("unit", unit, low=0, high=params.n_h)
    input_names = [f"x{k + 1}" for k in range(params.n_in)] if input_names is None else list(input_names)
    if len(input_names) != params.n_in:
        raise ValueError(f"input_names must name {params.n_in} inputs, got {len(input_names)}: {input_names}")
    columns = [f"h{k + 1}" for k in range(params.n_h)] + input_names + ["bias"]
    rows = [np.append(getattr(params, f"W_{g}")[unit], getattr(params, f"b_{g}")[unit]) for g in GATES]
    return pd.DataFrame(rows, index=pd.Index([GATE_TITLES[g] for g in GATES], name=f"unit {unit + 1}"), columns=columns)
