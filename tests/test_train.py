"""Adam, the seeded training loop, and configurations that cannot train."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
import torch

from lstm_calc import corpus, presets
from lstm_calc.bptt import PARAM_NAMES
from lstm_calc.train import Adam, TrainConfig, TrainingError, accuracy, predictions, train


@pytest.fixture(scope="module")
def small():
    embedding = corpus.make_embedding(dim=6, seed=3)
    stories = corpus.make_examples(300, corpus.MALE_TRAIN, corpus.FEMALE_TRAIN, range(0, 4), seed=4)
    return embedding, stories, TrainConfig(n_h=4, steps=60, batch_size=16, seed=7)


def test_adam_matches_torch():
    rng = np.random.default_rng(0)
    start = {"a": rng.standard_normal((3, 2)), "b": rng.standard_normal(4)}
    tensors = {k: torch.tensor(v, requires_grad=True) for k, v in start.items()}
    opt = torch.optim.Adam(tensors.values(), lr=0.01)
    ours, params = Adam(0.01), start
    for _ in range(5):
        grads = {k: rng.standard_normal(v.shape) for k, v in start.items()}
        params = ours.update(params, grads)
        for k, t in tensors.items():
            t.grad = torch.from_numpy(grads[k])
        opt.step()
    for k in start:
        np.testing.assert_allclose(params[k], tensors[k].detach().numpy(), rtol=0, atol=1e-14)


def test_same_seed_same_weights_to_the_bit(small):
    embedding, stories, config = small
    a, b = train(stories, embedding, config), train(stories, embedding, config)
    for name, value in a.model.arrays().items():
        assert np.array_equal(value, b.model.arrays()[name]), name
    assert np.array_equal(a.losses, b.losses)
    c = train(stories, embedding, dataclasses.replace(config, seed=8))
    assert not np.array_equal(a.model.lstm.W_f, c.model.lstm.W_f)


def test_training_lowers_the_loss(small):
    embedding, stories, config = small
    result = train(stories, embedding, dataclasses.replace(config, steps=150))
    assert result.losses[-10:].mean() < 0.5 * result.losses[:10].mean()
    assert accuracy(predictions(result.model, stories[:100], embedding)) > 0.9


def test_the_chapter_model_reaches_99_percent_on_held_out_names():
    embedding, train_stories, test_stories = presets.learning_setup()
    result = train(train_stories, embedding, presets.TRAIN_CONFIG)
    assert accuracy(predictions(result.model, test_stories, embedding)) >= 0.99
    assert set(result.model.arrays()) == set(PARAM_NAMES)


def test_no_examples_or_no_targets(small):
    embedding, stories, config = small
    with pytest.raises(TrainingError, match="examples is empty"):
        train([], embedding, config)
    no_targets = [dataclasses.replace(e, targets={}) for e in stories[:5]]
    with pytest.raises(TrainingError, match="none of the 5 examples has a pronoun to predict"):
        train(no_targets, embedding, config)


def test_vocabulary_mismatch(small):
    embedding, stories, config = small
    other = dataclasses.replace(embedding, vectors={k: v for k, v in embedding.vectors.items() if k != "doctor"})
    with pytest.raises(TrainingError, match=r"no vector for \['doctor'\].*do not share a vocabulary"):
        train(stories, other, config)


def test_non_finite_input_or_loss_stops_training_with_no_model(small, monkeypatch):
    embedding, stories, config = small
    broken = dict(embedding.vectors)
    broken["is"] = np.full(embedding.dim, np.nan)
    with pytest.raises(TrainingError, match=r"the embedding's vectors for \['is'\] are not finite"):
        train(stories, dataclasses.replace(embedding, vectors=broken), config)
    # a loss that overflows mid-training (simulated at step 3) stops it with the step named
    import lstm_calc.train as train_module
    real, calls = train_module.loss_and_grads, []

    def overflowing(*args):
        calls.append(1)
        value, grads = real(*args)
        return (float("inf") if len(calls) == 4 else value), grads

    monkeypatch.setattr(train_module, "loss_and_grads", overflowing)
    with pytest.raises(TrainingError, match=r"the loss became non-finite at step 3 .* try a smaller lr"):
        train(stories, embedding, config)


@pytest.mark.parametrize("field,value", [("n_h", 0), ("steps", -1), ("batch_size", 2.5), ("lr", 0.0), ("lr", float("nan")),
                                         ("clip", -1.0), ("init_scale", float("inf"))])
def test_bad_configuration(field, value):
    with pytest.raises(TrainingError, match=f"{field} must be a positive"):
        TrainConfig(**{field: value})
