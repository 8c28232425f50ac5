r"""One LSTM step, one pure function per equation, in the book's order.

.. math::

   z_t &= [h_{t-1}; x_t] \\
   f_t &= \sigma(W_f z_t + b_f) \\
   i_t &= \sigma(W_i z_t + b_i) \\
   \tilde C_t &= \tanh(W_g z_t + b_g) \\
   o_t &= \sigma(W_o z_t + b_o) \\
   C_t &= f_t \odot C_{t-1} + i_t \odot \tilde C_t \\
   h_t &= o_t \odot \tanh(C_t)

Every function acts on the last axis, so the same code computes one step of
one sequence (vectors of shape (n,)) or one step of a batch of sequences
((B, n) arrays): the traced run, the variants and backpropagation through time
all call these functions. They do no validation of their own; ``step`` and
``run`` (in ``trace``) check their inputs once, before computing anything.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np


def sigmoid(a):
    r""":math:`\sigma(a) = 1 / (1 + e^{-a})`, computed without overflow however large a is, of either sign."""
    return np.exp(-np.logaddexp(0.0, np.negative(a)))


def concat(h_prev, x):
    """z = [h_{t-1}; x_t]: what every gate reads. (..., n_h), (..., n_in) -> (..., n_h + n_in)"""
    return np.concatenate([h_prev, x], axis=-1)


def forget_gate(params, z):
    r"""How much of each cell slot to keep: :math:`f_t = \sigma(W_f z_t + b_f)`.

    z : (..., n_h + n_in) the concatenation [h_{t-1}; x_t]  ->  f : (..., n_h), each in (0, 1)

    C_{t-1} is not an argument: the gate sees the old cell only through h_{t-1},
    the squashed copy o ⊙ tanh(C_{t-1}) inside z.
    """
    return sigmoid(z @ params.W_f.T + params.b_f)


def input_gate(params, z):
    r"""How much of the candidate to write: :math:`i_t = \sigma(W_i z_t + b_i)`.

    z : (..., n_h + n_in)  ->  i : (..., n_h), each in (0, 1)
    """
    return sigmoid(z @ params.W_i.T + params.b_i)


def candidate(params, z):
    r"""The values proposed for the cell: :math:`\tilde C_t = \tanh(W_g z_t + b_g)`.

    Called ``g`` in the code, as in PyTorch, and :math:`\tilde C_t` in the text.

    z : (..., n_h + n_in)  ->  g : (..., n_h), each in (-1, 1)
    """
    return np.tanh(z @ params.W_g.T + params.b_g)


def output_gate(params, z):
    r"""How much of the squashed cell to show as h: :math:`o_t = \sigma(W_o z_t + b_o)`.

    z : (..., n_h + n_in)  ->  o : (..., n_h), each in (0, 1)
    """
    return sigmoid(z @ params.W_o.T + params.b_o)


def cell_state(f, c_prev, i, g):
    r"""The new memory: :math:`C_t = f_t \odot C_{t-1} + i_t \odot \tilde C_t`.

    f, c_prev, i, g : (..., n_h) each  ->  C_t : (..., n_h)

    ``f * c_prev`` is what the forget gate keeps of the old cell; ``i * g`` is
    what the input gate writes. The four arrays must have one shape (no
    broadcasting: a cell is a vector, not a matrix).
    """
    shapes = (np.shape(f), np.shape(c_prev), np.shape(i), np.shape(g))
    if not shapes[0] == shapes[1] == shapes[2] == shapes[3]:
        raise ValueError(
            f"f, c_prev, i and g must have one shape, got shapes {dict(zip('f c_prev i g'.split(), shapes))}"
        )
    return f * c_prev + i * g


def hidden_state(o, c):
    r"""What the cell shows: :math:`h_t = o_t \odot \tanh(C_t)`.

    o, c : (..., n_h)  ->  h : (..., n_h), each in (-1, 1)
    """
    return o * np.tanh(c)


class LSTMStep(NamedTuple):
    """Every intermediate of one LSTM step. Each field is (n_h,), or (B, n_h)
    for a batch, except ``z`` (n_h + n_in,). ``kept`` is f ⊙ C_{t-1}, what the
    forget gate keeps of the old cell; ``write`` is i ⊙ C̃, what the input
    gate adds; C_t = kept + write. (A named tuple: immutable, and cheap to
    make once per step.)"""

    z: np.ndarray
    f: np.ndarray
    i: np.ndarray
    g: np.ndarray
    o: np.ndarray
    c_prev: np.ndarray
    kept: np.ndarray
    write: np.ndarray
    c: np.ndarray
    h: np.ndarray


def lstm_step(params, x, h_prev, c_prev) -> LSTMStep:
    """One LSTM step from the equation functions, unvalidated (``trace.step``
    validates). x (..., n_in), h_prev and c_prev (..., n_h) -> ``LSTMStep``."""
    z = concat(h_prev, x)  # (..., n_h + n_in)
    f = forget_gate(params, z)
    i = input_gate(params, z)
    g = candidate(params, z)
    o = output_gate(params, z)
    c = cell_state(f, c_prev, i, g)
    h = hidden_state(o, c)
    return LSTMStep(z=z, f=f, i=i, g=g, o=o, c_prev=c_prev, kept=f * c_prev, write=i * g, c=c, h=h)
