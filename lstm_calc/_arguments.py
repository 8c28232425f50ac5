"""What the equations and steps of ``cell`` and ``variants`` accept: the checks
``@checked`` runs before the maths, each returning its arguments validated (the
shared checks of ``_check`` put together for one function's arguments)."""

from __future__ import annotations

from ._check import array, last_axis, parameter_set, same_shape

WITH_W_F = ("LSTMParams", "PeepholeParams", "CIFGParams")  # the parameter sets with a forget gate
WITH_W_I = ("LSTMParams", "PeepholeParams")  # ... and an input gate: all four, stacked
GATE_OWNERS = {"f": WITH_W_F, "i": WITH_W_I, "g": WITH_W_F, "o": WITH_W_F}


def gate_input(gate: str):
    """The check of a gate's equation: a parameter set with that gate's weights, and z (..., n_h + n_in)."""

    def check(params, z):
        params = parameter_set("params", params, *GATE_OWNERS[gate])
        return params, last_axis("z", z, params.n_h + params.n_in)

    return check


def stacked_input(params, z):
    params = parameter_set("params", params, *WITH_W_I)
    return params, last_axis("z", z, params.n_h + params.n_in)


def stack_input(params):
    """The check of stacking the four gates: a parameter set that has all four."""
    return (parameter_set("params", params, *WITH_W_I),)


def any_array(a):
    """The check of an elementwise function: a finite real array of any shape, a number included."""
    return (array("a", a, None),)


def concat_input(h_prev, x):
    h_prev, x = array("h_prev", h_prev, None), array("x", x, None)
    if h_prev.ndim == 0 or x.ndim == 0 or h_prev.shape[:-1] != x.shape[:-1]:
        raise ValueError(
            f"h_prev and x must be (..., n_h) and (..., n_in) with the same leading axes, "
            f"got shapes h_prev {h_prev.shape} and x {x.shape}"
        )
    return h_prev, x


def cell_input(f, c_prev, i, g):
    return same_shape(("f", "c_prev", "i", "g"), (f, c_prev, i, g))


def hidden_input(o, c):
    return same_shape(("o", "c"), (o, c))


def step_input(kind: str, cell: bool = True):
    """The check of a step: params of the class ``kind``, x (..., n_in) and h_prev (and
    c_prev when ``cell``) (..., n_h) with the same leading axes (one step, or a batch)."""

    def check(params, x, h_prev, c_prev=None):
        params = parameter_set("params", params, kind)
        x = last_axis("x", x, params.n_in)
        states = {"h_prev": last_axis("h_prev", h_prev, params.n_h)}
        if cell:
            states["c_prev"] = last_axis("c_prev", c_prev, params.n_h)
        for name, state in states.items():
            if state.shape[:-1] != x.shape[:-1]:
                expected = x.shape[:-1] + (params.n_h,)
                raise ValueError(f"{name} must have the leading axes of x: shape {expected}, got shape {state.shape}")
        return (params, x, *states.values())

    return check


def run_input(params, xs, h0, c0):
    params = parameter_set("params", params, "LSTMParams")
    xs = last_axis("xs", xs, params.n_in)
    if xs.ndim < 2:
        raise ValueError(f"xs must have shape (T, n_in) or (T, B, n_in), got shape {xs.shape}")
    states = xs.shape[1:-1] + (params.n_h,)
    h0, c0 = (array(name, v, states) for name, v in (("h0", h0), ("c0", c0)))
    return params, xs, h0, c0


def peephole_gate_input(a, p, c):
    a, c = same_shape(("a", "c"), (a, c))
    p = array("p", p, None)
    if a.ndim == 0 or p.shape not in (a.shape, a.shape[-1:]):
        raise ValueError(f"p must have shape {a.shape[-1:]} or {a.shape} (that of a and c), got shape {p.shape}")
    return a, p, c
