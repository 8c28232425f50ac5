"""Training: Adam on the BPTT gradients, seeded and deterministic.

The data are labelled sequences: input vectors xs (T, n_in) and, at some
positions t, a binary label to predict from h_t. The same configuration and
data give the same weights run after run on one machine: every random draw
comes from one ``numpy.random.Generator`` seeded by ``TrainConfig.seed``, and
the arithmetic is the same sequence of float64 operations each run. (Another
BLAS kernel may sum in another order and move the weights in their last bits.)
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from . import _check
from .bptt import Model, forward, loss_and_grads
from .cell import sigmoid
from .params import GATES, LSTMParams


class TrainingError(ValueError):
    """The data or configuration cannot train a model."""


@dataclass(frozen=True)
class TrainConfig:
    n_h: int = 8  # units
    steps: int = 400  # Adam updates
    batch_size: int = 32
    lr: float = 0.03
    clip: float = 5.0  # largest global gradient norm
    init_scale: float = 0.3  # weights start as N(0, init_scale² / n_h)
    forget_bias: float = 1.0  # the forget gate starts open (Jozefowicz et al. 2015)
    seed: int = 0

    def __post_init__(self):
        for name in ("n_h", "steps", "batch_size"):
            _check.integer(name, getattr(self, name), low=1)
        _check.integer("seed", self.seed, low=0)
        for name in ("lr", "clip", "init_scale"):
            _check.real(name, getattr(self, name), positive=True)
        _check.real("forget_bias", self.forget_bias)


@dataclass(frozen=True)
class Sequence:
    """One training sequence: xs (T, n_in) and ``targets``, a dict mapping a
    position t to the label (0 or 1) to predict from h_t."""

    xs: np.ndarray
    targets: dict

    def __post_init__(self):
        xs = _check.array("xs", self.xs, ("T", "n_in"))
        object.__setattr__(self, "xs", xs)
        if not isinstance(self.targets, dict):
            raise ValueError(f"targets must be a dict of position -> 0 or 1, got {type(self.targets).__name__}")
        for t, y in self.targets.items():
            _check.integer("targets: a target's position", t, low=0, high=len(xs))
            if isinstance(y, (bool, np.bool_)) or not isinstance(y, (int, np.integer)) or y not in (0, 1):
                raise ValueError(f"targets: a target's label must be 0 or 1, got {y!r} at position {t}")


@dataclass(frozen=True)
class Batch:
    """Padded arrays for a list of sequences: xs (T, B, n_in); mask and labels
    (T, B), mask 1.0 where a label is to be predicted."""

    xs: np.ndarray
    mask: np.ndarray
    labels: np.ndarray


def _sequences(sequences) -> tuple[list[Sequence], int]:
    """``sequences`` as a list of ``Sequence`` sharing one input size, and that size."""
    sequences = _check.items("sequences", sequences, empty=True)
    if not sequences:
        raise ValueError("sequences is empty: a batch needs at least one sequence")
    if not all(isinstance(s, Sequence) for s in sequences):
        raise ValueError(f"sequences must hold train.Sequence, got {sorted({type(s).__name__ for s in sequences})}")
    widths = {s.xs.shape[1] for s in sequences}
    if len(widths) != 1:
        raise ValueError(f"sequences must share one input size, got sizes {sorted(widths)}")
    return sequences, widths.pop()


def batch(sequences) -> Batch:
    """Pad ``sequences`` to one length; padding steps carry zero input and no target."""
    sequences, width = _sequences(sequences)
    T, B = max(len(s.xs) for s in sequences), len(sequences)
    xs, mask, labels = np.zeros((T, B, width)), np.zeros((T, B)), np.zeros((T, B))
    for b, s in enumerate(sequences):
        xs[: len(s.xs), b] = s.xs
        for t, y in s.targets.items():
            mask[t, b], labels[t, b] = 1.0, y
    return Batch(xs, mask, labels)


def init_model(n_h: int, n_in: int, config: TrainConfig, rng) -> Model:
    scale = config.init_scale / math.sqrt(n_h)
    arrays = {f"W_{g}": scale * rng.standard_normal((n_h, n_h + n_in)) for g in GATES}
    arrays |= {f"b_{g}": np.zeros(n_h) for g in GATES if g != "f"} | {"b_f": np.full(n_h, config.forget_bias)}
    return Model(LSTMParams(**arrays), w=scale * rng.standard_normal(n_h), b=0.0)


class Adam:
    """Adam (Kingma & Ba 2015) on a dict of arrays."""

    def __init__(self, lr: float, beta1: float = 0.9, beta2: float = 0.999, eps: float = 1e-8):
        self.lr = _check.real("lr", lr, positive=True)
        beta1, beta2 = (_check.real(name, b, at_least=0.0) for name, b in (("beta1", beta1), ("beta2", beta2)))
        for name, b in (("beta1", beta1), ("beta2", beta2)):
            if b >= 1:
                raise ValueError(f"{name} must be < 1 (a decay rate), got {b}")
        self.beta1, self.beta2, self.eps = beta1, beta2, _check.real("eps", eps, positive=True)
        self.m, self.v, self.t = {}, {}, 0

    def update(self, params: dict, grads: dict) -> dict:
        """One Adam step: ``params`` moved against ``grads`` (two dicts of arrays with the
        same names and shapes); returns the new parameters."""
        _check.mapping("params", params)
        grads = _check.mapping("grads", grads)
        for k in grads:
            if k not in params:
                raise ValueError(f"grads must name parameters of params, got {k!r}; params has {list(params)}")
            g = _check.array(f"grads[{k!r}]", grads[k], None)
            p = _check.array(f"params[{k!r}]", params[k], None)
            if g.shape != p.shape:
                raise ValueError(f"grads[{k!r}] must have the shape of params[{k!r}], {p.shape}, got shape {g.shape}")
        self.t += 1
        out = {}
        for k, g in grads.items():
            self.m[k] = self.beta1 * self.m.get(k, 0.0) + (1 - self.beta1) * g
            self.v[k] = self.beta2 * self.v.get(k, 0.0) + (1 - self.beta2) * g * g
            m_hat = self.m[k] / (1 - self.beta1**self.t)
            v_hat = self.v[k] / (1 - self.beta2**self.t)
            out[k] = params[k] - self.lr * m_hat / (np.sqrt(v_hat) + self.eps)
        return out


@dataclass(frozen=True)
class TrainResult:
    model: Model
    losses: np.ndarray  # (steps,) the training loss of each batch
    config: TrainConfig


def train(sequences, config: TrainConfig = TrainConfig()) -> TrainResult:
    """Train on ``sequences`` (``Sequence``), drawing ``config.batch_size`` of them per step."""
    if not isinstance(config, TrainConfig):
        raise TrainingError(f"config must be a TrainConfig, got {type(config).__name__}")
    sequences = _check.items("sequences", sequences, empty=True)
    if not sequences:
        raise TrainingError("sequences is empty: there is nothing to train on")
    batch(sequences)  # validates types and sizes before any work
    if not any(s.targets for s in sequences):
        raise TrainingError(f"none of the {len(sequences)} sequences has a label to predict")
    rng = np.random.default_rng(config.seed)
    model = init_model(config.n_h, sequences[0].xs.shape[1], config, rng)
    params, adam, losses = model.arrays(), Adam(config.lr), []
    for step in range(config.steps):
        data = batch([sequences[k] for k in rng.integers(len(sequences), size=config.batch_size)])
        if data.mask.sum() == 0:
            continue
        with np.errstate(over="ignore", invalid="ignore"):  # checked just below, and refused
            value, grads = loss_and_grads(Model.from_arrays(params), data.xs, data.mask, data.labels)
            norm = np.sqrt(sum(float(np.sum(g * g)) for g in grads.values()))
        if not (np.isfinite(value) and np.isfinite(norm)):
            raise TrainingError(
                f"the loss became non-finite at step {step} (loss {value}, gradient norm {norm}); "
                f"try a smaller lr than {config.lr}"
            )
        if norm > config.clip:
            grads = {k: g * (config.clip / norm) for k, g in grads.items()}
        params = adam.update(params, grads)
        losses.append(value)
    return TrainResult(Model.from_arrays(params), np.array(losses), config)


def predict(model: Model, sequences) -> list[dict]:
    """For each sequence, its predicted probability of label 1 at each of its target positions."""
    _check.instance("model", model, Model, "a bptt.Model")
    sequences, width = _sequences(sequences)
    if width != model.lstm.n_in:
        raise ValueError(f"sequences must have inputs of the model's size {model.lstm.n_in}, got size {width}")
    out = []
    for k in range(0, len(sequences), 256):
        chunk = sequences[k : k + 256]
        logits = forward(model, batch(chunk).xs).logits  # (T, B)
        prob = sigmoid(logits)
        out += [{t: float(prob[t, b]) for t in s.targets} for b, s in enumerate(chunk)]
    return out


__all__ = [
    "Adam",
    "Batch",
    "Model",
    "Sequence",
    "TrainConfig",
    "TrainResult",
    "TrainingError",
    "batch",
    "predict",
    "train",
]
