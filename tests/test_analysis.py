"""Looking inside a model: planted structure must be found, and the chapter's
trained model must show what the chapter says it shows."""

from __future__ import annotations

import numpy as np
import pytest

from lstm_book import analysis, corpus, handset, learning
from lstm_calc import LSTMParams
from lstm_calc.bptt import Model


def planted_states(n=400, n_h=4, unit=2, seed=0):
    rng = np.random.default_rng(seed)
    gender = rng.integers(2, size=n)
    c = rng.standard_normal((n, n_h)) * 0.5
    c[:, unit] = np.where(gender == 0, -1.0, 1.0) + 0.1 * rng.standard_normal(n)  # "he" negative
    is_subject = rng.random(n) < 0.2
    f = np.where(is_subject[:, None], 0.2, 0.9) * np.ones((n, n_h))
    gates = rng.random((n, n_h))
    return analysis.States(
        tokens=np.array(["w"] * n),
        story=np.zeros(n, int),
        t=np.arange(n),
        gender=gender,
        is_subject=is_subject,
        f=f,
        i=gates,
        o=np.full((n, n_h), 0.95),
        c=c,
        h=np.tanh(c),
    )


def test_separation_finds_the_planted_unit():
    s = planted_states()
    table = analysis.separation(s)
    assert analysis.gender_unit(s) == 2
    assert table.loc["unit 3", "sign accuracy"] == 1.0 and table.loc["unit 3", "orientation"] == -1.0
    assert table["d'"].idxmax() == "unit 3" and table.loc["unit 3", "d'"] > 10


def test_forget_at_subjects_and_saturation():
    s = planted_states()
    table = analysis.forget_at_subjects(s, 1)
    assert table.loc["subject tokens", "mean f"] == pytest.approx(0.2)
    assert table.loc["all other tokens", "mean f"] == pytest.approx(0.9)
    assert table["tokens"].sum() == len(s.tokens)
    sat = analysis.saturation(s)
    assert sat.loc["output o", "above 0.9"] == 1.0 and sat.loc["output o", "below 0.1"] == 0.0
    assert sat.loc["forget f", "above 0.9"] == 0.0  # 0.9 itself is not above 0.9
    assert sat.loc["input i", "below 0.1"] == pytest.approx(np.mean(s.i < 0.1))


def test_effective_weights_project_on_the_embedding_directions():
    e = corpus.make_embedding(dim=6, seed=1)
    n_h = 3
    W = np.zeros((n_h, n_h + 6))
    W[1, n_h:] = 2.0 * e.name_direction - 3.0 * e.gender_direction
    W[1, 1] = 0.5
    params = LSTMParams(
        W_f=W, W_i=W, W_g=W, W_o=W, b_f=np.full(3, 1.5), b_i=np.zeros(3), b_g=np.zeros(3), b_o=np.zeros(3)
    )
    table = analysis.effective_weights(Model(params, np.zeros(3), 0.0), 1, e, orientation=-1.0)
    assert table.loc["forget", "reads name"] == pytest.approx(2.0)
    assert table.loc["forget", "reads gender (+ he)"] == pytest.approx(-3.0)
    assert table.loc["candidate", "reads gender (+ he)"] == pytest.approx(3.0)  # flipped: "he" counts positive
    assert table.loc["forget", "reads its own h"] == 0.5 and table.loc["forget", "bias"] == 1.5


@pytest.fixture(scope="module")
def chapter_model():
    embedding, train_stories, test_stories = learning.learning_setup()
    return learning.train_on(train_stories, embedding, learning.TRAIN_CONFIG).model, embedding, test_stories


def test_chapter_model_states_and_transitions(chapter_model):
    model, embedding, test = chapter_model
    s = analysis.states(model, test[:50], embedding)
    assert len(s.tokens) == sum(len(e.tokens) for e in test[:50])
    assert set(np.unique(s.gender)) <= {-1, 0, 1} and s.is_subject.sum() == sum(len(e.subjects) for e in test[:50])
    table = analysis.transitions(model, embedding, corpus.MALE_HELD_OUT, corpus.FEMALE_HELD_OUT)
    assert list(table.index) == ["he → she", "she → he", "he → he", "she → she"]
    assert (table["pairs"] == 25).all() and (table["accuracy"] >= 0.9).all()


def test_accuracy_by_gap_counts_every_prediction(chapter_model):
    model, embedding, _ = chapter_model
    table = analysis.accuracy_by_gap(
        model, embedding, [0, 30], stories=20, seed=5, male=corpus.MALE_HELD_OUT, female=corpus.FEMALE_HELD_OUT
    )
    stories = corpus.make_examples(20, corpus.MALE_HELD_OUT, corpus.FEMALE_HELD_OUT, [30], 35)
    assert table.loc[30, "predictions"] == sum(len(e.targets) for e in stories)
    assert table.loc[30, "accuracy"] == learning.accuracy(learning.predictions(model, stories, embedding))


def test_hand_set_readings():
    table = analysis.hand_set_readings(handset.gender_params(), handset.GENDER_UNIT)
    assert list(table.index) == ["forget", "input", "candidate", "output"]
    assert table.loc["forget", "reads name"] == -5.0 and table.loc["input", "reads name"] == 5.0
    assert table.loc["candidate", "reads gender (+ he)"] == 5.0  # (+5 - (-5)) / 2
    assert table["bias"].tolist() == [3.0, -2.0, 0.0, 20.0]
