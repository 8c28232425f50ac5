r"""Three variants of the LSTM, on the same ``step`` / ``run`` interface.

- **Peephole LSTM** (Gers & Schmidhuber 2000): the forget and input gates also
  read :math:`C_{t-1}`, and the output gate reads :math:`C_t`, through diagonal
  weights :math:`p_f, p_i, p_o`.
- **Coupled input-forget gate** (CIFG): :math:`i_t = 1 - f_t`, so what is
  written is exactly what is forgotten; no :math:`W_i`.
- **GRU** (Cho et al. 2014), in PyTorch's formulation:

  .. math::

     r_t &= \sigma(W_r [h_{t-1}; x_t] + b_r) \qquad
     u_t = \sigma(W_u [h_{t-1}; x_t] + b_u) \\
     n_t &= \tanh(W_n^x x_t + b_{in} + r_t \odot (W_n^h h_{t-1} + b_{hn})) \\
     h_t &= u_t \odot h_{t-1} + (1 - u_t) \odot n_t

  (PyTorch calls the update gate z; here z is already [h; x].) A GRU has one
  state, h, so its step takes no ``c_prev`` and its trace has no ``c`` or ``o``.

Each parameter class names its own step (``_step``) and the dataclass of its
intermediates (``Step``); ``trace.step`` and ``trace.run`` call them.
"""

from __future__ import annotations

import numbers
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from . import _check
from ._arguments import peephole_gate_input, step_input
from ._check import checked
from .cell import (
    STACK_ORDER,
    LSTMStep,
    candidate,
    cell_state,
    concat,
    forget_gate,
    hidden_state,
    output_gate,
    preactivations,
    sigmoid,
    stack_gates,
)
from .params import LSTMParams, Params, TorchLayout

PEEPHOLES = ("p_f", "p_i", "p_o")


@dataclass(frozen=True, eq=False)
class PeepholeParams(Params):
    """An LSTM's weights and biases plus the diagonal peephole weights p_f, p_i, p_o (n_h,)."""

    W_f: np.ndarray
    W_i: np.ndarray
    W_g: np.ndarray
    W_o: np.ndarray
    b_f: np.ndarray
    b_i: np.ndarray
    b_g: np.ndarray
    b_o: np.ndarray
    p_f: np.ndarray
    p_i: np.ndarray
    p_o: np.ndarray

    MATRICES = LSTMParams.MATRICES
    VECTORS = LSTMParams.VECTORS + PEEPHOLES
    Step = LSTMStep

    def __post_init__(self):
        super().__post_init__()
        object.__setattr__(self, "stacked", stack_gates(self))  # as an LSTM's: one product for W z + b

    def _step(self, x, h_prev, c_prev) -> LSTMStep:
        return peephole_step(self, x, h_prev, c_prev)


@checked(peephole_gate_input)
def peephole_gate(a, p, c):
    r"""A gate that also reads a cell: :math:`\sigma(a + p \odot C)`, where
    :math:`a = W z_t + b` is the plain LSTM gate's pre-activation.

    a, p, c : (..., n_h)  ->  (..., n_h), each in (0, 1)
    """
    return sigmoid(a + p * c)


@checked(step_input("PeepholeParams"))
def peephole_step(params: PeepholeParams, x, h_prev, c_prev) -> LSTMStep:
    """One step of the peephole LSTM: f and i read C_{t-1}, o reads C_t.
    W z + b is computed as for the plain LSTM (``cell.preactivations``), so
    with zero peepholes the step is the LSTM's to the last bit."""
    z = concat(h_prev, x)
    a = dict(zip(STACK_ORDER, np.split(preactivations(params, z), 4, axis=-1)))
    f = peephole_gate(a["f"], params.p_f, c_prev)  # reads the old cell
    i = peephole_gate(a["i"], params.p_i, c_prev)  # reads the old cell
    g = np.tanh(a["g"])
    c = cell_state(f, c_prev, i, g)
    o = peephole_gate(a["o"], params.p_o, c)  # reads the new cell
    h = hidden_state(o, c)
    return LSTMStep(z=z, f=f, i=i, g=g, o=o, c_prev=c_prev, kept=f * c_prev, write=i * g, c=c, h=h)


def with_peepholes(params: LSTMParams, p_f=0.0, p_i=0.0, p_o=0.0) -> PeepholeParams:
    """``params`` with peephole weights (a number is used for every unit)."""
    if not isinstance(params, LSTMParams):
        raise ValueError(f"params must be LSTMParams, got {type(params).__name__}")
    peepholes = {}
    for name, value in zip(PEEPHOLES, (p_f, p_i, p_o)):
        is_number = isinstance(value, numbers.Number) or (isinstance(value, np.ndarray) and value.ndim == 0)
        peepholes[name] = np.full(params.n_h, _check.real(name, value)) if is_number else value
    return PeepholeParams(**params.arrays(), **peepholes)


@dataclass(frozen=True, eq=False)
class CIFGParams(Params):
    """W_f, W_g, W_o (n_h, n_h + n_in) and b_f, b_g, b_o (n_h,): an LSTM whose
    input gate is 1 - f."""

    W_f: np.ndarray
    W_g: np.ndarray
    W_o: np.ndarray
    b_f: np.ndarray
    b_g: np.ndarray
    b_o: np.ndarray

    MATRICES = ("W_f", "W_g", "W_o")
    VECTORS = ("b_f", "b_g", "b_o")
    Step = LSTMStep

    def _step(self, x, h_prev, c_prev) -> LSTMStep:
        return cifg_step(self, x, h_prev, c_prev)

    @classmethod
    def from_lstm(cls, params: LSTMParams) -> CIFGParams:
        """The LSTM's forget, candidate and output weights; its input gate is dropped."""
        if not isinstance(params, LSTMParams):
            raise ValueError(f"params must be LSTMParams, got {type(params).__name__}")
        return cls(**{name: getattr(params, name) for name in cls.MATRICES + cls.VECTORS})


@checked(step_input("CIFGParams"))
def cifg_step(params: CIFGParams, x, h_prev, c_prev) -> LSTMStep:
    """One step of the coupled LSTM: the LSTM's equations with i = 1 - f."""
    z = concat(h_prev, x)
    f = forget_gate(params, z)
    i = 1.0 - f  # coupled: write exactly as much as is forgotten
    g = candidate(params, z)
    o = output_gate(params, z)
    c = cell_state(f, c_prev, i, g)
    h = hidden_state(o, c)
    return LSTMStep(z=z, f=f, i=i, g=g, o=o, c_prev=c_prev, kept=f * c_prev, write=i * g, c=c, h=h)


class GRUStep(NamedTuple):
    """Every intermediate of one GRU step, each (n_h,) except ``z``
    (n_h + n_in,): the reset gate r, the update gate u, the candidate n;
    ``kept`` = u ⊙ h_{t-1} and ``write`` = (1 - u) ⊙ n, so h = kept + write."""

    z: np.ndarray
    r: np.ndarray
    u: np.ndarray
    n: np.ndarray
    h_prev: np.ndarray
    kept: np.ndarray
    write: np.ndarray
    h: np.ndarray


GRU_LAYOUT = TorchLayout(("r", "u", "n"), ("GRU", "GRUCell"))  # PyTorch's u is its z


@dataclass(frozen=True, eq=False)
class GRUParams(Params):
    """W_r, W_u, W_n (n_h, n_h + n_in) acting on [h; x]; b_r, b_u, b_in, b_hn (n_h,).

    The candidate keeps two biases because the reset gate multiplies only the
    hidden part: b_in is added to W_n's input columns, b_hn to its hidden ones.
    """

    W_r: np.ndarray
    W_u: np.ndarray
    W_n: np.ndarray
    b_r: np.ndarray
    b_u: np.ndarray
    b_in: np.ndarray
    b_hn: np.ndarray

    MATRICES = ("W_r", "W_u", "W_n")
    VECTORS = ("b_r", "b_u", "b_in", "b_hn")
    STATES = ("h",)
    Step = GRUStep

    def _step(self, x, h_prev, c_prev=None) -> GRUStep:
        return gru_step(self, x, h_prev)

    @classmethod
    def from_torch(cls, module) -> GRUParams:
        """From a one-layer, one-direction ``torch.nn.GRU`` or a ``torch.nn.GRUCell``."""
        blocks = GRU_LAYOUT.read(module)
        values = {f"W_{name}": np.hstack([w_hh, w_ih]) for name, (w_hh, w_ih, _, _) in blocks.items()}
        for gate in ("r", "u"):
            values[f"b_{gate}"] = blocks[gate][2] + blocks[gate][3]
        values["b_in"], values["b_hn"] = blocks["n"][2], blocks["n"][3]
        return cls(**values)

    def to_torch(self, cell: bool = False):
        """A float64 ``torch.nn.GRU`` (or ``GRUCell``) computing the same function."""
        zero = np.zeros(self.n_h)
        blocks = {
            "r": (self.W_r, self.b_r, zero),
            "u": (self.W_u, self.b_u, zero),
            "n": (self.W_n, self.b_in, self.b_hn),
        }
        return GRU_LAYOUT.write(blocks, self.n_h, self.n_in, cell=cell)


@checked(step_input("GRUParams", cell=False))
def gru_step(params: GRUParams, x, h_prev) -> GRUStep:
    """One GRU step. Its update is the LSTM's cell update with f = u and i = 1 - u, applied to h."""
    n_h = params.n_h
    z = concat(h_prev, x)
    r = sigmoid(z @ params.W_r.T + params.b_r)  # reset: how much of h_{t-1} the candidate sees
    u = sigmoid(z @ params.W_u.T + params.b_u)  # update: how much of h_{t-1} is kept
    W_nh, W_nx = params.W_n[:, :n_h], params.W_n[:, n_h:]
    n = np.tanh(x @ W_nx.T + params.b_in + r * (h_prev @ W_nh.T + params.b_hn))
    h = cell_state(u, h_prev, 1.0 - u, n)
    return GRUStep(z=z, r=r, u=u, n=n, h_prev=h_prev, kept=u * h_prev, write=(1.0 - u) * n, h=h)


__all__ = [
    "CIFGParams",
    "GRUParams",
    "GRUStep",
    "PeepholeParams",
    "cifg_step",
    "gru_step",
    "peephole_gate",
    "peephole_step",
    "with_peepholes",
]
