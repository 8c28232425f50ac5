r"""How far back a signal reaches: analytic Jacobians of the last hidden state
with respect to earlier inputs and states, for the LSTM and the vanilla RNN.

For the LSTM one step maps (h_{k-1}, c_{k-1}, x_k) to (h_k, c_k). With
:math:`a_* = W_* z_k + b_*` and :math:`\sigma' = \sigma(1-\sigma)`:

.. math::

   \partial c_k/\partial c_{k-1} &= \mathrm{diag}(f_k) \\
   \partial c_k/\partial u &= \mathrm{diag}(c_{k-1} f_k(1-f_k)) W_f^u
       + \mathrm{diag}(\tilde C_k i_k(1-i_k)) W_i^u + \mathrm{diag}(i_k(1-\tilde C_k^2)) W_g^u \\
   \partial h_k/\partial u &= \mathrm{diag}(\tanh(c_k) o_k(1-o_k)) W_o^u
       + \mathrm{diag}(o_k(1-\tanh^2 c_k))\, \partial c_k/\partial u

where u is h_{k-1} or x_k and W^u the matching columns of W. The first line is
the cell path: through c alone the gradient is multiplied by f at each step.
Every other route from c_t to c_T leaves the cell line through some h_k and
comes back through the second line with u = h_k, so it carries the recurrent
columns W^h of W_f, W_i or W_g: with those at zero the cell path is all of
∂c_T/∂c_t.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import _check
from .cell import LSTMStep
from .params import LSTMParams
from .rnn import RNNParams, rnn_run
from .trace import run


def _lstm_only(params) -> None:
    if type(params) is not LSTMParams:
        raise ValueError(
            f"params must be LSTMParams (the Jacobians here are the plain LSTM's), got {type(params).__name__}"
        )


@dataclass(frozen=True)
class StepJacobians:
    """Partial derivatives of one LSTM step's outputs (h_k, c_k) with respect
    to its inputs h_{k-1} (n_h columns), c_{k-1} (n_h) and x_k (n_in)."""

    dh_dh: np.ndarray
    dh_dc: np.ndarray
    dh_dx: np.ndarray
    dc_dh: np.ndarray
    dc_dc: np.ndarray
    dc_dx: np.ndarray


def lstm_step_jacobians(params: LSTMParams, s: LSTMStep) -> StepJacobians:
    """The Jacobians of the step ``s`` (as returned by ``step``) computed with ``params``."""
    _lstm_only(params)
    if not isinstance(s, LSTMStep):
        raise ValueError(f"s must be an LSTMStep (what step returns), got {type(s).__name__}")
    n_h = params.n_h
    for name in ("f", "i", "g", "o", "c_prev", "c"):
        _check.vector(f"s.{name}", getattr(s, name), n_h)
    tc = np.tanh(s.c)
    dc = {}
    dh = {}
    for u, cols in (("h", slice(0, n_h)), ("x", slice(n_h, None))):
        dc[u] = (
            (s.c_prev * s.f * (1 - s.f))[:, None] * params.W_f[:, cols]
            + (s.g * s.i * (1 - s.i))[:, None] * params.W_i[:, cols]
            + (s.i * (1 - s.g**2))[:, None] * params.W_g[:, cols]
        )
        dh[u] = (tc * s.o * (1 - s.o))[:, None] * params.W_o[:, cols] + (s.o * (1 - tc**2))[:, None] * dc[u]
    dc_dc = np.diag(s.f)
    dh_dc = np.diag(s.o * (1 - tc**2) * s.f)
    return StepJacobians(dh_dh=dh["h"], dh_dc=dh_dc, dh_dx=dh["x"], dc_dh=dc["h"], dc_dc=dc_dc, dc_dx=dc["x"])


@dataclass(frozen=True)
class Reach:
    """Jacobians of the last step's state with respect to every step t (0-based).

    ``dh_dx[t]`` is ∂h_T/∂x_t (n_h, n_in) and ``dh_dh[t]`` is ∂h_T/∂h_t; for the
    LSTM ``dc_dc[t]`` is ∂C_T/∂C_t through every path and ``forget_path[t]`` is
    the product of the forget gates f_{t+1} ⊙ … ⊙ f_T, the path through the
    cell alone (the diagonal of a diagonal matrix), and ``through_h[t]`` the
    rest of ∂C_T/∂C_t: every route that leaves the cell line through some h.
    ``distance[t]`` is the number of steps from t to the last step (0 for the
    last step itself).
    """

    distance: np.ndarray
    dh_dx: np.ndarray
    dh_dh: np.ndarray
    dc_dc: np.ndarray | None = None
    forget_path: np.ndarray | None = None

    NAMES = ("dh_dx", "dh_dh", "dc_dc", "forget_path", "through_h")

    @property
    def through_h(self) -> np.ndarray | None:
        """The part of ∂C_T/∂C_t that leaves the cell line, shape (T, n_h, n_h), or None for the RNN.

        It is ∂C_T/∂C_t minus the cell path, the diagonal matrix of f_{t+1} ⊙ … ⊙ f_T.
        """
        if self.dc_dc is None:
            return None
        return self.dc_dc - self.forget_path[:, :, None] * np.eye(self.dc_dc.shape[1])

    def norms(self, name: str) -> np.ndarray:
        """The spectral norm (largest singular value) of each Jacobian of ``name``;
        for ``forget_path``, the largest entry (the spectral norm of its diagonal matrix)."""
        if not isinstance(name, str) or name not in self.NAMES:
            raise ValueError(f"name must be one of {', '.join(self.NAMES)}, got {name!r}")
        values = getattr(self, name)
        if values is None:
            raise ValueError(f"name {name!r} has no value for this model (the vanilla RNN has no cell)")
        if name == "forget_path":
            return np.max(np.abs(values), axis=1)
        return np.linalg.norm(values, ord=2, axis=(1, 2))


def lstm_reach(params: LSTMParams, xs, h0=None, c0=None) -> Reach:
    """∂h_T/∂x_t, ∂h_T/∂h_t, ∂C_T/∂C_t and the forget-gate product for every t."""
    _lstm_only(params)
    trace = run(params, xs, h0=h0, c0=c0)
    T, n_h = trace.T, params.n_h
    eye, zero = np.eye(n_h), np.zeros((n_h, n_h))
    Gh, Gc = eye, zero  # ∂h_T/∂h_k, ∂h_T/∂c_k, starting at k = T
    Hh, Hc = zero, eye  # ∂c_T/∂h_k, ∂c_T/∂c_k
    carousel = np.ones(n_h)
    dh_dx, dh_dh, dc_dc, forget = [], [], [], []
    for t in reversed(range(T)):
        dh_dh.append(Gh)
        dc_dc.append(Hc)
        forget.append(carousel)
        J = lstm_step_jacobians(params, trace.step(t))
        dh_dx.append(Gh @ J.dh_dx + Gc @ J.dc_dx)
        Gh, Gc = Gh @ J.dh_dh + Gc @ J.dc_dh, Gh @ J.dh_dc + Gc @ J.dc_dc
        Hh, Hc = Hh @ J.dh_dh + Hc @ J.dc_dh, Hh @ J.dh_dc + Hc @ J.dc_dc
        carousel = carousel * trace.f[t]
    return Reach(
        distance=np.arange(T - 1, -1, -1),
        dh_dx=np.array(dh_dx[::-1]),
        dh_dh=np.array(dh_dh[::-1]),
        dc_dc=np.array(dc_dc[::-1]),
        forget_path=np.array(forget[::-1]),
    )


def rnn_reach(params: RNNParams, xs, h0=None) -> Reach:
    """∂h_T/∂x_t and ∂h_T/∂h_t of the vanilla RNN for every t."""
    if not isinstance(params, RNNParams):
        raise ValueError(f"params must be RNNParams, got {type(params).__name__}")
    hs = rnn_run(params, xs, h0=h0)
    n_h = params.n_h
    G = np.eye(n_h)  # ∂h_T/∂h_k
    dh_dx, dh_dh = [], []
    for t in reversed(range(len(hs))):
        dh_dh.append(G)
        local = (1 - hs[t] ** 2)[:, None] * params.W  # ∂h_t/∂[h_{t-1}; x_t]: (n_h, n_h + n_in)
        dh_dx.append(G @ local[:, n_h:])
        G = G @ local[:, :n_h]
    return Reach(distance=np.arange(len(hs) - 1, -1, -1), dh_dx=np.array(dh_dx[::-1]), dh_dh=np.array(dh_dh[::-1]))
