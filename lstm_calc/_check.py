"""Input validation shared by every public function.

Each check converts its argument to a read-only float64 array and raises
``ValueError`` naming the argument and the shape it saw. Callers validate all
of their inputs before computing anything, so bad input never leaves a
half-computed result behind.
"""

from __future__ import annotations

import numpy as np


def array(name: str, value, shape: tuple[int, ...]) -> np.ndarray:
    """Return ``value`` as a finite float64 array of exactly ``shape``.

    A ``-1`` in ``shape`` accepts any positive length on that axis.
    """
    try:
        a = np.array(value, dtype=np.float64)  # a copy: callers' arrays stay theirs
    except (TypeError, ValueError) as err:
        raise ValueError(f"{name} must be numeric, got {type(value).__name__}: {err}") from None
    expected = "(" + ", ".join("T" if n == -1 else str(n) for n in shape) + ("," if len(shape) == 1 else "") + ")"
    if a.ndim != len(shape) or any(n not in (-1, m) for n, m in zip(shape, a.shape)):
        raise ValueError(f"{name} must have shape {expected}, got shape {a.shape}")
    if a.size == 0:
        raise ValueError(f"{name} is empty: shape {a.shape}; expected shape {expected} with T >= 1")
    bad = ~np.isfinite(a)
    if bad.any():
        where = tuple(int(k) for k in np.argwhere(bad)[0])
        raise ValueError(f"{name} must be finite, got {a[where]} at index {where} (shape {a.shape})")
    a.setflags(write=False)
    return a


def vector(name: str, value, n: int) -> np.ndarray:
    """A finite float64 vector of length ``n``."""
    return array(name, value, (n,))


def sequence(name: str, value, n: int) -> np.ndarray:
    """A finite float64 (T, n) array with T >= 1: one row per time step."""
    return array(name, value, (-1, n))
