"""The learning chapter's setup: what is trained, on what, and how it is tested.

The corpus (``corpus``) is encoded into the library's training sequences and
trained with ``lstm_calc.train``; ``predictions`` and ``accuracy`` score the
model on held-out stories.
"""

from __future__ import annotations

import numpy as np

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
    return train(corpus.sequences(examples, embedding), config)


def predictions(model: Model, examples, embedding: corpus.Embedding) -> list[dict]:
    """One record per pronoun to predict: the example, the position, the
    label, the predicted probability of "she" and the distractor length."""
    examples = list(examples)
    probs = predict(model, corpus.sequences(examples, embedding))
    return [
        {"example": k, "t": t, "label": y, "p_she": probs[k][t], "gap": e.gaps[t]}
        for k, e in enumerate(examples)
        for t, y in e.targets.items()
    ]


def accuracy(records) -> float:
    """The fraction of records whose prediction (p_she > 0.5) matches the label."""
    records = list(records)
    if not records:
        raise ValueError("records is empty: no prediction to score")
    return float(np.mean([(r["p_she"] > 0.5) == bool(r["label"]) for r in records]))
