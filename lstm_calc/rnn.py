r"""The vanilla (Elman) RNN the LSTM was built to improve on:

.. math:: h_t = \tanh(W z_t + b), \qquad z_t = [h_{t-1}; x_t]

Same conventions as the LSTM: W is (n_h, n_h + n_in) and acts on [h; x].
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import _check
from .cell import concat
from .params import Params, TorchLayout

RNN_LAYOUT = TorchLayout(("h",), ("RNN", "RNNCell"))


@dataclass(frozen=True, eq=False)
class RNNParams(Params):
    """W (n_h, n_h + n_in) and b (n_h,) of a one-layer tanh RNN."""

    W: np.ndarray
    b: np.ndarray

    MATRICES = ("W",)
    VECTORS = ("b",)
    STATES = ("h",)

    @classmethod
    def from_torch(cls, module) -> RNNParams:
        """From a one-layer, one-direction ``torch.nn.RNN`` with tanh, or an
        ``nn.RNNCell``; the two biases are added."""
        nonlinearity = getattr(module, "nonlinearity", "tanh")
        blocks = RNN_LAYOUT.read(module)
        if nonlinearity != "tanh":
            raise ValueError(f"module must use tanh, got nonlinearity={nonlinearity!r}")
        w_hh, w_ih, b_ih, b_hh = blocks["h"]
        return cls(W=np.hstack([w_hh, w_ih]), b=b_ih + b_hh)

    def to_torch(self, cell: bool = False):
        """A float64 ``torch.nn.RNN`` (or ``RNNCell``) computing the same function."""
        return RNN_LAYOUT.write({"h": (self.W, self.b, np.zeros(self.n_h))}, self.n_h, self.n_in, cell=cell)


def _check_params(params) -> None:
    if not isinstance(params, RNNParams):
        raise ValueError(f"params must be RNNParams, got {type(params).__name__}")


def rnn_step(params: RNNParams, x, h_prev) -> np.ndarray:
    r""":math:`h_t = \tanh(W [h_{t-1}; x_t] + b)`. x (n_in,), h_prev (n_h,) -> h (n_h,)"""
    _check_params(params)
    x = _check.vector("x", x, params.n_in)
    h_prev = _check.vector("h_prev", h_prev, params.n_h)
    return _rnn_step(params, x, h_prev)


def _rnn_step(params: RNNParams, x, h_prev) -> np.ndarray:
    with np.errstate(over="ignore", invalid="ignore"):  # an overflow is refused just below
        h = np.tanh(concat(h_prev, x) @ params.W.T + params.b)
    if not np.isfinite(h).all():
        raise ValueError(
            f"x or h_prev too large: the step overflowed float64 (shapes x {x.shape}, h_prev {h_prev.shape})"
        )
    return h


def rnn_run(params: RNNParams, xs, h0=None) -> np.ndarray:
    """The hidden states of every step: xs (T, n_in) -> hs (T, n_h)."""
    _check_params(params)
    xs = _check.sequence("xs", xs, params.n_in)
    h = _check.vector("h0", np.zeros(params.n_h) if h0 is None else h0, params.n_h)
    hs = []
    for x in xs:
        h = _rnn_step(params, x, h)
        hs.append(h)
    return np.array(hs)
