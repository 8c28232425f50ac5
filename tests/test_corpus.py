"""The synthetic corpus: what each story holds, and the train/test split."""

from __future__ import annotations

import numpy as np
import pytest

from lstm_book import corpus, learning
from lstm_calc.train import Sequence

NAMES = set(corpus.MALE_TRAIN + corpus.FEMALE_TRAIN + corpus.MALE_HELD_OUT + corpus.FEMALE_HELD_OUT)


def test_held_out_names_are_new():
    assert not set(corpus.MALE_TRAIN + corpus.FEMALE_TRAIN) & set(corpus.MALE_HELD_OUT + corpus.FEMALE_HELD_OUT)
    _, train, test = learning.learning_setup()
    train_names = {t for e in train for t in e.tokens if t in NAMES}
    test_names = {t for e in test for t in e.tokens if t in NAMES}
    assert not train_names & test_names
    assert max(g for e in test for g in e.gaps.values()) > max(g for e in train for g in e.gaps.values())


@pytest.mark.parametrize("gap", [0, 1, 4, 7, 19])
def test_targets_gaps_and_pronouns(gap):
    for e in corpus.make_examples(40, corpus.MALE_TRAIN, corpus.FEMALE_TRAIN, [gap], seed=gap):
        assert e.targets
        for t, label in e.targets.items():
            assert e.tokens[t] == "."
            assert e.tokens[t + 1] == ("she" if label else "he")  # the pronoun that follows
            subject = max(s for s in e.subjects if s < t)
            assert (e.tokens[subject] in corpus.FEMALE_TRAIN) == bool(label)
            assert e.gaps[t] == gap
            between = e.tokens[subject + 1 : t]
            assert len(between) == gap + 3  # the distractor, then "is a(n) <profession>"
            assert not set(between) & (NAMES | set(corpus.PRONOUNS))
        # each subject's gender is its name's, also when no pronoun follows it
        assert len(e.genders) == len(e.subjects)
        assert [int(e.tokens[s] in corpus.FEMALE_TRAIN) for s in e.subjects] == list(e.genders)
        # the story ends with the pronoun sentence of its last subject
        last = max(e.targets)
        assert last > max(e.subjects) and e.tokens[-1] == "." and e.tokens[last + 1] in corpus.PRONOUNS


def test_subjects_also_change_back_to_back():
    stories = corpus.make_examples(200, corpus.MALE_TRAIN, corpus.FEMALE_TRAIN, [0], seed=5)
    back_to_back = sum(
        1 for e in stories for a, b in zip(e.subjects, e.subjects[1:]) if not any(a < t < b for t in e.targets)
    )
    assert back_to_back > 50
    with_pronoun = corpus.make_examples(50, corpus.MALE_TRAIN, corpus.FEMALE_TRAIN, [0], seed=5, pronoun_rate=1.0)
    assert all(len(e.targets) == len(e.subjects) for e in with_pronoun)


def test_deterministic_and_embedding_geometry():
    a = corpus.make_examples(30, corpus.MALE_TRAIN, corpus.FEMALE_TRAIN, [2], seed=9)
    assert a == corpus.make_examples(30, corpus.MALE_TRAIN, corpus.FEMALE_TRAIN, [2], seed=9)
    e = corpus.make_embedding(dim=8, seed=0)
    assert abs(e.name_direction @ e.gender_direction) < 1e-12
    he = np.mean([e.vectors[n] @ e.gender_direction for n in corpus.MALE_HELD_OUT])
    she = np.mean([e.vectors[n] @ e.gender_direction for n in corpus.FEMALE_HELD_OUT])
    assert he > 0.5 > -0.5 > she


def test_bad_requests():
    with pytest.raises(ValueError, match="n must be >= 1, got 0"):
        corpus.make_examples(0, corpus.MALE_TRAIN, corpus.FEMALE_TRAIN, [1], seed=0)
    with pytest.raises(ValueError, match="n must be an int, got str '3'"):
        corpus.make_examples("3", corpus.MALE_TRAIN, corpus.FEMALE_TRAIN, [1], seed=0)
    with pytest.raises(ValueError, match="need names of both genders"):
        corpus.make_examples(3, (), corpus.FEMALE_TRAIN, [1], seed=0)
    with pytest.raises(ValueError, match="dim must be >= 2"):
        corpus.make_embedding(dim=1)
    with pytest.raises(ValueError, match=r"unknown tokens \['Zed'\]"):
        corpus.make_embedding().encode(["Zed", "is"])
    with pytest.raises(ValueError, match="examples is empty"):
        corpus.sequences([], corpus.make_embedding())
    with pytest.raises(ValueError, match=r"examples must hold corpus.Example, got \['str'\]"):
        corpus.sequences(["John is a doctor ."], corpus.make_embedding())
    with pytest.raises(ValueError, match="embedding must be a corpus.Embedding, got dict"):
        corpus.sequences(corpus.make_examples(1, corpus.MALE_TRAIN, corpus.FEMALE_TRAIN, [1], seed=0), {})
    with pytest.raises(ValueError, match="tokens must be a list of str tokens, got str"):
        corpus.make_embedding().encode("John is")
    with pytest.raises(ValueError, match="seed must be >= 0, got -1"):
        corpus.make_embedding(seed=-1)
    with pytest.raises(ValueError, match="noise must be >= 0, got -0.1"):
        corpus.make_embedding(noise=-0.1)


def test_sequences_are_the_stories_encoded_with_their_pronouns():
    embedding = corpus.make_embedding(dim=5, seed=2)
    stories = corpus.make_examples(4, corpus.MALE_TRAIN, corpus.FEMALE_TRAIN, [1, 3], seed=6)
    for story, seq in zip(stories, corpus.sequences(stories, embedding), strict=True):
        assert isinstance(seq, Sequence) and seq.targets == story.targets
        np.testing.assert_array_equal(seq.xs, [embedding.vectors[t] for t in story.tokens])
        assert seq.xs.shape == (len(story.tokens), embedding.dim)
