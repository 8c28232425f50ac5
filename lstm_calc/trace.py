"""One validated step, and a traced run: every intermediate at every step."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import _check
from .params import Params


def check_params(params) -> None:
    """Refuse anything but a parameter set that has a step."""
    if not isinstance(params, Params) or not hasattr(params, "_step"):
        raise ValueError(
            f"params must be LSTMParams or a variant's parameters (PeepholeParams, CIFGParams, "
            f"GRUParams), got {type(params).__name__}"
        )


def _states(params, h, c, names=("h_prev", "c_prev")):
    """Validated initial states: h always; c for models that have a cell, refused for those that do not."""
    h_name, c_name = names
    h = _check.vector(h_name, np.zeros(params.n_h) if h is None else h, params.n_h)
    if "c" in params.STATES:
        return h, _check.vector(c_name, np.zeros(params.n_h) if c is None else c, params.n_h)
    if c is not None:
        raise ValueError(f"{c_name} must be None: a {type(params).__name__} has no cell state, got {type(c).__name__}")
    return h, None


def _refuse_overflow(s, params) -> None:
    """Raise instead of returning a state that overflowed to NaN or inf."""
    last = [getattr(s, name) for name in params.STATES]
    if not all(np.isfinite(v).all() for v in last):
        raise ValueError(
            f"x, h_prev or c_prev too large: the step overflowed float64 (max |z| = {np.max(np.abs(s.z)):.3g})"
        )


def step(params, x, h_prev=None, c_prev=None):
    """One validated time step: x (n_in,), h_prev and c_prev (n_h,), zeros
    when omitted -> the model's step dataclass (``LSTMStep`` for the LSTM, the
    peephole LSTM and the CIFG; ``GRUStep`` for the GRU, which takes no c_prev)."""
    check_params(params)
    x = _check.vector("x", x, params.n_in)
    h_prev, c_prev = _states(params, h_prev, c_prev)
    with _check.validated(), np.errstate(over="ignore", invalid="ignore"):  # an overflow is refused just below
        s = params._step(x, h_prev, c_prev)
    _refuse_overflow(s, params)
    return s


@dataclass(frozen=True)
class Trace:
    """A run over T tokens: ``values`` maps each intermediate of the model's
    step (``LSTMStep`` or ``GRUStep`` field names) to a (T, n_h) array (``z``
    is (T, n_h + n_in)); they are also attributes: ``trace.f``, ``trace.c``.
    ``tokens`` labels the T steps."""

    tokens: tuple[str, ...]
    step_type: type
    values: dict

    def __getattr__(self, name):
        values = self.__dict__.get("values", {})
        if name in values:
            return values[name]
        raise AttributeError(
            f"a {self.__dict__.get('step_type', type(None)).__name__} trace has no {name!r}; it has {list(values)}"
        )

    @property
    def names(self) -> tuple[str, ...]:
        """The intermediates this trace holds, in the step's order."""
        return tuple(self.values)

    @property
    def T(self) -> int:
        return len(self.tokens)

    @property
    def n_h(self) -> int:
        return self.values["h"].shape[1]

    def step(self, t: int):
        """The intermediates of step ``t`` (0-based) as the model's step dataclass."""
        t = _check.integer("t", t, low=0, high=self.T)
        return self.step_type(**{name: v[t] for name, v in self.values.items()})


def _run_steps(params, xs, h, c) -> dict:
    """The generic run: the model's own step, token by token, stacked."""
    steps = []
    for x in xs:
        s = params._step(x, h, c)
        steps.append(s)
        h, c = s.h, getattr(s, "c", None)
    return {name: np.array(column) for name, column in zip(params.Step._fields, zip(*steps))}


def run(params, xs, h0=None, c0=None, tokens=None) -> Trace:
    """Run the model over ``xs`` (T, n_in) from h0, c0 (default zeros, (n_h,);
    a GRU takes no c0). ``tokens`` labels the T steps (default "t=1", …).
    Every input is validated before the first step is computed."""
    check_params(params)
    xs = _check.sequence("xs", xs, params.n_in)  # (T, n_in)
    T = xs.shape[0]
    h, c = _states(params, h0, c0, ("h0", "c0"))
    if tokens is None:
        tokens = tuple(f"t={t + 1}" for t in range(T))
    else:
        if isinstance(tokens, str):
            raise ValueError(f"tokens must be a sequence of T labels, got the str {tokens!r}")
        tokens = tuple(str(tok) for tok in _check.items("tokens", tokens))
        if len(tokens) != T:
            raise ValueError(f"tokens must label every row of xs: got {len(tokens)} tokens for xs of shape {xs.shape}")

    with _check.validated(), np.errstate(over="ignore", invalid="ignore"):  # an overflow is refused below
        values = params._run(xs, h, c) if hasattr(params, "_run") else _run_steps(params, xs, h, c)
    if not all(np.isfinite(values[name]).all() for name in params.STATES):
        raise ValueError("xs, h0 or c0 too large: the run overflowed float64")
    return Trace(tokens=tokens, step_type=params.Step, values=values)
