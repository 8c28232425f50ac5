r"""Backpropagation through time for an LSTM with a logistic readout, batched.

The model reads xs (T, B, n_in) from zero states and, at the positions where
``mask`` is 1, predicts a binary label from the hidden state:
:math:`p_t = \sigma(w \cdot h_t + b)`. The loss is the mean binary
cross-entropy over those positions. The forward pass is ``cell.lstm_run`` on
(T, B, ·) arrays, the same function a traced run calls; the backward pass runs
its equations in reverse, with :math:`\sigma' = \sigma(1-\sigma)` and
:math:`\tanh' = 1 - \tanh^2`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import _check
from .cell import lstm_run, sigmoid
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
        """The model of ``arrays``, a dict holding every name of ``PARAM_NAMES`` (what ``arrays()`` returns)."""
        arrays = _check.mapping("arrays", arrays)
        missing = [name for name in PARAM_NAMES if name not in arrays]
        if missing:
            raise ValueError(f"arrays must hold {', '.join(PARAM_NAMES)}, got no {', '.join(missing)}")
        try:
            b = _check.array("b", arrays["b"], ())
            return cls(LSTMParams(**{n: arrays[n] for n in PARAM_NAMES[:-2]}), arrays["w"], float(b))
        except ValueError as err:
            raise ValueError(f"arrays: {err}") from None


@dataclass(frozen=True)
class Forward:
    """Every intermediate of a batched run, each (T, B, ·), and the readout's logits (T, B)."""

    z: np.ndarray
    f: np.ndarray
    i: np.ndarray
    g: np.ndarray
    o: np.ndarray
    c_prev: np.ndarray
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
    zeros = np.zeros((xs.shape[1], model.lstm.n_h))
    with _check.validated():  # checked just above
        values = lstm_run(model.lstm, xs, zeros, zeros)  # the traced run's code, on (T, B, ·) arrays
    kept = {k: values[k] for k in ("z", "f", "i", "g", "o", "c_prev", "c", "h")}
    return Forward(**kept, logits=values["h"] @ model.w + model.b)


def _targets(mask, labels, shape) -> tuple[np.ndarray, np.ndarray]:
    """mask and labels (T, B) of 0s and 1s, the mask selecting at least one position."""
    mask = _check.array("mask", mask, shape)
    labels = _check.array("labels", labels, shape)
    for name, values in (("mask", mask), ("labels", labels)):
        if not np.isin(values, (0.0, 1.0)).all():
            other = sorted({float(v) for v in values[~np.isin(values, (0.0, 1.0))]})[:5]
            raise ValueError(f"mask and labels must hold only 0 and 1: {name} got {other}")
    if not mask.any():
        raise ValueError("mask selects no position: there is nothing to predict, so no loss to train on (got all 0)")
    return mask, labels


def loss(fwd: Forward, mask, labels) -> float:
    """Mean binary cross-entropy of the masked predictions."""
    _check.instance("fwd", fwd, Forward, "a bptt.Forward (what forward returns)")
    mask, labels = _targets(mask, labels, fwd.logits.shape)
    return _loss(fwd, mask, labels)


def _loss(fwd: Forward, mask, labels) -> float:
    n = mask.sum()
    return float(np.sum(mask * (np.logaddexp(0.0, fwd.logits) - labels * fwd.logits)) / n)


def loss_and_grads(model: Model, xs, mask, labels) -> tuple[float, dict]:
    """The loss and its gradient with respect to every parameter (``PARAM_NAMES``)."""
    xs = check_xs(model, xs)
    mask, labels = _targets(mask, labels, xs.shape[:2])
    with _check.validated():  # checked above; a diverging model's NaN is the caller's to refuse (train does)
        return _loss_and_grads(model, xs, mask, labels)


def _loss_and_grads(model: Model, xs, mask, labels) -> tuple[float, dict]:
    n = float(np.sum(mask))
    p, fwd = model.lstm, forward(model, xs)
    n_h = p.n_h
    W_h = np.vstack([getattr(p, f"W_{g}")[:, :n_h] for g in GATES])  # (4 n_h, n_h): what reads h_{t-1}
    dlogits = mask * (sigmoid(fwd.logits) - labels) / n  # (T, B)
    grads = {"w": np.einsum("tb,tbk->k", dlogits, fwd.h), "b": np.array(dlogits.sum())}
    # What does not depend on the gradient flowing back is computed for all T at once:
    # dL/da_t = (dC_t, dC_t, dC_t, dh_t) * local, each block the derivative of one gate.
    tc = np.tanh(fwd.c)
    f, i, g, o = fwd.f, fwd.i, fwd.g, fwd.o
    local = np.concatenate(
        [
            fwd.c_prev * f * (1 - f),  # forget
            g * i * (1 - i),  # input
            i * (1 - g**2),  # candidate
            tc * o * (1 - o),  # output
        ],
        axis=-1,
    )  # (T, B, 4 n_h), in the order of GATES
    dc_from_h = o * (1 - tc**2)  # dC_t/dh_t's diagonal
    dh_out = dlogits[..., None] * model.w  # (T, B, n_h): what the readout sends into each h_t
    da = np.empty_like(local)
    dh_next, dc_next = np.zeros_like(fwd.c[0]), np.zeros_like(fwd.c[0])
    for t in reversed(range(xs.shape[0])):
        dh = dh_out[t] + dh_next
        dc = dc_next + dh * dc_from_h[t]
        da[t] = np.concatenate([dc, dc, dc, dh], axis=-1) * local[t]
        dh_next, dc_next = da[t] @ W_h, dc * f[t]
    dW = np.einsum("tbk,tbj->kj", da, fwd.z)  # (4 n_h, n_h + n_in): every step's outer products, summed
    db = da.sum(axis=(0, 1))
    for k, gate in enumerate(GATES):
        rows = slice(k * n_h, (k + 1) * n_h)
        grads[f"W_{gate}"], grads[f"b_{gate}"] = dW[rows], db[rows]
    return _loss(fwd, mask, labels), grads
