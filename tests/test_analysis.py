"""Looking inside a model: planted structure must be found, and the chapter's
trained model must show what the chapter says it shows."""

from __future__ import annotations

import numpy as np
import pytest

from lstm_book import analysis, corpus, handset, learning
from lstm_book.pages import learning as page
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
    assert table.loc["subject tokens", "tokens"] + table.loc["all other tokens", "tokens"] == len(s.tokens)
    he, she = table.loc["subject tokens, he", "tokens"], table.loc["subject tokens, she", "tokens"]
    assert he + she == table.loc["subject tokens", "tokens"] == s.is_subject.sum()
    assert he == np.sum(s.is_subject & (s.gender == 0))
    assert table["tokens"].dtype.kind == "i"  # a count, shown as an integer
    with pytest.raises(ValueError, match=r"unit must be in \[0, 4\), got 4"):
        analysis.forget_at_subjects(s, 4)
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
    assert table.loc["candidate", "reads name"] == pytest.approx(-2.0)  # the candidate's own sign is flipped
    assert table.loc["candidate", "reads gender (+ he)"] == pytest.approx(3.0)  # flipped: "he" counts positive
    # h' = -h: a gate reads h' with -W; the candidate, flipped on both sides, with W
    assert table.loc["forget", "reads its own h"] == -0.5 and table.loc["forget", "bias"] == 1.5
    assert table.loc["candidate", "reads its own h"] == 0.5
    with pytest.raises(ValueError, match="orientation must be 1.0 or -1.0, got 0.5"):
        analysis.effective_weights(Model(params, np.zeros(3), 0.0), 1, e, orientation=0.5)


@pytest.fixture(scope="module")
def chapter_model():
    """The learning chapter's model, as its page helpers hold it: read from the build's cache (that
    it is the model training gives, to the bit, is tests/test_train.py's to show)."""
    embedding, _, test_stories = page.setup()
    return page.trained().model, embedding, test_stories


def test_chapter_model_states_and_transitions(chapter_model):
    model, embedding, test = chapter_model
    s = analysis.states(model, test[:50], embedding)
    assert len(s.tokens) == sum(len(e.tokens) for e in test[:50])
    assert set(np.unique(s.gender)) <= {-1, 0, 1} and s.is_subject.sum() == sum(len(e.subjects) for e in test[:50])
    table = analysis.transitions(model, embedding, corpus.MALE_HELD_OUT, corpus.FEMALE_HELD_OUT)
    assert list(table.index) == ["he → she", "she → he", "he → he", "she → she"]
    assert list(table["pairs"]) == [25, 25, 20, 20]  # 5 names of each gender; never a name twice
    assert (table["accuracy"] >= 0.9).all()


def test_accuracy_by_gap_counts_every_prediction(chapter_model):
    model, embedding, _ = chapter_model
    table = analysis.accuracy_by_gap(
        model, embedding, [0, 30], stories=20, seed=5, male=corpus.MALE_HELD_OUT, female=corpus.FEMALE_HELD_OUT
    )
    stories = corpus.make_examples(20, corpus.MALE_HELD_OUT, corpus.FEMALE_HELD_OUT, [30], 35)
    assert table.loc[30, "predictions"] == sum(len(e.targets) for e in stories)
    assert table.loc[30, "accuracy"] == learning.accuracy(learning.predictions(model, stories, embedding))


def test_hand_set_readings():
    table = analysis.hand_set_readings(handset.gender_params(), handset.GENDER_UNIT, handset.FEATURES)
    assert list(table.index) == ["forget", "input", "candidate", "output"]
    assert table.loc["forget", "reads name"] == -5.0 and table.loc["input", "reads name"] == 5.0
    assert table.loc["candidate", "reads gender (+ he)"] == 5.0  # (+5 - (-5)) / 2
    assert table["bias"].tolist() == [3.0, -2.0, 0.0, 20.0]
    with pytest.raises(ValueError, match="features must name the .* inputs"):
        analysis.hand_set_readings(handset.gender_params(), handset.GENDER_UNIT, ("x1", "x2", "x3", "x4"))


def test_states_take_each_subjects_gender_from_its_name():
    """A subject no pronoun follows keeps its own gender (it once took the next pronoun's)."""
    embedding = corpus.make_embedding(dim=4, seed=3)
    stories = corpus.make_examples(60, corpus.MALE_TRAIN, corpus.FEMALE_TRAIN, [0, 2], seed=4)
    rng = np.random.default_rng(0)
    n_h = 2
    W = {f"W_{g}": 0.3 * rng.standard_normal((n_h, n_h + 4)) for g in "figo"}
    b = {f"b_{g}": np.zeros(n_h) for g in "figo"}
    s = analysis.states(Model(LSTMParams(**W, **b), np.zeros(n_h), 0.0), stories, embedding)
    female = set(corpus.FEMALE_TRAIN)
    names = s.tokens[s.is_subject]
    np.testing.assert_array_equal(s.gender[s.is_subject], [int(n in female) for n in names])
    unfollowed = sum(
        1 for e in stories for a, b_ in zip(e.subjects, e.subjects[1:]) if not any(a < t < b_ for t in e.targets)
    )
    assert unfollowed > 10  # the case the old labels got wrong is present


def test_unit_steps_and_gate_contributions_add_up(chapter_model):
    model, embedding, _ = chapter_model
    tokens = handset.TOKENS
    for orientation in (1.0, -1.0):
        steps = analysis.unit_steps(model, tokens, embedding, 2, orientation)
        np.testing.assert_allclose(steps["kept"], steps["f"] * steps["c_prev"], rtol=0, atol=1e-15)
        np.testing.assert_allclose(steps["c"], steps["kept"] + steps["write"], rtol=0, atol=1e-15)
        np.testing.assert_array_equal(steps["c_prev"].iloc[1:].to_numpy(), steps["c"].iloc[:-1].to_numpy())
        for gate in "figo":
            parts = analysis.gate_contributions(model, tokens, embedding, 2, gate, orientation)
            np.testing.assert_allclose(parts["h"], parts["own h"] + parts["other units' h"], atol=1e-14)
            np.testing.assert_allclose(parts["pre-activation"], parts["h"] + parts["x"] + parts["bias"], atol=1e-14)
            column = {"f": "f", "i": "i", "g": "g"}.get(gate)
            if column:
                np.testing.assert_allclose(parts["value"], steps[column], rtol=0, atol=1e-15)
    with pytest.raises(ValueError, match="gate must be one of"):
        analysis.gate_contributions(model, tokens, embedding, 2, "c")
    with pytest.raises(ValueError, match=r"unit must be in \[0, 8\), got 8"):
        analysis.unit_steps(model, tokens, embedding, 8)
