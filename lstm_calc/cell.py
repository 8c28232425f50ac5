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
((B, n) arrays). ``lstm_step`` computes the four gate equations with one
matrix product (``gates``: the same values as ``forget_gate`` … ``output_gate``,
a test checks it) and then ``cell_state`` and ``hidden_state``; the traced
step and run, the peephole variant and backpropagation through time all go
through it. Each function checks its arguments when it is called from
outside (``@checked``: a ``ValueError`` naming the argument, before anything
is computed); the library's own calls, on inputs ``step`` and ``run`` (in
``trace``) checked once, skip the checks.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from ._arguments import (
    any_array,
    cell_input,
    concat_input,
    gate_input,
    hidden_input,
    run_input,
    stack_input,
    stacked_input,
    step_input,
)
from ._check import checked

# -- The equations ------------------------------------------------------------------


@checked(any_array)
def sigmoid(a):
    r""":math:`\sigma(a) = 1 / (1 + e^{-a})`, computed without overflow however large a is, of either sign."""
    return np.exp(-np.logaddexp(0.0, np.negative(a)))


@checked(concat_input)
def concat(h_prev, x):
    """z = [h_{t-1}; x_t]: what every gate reads. (..., n_h), (..., n_in) -> (..., n_h + n_in)"""
    return np.concatenate([h_prev, x], axis=-1)


@checked(gate_input("f"))
def forget_gate(params, z):
    r"""How much of each cell slot to keep: :math:`f_t = \sigma(W_f z_t + b_f)`.

    z : (..., n_h + n_in) the concatenation [h_{t-1}; x_t]  ->  f : (..., n_h), each in (0, 1)

    C_{t-1} is not an argument: the gate sees the old cell only through h_{t-1},
    the squashed copy o ⊙ tanh(C_{t-1}) inside z.
    """
    return sigmoid(z @ params.W_f.T + params.b_f)


@checked(gate_input("i"))
def input_gate(params, z):
    r"""How much of the candidate to write: :math:`i_t = \sigma(W_i z_t + b_i)`.

    z : (..., n_h + n_in)  ->  i : (..., n_h), each in (0, 1)
    """
    return sigmoid(z @ params.W_i.T + params.b_i)


@checked(gate_input("g"))
def candidate(params, z):
    r"""The values proposed for the cell: :math:`\tilde C_t = \tanh(W_g z_t + b_g)`.

    Called ``g`` in the code, as in PyTorch, and :math:`\tilde C_t` in the text.

    z : (..., n_h + n_in)  ->  g : (..., n_h), each in (-1, 1)
    """
    return np.tanh(z @ params.W_g.T + params.b_g)


@checked(gate_input("o"))
def output_gate(params, z):
    r"""How much of the squashed cell to show as h: :math:`o_t = \sigma(W_o z_t + b_o)`.

    z : (..., n_h + n_in)  ->  o : (..., n_h), each in (0, 1)
    """
    return sigmoid(z @ params.W_o.T + params.b_o)


@checked(cell_input)
def cell_state(f, c_prev, i, g):
    r"""The new memory: :math:`C_t = f_t \odot C_{t-1} + i_t \odot \tilde C_t`.

    f, c_prev, i, g : (..., n_h) each  ->  C_t : (..., n_h)

    ``f * c_prev`` is what the forget gate keeps of the old cell; ``i * g`` is
    what the input gate writes. The four arrays must have one shape (no
    broadcasting: a cell is a vector, not a matrix).
    """
    return f * c_prev + i * g


@checked(hidden_input)
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


# -- The four gates in one product ------------------------------------------------
#
# The functions above are the equations, one per gate, as the book shows them.
# A step computes the same four equations with one matrix product instead of
# four (PyTorch does the same): the rows of W_f, W_i, W_o and W_g stacked, times
# z, plus the stacked biases; then one sigmoid for the three gates and one tanh
# for the candidate. That is several times fewer numpy calls per step, which is
# what makes a traced run of 1,000 tokens fast. ``test_cell`` checks that each
# slice equals ``forget_gate``, ``input_gate``, ``candidate`` and ``output_gate``.

STACK_ORDER = ("f", "i", "o", "g")  # the stacked rows: the three sigmoid gates, then the candidate


@checked(stack_input)
def stack_gates(params) -> tuple[np.ndarray, np.ndarray]:
    """The four weight matrices stacked as rows in ``STACK_ORDER``, shape
    (4 n_h, n_h + n_in), and the four biases likewise, (4 n_h,). ``LSTMParams``
    computes this once, when it is made (``params.stacked``)."""
    W = np.vstack([getattr(params, f"W_{gate}") for gate in STACK_ORDER])
    b = np.concatenate([getattr(params, f"b_{gate}") for gate in STACK_ORDER])
    W.flags.writeable = b.flags.writeable = False
    return W, b


@checked(stacked_input)
def preactivations(params, z):
    r"""The four pre-activations :math:`[a_f; a_i; a_o; a_g] = W z + b` in one
    matrix product: z (..., n_h + n_in) -> (..., 4 n_h), blocks in ``STACK_ORDER``."""
    W, b = params.stacked
    return z @ W.T + b


@checked(stacked_input)
def gates(params, z):
    r"""f, i, C̃ and o for z (..., n_h + n_in) from ``preactivations``:
    :math:`\sigma` of the first three blocks and tanh of the last. The same
    values as ``forget_gate``, ``input_gate``, ``candidate`` and
    ``output_gate``. Returns (f, i, g, o)."""
    a = preactivations(params, z)
    n_h = a.shape[-1] // 4
    s = sigmoid(a[..., : 3 * n_h])
    return s[..., :n_h], s[..., n_h : 2 * n_h], np.tanh(a[..., 3 * n_h :]), s[..., 2 * n_h :]


@checked(step_input("LSTMParams"))
def lstm_step(params, x, h_prev, c_prev) -> LSTMStep:
    """One LSTM step. x (..., n_in), h_prev and c_prev (..., n_h) -> ``LSTMStep``.
    (``trace.step`` adds default states and works for every variant.)"""
    z = concat(h_prev, x)  # (..., n_h + n_in)
    f, i, g, o = gates(params, z)
    c = cell_state(f, c_prev, i, g)
    h = hidden_state(o, c)
    return LSTMStep(z=z, f=f, i=i, g=g, o=o, c_prev=c_prev, kept=f * c_prev, write=i * g, c=c, h=h)


@checked(run_input)
def lstm_run(params, xs, h0, c0) -> dict:
    """``lstm_step`` over a sequence, every intermediate kept (``trace.run`` adds
    default states, tokens and every variant). xs (T, n_in) with h0 and c0
    (n_h,), or a batch xs (T, B, n_in) with h0 and c0 (B, n_h) -> a dict of
    (T, ·) or (T, B, ·) arrays named and ordered as the fields of ``LSTMStep``.

    The recursion (z_t, the gates, C_t, h_t) runs token by token with the same
    functions as ``lstm_step``, writing each step into arrays allocated once;
    what does not feed the recursion (C_{t-1}, what is kept, what is written)
    is computed for all T tokens at once afterwards. The arithmetic is the
    same, so the values are bit-identical to T calls of ``lstm_step``.
    """
    T, n_h = xs.shape[0], h0.shape[-1]
    z = np.empty((*xs.shape[:-1], n_h + xs.shape[-1]))
    z[..., n_h:] = xs  # the x part of every z_t is known before the first step
    out = {name: np.empty((*xs.shape[:-1], n_h)) for name in ("f", "i", "g", "o", "c", "h")}
    f_, i_, g_, o_, c_, h_ = out.values()
    h, c = h0, c0
    for t in range(T):
        z[t, ..., :n_h] = h
        f_[t], i_[t], g_[t], o_[t] = f, i, g, o = gates(params, z[t])
        c_[t] = c = cell_state(f, c, i, g)
        h_[t] = h = hidden_state(o, c)
    c_prev = np.concatenate([c0[None], c_[:-1]])
    return {
        "z": z,
        "f": f_,
        "i": i_,
        "g": g_,
        "o": o_,
        "c_prev": c_prev,
        "kept": f_ * c_prev,
        "write": i_ * g_,
        "c": c_,
        "h": h_,
    }
