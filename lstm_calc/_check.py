"""Input validation shared by every public function of ``lstm_calc`` and of the book layer.

Each check takes the argument's name and its value, returns the value in the
form the caller computes with (a read-only float64 array, an int, a float, a
list of str, …) and raises ``ValueError`` naming the argument and what it saw:
"x must have shape (4,), got shape (3,)". Callers validate all of their inputs
before computing anything, so bad input never leaves a half-computed result
behind.

Functions the library also calls on its own intermediates (the equations of
``cell``, the variants' steps) are decorated with ``checked``: called from
outside they check their arguments; called by the library inside
``validated()``, on inputs it has already checked once, they do not check again,
which keeps a traced run fast and lets an overflow be refused afterwards with a
message about the inputs rather than about an intermediate.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import inspect
import numbers
from collections.abc import Iterable, Mapping

import numpy as np


def describe(value) -> str:
    """What a message says it saw: the type and a short repr."""
    text = repr(value)
    return f"{type(value).__name__} {text if len(text) <= 60 else text[:57] + '...'}"


def array(name: str, value, shape: tuple[int | str, ...] | None, *, finite: bool = True) -> np.ndarray:
    """Return ``value`` as a finite float64 array of exactly ``shape``.

    A name in ``shape`` (``"T"``, ``"n_h"``) accepts any positive length on
    that axis and is shown in the message; ``-1`` is the same as ``"T"``.
    ``shape=None`` accepts any shape, a single number (shape ()) included.
    Refused: None, strings, booleans, complex numbers, ragged lists, NaN and inf
    (NaN and inf are let through with ``finite=False``).
    """
    if value is None or isinstance(value, (str, bytes, Mapping)):
        raise ValueError(f"{name} must be an array of numbers, got {describe(value)}")
    try:
        raw = np.asarray(value)
    except (ValueError, TypeError) as err:  # a ragged list
        raise ValueError(f"{name} must be a rectangular array of numbers, got {describe(value)}: {err}") from None
    if raw.dtype.kind not in "iuf":
        kind = {"b": "booleans", "c": "complex numbers", "O": "objects", "U": "strings", "S": "bytes"}.get(
            raw.dtype.kind, f"dtype {raw.dtype}"
        )
        raise ValueError(f"{name} must hold real numbers, got {kind} (dtype {raw.dtype})")
    a = np.array(raw, dtype=np.float64)  # a copy: callers' arrays stay theirs
    if shape is not None:
        shape = tuple("T" if n == -1 else n for n in shape)
        expected = "(" + ", ".join(str(n) for n in shape) + ("," if len(shape) == 1 else "") + ")"
        if a.ndim != len(shape) or any(not isinstance(n, str) and n != m for n, m in zip(shape, a.shape)):
            raise ValueError(f"{name} must have shape {expected}, got shape {a.shape}")
    else:
        expected = "with no axis of length 0"
    if a.size == 0:
        raise ValueError(f"{name} is empty: shape {a.shape}; expected shape {expected} with no axis of length 0")
    bad = ~np.isfinite(a)
    if finite and bad.any():
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


def last_axis(name: str, value, n: int) -> np.ndarray:
    """A finite float64 array of shape (..., n): one vector of length ``n``, or a batch of them."""
    a = array(name, value, None)
    if a.ndim == 0 or a.shape[-1] != n:
        raise ValueError(f"{name} must have shape (..., {n}), got shape {a.shape}")
    return a


def same_shape(names: tuple[str, ...], values: tuple) -> tuple[np.ndarray, ...]:
    """Finite float64 arrays of one shape, any shape (no broadcasting)."""
    arrays = tuple(array(name, value, None) for name, value in zip(names, values))
    shapes = [a.shape for a in arrays]
    if len(set(shapes)) != 1:
        raise ValueError(f"{', '.join(names)} must have one shape, got shapes {dict(zip(names, shapes))}")
    return arrays


def real(name: str, value, *, positive: bool = False, at_least: float | None = None) -> float:
    """A finite real number (not a bool, not a string), optionally > 0 or >= ``at_least``."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise ValueError(f"{name} must be a real number, got {describe(value)}")
    value = float(value)
    if not np.isfinite(value):
        raise ValueError(f"{name} must be finite, got {value}")
    if positive and value <= 0:
        raise ValueError(f"{name} must be > 0, got {value}")
    if at_least is not None and value < at_least:
        raise ValueError(f"{name} must be >= {at_least:g}, got {value}")
    return value


def fraction(name: str, value, *, open_interval: bool = False) -> float:
    """A real number in [0, 1], or in (0, 1) with ``open_interval`` (where a sigmoid gate lies)."""
    value = real(name, value)
    inside = 0.0 < value < 1.0 if open_interval else 0.0 <= value <= 1.0
    if not inside:
        raise ValueError(f"{name} must be in {'(0, 1)' if open_interval else '[0, 1]'}, got {value}")
    return value


def integer(name: str, value, *, low: int | None = None, high: int | None = None) -> int:
    """An int (not a bool, not a float) in [low, high)."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
        raise ValueError(f"{name} must be an int, got {describe(value)}")
    value = int(value)
    if (low is not None and value < low) or (high is not None and value >= high):
        if high is None:
            raise ValueError(f"{name} must be >= {low}, got {value}")
        if low is None:
            raise ValueError(f"{name} must be < {high}, got {value}")
        raise ValueError(f"{name} must be in [{low}, {high}), got {value}")
    return value


def flag(name: str, value) -> bool:
    """True or False (numpy's booleans too), nothing else: not 0, 1 or "yes"."""
    if not isinstance(value, (bool, np.bool_)):
        raise ValueError(f"{name} must be True or False, got {describe(value)}")
    return bool(value)


def text(name: str, value, *, empty: bool = False) -> str:
    """A str; a blank one only when ``empty`` allows it."""
    if not isinstance(value, str):
        raise ValueError(f"{name} must be a str, got {describe(value)}")
    if not empty and not value.strip():
        raise ValueError(f"{name} must be a non-empty str, got {value!r}")
    return value


def one_of(name: str, value, options) -> object:
    """One of ``options``, of the same type (True is not 1, 1.0 is not 1)."""
    options = tuple(options)
    if not any(type(value) is type(o) and value == o for o in options):
        raise ValueError(f"{name} must be one of {list(options)}, got {describe(value)}")
    return value


def instance(name: str, value, types, what: str | None = None):
    """``value`` itself, if it is an instance of ``types``; ``what`` names them in the message."""
    if not isinstance(value, types):
        if what is None:
            classes = types if isinstance(types, tuple) else (types,)
            what = " or ".join(cls.__name__ for cls in classes)
        raise ValueError(f"{name} must be {what}, got {describe(value)}")
    return value


def mapping(name: str, value) -> Mapping:
    """A dict (any ``Mapping``)."""
    return instance(name, value, Mapping, "a dict")


def items(name: str, value, *, empty: bool = False) -> list:
    """The items of a list, tuple, range, array or other iterable, as a list: not a
    str, a dict, a number or None; an empty one only when ``empty`` allows it."""
    if value is None or isinstance(value, (str, bytes, Mapping)) or not isinstance(value, Iterable):
        raise ValueError(f"{name} must be a list, got {describe(value)}")
    if isinstance(value, np.ndarray) and value.ndim == 0:
        raise ValueError(f"{name} must be a list, got {describe(value)}")
    out = list(value)
    if not out and not empty:
        raise ValueError(f"{name} is empty: got {describe(value)}; it needs at least one item")
    return out


def texts(name: str, value, *, empty: bool = False) -> list[str]:
    """A list of str (a tuple, an array of str, …), as a list; not a str itself."""
    out = items(name, value, empty=empty)
    for k, v in enumerate(out):
        if not isinstance(v, str):
            raise ValueError(f"{name} must hold str, got {describe(v)} at index {k}")
    return out


def integers(name: str, value, *, low: int | None = None, high: int | None = None) -> list[int]:
    """A non-empty list of ints in [low, high)."""
    return [integer(f"{name}[{k}]", v, low=low, high=high) for k, v in enumerate(items(name, value))]


def reals(name: str, value, **bounds) -> list[float]:
    """A non-empty list of finite real numbers (``real``'s bounds apply to each)."""
    return [real(f"{name}[{k}]", v, **bounds) for k, v in enumerate(items(name, value))]


# Every parameter class by name (LSTMParams, GRUParams, …), filled as each is defined
# (``Params.__init_subclass__``): the equations of ``cell`` check their params with it,
# since ``params`` imports ``cell`` and ``cell`` cannot import ``params``.
PARAMETER_SETS: dict[str, type] = {}


def parameter_set(name: str, value, *classes: str):
    """``value`` itself, if it is an instance of one of the parameter classes named."""
    if not isinstance(value, tuple(PARAMETER_SETS[c] for c in classes)):
        what = classes[0] if len(classes) == 1 else ", ".join(classes[:-1]) + " or " + classes[-1]
        raise ValueError(f"{name} must be {what}, got {describe(value)}")
    return value


def function(name: str, value):
    """Something callable."""
    if not callable(value):
        raise ValueError(f"{name} must be a function, got {describe(value)}")
    return value


# -- Checked once: the library's own calls skip the checks ---------------------------

_VALIDATED = contextvars.ContextVar("lstm_calc_validated", default=False)


@contextlib.contextmanager
def validated():
    """Within this block, ``checked`` functions do not check their arguments: the
    library's own calls on inputs it has checked once (and on intermediates, which
    may overflow and are refused afterwards with a message about the inputs)."""
    token = _VALIDATED.set(True)
    try:
        yield
    finally:
        _VALIDATED.reset(token)


def checked(check):
    """Decorate a function whose arguments ``check`` validates.

    ``check`` takes the function's arguments (positional or by name) and returns
    them validated, as a tuple in the order of the function's parameters. Called
    from outside the library, the function checks first, then computes (inside
    ``validated()``, so what it calls does not check again) and refuses a result
    that overflowed float64; inside ``validated()`` it computes at once.
    """

    def decorate(fn):
        names = ", ".join(name for name in inspect.signature(fn).parameters if name != "params")

        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            if _VALIDATED.get():
                return fn(*args, **kwargs)
            args = check(*args, **kwargs)
            with validated(), np.errstate(over="ignore", invalid="ignore"):  # an overflow is refused below
                out = fn(*args)
            if not _finite(out):
                raise ValueError(f"{names} too large: {fn.__name__} overflowed float64")
            return out

        return wrapper

    return decorate


def _finite(out) -> bool:
    """Whether every float array of a result (an array, a tuple of them, a dict of them) is finite."""
    if isinstance(out, tuple):
        return all(_finite(v) for v in out)
    if isinstance(out, Mapping):
        return all(_finite(v) for v in out.values())
    if isinstance(out, (np.ndarray, np.floating, float)):
        return bool(np.all(np.isfinite(out)))
    return True
