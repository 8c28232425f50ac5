"""Helpers for the chapters' hidden cells: numbers for the prose, and claims.

A chapter computes its values with one call to a function of the book layer
that returns them by name, then glues them all (``glue_numbers``); a sentence
that states a comparison is kept honest by ``claim``, which fails the build
when the numbers stop supporting it.
"""

from __future__ import annotations

import numbers

import numpy as np

from lstm_calc import _check


def _number(name: str, value) -> float:
    """``value`` as a float for the glue named ``name``, or a ValueError naming both."""
    _check.text("name", name)
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (numbers.Real, np.floating, np.integer)):
        if not (isinstance(value, np.ndarray) and value.shape == () and value.dtype.kind in "iuf"):
            raise ValueError(f"{name}: value must be a real number, got {type(value).__name__} {value!r}")
    value = float(value)
    if not np.isfinite(value):
        raise ValueError(f"{name}: value must be finite, got {value}")
    return value


def _count(name: str, value) -> int:
    _check.text("name", name)
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (numbers.Integral, np.integer)):
        raise ValueError(f"{name}: value must be an int, got {type(value).__name__} {value!r}")
    return int(value)


def glue_number(name: str, value) -> float:
    """Glue ``value`` for the prose as a plain Python float (``{glue:text}`name:.4f```)."""
    value = _number(name, value)
    from myst_nb import glue  # only inside a notebook kernel

    glue(name, value, display=False)
    return value


def glue_numbers(values: dict, prefix: str = "") -> dict:
    """Glue every number of ``values`` under ``prefix + name``: counts (ints) as
    ints, every other number as a float. Returns the glued values."""
    if not isinstance(values, dict):
        raise ValueError(f"values must be a dict of name -> number, got {type(values).__name__}")
    prefix = _check.text("prefix", prefix, empty=True)
    for name, value in values.items():  # every value checked before the first is glued
        if not isinstance(name, str):
            raise ValueError(f"values must be a dict of name -> number, got the name {name!r}")
        try:
            (_count if _is_int(value) else _number)(prefix + name, value)
        except ValueError as err:
            raise ValueError(f"values: {err}") from None
    return {name: (glue_int if _is_int(value) else glue_number)(prefix + name, value) for name, value in values.items()}


def _is_int(value) -> bool:
    return isinstance(value, (numbers.Integral, np.integer)) and not isinstance(value, bool)


def glue_int(name: str, value) -> int:
    """Glue a count for the prose as a Python int (``{glue:text}`name```)."""
    value = _count(name, value)
    from myst_nb import glue

    glue(name, value, display=False)
    return value


CLAIMS: list[tuple[str, bool]] = []


def claim(text: str, holds) -> None:
    """Record a sentence of the prose and whether the numbers support it; fail
    the build (an ``AssertionError`` in the cell) when they do not."""
    if not isinstance(text, str) or not text.strip():
        raise ValueError(f"text must be the sentence claimed, got {text!r}")
    holds = _check.flag("holds", holds)
    CLAIMS.append((text, holds))
    if not holds:
        raise AssertionError(f"the prose claims {text!r}, and the numbers no longer show it")
    # Recorded with the page's glued values (_build/jupyter_execute/<page>.glue.json), where
    # ``python -m lstm_book.dev.claims`` and tests/test_claims.py list every page's claims.
    from myst_nb import glue

    glue(f"claim_{len(CLAIMS)}", text, display=False)
