"""The LSTM's parameters, their shapes, and the conversion to and from PyTorch."""

from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np

from . import _check

# PyTorch stacks the four gates' rows in this order in weight_ih, weight_hh and
# the biases. This tuple is the only place that layout is written down.
TORCH_GATE_ORDER = ("i", "f", "c", "o")
GATES = ("f", "i", "c", "o")  # the book's order


def validate_layers(params, first: str, matrices, vectors, extra_shapes=None) -> None:
    """Check and freeze the arrays of a frozen parameter dataclass.

    ``first`` names the matrix whose shape, (n_h, n_h + n_in), fixes n_h and
    n_in; every name in ``matrices`` must have that shape and every name in
    ``vectors`` shape (n_h,). ``extra_shapes`` maps other names to a function
    of (n_h, n_in) giving their shape.
    """
    W = np.asarray(getattr(params, first))
    if W.ndim != 2 or W.shape[1] <= W.shape[0] or W.shape[0] == 0:
        raise ValueError(f"{first} must have shape (n_h, n_h + n_in) with n_h >= 1 and n_in >= 1, got shape {W.shape}")
    n_h, width = W.shape
    shapes = {name: (n_h, width) for name in matrices} | {name: (n_h,) for name in vectors}
    shapes |= {name: shape(n_h, width - n_h) for name, shape in (extra_shapes or {}).items()}
    for name, shape in shapes.items():
        object.__setattr__(params, name, _check.array(name, getattr(params, name), shape))


def arrays_equal(a, b):
    """Dataclasses of arrays are equal when they have the same type and equal arrays."""
    if type(a) is not type(b):
        return NotImplemented
    return all(np.array_equal(getattr(a, f.name), getattr(b, f.name)) for f in fields(a))


@dataclass(frozen=True)
class LSTMParams:
    r"""Weights and biases of a one-layer LSTM.

    Each ``W_*`` has shape (n_h, n_h + n_in) and multiplies the concatenation
    z = [h_{t-1}; x_t]: its first n_h columns read the previous hidden state,
    the last n_in columns read the input. Each ``b_*`` has shape (n_h,).
    ``W_c``/``b_c`` belong to the candidate :math:`\tilde C_t` (``g`` in the code).

    Arrays are copied to read-only float64 on construction; shapes and
    finiteness are checked there, so a ``LSTMParams`` that exists is valid.
    """

    W_f: np.ndarray
    W_i: np.ndarray
    W_c: np.ndarray
    W_o: np.ndarray
    b_f: np.ndarray
    b_i: np.ndarray
    b_c: np.ndarray
    b_o: np.ndarray

    def __post_init__(self):
        validate_layers(self, "W_f", [f"W_{g}" for g in GATES], [f"b_{g}" for g in GATES])

    n_h = property(lambda self: self.W_f.shape[0], doc="Size of the hidden state and of the cell.")
    n_in = property(lambda self: self.W_f.shape[1] - self.n_h, doc="Size of one input vector x_t.")

    def __eq__(self, other):
        return arrays_equal(self, other)

    __hash__ = None  # equal-by-value arrays: not hashable

    def unit_table(self, unit: int, input_names=None):
        """One unit's row of every gate matrix, and its biases, as a pandas table:
        one row per gate, one column per entry of z = [h; x], then the bias."""
        import pandas as pd

        if not 0 <= unit < self.n_h:
            raise ValueError(f"unit must be in [0, {self.n_h}), got {unit}")
        input_names = [f"x{k + 1}" for k in range(self.n_in)] if input_names is None else list(input_names)
        if len(input_names) != self.n_in:
            raise ValueError(f"input_names must name {self.n_in} inputs, got {len(input_names)}: {input_names}")
        columns = [f"h{k + 1}" for k in range(self.n_h)] + input_names + ["bias"]
        names = {"f": "forget W_f", "i": "input W_i", "c": "candidate W_c", "o": "output W_o"}
        rows = [np.append(getattr(self, f"W_{g}")[unit], getattr(self, f"b_{g}")[unit]) for g in GATES]
        return pd.DataFrame(rows, index=pd.Index([names[g] for g in GATES], name=f"unit {unit + 1}"), columns=columns)

    @classmethod
    def from_torch(cls, module) -> "LSTMParams":
        """Copy the weights of a ``torch.nn.LSTM`` (one layer, unidirectional,
        no projection) or a ``torch.nn.LSTMCell``.

        PyTorch keeps separate input and hidden weights with the gates stacked
        i, f, g, o, and two bias vectors; here they become one matrix per gate
        acting on [h; x] and one bias (``bias_ih + bias_hh``).
        """
        import torch

        if isinstance(module, torch.nn.LSTMCell):
            suffix = ""
        elif isinstance(module, torch.nn.LSTM):
            problems = [
                f"{name}={value}"
                for name, value, ok in (
                    ("num_layers", module.num_layers, 1),
                    ("bidirectional", module.bidirectional, False),
                    ("proj_size", module.proj_size, 0),
                )
                if value != ok
            ]
            if problems:
                raise ValueError(f"module must be a one-layer LSTM without projection, got {', '.join(problems)}")
            suffix = "_l0"
        else:
            raise ValueError(f"module must be torch.nn.LSTM or torch.nn.LSTMCell, got {type(module).__name__}")

        def get(name):
            t = getattr(module, name + suffix, None)
            return None if t is None else t.detach().cpu().double().numpy()

        w_ih, w_hh = get("weight_ih"), get("weight_hh")  # (4 n_h, n_in), (4 n_h, n_h)
        n_h = w_hh.shape[1]
        b = np.zeros(4 * n_h)
        for name in ("bias_ih", "bias_hh"):
            part = get(name)
            if part is not None:  # bias=False modules have none
                b = b + part
        blocks = {}
        for k, g in enumerate(TORCH_GATE_ORDER):
            rows = slice(k * n_h, (k + 1) * n_h)
            blocks[f"W_{g}"] = np.hstack([w_hh[rows], w_ih[rows]])  # (n_h, n_h + n_in)
            blocks[f"b_{g}"] = b[rows]
        return cls(**blocks)

    def to_torch(self, cell: bool = False):
        """A float64 ``torch.nn.LSTM`` (or ``LSTMCell`` when ``cell=True``)
        computing the same function. The whole bias goes into ``bias_ih``;
        ``bias_hh`` is zero."""
        import torch

        n_h, n_in = self.n_h, self.n_in
        if cell:
            module, suffix = torch.nn.LSTMCell(n_in, n_h, dtype=torch.float64), ""
        else:
            module, suffix = torch.nn.LSTM(n_in, n_h, dtype=torch.float64), "_l0"
        W = np.vstack([getattr(self, f"W_{g}") for g in TORCH_GATE_ORDER])  # (4 n_h, n_h + n_in)
        b = np.concatenate([getattr(self, f"b_{g}") for g in TORCH_GATE_ORDER])
        with torch.no_grad():
            getattr(module, "weight_hh" + suffix).copy_(torch.from_numpy(W[:, :n_h].copy()))
            getattr(module, "weight_ih" + suffix).copy_(torch.from_numpy(W[:, n_h:].copy()))
            getattr(module, "bias_ih" + suffix).copy_(torch.from_numpy(b.copy()))
            getattr(module, "bias_hh" + suffix).zero_()
        return module

    @classmethod
    def random(cls, n_h: int, n_in: int, seed: int = 0, scale: float = 1.0) -> "LSTMParams":
        """Weights drawn from N(0, scale²), for tests and experiments."""
        rng = np.random.default_rng(seed)
        shapes = {f"W_{g}": (n_h, n_h + n_in) for g in GATES} | {f"b_{g}": (n_h,) for g in GATES}
        return cls(**{name: scale * rng.standard_normal(shape) for name, shape in shapes.items()})
