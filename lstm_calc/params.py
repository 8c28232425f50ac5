"""Parameter sets: one base for their shapes and validation, the LSTM's
parameters, and the one converter to and from PyTorch's weight layout."""

from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np

from . import _check
from .cell import LSTMStep, lstm_run, lstm_step, stack_gates

# The book's order of the gates, and the suffix of their weights: W_f, W_i, W_g, W_o.
GATES = ("f", "i", "g", "o")
# PyTorch stacks the gates' rows in this order in weight_ih, weight_hh and the
# biases. This tuple is the only place that layout is written down.
TORCH_GATE_ORDER = ("i", "f", "g", "o")


@dataclass(frozen=True, eq=False)
class Params:
    """Base of every parameter set: frozen arrays, validated on construction.

    A subclass lists its matrices, each of shape (n_h, n_h + n_in) acting on
    z = [h_{t-1}; x_t], in ``MATRICES`` and its vectors of shape (n_h,) in
    ``VECTORS``; the first matrix fixes n_h and n_in. Arrays are copied to
    read-only float64; wrong shapes, NaN, inf, complex or boolean arrays are
    refused with a ``ValueError`` naming the array. A subclass that has a step
    sets ``Step`` (the dataclass of its intermediates) and ``STATES`` (its
    state vectors, ``("h", "c")`` or ``("h",)``) and defines ``_step``.
    """

    MATRICES = ()
    VECTORS = ()
    STATES = ("h", "c")

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        _check.PARAMETER_SETS[cls.__name__] = cls

    def __post_init__(self):
        if not self.MATRICES:
            raise ValueError(f"{type(self).__name__} is the base of the parameter sets: make LSTMParams, GRUParams, …")
        first = self.MATRICES[0]
        W = _check.array(first, getattr(self, first), ("n_h", "n_h + n_in"))
        if W.shape[1] <= W.shape[0]:
            raise ValueError(f"{first} must have shape (n_h, n_h + n_in) with n_in >= 1, got shape {W.shape}")
        n_h, width = W.shape
        for name in self.MATRICES:
            value = _check.array(name, getattr(self, name), ("n_h", "n_h + n_in"))
            if value.shape != W.shape:
                raise ValueError(
                    f"{name} must have shape {W.shape}, got shape {value.shape} ({first} has shape {W.shape})"
                )
            object.__setattr__(self, name, value)
        for name in self.VECTORS:
            try:
                object.__setattr__(self, name, _check.vector(name, getattr(self, name), n_h))
            except ValueError as err:
                if "must have shape" not in str(err):
                    raise
                raise ValueError(f"{err} (n_h = {n_h}: the rows of {first})") from None

    @property
    def n_h(self) -> int:
        """Size of the hidden state (and of the cell)."""
        return getattr(self, self.MATRICES[0]).shape[0]

    @property
    def n_in(self) -> int:
        """Size of one input vector x_t."""
        return getattr(self, self.MATRICES[0]).shape[1] - self.n_h

    def arrays(self) -> dict:
        """Every array by name, in the order of the fields."""
        return {f.name: getattr(self, f.name) for f in fields(self)}

    def __eq__(self, other):
        if type(other) is not type(self):
            return NotImplemented
        return all(np.array_equal(a, b) for a, b in zip(self.arrays().values(), other.arrays().values()))

    __hash__ = None  # equal by value, mutable-free but holding arrays: not hashable

    @classmethod
    def random(cls, n_h: int, n_in: int, seed: int = 0, scale: float = 1.0):
        """Every array drawn from N(0, scale²), for tests and experiments."""
        n_h = _check.integer("n_h", n_h, low=1)
        n_in = _check.integer("n_in", n_in, low=1)
        seed = _check.integer("seed", seed, low=0)
        scale = _check.real("scale", scale, positive=True)
        rng = np.random.default_rng(seed)
        shapes = {name: (n_h, n_h + n_in) for name in cls.MATRICES} | {name: (n_h,) for name in cls.VECTORS}
        return cls(**{name: scale * rng.standard_normal(shape) for name, shape in shapes.items()})


@dataclass(frozen=True)
class TorchLayout:
    """How a PyTorch recurrent module stacks its weights: the blocks of rows of
    ``weight_ih``/``weight_hh`` in ``order``, for modules of ``module_names``
    (the layer class, then the cell class, e.g. ``("LSTM", "LSTMCell")``)."""

    order: tuple[str, ...]
    module_names: tuple[str, str]

    def __post_init__(self):
        order = _check.texts("order", self.order)
        names = _check.texts("module_names", self.module_names)
        if len(set(order)) != len(order) or len(names) != 2:
            raise ValueError(f"order must name distinct blocks and module_names two classes, got {order}, {names}")
        object.__setattr__(self, "order", tuple(order))
        object.__setattr__(self, "module_names", tuple(names))

    def _check_module(self, module) -> None:
        """Refuse anything that is not a torch module before importing torch (numpy is all the library needs)."""
        if not any(cls.__module__.startswith("torch.") for cls in type(module).__mro__):
            layer, cell = self.module_names
            raise ValueError(f"module must be torch.nn.{layer} or torch.nn.{cell}, got {_check.describe(module)}")

    def read(self, module) -> dict:
        """The module's arrays as float64: for each block name, (W_hh rows, W_ih
        rows, bias_ih rows, bias_hh rows), a missing bias as zeros."""
        self._check_module(module)
        import torch

        layer, cell = (getattr(torch.nn, name) for name in self.module_names)
        if isinstance(module, cell):
            suffix = ""
        elif isinstance(module, layer):
            checks = [("num_layers", module.num_layers, 1), ("bidirectional", module.bidirectional, False)]
            checks.append(("proj_size", getattr(module, "proj_size", 0), 0))
            problems = [f"{name}={value}" for name, value, ok in checks if value != ok]
            if problems:
                raise ValueError(
                    f"module must be a one-layer, one-direction {layer.__name__} without projection, "
                    f"got {', '.join(problems)}"
                )
            suffix = "_l0"
        else:
            raise ValueError(
                f"module must be torch.nn.{layer.__name__} or torch.nn.{cell.__name__}, got {type(module).__name__}"
            )

        def get(name, n_rows):
            t = getattr(module, name + suffix, None)
            return np.zeros(n_rows) if t is None else t.detach().cpu().double().numpy()

        w_hh = getattr(module, "weight_hh" + suffix).detach().cpu().double().numpy()  # (k n_h, n_h)
        w_ih = getattr(module, "weight_ih" + suffix).detach().cpu().double().numpy()  # (k n_h, n_in)
        n_h = w_hh.shape[1]
        b_ih, b_hh = get("bias_ih", len(w_hh)), get("bias_hh", len(w_hh))
        out = {}
        for k, name in enumerate(self.order):
            rows = slice(k * n_h, (k + 1) * n_h)
            out[name] = (w_hh[rows], w_ih[rows], b_ih[rows], b_hh[rows])
        return out

    def write(self, blocks: dict, n_h: int, n_in: int, cell: bool = False):
        """A float64 module holding ``blocks``: for each block name, (W on [h; x], bias_ih, bias_hh)."""
        n_h = _check.integer("n_h", n_h, low=1)
        n_in = _check.integer("n_in", n_in, low=1)
        cell = _check.flag("cell", cell)
        blocks = _check.mapping("blocks", blocks)
        if set(blocks) != set(self.order):
            raise ValueError(f"blocks must have the keys {list(self.order)}, got {list(blocks)}")
        for name in self.order:
            block = _check.items(f"blocks[{name!r}]", blocks[name])
            if len(block) != 3:
                raise ValueError(f"blocks[{name!r}] must be (W, bias_ih, bias_hh), got {len(block)} items")
            _check.array(f"blocks[{name!r}] W", block[0], (n_h, n_h + n_in))
            for k in (1, 2):
                _check.vector(f"blocks[{name!r}] bias", block[k], n_h)
        import torch

        layer, cell_class = (getattr(torch.nn, name) for name in self.module_names)
        module = (cell_class if cell else layer)(n_in, n_h, dtype=torch.float64)
        suffix = "" if cell else "_l0"
        W = np.vstack([blocks[name][0] for name in self.order])  # (k n_h, n_h + n_in)
        values = {
            "weight_hh": W[:, :n_h],
            "weight_ih": W[:, n_h:],
            "bias_ih": np.concatenate([blocks[name][1] for name in self.order]),
            "bias_hh": np.concatenate([blocks[name][2] for name in self.order]),
        }
        with torch.no_grad():
            for name, value in values.items():
                getattr(module, name + suffix).copy_(torch.from_numpy(np.ascontiguousarray(value)))
        return module


LSTM_LAYOUT = TorchLayout(TORCH_GATE_ORDER, ("LSTM", "LSTMCell"))


@dataclass(frozen=True, eq=False)
class LSTMParams(Params):
    r"""Weights and biases of a one-layer LSTM.

    Each ``W_*`` has shape (n_h, n_h + n_in) and multiplies the concatenation
    z = [h_{t-1}; x_t]: its first n_h columns read the previous hidden state,
    the last n_in columns read the input. Each ``b_*`` has shape (n_h,).
    ``W_g``/``b_g`` belong to the candidate :math:`\tilde C_t` (``g`` in the code).
    """

    W_f: np.ndarray
    W_i: np.ndarray
    W_g: np.ndarray
    W_o: np.ndarray
    b_f: np.ndarray
    b_i: np.ndarray
    b_g: np.ndarray
    b_o: np.ndarray

    MATRICES = tuple(f"W_{gate}" for gate in GATES)
    VECTORS = tuple(f"b_{gate}" for gate in GATES)
    Step = LSTMStep

    def __post_init__(self):
        super().__post_init__()
        # The four gates stacked for one matrix product per step (``cell.gates``).
        object.__setattr__(self, "stacked", stack_gates(self))

    def _step(self, x, h_prev, c_prev) -> LSTMStep:
        return lstm_step(self, x, h_prev, c_prev)

    def _run(self, xs, h0, c0) -> dict:
        return lstm_run(self, xs, h0, c0)

    @classmethod
    def from_torch(cls, module) -> LSTMParams:
        """Copy the weights of a ``torch.nn.LSTM`` (one layer, one direction,
        no projection) or a ``torch.nn.LSTMCell``: one matrix per gate acting
        on [h; x], and one bias, ``bias_ih + bias_hh``."""
        blocks = LSTM_LAYOUT.read(module)
        values = {}
        for gate, (w_hh, w_ih, b_ih, b_hh) in blocks.items():
            values[f"W_{gate}"] = np.hstack([w_hh, w_ih])
            values[f"b_{gate}"] = b_ih + b_hh
        return cls(**values)

    def to_torch(self, cell: bool = False):
        """A float64 ``torch.nn.LSTM`` (or ``LSTMCell`` when ``cell=True``)
        computing the same function. The whole bias goes into ``bias_ih``;
        ``bias_hh`` is zero."""
        zero = np.zeros(self.n_h)
        blocks = {gate: (getattr(self, f"W_{gate}"), getattr(self, f"b_{gate}"), zero) for gate in GATES}
        return LSTM_LAYOUT.write(blocks, self.n_h, self.n_in, cell=cell)
