r"""The vanilla (Elman) RNN the LSTM was built to improve on:

.. math:: h_t = \tanh(W z_t + b), \qquad z_t = [h_{t-1}; x_t]

Same conventions as the LSTM: W is (n_h, n_h + n_in) and acts on [h; x].
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import _check
from .cell import concat


@dataclass(frozen=True)
class RNNParams:
    """W (n_h, n_h + n_in) and b (n_h,) of a one-layer tanh RNN, validated and
    copied to read-only float64 on construction."""

    W: np.ndarray
    b: np.ndarray

    def __post_init__(self):
        W = np.asarray(self.W)
        if W.ndim != 2 or W.shape[1] <= W.shape[0] or W.shape[0] == 0:
            raise ValueError(f"W must have shape (n_h, n_h + n_in) with n_h >= 1 and n_in >= 1, got shape {W.shape}")
        object.__setattr__(self, "W", _check.array("W", self.W, W.shape))
        object.__setattr__(self, "b", _check.vector("b", self.b, W.shape[0]))

    @property
    def n_h(self) -> int:
        return self.W.shape[0]

    @property
    def n_in(self) -> int:
        return self.W.shape[1] - self.n_h

    def __eq__(self, other):
        if not isinstance(other, RNNParams):
            return NotImplemented
        return np.array_equal(self.W, other.W) and np.array_equal(self.b, other.b)

    __hash__ = None

    @classmethod
    def random(cls, n_h: int, n_in: int, seed: int = 0, scale: float = 1.0) -> "RNNParams":
        """Weights drawn from N(0, scale²)."""
        rng = np.random.default_rng(seed)
        return cls(W=scale * rng.standard_normal((n_h, n_h + n_in)), b=scale * rng.standard_normal(n_h))

    @classmethod
    def from_torch(cls, module) -> "RNNParams":
        """From a one-layer, unidirectional ``torch.nn.RNN`` with tanh, or an
        ``nn.RNNCell``; the two biases are added."""
        import torch

        if isinstance(module, torch.nn.RNNCell):
            suffix, nonlinearity = "", module.nonlinearity
        elif isinstance(module, torch.nn.RNN):
            if module.num_layers != 1 or module.bidirectional:
                raise ValueError(
                    f"module must be a one-layer unidirectional RNN, got num_layers={module.num_layers}, "
                    f"bidirectional={module.bidirectional}"
                )
            suffix, nonlinearity = "_l0", module.nonlinearity
        else:
            raise ValueError(f"module must be torch.nn.RNN or torch.nn.RNNCell, got {type(module).__name__}")
        if nonlinearity != "tanh":
            raise ValueError(f"module must use tanh, got nonlinearity={nonlinearity!r}")

        def get(name):
            t = getattr(module, name + suffix, None)
            return None if t is None else t.detach().cpu().double().numpy()

        w_ih, w_hh = get("weight_ih"), get("weight_hh")
        b = sum((p for p in (get("bias_ih"), get("bias_hh")) if p is not None), np.zeros(w_hh.shape[0]))
        return cls(W=np.hstack([w_hh, w_ih]), b=b)

    def to_torch(self, cell: bool = False):
        """A float64 ``torch.nn.RNN`` (or ``RNNCell``) computing the same function."""
        import torch

        if cell:
            module, suffix = torch.nn.RNNCell(self.n_in, self.n_h, dtype=torch.float64), ""
        else:
            module, suffix = torch.nn.RNN(self.n_in, self.n_h, dtype=torch.float64), "_l0"
        with torch.no_grad():
            getattr(module, "weight_hh" + suffix).copy_(torch.from_numpy(self.W[:, : self.n_h].copy()))
            getattr(module, "weight_ih" + suffix).copy_(torch.from_numpy(self.W[:, self.n_h :].copy()))
            getattr(module, "bias_ih" + suffix).copy_(torch.from_numpy(self.b.copy()))
            getattr(module, "bias_hh" + suffix).zero_()
        return module


def rnn_step(params: RNNParams, x, h_prev) -> np.ndarray:
    r""":math:`h_t = \tanh(W [h_{t-1}; x_t] + b)`. x (n_in,), h_prev (n_h,) -> h (n_h,)"""
    x = _check.vector("x", x, params.n_in)
    h_prev = _check.vector("h_prev", h_prev, params.n_h)
    return _rnn_step(params, x, h_prev)


def _rnn_step(params: RNNParams, x, h_prev) -> np.ndarray:
    with np.errstate(over="ignore", invalid="ignore"):  # see cell._step
        h = np.tanh(params.W @ concat(h_prev, x) + params.b)
    if not np.isfinite(h).all():
        raise ValueError(f"x or h_prev too large: the step overflowed float64 (shapes x {x.shape}, h_prev {h_prev.shape})")
    return h


def rnn_run(params: RNNParams, xs, h0=None) -> np.ndarray:
    """The hidden states of every step: xs (T, n_in) -> hs (T, n_h)."""
    xs = _check.sequence("xs", xs, params.n_in)
    h = _check.vector("h0", np.zeros(params.n_h) if h0 is None else h0, params.n_h)
    hs = []
    for x in xs:
        h = _rnn_step(params, x, h)
        hs.append(h)
    return np.array(hs)
