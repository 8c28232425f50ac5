"""Input validation shared by every public function.

Each check converts its argument to a read-only float64 array and raises
``ValueError`` naming the argument and what it saw. Callers validate all of
their inputs before computing anything, so bad input never leaves a
half-computed result behind.
"""

from __future__ import annotations

import numbers

import numpy as np


def _describe(value) -> str:
    text = repr(value)
    return f"{type(value).__name__} {text if len(text) <= 60 else text[:57] + '...'}"


def array(name: str, value, shape: tuple[int | str, ...]) -> np.ndarray:
    """Return ``value`` as a finite float64 array of exactly ``shape``.

    A name in ``shape`` (``"T"``, ``"n_h"``) accepts any positive length on
    that axis and is shown in the message; ``-1`` is the same as ``"T"``.
    Refused: None, strings, booleans, complex numbers, ragged lists, NaN and inf.
    """
    if value is None or isinstance(value, (str, bytes)):
        raise ValueError(f"{name} must be an array of numbers, got {_describe(value)}")
    try:
        raw = np.asarray(value)
    except ValueError as err:  # a ragged list
        raise ValueError(f"{name} must be a rectangular array of numbers, got {_describe(value)}: {err}") from None
    if raw.dtype.kind not in "iuf":
        kind = {"b": "booleans", "c": "complex numbers", "O": "objects", "U": "strings", "S": "bytes"}.get(
            raw.dtype.kind, f"dtype {raw.dtype}"
        )
        raise ValueError(f"{name} must hold real numbers, got {kind} (dtype {raw.dtype})")
    a = np.array(raw, dtype=np.float64)  # a copy: callers' arrays stay theirs
    shape = tuple("T" if n == -1 else n for n in shape)
    expected = "(" + ", ".join(str(n) for n in shape) + ("," if len(shape) == 1 else "") + ")"
    if a.ndim != len(shape) or any(not isinstance(n, str) and n != m for n, m in zip(shape, a.shape)):
        raise ValueError(f"{name} must have shape {expected}, got shape {a.shape}")
    if a.size == 0:
        raise ValueError(f"{name} is empty: shape {a.shape}; expected shape {expected} with no axis of length 0")
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


def real(name: str, value, *, positive: bool = False, at_least: float | None = None) -> float:
    """A finite real number (not a bool, not a string), optionally > 0 or >= ``at_least``."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ValueError(f"{name} must be a real number, got {_describe(value)}")
    value = float(value)
    if not np.isfinite(value):
        raise ValueError(f"{name} must be finite, got {value}")
    if positive and value <= 0:
        raise ValueError(f"{name} must be > 0, got {value}")
    if at_least is not None and value < at_least:
        raise ValueError(f"{name} must be >= {at_least:g}, got {value}")
    return value


def integer(name: str, value, *, low: int | None = None, high: int | None = None) -> int:
    """An int (not a bool, not a float) in [low, high)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise ValueError(f"{name} must be an int, got {_describe(value)}")
    value = int(value)
    if (low is not None and value < low) or (high is not None and value >= high):
        if high is None:
            raise ValueError(f"{name} must be >= {low}, got {value}")
        if low is None:
            raise ValueError(f"{name} must be < {high}, got {value}")
        raise ValueError(f"{name} must be in [{low}, {high}), got {value}")
    return value
