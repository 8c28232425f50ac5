"""A synthetic corpus for learning to carry a subject's gender.

Each example is a short story of two or three sentences. Every sentence opens
with a named subject and may put a distractor (a relative clause, adjectives,
other nouns) between the subject and its verb phrase. A sentence that starts
with the pronoun to predict follows some subject sentences (with probability
``pronoun_rate``) and always the last one:

    Mary , who ate already , is a teacher . she is kind . John is a doctor . he …

The model predicts the pronoun at the token before it (the period). Words come
in as fixed embeddings, as from a pretrained model: every name lies near a
shared "name" direction, shifted along a "gender" direction (+ male, − female),
plus noise; other words are random. Held-out names are new points from the same
clusters, so a model that learned to read the directions can handle them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from lstm_calc import _check
from lstm_calc.train import Sequence

MALE_TRAIN = ("John", "James", "Peter", "Paul", "David", "Mark", "Tom", "Luke", "Adam", "Simon", "Carl", "Eric")
FEMALE_TRAIN = ("Mary", "Anna", "Lisa", "Sarah", "Emma", "Kate", "Julia", "Laura", "Helen", "Rose", "Clara", "Nina")
MALE_HELD_OUT = ("Oliver", "Henry", "Frank", "Victor", "Hugo")
FEMALE_HELD_OUT = ("Sophie", "Grace", "Alice", "Irene", "Vera")
PROFESSIONS = ("doctor", "teacher", "pilot", "nurse", "lawyer", "farmer", "singer", "writer", "baker", "judge")
PREDICATES = (("is", "kind"), ("is", "tired"), ("was", "late"), ("likes", "tea"), ("said", "yes"), ("smiled",))
# Distractors, by kind; a distractor of length k is built from these pieces.
CLAUSES = ((",", "which", "ate", "already", ","), (",", "who", "lives", "here", ","), (",", "who", "ate", ","))
ADJECTIVES = ("very", "tall", "young", "old", "quiet", "happy")
NOUN_PHRASES = (("with", "the", "dog"), ("near", "a", "car"), ("and", "the", "cat"), ("from", "the", "city"))
PRONOUNS = ("he", "she")
FUNCTION_WORDS = ("is", "a", "an", ".")


@dataclass(frozen=True)
class Example:
    """One story. ``targets`` maps a position t to the pronoun (0 = he, 1 = she)
    that follows token t; ``subjects`` are the positions of the names and
    ``genders`` their genders (0 = he, 1 = she), one per subject, also for a
    subject no pronoun follows; ``gaps[t]`` is the number of distractor tokens
    in the sentence of target t."""

    tokens: tuple[str, ...]
    targets: dict
    subjects: tuple[int, ...]
    gaps: dict
    genders: tuple[int, ...]

    def __post_init__(self):
        T = len(_check.texts("tokens", self.tokens))
        for name in ("targets", "gaps"):
            for t, v in _check.mapping(name, getattr(self, name)).items():
                _check.integer(f"{name}' position", t, low=0, high=T)
                _check.integer(f"{name}[{t}]", v, low=0, high=2 if name == "targets" else None)
        subjects = _check.integers("subjects", self.subjects, low=0, high=T)
        genders = _check.integers("genders", self.genders, low=0, high=2)
        if len(genders) != len(subjects):
            raise ValueError(f"genders must hold one gender per subject ({len(subjects)}), got {len(genders)}")


@dataclass(frozen=True)
class Embedding:
    """Fixed word vectors (dim,) and the two directions the names were drawn along."""

    vectors: dict
    name_direction: np.ndarray
    gender_direction: np.ndarray

    def __post_init__(self):
        dim = _check.array("name_direction", self.name_direction, ("dim",)).shape[0]
        _check.vector("gender_direction", self.gender_direction, dim)
        if not _check.mapping("vectors", self.vectors):
            raise ValueError("vectors is empty: got {}; it must map words to vectors")
        for word, v in self.vectors.items():
            _check.text("vectors' word", word)
            _check.vector(f"vectors[{word!r}]", v, dim)

    @property
    def dim(self) -> int:
        return self.name_direction.shape[0]

    def encode(self, tokens) -> np.ndarray:
        """xs (T, dim) for ``tokens``; unknown tokens are refused with the known ones listed."""
        if isinstance(tokens, (str, dict)) or not hasattr(tokens, "__iter__"):
            raise ValueError(f"tokens must be a list of str tokens, got {type(tokens).__name__} {tokens!r}")
        tokens = list(tokens)
        if not tokens:
            raise ValueError("tokens is empty: shape (0,); a sentence needs at least one token")
        unknown = sorted({repr(t) for t in tokens if not isinstance(t, str) or t not in self.vectors})
        if unknown:
            raise ValueError(
                f"tokens contains unknown tokens [{', '.join(unknown)}]; known tokens are {sorted(self.vectors)}"
            )
        return np.array([self.vectors[t] for t in tokens])


def vocabulary() -> list[str]:
    words = set(PROFESSIONS) | set(ADJECTIVES) | set(PRONOUNS) | set(FUNCTION_WORDS)
    words |= {w for p in PREDICATES for w in p} | {w for c in CLAUSES for w in c} | {w for n in NOUN_PHRASES for w in n}
    return sorted(words)


def make_embedding(dim: int = 8, seed: int = 0, gender_strength: float = 1.0, noise: float = 0.3) -> Embedding:
    """Random word vectors; names = name direction ± gender_strength × gender direction + noise."""
    dim = _check.integer("dim", dim, low=2)
    seed = _check.integer("seed", seed, low=0)
    gender_strength = _check.real("gender_strength", gender_strength)
    noise = _check.real("noise", noise, at_least=0.0)
    rng = np.random.default_rng(seed)
    q, _ = np.linalg.qr(rng.standard_normal((dim, 2)))
    name_dir, gender_dir = q[:, 0], q[:, 1]  # orthonormal
    vectors = {w: rng.standard_normal(dim) / np.sqrt(dim) for w in vocabulary()}
    for names, sign in ((MALE_TRAIN + MALE_HELD_OUT, 1.0), (FEMALE_TRAIN + FEMALE_HELD_OUT, -1.0)):
        for name in names:
            vectors[name] = (
                name_dir + sign * gender_strength * gender_dir + noise * rng.standard_normal(dim) / np.sqrt(dim)
            )
    return Embedding(vectors=vectors, name_direction=name_dir, gender_direction=gender_dir)


def distractor(rng, length: int) -> list[str]:
    """Exactly ``length`` genderless tokens: clauses, noun phrases and adjectives."""
    _check.instance("rng", rng, np.random.Generator, "a numpy.random.Generator")
    length = _check.integer("length", length, low=0)
    out: list[str] = []
    while len(out) < length:
        room = length - len(out)
        pieces = [p for p in CLAUSES + NOUN_PHRASES if len(p) <= room]
        if pieces and rng.random() < 0.7:
            out += list(pieces[rng.integers(len(pieces))])
        else:
            out.append(ADJECTIVES[rng.integers(len(ADJECTIVES))])
    return out


def make_examples(n: int, male, female, gaps, seed: int, sentences=(2, 3), pronoun_rate: float = 0.5) -> list[Example]:
    """``n`` stories whose subjects come from ``male``/``female`` and whose
    distractors have a length drawn from ``gaps``.

    A pronoun sentence follows a subject sentence with probability
    ``pronoun_rate``, and always follows the last one; so subjects also change
    back to back, as in "John is a doctor . Mary is a teacher .", with no
    pronoun in between to give the new gender away.
    """
    n = _check.integer("n", n, low=1)
    seed = _check.integer("seed", seed, low=0)
    male, female = _check.texts("male", male, empty=True), _check.texts("female", female, empty=True)
    gaps = _check.items("gaps", gaps, empty=True)
    if not male or not female or not gaps:
        raise ValueError(
            f"need names of both genders and some gap lengths, got {len(male)} male, "
            f"{len(female)} female names and gaps {gaps}"
        )
    gaps = _check.integers("gaps", gaps, low=0)
    sentences = _check.integers("sentences", sentences, low=1)
    if len(sentences) != 2 or sentences[0] > sentences[1]:
        raise ValueError(f"sentences must be (fewest, most) sentences per story, got {sentences}")
    pronoun_rate = _check.fraction("pronoun_rate", pronoun_rate)
    rng = np.random.default_rng(seed)
    examples = []
    for _ in range(n):
        tokens, targets, subjects, genders, gap_of = [], {}, [], [], {}
        count = rng.integers(sentences[0], sentences[1] + 1)
        for k in range(count):
            she = int(rng.integers(2))
            names = female if she else male
            subjects.append(len(tokens))
            genders.append(she)
            tokens.append(names[rng.integers(len(names))])
            gap = int(gaps[rng.integers(len(gaps))])
            tokens += distractor(rng, gap)
            profession = PROFESSIONS[rng.integers(len(PROFESSIONS))]
            tokens += ["is", "an" if profession[0] in "aeiou" else "a", profession, "."]
            if k == count - 1 or rng.random() < pronoun_rate:
                targets[len(tokens) - 1] = she  # predict the pronoun after this period
                gap_of[len(tokens) - 1] = gap
                tokens += [PRONOUNS[she], *PREDICATES[rng.integers(len(PREDICATES))], "."]
        examples.append(Example(tuple(tokens), targets, tuple(subjects), gap_of, tuple(genders)))
    return examples


def sequences(examples, embedding: Embedding) -> list[Sequence]:
    """The examples as the library's training sequences: their tokens encoded,
    their pronouns as targets (0 = he, 1 = she)."""
    examples = _check.items("examples", examples, empty=True)
    if not examples:
        raise ValueError("examples is empty: there is nothing to encode")
    if not all(isinstance(e, Example) for e in examples):
        raise ValueError(f"examples must hold corpus.Example, got {sorted({type(e).__name__ for e in examples})}")
    if not isinstance(embedding, Embedding):
        raise ValueError(f"embedding must be a corpus.Embedding, got {type(embedding).__name__}")
    return [Sequence(embedding.encode(e.tokens), dict(e.targets)) for e in examples]
