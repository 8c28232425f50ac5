"""The learning chapter's setup: what is trained, on what, and how it is tested.

The corpus (``corpus``) is encoded into the library's training sequences and
trained with ``lstm_calc.train``; ``predictions`` and ``accuracy`` score the
model on held-out stories.
"""

from __future__ import annotations

import numpy as np

from lstm_calc import _check
from lstm_calc.bptt import Model
from lstm_calc.train import TrainConfig, TrainResult, predict, train

from . import corpus

EMBEDDING_SEED = 0
TRAIN_STORIES, TRAIN_GAPS, TRAIN_SEED = 2000, range(0, 7), 1  # distractors of 0..6 tokens
TEST_STORIES, TEST_GAPS, TEST_SEED = 500, range(0, 16), 2  # held-out names, distractors up to 15
TRAIN_CONFIG = TrainConfig(n_h=8, steps=800, batch_size=32, lr=0.03, seed=0)
PRONOUN_RATE = 0.5  # how often a pronoun sentence follows a subject sentence (always after the last)


def learning_setup(pronoun_rate: float = PRONOUN_RATE):
    """The embedding, the training stories and the held-out test stories."""
    pronoun_rate = _check.fraction("pronoun_rate", pronoun_rate)
    embedding = corpus.make_embedding(dim=8, seed=EMBEDDING_SEED)
    train_stories = corpus.make_examples(
        TRAIN_STORIES, corpus.MALE_TRAIN, corpus.FEMALE_TRAIN, TRAIN_GAPS, TRAIN_SEED, pronoun_rate=pronoun_rate
    )
    test_stories = corpus.make_examples(
        TEST_STORIES, corpus.MALE_HELD_OUT, corpus.FEMALE_HELD_OUT, TEST_GAPS, TEST_SEED
    )
    return embedding, train_stories, test_stories


def train_on(examples, embedding: corpus.Embedding, config: TrainConfig = TRAIN_CONFIG) -> TrainResult:
    """Train the library's LSTM on corpus stories."""
    _check.instance("config", config, TrainConfig, "a TrainConfig")
    return train(corpus.sequences(examples, embedding), config)


def predictions(model: Model, examples, embedding: corpus.Embedding) -> list[dict]:
    """One record per pronoun to predict: the example, the position, the
    label, the predicted probability of "she" and the distractor length."""
    _check.instance("model", model, Model, "a bptt.Model")
    examples = _check.items("examples", examples, empty=True)
    probs = predict(model, corpus.sequences(examples, embedding))
    return [
        {"example": k, "t": t, "label": y, "p_she": probs[k][t], "gap": e.gaps[t]}
        for k, e in enumerate(examples)
        for t, y in e.targets.items()
    ]


def accuracy(records) -> float:
    """The fraction of records whose prediction (p_she > 0.5) matches the label."""
    records = _check.items("records", records, empty=True)
    if not records:
        raise ValueError("records is empty: no prediction to score")
    for k, r in enumerate(records):
        if not isinstance(r, dict) or "p_she" not in r or "label" not in r:
            raise ValueError(f"records must hold dicts with p_she and label (what predictions returns), got {r!r:.80}")
        _check.fraction(f"records[{k}]['p_she']", r["p_she"])
        _check.integer(f"records[{k}]['label']", r["label"], low=0, high=2)
    return float(np.mean([(r["p_she"] > 0.5) == bool(r["label"]) for r in records]))
