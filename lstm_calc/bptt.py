r"""Backpropagation through time for an LSTM with a logistic readout, batched.

The model reads xs (T, B, n_in) from zero states and, at the positions where
``mask`` is 1, predicts a binary label from the hidden state:
:math:`p_t = \sigma(w \cdot h_t + b)`. The loss is the mean binary
cross-entropy over those positions. The forward pass is ``cell.lstm_step`` on
(B, ·) arrays, the same function a traced run calls; the backward pass runs
its equations in reverse, with :math:`\sigma' = \sigma(1-\sigma)` and
:math:`\tanh' = 1 - \tanh^2`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import _check
from .cell import lstm_step, sigmoid
from .params import GATES, LSTMParams

PARAM_NAMES = tuple(f"W_{g}" for g in GATES) + tuple(f"b_{g}" for g in GATES) + ("w", "b")


@dataclass(frozen=True)
class Model:
    """An LSTM and its readout: w (n_h,), b a scalar."""

    lstm: LSTMParams
    w: np.ndarray
    b: float

    def __post_init__(self):
        if not isinstance(self.lstm, LSTMParams):
            raise ValueError(f"lstm must be LSTMParams, got {type(self.lstm).__name__}")
        object.__setattr__(self, "w", _check.vector("w", self.w, self.lstm.n_h))
        object.__setattr__(self, "b", _check.real("b", self.b))

    def arrays(self) -> dict:
        """Every parameter by name (``PARAM_NAMES``): the gates' W and b, then w and b."""
        return {**self.lstm.arrays(), "w": self.w, "b": np.array(self.b)}

    @classmethod
    def from_arrays(cls, arrays: dict) -> Model:
        return cls(LSTMParams(**{n: arrays[n] for n in PARAM_NAMES[:-2]}), arrays["w"], float(arrays["b"]))


@dataclass(frozen=True)
class Forward:
    """Every intermediate of a batched run, each (T, B, ·), and the readout's logits (T, B)."""

    z: np.ndarray
    f: np.ndarray
    i: np.ndarray
    g: np.ndarray
    o: np.ndarray
    c: np.ndarray
    h: np.ndarray
    logits: np.ndarray


def check_xs(model: Model, xs) -> np.ndarray:
    if not isinstance(model, Model):
        raise ValueError(f"model must be a bptt.Model, got {type(model).__name__}")
    return _check.array("xs", xs, ("T", "B", model.lstm.n_in))


def forward(model: Model, xs) -> Forward:
    """Run the LSTM over a batch xs (T, B, n_in) from zero states."""
    xs = check_xs(model, xs)
    T, B, _ = xs.shape
    h = c = np.zeros((B, model.lstm.n_h))
    out = {k: [] for k in ("z", "f", "i", "g", "o", "c", "h")}
    for t in range(T):
        s = lstm_step(model.lstm, xs[t], h, c)
        for k, v in out.items():
            v.append(getattr(s, k))
        h, c = s.h, s.c
    stacked = {k: np.array(v) for k, v in out.items()}
    return Forward(**stacked, logits=stacked["h"] @ model.w + model.b)


def loss(fwd: Forward, mask, labels) -> float:
    """Mean binary cross-entropy of the masked predictions."""
    n = mask.sum()
    return float(np.sum(mask * (np.logaddexp(0.0, fwd.logits) - labels * fwd.logits)) / n)


def loss_and_grads(model: Model, xs, mask, labels) -> tuple[float, dict]:
    """The loss and its gradient with respect to every parameter (``PARAM_NAMES``)."""
    xs = check_xs(model, xs)
    mask = _check.array("mask", mask, xs.shape[:2])
    labels = _check.array("labels", labels, xs.shape[:2])
    if not np.isin(mask, (0.0, 1.0)).all() or not np.isin(labels, (0.0, 1.0)).all():
        raise ValueError("mask and labels must hold only 0 and 1")
    n = float(np.sum(mask))
    if n == 0:
        raise ValueError("mask selects no position: there is nothing to predict, so no loss to train on")
    p, fwd = model.lstm, forward(model, xs)
    T, B, _ = xs.shape
    n_h = p.n_h
    W = np.vstack([getattr(p, f"W_{g}") for g in GATES])  # (4 n_h, n_h + n_in)
    dlogits = mask * (sigmoid(fwd.logits) - labels) / n  # (T, B)
    grads = {"w": np.einsum("tb,tbk->k", dlogits, fwd.h), "b": np.array(dlogits.sum())}
    dW, db = np.zeros_like(W), np.zeros(4 * n_h)
    dh_next, dc_next = np.zeros((B, n_h)), np.zeros((B, n_h))
    for t in reversed(range(T)):
        f, i, g, o, c = fwd.f[t], fwd.i[t], fwd.g[t], fwd.o[t], fwd.c[t]
        c_prev = fwd.c[t - 1] if t > 0 else np.zeros((B, n_h))
        dh = dlogits[t][:, None] * model.w + dh_next
        tc = np.tanh(c)
        dc = dc_next + dh * o * (1 - tc**2)
        da = np.concatenate(
            [
                dc * c_prev * f * (1 - f),  # forget
                dc * g * i * (1 - i),  # input
                dc * i * (1 - g**2),  # candidate
                dh * tc * o * (1 - o),  # output
            ],
            axis=1,
        )  # (B, 4 n_h), in the order of GATES
        dW += da.T @ fwd.z[t]
        db += da.sum(axis=0)
        dz = da @ W  # (B, n_h + n_in)
        dh_next, dc_next = dz[:, :n_h], dc * f
    for k, gate in enumerate(GATES):
        rows = slice(k * n_h, (k + 1) * n_h)
        grads[f"W_{gate}"], grads[f"b_{gate}"] = dW[rows], db[rows]
    return loss(fwd, mask, labels), grads
