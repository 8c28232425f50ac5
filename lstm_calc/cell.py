r"""One LSTM step, one pure function per equation, in the book's order.

.. math::

   z_t &= [h_{t-1}; x_t] \\
   f_t &= \sigma(W_f z_t + b_f) \\
   i_t &= \sigma(W_i z_t + b_i) \\
   \tilde C_t &= \tanh(W_c z_t + b_c) \\
   o_t &= \sigma(W_o z_t + b_o) \\
   C_t &= f_t \odot C_{t-1} + i_t \odot \tilde C_t \\
   h_t &= o_t \odot \tanh(C_t)
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import singledispatch

import numpy as np

from . import _check
from .params import LSTMParams


def sigmoid(a):
    r""":math:`\sigma(a) = 1 / (1 + e^{-a})`, computed without overflow however large a is, of either sign."""
    return np.exp(-np.logaddexp(0.0, -np.asarray(a, dtype=np.float64)))


def concat(h_prev, x):
    """z = [h_{t-1}; x_t]: what every gate reads. (n_h,), (n_in,) -> (n_h + n_in,)"""
    return np.concatenate([h_prev, x])


def forget_gate(params: LSTMParams, z):
    r"""How much of each cell slot to keep: :math:`f_t = \sigma(W_f z_t + b_f)`.

    z : (n_h + n_in,) the concatenation [h_{t-1}; x_t]  ->  f : (n_h,), each in (0, 1)

    The previous cell C_{t-1} is not an argument: the forget gate never reads it.
    """
    return sigmoid(params.W_f @ z + params.b_f)


def input_gate(params: LSTMParams, z):
    r"""How much of the candidate to write: :math:`i_t = \sigma(W_i z_t + b_i)`.

    z : (n_h + n_in,)  ->  i : (n_h,), each in (0, 1)
    """
    return sigmoid(params.W_i @ z + params.b_i)


def candidate(params: LSTMParams, z):
    r"""The values proposed for the cell, :math:`\tilde C_t = \tanh(W_c z_t + b_c)`.

    Called ``g`` in the code (as in PyTorch's documentation) and C̃ in the text.

    z : (n_h + n_in,)  ->  g : (n_h,), each in (-1, 1)
    """
    return np.tanh(params.W_c @ z + params.b_c)


def output_gate(params: LSTMParams, z):
    r"""How much of the squashed cell to show as h: :math:`o_t = \sigma(W_o z_t + b_o)`.

    z : (n_h + n_in,)  ->  o : (n_h,), each in (0, 1)
    """
    return sigmoid(params.W_o @ z + params.b_o)


def cell_state(f, c_prev, i, g):
    r"""The new memory: :math:`C_t = f_t \odot C_{t-1} + i_t \odot \tilde C_t`.

    f, c_prev, i, g : (n,) each  ->  C_t : (n,)

    Elementwise, so it works for any vectors of one shape, not only a trace's.
    """
    f, c_prev, i, g = (np.asarray(v, dtype=np.float64) for v in (f, c_prev, i, g))
    shapes = {"f": f.shape, "c_prev": c_prev.shape, "i": i.shape, "g": g.shape}
    if len(set(shapes.values())) != 1 or f.ndim != 1:
        raise ValueError(f"f, c_prev, i and g must be vectors of one shape, got shapes {shapes}")
    return f * c_prev + i * g


def hidden_state(o, c):
    r"""What the cell shows: :math:`h_t = o_t \odot \tanh(C_t)`. (n_h,), (n_h,) -> (n_h,), each in (-1, 1)"""
    return o * np.tanh(c)


@dataclass(frozen=True)
class Step:
    """Every intermediate of one step; each field is (n_h,) except ``z``
    (n_h + n_in,). ``erased`` is f ⊙ C_{t-1}, the old cell after the forget
    gate; ``write`` is i ⊙ C̃, what the input gate adds. ``r`` is the GRU's
    reset gate and ``None`` for the LSTMs (see ``variants``)."""

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


def step(params, x, h_prev, c_prev) -> Step:
    """One time step: x (n_in,), h_prev (n_h,), c_prev (n_h,) -> Step.

    ``params`` is an ``LSTMParams`` or one of the variants' parameters; each
    type registers its own step with ``_step``.
    """
    check_params(params)
    x = _check.vector("x", x, params.n_in)
    h_prev = _check.vector("h_prev", h_prev, params.n_h)
    c_prev = _check.vector("c_prev", c_prev, params.n_h)
    return _step(params, x, h_prev, c_prev)


@singledispatch
def _step(params, x, h_prev, c_prev) -> Step:
    """``step`` without validation of the inputs, for callers that validated already."""
    check_params(params)


def check_params(params) -> None:
    """Refuse a ``params`` of a type no step is registered for."""
    if _step.dispatch(type(params)) is _step.dispatch(object):
        raise ValueError(f"params must be LSTMParams or a variant's parameters, got {type(params).__name__}")


@_step.register
def _lstm_step(params: LSTMParams, x, h_prev, c_prev) -> Step:
    z = concat(h_prev, x)  # (n_h + n_in,)
    # A pre-activation of ±inf saturates its gate (the limit, not an error); one
    # of NaN (inf - inf) is caught below and refused.
    with np.errstate(over="ignore", invalid="ignore"):
        f = forget_gate(params, z)
        i = input_gate(params, z)
        g = candidate(params, z)
        o = output_gate(params, z)
    return finish_step(x, h_prev, c_prev, z, f, i, g, o)


def finish_step(x, h_prev, c_prev, z, f, i, g, o) -> Step:
    """The two state updates from the gates, refused if they overflowed: the
    common end of the LSTM's step and of the variants whose output gate reads
    only z."""
    with np.errstate(over="ignore", invalid="ignore"):
        c = cell_state(f, c_prev, i, g)
        h = hidden_state(o, c)
    refuse_overflow(x, h_prev, c_prev, z, c, h)
    return Step(z=z, f=f, i=i, g=g, o=o, c_prev=c_prev, erased=f * c_prev, write=i * g, c=c, h=h)


def refuse_overflow(x, h_prev, c_prev, z, c, h) -> None:
    """Raise instead of returning a state that overflowed to NaN or inf."""
    if not (np.isfinite(c).all() and np.isfinite(h).all()):
        raise ValueError(
            f"x, h_prev or c_prev too large: the step overflowed float64 "
            f"(max |z| = {np.max(np.abs(z)):.3g}, max |c_prev| = {np.max(np.abs(c_prev)):.3g}, shapes "
            f"x {x.shape}, h_prev {h_prev.shape}, c_prev {c_prev.shape})"
        )
