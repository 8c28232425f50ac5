"""Training: Adam on the BPTT gradients, seeded and deterministic.

The same configuration and corpus give bit-identical weights: every random
draw comes from one ``numpy.random.Generator`` seeded by ``TrainConfig.seed``,
and the arithmetic is the same sequence of float64 operations each run.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .bptt import PARAM_NAMES, Model, forward, loss_and_grads
from .corpus import Embedding, batch
from .params import LSTMParams


class TrainingError(ValueError):
    """The corpus or configuration cannot train a model."""


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
            if not isinstance(getattr(self, name), int) or getattr(self, name) < 1:
                raise TrainingError(f"{name} must be a positive int, got {getattr(self, name)!r}")
        for name in ("lr", "clip", "init_scale"):
            value = getattr(self, name)
            if not np.isfinite(value) or value <= 0:
                raise TrainingError(f"{name} must be a positive finite number, got {value!r}")


def init_model(n_h: int, n_in: int, config: TrainConfig, rng) -> Model:
    scale = config.init_scale / np.sqrt(n_h)
    arrays = {f"W_{g}": scale * rng.standard_normal((n_h, n_h + n_in)) for g in "fico"}
    arrays |= {f"b_{g}": np.zeros(n_h) for g in "ico"} | {"b_f": np.full(n_h, config.forget_bias)}
    return Model(LSTMParams(**arrays), w=scale * rng.standard_normal(n_h), b=0.0)


class Adam:
    """Adam (Kingma & Ba 2015) on a dict of arrays."""

    def __init__(self, lr: float, beta1: float = 0.9, beta2: float = 0.999, eps: float = 1e-8):
        self.lr, self.beta1, self.beta2, self.eps = lr, beta1, beta2, eps
        self.m, self.v, self.t = {}, {}, 0

    def update(self, params: dict, grads: dict) -> dict:
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


def train(examples, embedding: Embedding, config: TrainConfig = TrainConfig()) -> TrainResult:
    """Train on ``examples``, drawing ``config.batch_size`` of them per step."""
    examples = list(examples)
    if not examples:
        raise TrainingError("examples is empty: there is nothing to train on")
    if not any(e.targets for e in examples):
        raise TrainingError(f"none of the {len(examples)} examples has a pronoun to predict")
    unknown = sorted({t for e in examples for t in e.tokens if t not in embedding.vectors})
    if unknown:
        raise TrainingError(f"the embedding has no vector for {unknown[:10]}{' …' if len(unknown) > 10 else ''}: "
                            f"the corpus and the embedding do not share a vocabulary")
    used = sorted({t for e in examples for t in e.tokens})
    broken = [t for t in used if not np.all(np.isfinite(embedding.vectors[t]))]
    if broken:
        raise TrainingError(f"the embedding's vectors for {broken[:10]} are not finite")
    rng = np.random.default_rng(config.seed)
    model = init_model(config.n_h, embedding.dim, config, rng)
    params, adam, losses = model.arrays(), Adam(config.lr), []
    for step in range(config.steps):
        chosen = [examples[k] for k in rng.integers(len(examples), size=config.batch_size)]
        data = batch(chosen, embedding)
        if data.mask.sum() == 0:
            continue
        with np.errstate(over="ignore", invalid="ignore"):  # checked just below, and refused
            value, grads = loss_and_grads(Model.from_arrays(params), data.xs, data.mask, data.labels)
            norm = np.sqrt(sum(float(np.sum(g * g)) for g in grads.values()))
        if not (np.isfinite(value) and np.isfinite(norm)):
            raise TrainingError(f"the loss became non-finite at step {step} (loss {value}, gradient norm {norm}); "
                                f"try a smaller lr than {config.lr}")
        if norm > config.clip:
            grads = {k: g * (config.clip / norm) for k, g in grads.items()}
        params = adam.update(params, grads)
        losses.append(value)
    return TrainResult(Model.from_arrays(params), np.array(losses), config)


def predictions(model: Model, examples, embedding: Embedding) -> list[dict]:
    """One record per pronoun to predict: the example, the position, the
    label, the predicted probability of "she" and the distractor length."""
    out = []
    for k in range(0, len(examples), 256):
        chunk = list(examples[k:k + 256])
        data = batch(chunk, embedding)
        prob = 1 / (1 + np.exp(-forward(model, data.xs).logits))  # (T, B)
        for b, e in enumerate(chunk):
            for t, y in e.targets.items():
                out.append({"example": k + b, "t": t, "label": y, "p_she": float(prob[t, b]), "gap": e.gaps[t]})
    return out


def accuracy(records) -> float:
    return float(np.mean([(r["p_she"] > 0.5) == bool(r["label"]) for r in records]))


__all__ = ["Adam", "Model", "PARAM_NAMES", "TrainConfig", "TrainResult", "TrainingError", "accuracy", "predictions", "train"]
