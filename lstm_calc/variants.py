r"""Three variants of the LSTM, on the same step / run / trace interface.

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
     h_t &= (1 - u_t) \odot n_t + u_t \odot h_{t-1}

  (PyTorch calls the update gate z; here z is already [h; x].) A GRU has one
  state, so its ``Step`` reads as a memory update of h: ``f`` is the update gate
  u (the fraction kept), ``i`` = 1 - u, ``g`` = n, ``o`` = 1, ``c_prev`` = h_{t-1},
  ``c`` = ``h`` = h_t, and ``r`` the reset gate.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import _check
from .cell import (Step, _step, candidate, cell_state, concat, finish_step, forget_gate, hidden_state, output_gate,
                   refuse_overflow, sigmoid)
from .params import LSTMParams, arrays_equal, validate_layers

PEEPHOLES = ("p_f", "p_i", "p_o")


@dataclass(frozen=True)
class PeepholeParams:
    """An LSTM's parameters plus the diagonal peephole weights p_f, p_i, p_o (n_h,)."""

    lstm: LSTMParams
    p_f: np.ndarray
    p_i: np.ndarray
    p_o: np.ndarray

    def __post_init__(self):
        if not isinstance(self.lstm, LSTMParams):
            raise ValueError(f"lstm must be LSTMParams, got {type(self.lstm).__name__}")
        for name in PEEPHOLES:
            object.__setattr__(self, name, _check.vector(name, getattr(self, name), self.lstm.n_h))

    n_h = property(lambda self: self.lstm.n_h)
    n_in = property(lambda self: self.lstm.n_in)

    def __eq__(self, other):
        if not isinstance(other, PeepholeParams):
            return NotImplemented
        return self.lstm == other.lstm and all(np.array_equal(getattr(self, p), getattr(other, p)) for p in PEEPHOLES)

    __hash__ = None


@_step.register
def _peephole_step(params: PeepholeParams, x, h_prev, c_prev) -> Step:
    p = params.lstm
    z = concat(h_prev, x)
    with np.errstate(over="ignore", invalid="ignore"):
        f = sigmoid(p.W_f @ z + params.p_f * c_prev + p.b_f)  # reads the old cell
        i = sigmoid(p.W_i @ z + params.p_i * c_prev + p.b_i)  # reads the old cell
        g = candidate(p, z)
        c = cell_state(f, c_prev, i, g)
        o = sigmoid(p.W_o @ z + params.p_o * c + p.b_o)  # reads the new cell
        h = hidden_state(o, c)
    refuse_overflow(x, h_prev, c_prev, z, c, h)
    return Step(z=z, f=f, i=i, g=g, o=o, c_prev=c_prev, erased=f * c_prev, write=i * g, c=c, h=h)


@dataclass(frozen=True)
class CIFGParams:
    """W_f, W_c, W_o (n_h, n_h + n_in) and b_f, b_c, b_o (n_h,): an LSTM whose
    input gate is 1 - f."""

    W_f: np.ndarray
    W_c: np.ndarray
    W_o: np.ndarray
    b_f: np.ndarray
    b_c: np.ndarray
    b_o: np.ndarray

    def __post_init__(self):
        validate_layers(self, "W_f", ["W_f", "W_c", "W_o"], ["b_f", "b_c", "b_o"])

    n_h = property(lambda self: self.W_f.shape[0])
    n_in = property(lambda self: self.W_f.shape[1] - self.W_f.shape[0])

    def __eq__(self, other):
        return arrays_equal(self, other)

    __hash__ = None

    @classmethod
    def from_lstm(cls, params: LSTMParams) -> "CIFGParams":
        """The LSTM's forget, candidate and output weights; its input gate is dropped."""
        return cls(**{f"{k}_{g}": getattr(params, f"{k}_{g}") for g in "fco" for k in ("W", "b")})


@_step.register
def _cifg_step(params: CIFGParams, x, h_prev, c_prev) -> Step:
    z = concat(h_prev, x)
    with np.errstate(over="ignore", invalid="ignore"):
        f = forget_gate(params, z)
        i = 1.0 - f  # coupled: write exactly as much as is forgotten
        g = candidate(params, z)
        o = output_gate(params, z)
    return finish_step(x, h_prev, c_prev, z, f, i, g, o)


# PyTorch's GRU stacks its rows as r, z (our u), n.
GRU_TORCH_ORDER = ("r", "u", "n")


@dataclass(frozen=True)
class GRUParams:
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

    def __post_init__(self):
        validate_layers(self, "W_r", ["W_r", "W_u", "W_n"], ["b_r", "b_u", "b_in", "b_hn"])

    n_h = property(lambda self: self.W_r.shape[0])
    n_in = property(lambda self: self.W_r.shape[1] - self.W_r.shape[0])

    def __eq__(self, other):
        return arrays_equal(self, other)

    __hash__ = None

    @classmethod
    def random(cls, n_h: int, n_in: int, seed: int = 0, scale: float = 1.0) -> "GRUParams":
        rng = np.random.default_rng(seed)
        W = {f"W_{g}": scale * rng.standard_normal((n_h, n_h + n_in)) for g in GRU_TORCH_ORDER}
        b = {name: scale * rng.standard_normal(n_h) for name in ("b_r", "b_u", "b_in", "b_hn")}
        return cls(**W, **b)

    @classmethod
    def from_torch(cls, module) -> "GRUParams":
        """From a one-layer, unidirectional ``torch.nn.GRU`` or a ``torch.nn.GRUCell``."""
        import torch

        if isinstance(module, torch.nn.GRUCell):
            suffix = ""
        elif isinstance(module, torch.nn.GRU):
            if module.num_layers != 1 or module.bidirectional:
                raise ValueError(f"module must be a one-layer unidirectional GRU, got num_layers={module.num_layers}, "
                                 f"bidirectional={module.bidirectional}")
            suffix = "_l0"
        else:
            raise ValueError(f"module must be torch.nn.GRU or torch.nn.GRUCell, got {type(module).__name__}")

        def get(name, rows):
            t = getattr(module, name + suffix, None)
            return np.zeros(w_hh.shape[1]) if t is None else t.detach().cpu().double().numpy()[rows]

        w_hh = getattr(module, "weight_hh" + suffix).detach().cpu().double().numpy()
        w_ih = getattr(module, "weight_ih" + suffix).detach().cpu().double().numpy()
        n_h = w_hh.shape[1]
        block = {g: slice(k * n_h, (k + 1) * n_h) for k, g in enumerate(GRU_TORCH_ORDER)}
        values = {f"W_{g}": np.hstack([w_hh[block[g]], w_ih[block[g]]]) for g in GRU_TORCH_ORDER}
        values["b_r"] = get("bias_ih", block["r"]) + get("bias_hh", block["r"])
        values["b_u"] = get("bias_ih", block["u"]) + get("bias_hh", block["u"])
        values["b_in"], values["b_hn"] = get("bias_ih", block["n"]), get("bias_hh", block["n"])
        return cls(**values)

    def to_torch(self, cell: bool = False):
        """A float64 ``torch.nn.GRU`` (or ``GRUCell``) computing the same function."""
        import torch

        n_h, n_in = self.n_h, self.n_in
        if cell:
            module, suffix = torch.nn.GRUCell(n_in, n_h, dtype=torch.float64), ""
        else:
            module, suffix = torch.nn.GRU(n_in, n_h, dtype=torch.float64), "_l0"
        W = np.vstack([getattr(self, f"W_{g}") for g in GRU_TORCH_ORDER])
        zero = np.zeros(n_h)
        b_ih = np.concatenate([self.b_r, self.b_u, self.b_in])
        b_hh = np.concatenate([zero, zero, self.b_hn])
        with torch.no_grad():
            for name, value in (("weight_hh", W[:, :n_h]), ("weight_ih", W[:, n_h:]), ("bias_ih", b_ih), ("bias_hh", b_hh)):
                getattr(module, name + suffix).copy_(torch.from_numpy(np.ascontiguousarray(value)))
        return module


@_step.register
def _gru_step(params: GRUParams, x, h_prev, c_prev) -> Step:
    n_h = params.n_h
    z = concat(h_prev, x)
    with np.errstate(over="ignore", invalid="ignore"):
        r = sigmoid(params.W_r @ z + params.b_r)  # reset: how much of h_{t-1} the candidate sees
        u = sigmoid(params.W_u @ z + params.b_u)  # update: how much of h_{t-1} is kept
        n = np.tanh(params.W_n[:, n_h:] @ x + params.b_in + r * (params.W_n[:, :n_h] @ h_prev + params.b_hn))
        h = cell_state(u, h_prev, 1.0 - u, n)  # (1 - u) n + u h_{t-1}: the LSTM's update with i = 1 - f
    refuse_overflow(x, h_prev, h_prev, z, h, h)
    return Step(z=z, f=u, i=1.0 - u, g=n, o=np.ones(n_h), c_prev=h_prev, erased=u * h_prev, write=(1.0 - u) * n,
                c=h, h=h, r=r)


def with_peepholes(params: LSTMParams, p_f=0.0, p_i=0.0, p_o=0.0) -> PeepholeParams:
    """``params`` with peephole weights (scalars are broadcast to every unit)."""
    n_h = params.n_h
    return PeepholeParams(params, *(np.broadcast_to(np.asarray(v, dtype=float), (n_h,)) for v in (p_f, p_i, p_o)))


