"""Running a sequence: every intermediate at every step, and tables for display."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from . import _check
from .cell import Step, _step, cell_state, check_params
from .params import LSTMParams

# The rows of a memory table, labelled as in seed 000's four-slot table.
MEMORY_ROWS = {
    "c_prev": "Cₜ₋₁ (old cell)",
    "f": "× fₜ (forget gate)",
    "erased": "= fₜ⊙Cₜ₋₁ (after forgetting)",
    "write": "+ iₜ⊙C̃ₜ (the write)",
    "c": "= Cₜ (new cell)",
}
# The columns of a unit table: Step field -> column name.
UNIT_COLUMNS = {"f": "f", "i": "i", "g": "C̃", "o": "o", "c": "C", "h": "h"}


def memory_update_table(f, c_prev, i, g, columns=None, name=None) -> pd.DataFrame:
    """The memory update C_t = f ⊙ C_{t-1} + i ⊙ C̃ of any vectors of one shape,
    as a table: the old cell, × f, = what survives, + the write, = the new cell.

    ``columns`` names the slots (default "unit 1", …); ``name`` titles the rows.
    """
    c = cell_state(f, c_prev, i, g)  # validates the shapes
    f, c_prev, i, g = (np.asarray(v, dtype=np.float64) for v in (f, c_prev, i, g))
    rows = {"c_prev": c_prev, "f": f, "erased": f * c_prev, "write": i * g, "c": c}
    columns = [f"unit {k + 1}" for k in range(c.shape[0])] if columns is None else list(columns)
    if len(columns) != c.shape[0]:
        raise ValueError(f"columns must name {c.shape[0]} slots, got {len(columns)}: {columns}")
    index = pd.Index([MEMORY_ROWS[name] for name in rows], name=name)
    return pd.DataFrame(np.array(list(rows.values())), index=index, columns=columns)


@dataclass(frozen=True)
class Trace:
    """A (T, n_h) array for each intermediate of ``Step`` (``z`` is
    (T, n_h + n_in)), plus the T token labels the tables use as index."""

    tokens: tuple[str, ...]
    z: np.ndarray
    f: np.ndarray
    i: np.ndarray
    g: np.ndarray
    o: np.ndarray
    c_prev: np.ndarray
    erased: np.ndarray
    write: np.ndarray
    c: np.ndarray
    h: np.ndarray
    r: np.ndarray | None = None

    @property
    def T(self) -> int:
        return len(self.tokens)

    @property
    def n_h(self) -> int:
        return self.c.shape[1]

    def step(self, t: int) -> Step:
        """The intermediates of step ``t`` (0-based) as a ``Step``."""
        self._check_t(t)
        values = {name: getattr(self, name) for name in Step.__dataclass_fields__}
        return Step(**{name: None if v is None else v[t] for name, v in values.items()})

    def unit_names(self) -> list[str]:
        return [f"unit {k + 1}" for k in range(self.n_h)]

    def memory_table(self, t: int) -> pd.DataFrame:
        """Step ``t``'s memory update for every unit: C_{t-1}, × f, the
        erased cell, + the write i⊙C̃, = the new cell C_t."""
        s = self.step(t)
        return memory_update_table(s.f, s.c_prev, s.i, s.g, self.unit_names(), f"t={t + 1} · {self.tokens[t]}")

    def memory_tables(self) -> pd.DataFrame:
        """Every step's ``memory_table`` stacked, indexed by (token, row)."""
        frames = {f"{t + 1} · {tok}": self.memory_table(t) for t, tok in enumerate(self.tokens)}
        return pd.concat(frames, names=["token", "step"])

    def unit_table(self, unit: int) -> pd.DataFrame:
        """One unit over time: f, i, C̃, o, C and h per token (``unit`` is 0-based)."""
        if not 0 <= unit < self.n_h:
            raise ValueError(f"unit must be in [0, {self.n_h}), got {unit}")
        columns = UNIT_COLUMNS | ({"r": "r"} if self.r is not None else {})
        return pd.DataFrame(
            {label: getattr(self, name)[:, unit] for name, label in columns.items()},
            index=pd.Index(self.tokens, name="token"),
        )

    def frame(self, name: str) -> pd.DataFrame:
        """One intermediate (``"f"``, ``"c"``, …) for all units, one row per token."""
        names = [n for n in Step.__dataclass_fields__ if n != "z" and getattr(self, n) is not None]
        if name not in names:
            raise ValueError(f"name must be one of {names}, got {name!r}")
        return pd.DataFrame(getattr(self, name), index=pd.Index(self.tokens, name="token"), columns=self.unit_names())

    def _check_t(self, t: int) -> None:
        if not 0 <= t < self.T:
            raise ValueError(f"t must be in [0, {self.T}), got {t}")


def run(params: LSTMParams, xs, h0=None, c0=None, tokens=None) -> Trace:
    """Run the LSTM over ``xs`` (T, n_in) from h0, c0 (default zeros, (n_h,)).

    ``tokens`` labels the T steps in tables and charts (default "t=1", …).
    Every input is validated before the first step is computed.
    """
    check_params(params)
    xs = _check.sequence("xs", xs, params.n_in)  # (T, n_in)
    T = xs.shape[0]
    h = _check.vector("h0", np.zeros(params.n_h) if h0 is None else h0, params.n_h)
    c = _check.vector("c0", np.zeros(params.n_h) if c0 is None else c0, params.n_h)
    if tokens is None:
        tokens = tuple(f"t={t + 1}" for t in range(T))
    else:
        tokens = tuple(str(tok) for tok in tokens)
        if len(tokens) != T:
            raise ValueError(f"tokens must label every row of xs: got {len(tokens)} tokens for xs of shape {xs.shape}")

    steps = []
    for x in xs:
        s = _step(params, x, h, c)
        steps.append(s)
        h, c = s.h, s.c
    stacked = {name: np.stack([getattr(s, name) for s in steps]) for name in Step.__dataclass_fields__
               if getattr(steps[0], name) is not None}
    return Trace(tokens=tokens, **stacked)
