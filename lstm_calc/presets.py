"""The hand-set weights of the book's worked example (seed 000), in one place.

A 3-unit LSTM reads "John is a doctor. Mary is a teacher." Units 1 and 2 are
idle; unit 3 carries the subject's gender: positive for "he", negative for
"she". Edit a number here and every table, chart and glued sentence of the
book follows at the next ``make html``.
"""

from __future__ import annotations

import numpy as np

from .params import LSTMParams
from .text import tokenize
from .trace import Trace, run
from .variants import CIFGParams, GRUParams, PeepholeParams, with_peepholes
from . import corpus
from .train import TrainConfig

SENTENCE = "John is a doctor. Mary is a teacher."

# The input x_t = [x1, x2, x3] says whether the token starts a new subject
# and, if so, its gender. Every other token is the zero vector.
FEATURES = ("new subject", "male", "female")
EMBEDDING = {
    "John": (1.0, 1.0, 0.0),  # a new subject, male
    "Mary": (1.0, 0.0, 1.0),  # a new subject, female
    **{tok: (0.0, 0.0, 0.0) for tok in ("is", "a", "doctor", "teacher", ".")},
}

N_H = 3
GENDER_UNIT = 2  # 0-based index of unit 3, the gender slot

# The gender unit's weights on x1, x2, x3 (its weights on h_{t-1} are zero).
W_F_X = (-5.0, 0.0, 0.0)  # a new subject pulls the forget gate towards 0: erase the old gender
W_I_X = (5.0, 0.0, 0.0)  # a new subject opens the input gate: write the new gender
W_C_X = (0.0, 5.0, -5.0)  # the candidate: male writes a positive value, female a negative one
W_O_X = (0.0, 0.0, 0.0)  # the output gate ignores the input and relies on its bias

# Biases of every unit (units 1 and 2 have no weights, only these biases).
B_F = 3.0  # keep the cell by default: the forget gate sits near 1
B_I = -2.0  # write little by default: the input gate sits near 0
B_C = 0.0  # no default candidate
B_O = 20.0  # always show the cell: the output gate is 1 to machine precision


def gender_params(scale: float = 1.0) -> LSTMParams:
    """The worked example's weights, every weight and bias multiplied by ``scale``."""
    n_in = len(FEATURES)
    params = {}
    for gate, row, bias in (("f", W_F_X, B_F), ("i", W_I_X, B_I), ("c", W_C_X, B_C), ("o", W_O_X, B_O)):
        W = np.zeros((N_H, N_H + n_in))  # columns: h1 h2 h3 x1 x2 x3
        W[GENDER_UNIT, N_H:] = row
        params[f"W_{gate}"] = scale * W
        params[f"b_{gate}"] = scale * np.full(N_H, bias)
    return LSTMParams(**params)


TOKENS = tuple(tokenize(SENTENCE))


def embed(tokens, embedding=None) -> np.ndarray:
    """Stack the input vectors of ``tokens`` into xs of shape (T, n_in)."""
    embedding = EMBEDDING if embedding is None else embedding
    tokens = list(tokens)
    if not tokens:
        raise ValueError("tokens is empty: shape (0,); a sentence needs at least one token")
    unknown = sorted({str(tok) for tok in tokens if tok not in embedding})
    if unknown:
        raise ValueError(f"tokens contains unknown tokens {unknown}; known tokens are {sorted(embedding)}")
    return np.array([embedding[tok] for tok in tokens], dtype=np.float64)


def gender_trace(sentence: str = SENTENCE, scale: float = 1.0) -> Trace:
    """The worked example: ``sentence`` run through ``gender_params(scale)``."""
    tokens = tokenize(sentence)
    return run(gender_params(scale), embed(tokens), tokens=tokens)


def pronoun(h_gender: float) -> str:
    """The readout: "he" when the gender unit's h is positive, "she" when negative.

    h lies in (-1, 1), so the sign is the decision; at exactly 0 (before any
    subject) there is nothing to say and the answer is "–".
    """
    h_gender = float(h_gender)
    if not np.isfinite(h_gender):
        raise ValueError(f"h_gender must be finite, got {h_gender}")
    return "he" if h_gender > 0 else "she" if h_gender < 0 else "–"


# -- A second use of the same machinery: subject number decides the verb ------------
# Seed 003's language model: after "The cat(s), which ate already," the next
# verb must agree with the subject. The features are now [new subject,
# singular, plural], and the very same weights carry the number instead of the
# gender: positive means "was", negative "were".
NUMBER_SENTENCE = "The cat, which ate already, was full. The cats, which ate already, were full."
NUMBER_FEATURES = ("new subject", "singular", "plural")
NUMBER_EMBEDDING = {
    "cat": (1.0, 1.0, 0.0),  # a new subject, singular
    "cats": (1.0, 0.0, 1.0),  # a new subject, plural
    **{tok: (0.0, 0.0, 0.0) for tok in ("The", ",", "which", "ate", "already", "was", "were", "full", ".")},
}


def number_trace(sentence: str = NUMBER_SENTENCE) -> Trace:
    """The number example: ``sentence`` through ``gender_params()``, reading number."""
    tokens = tokenize(sentence)
    return run(gender_params(), embed(tokens, NUMBER_EMBEDDING), tokens=tokens)


def verb(h_number: float) -> str:
    """The readout of the number unit: "was" when h > 0, "were" when h < 0."""
    return {"he": "was", "she": "were"}.get(pronoun(h_number), "–")


# -- The variants chapter: each variant carries the gender in unit 3 --------------
# Peephole weights on unit 3 (units 1 and 2 get none). +1 on p_f and p_i is
# small enough that every readout stays right and large enough to see the
# gates read the cell; p_o stays 0 because the output gate is held open by its
# bias anyway.
PEEPHOLE_P_F = 1.0
PEEPHOLE_P_I = 1.0
PEEPHOLE_P_O = 0.0
# The GRU's update gate u plays the forget gate's part, so it gets the forget
# gate's weight and bias; its candidate n gets the LSTM candidate's. The reset
# gate has nothing to reset (W_n's hidden columns are 0), so it keeps weight 0.
GRU_W_U_X = W_F_X
GRU_W_N_X = W_C_X
GRU_B_U = B_F


def peephole_params() -> PeepholeParams:
    """The worked example's LSTM with peepholes on unit 3."""
    unit3 = np.eye(N_H)[GENDER_UNIT]
    return with_peepholes(gender_params(), PEEPHOLE_P_F * unit3, PEEPHOLE_P_I * unit3, PEEPHOLE_P_O * unit3)


def cifg_params() -> CIFGParams:
    """The worked example's LSTM with its input gate replaced by 1 - f."""
    return CIFGParams.from_lstm(gender_params())


def gru_params() -> GRUParams:
    """A GRU with the LSTM's forget row as its update gate and its candidate row as n."""
    n_in = len(FEATURES)
    W_u, W_n = np.zeros((N_H, N_H + n_in)), np.zeros((N_H, N_H + n_in))
    W_u[GENDER_UNIT, N_H:], W_n[GENDER_UNIT, N_H:] = GRU_W_U_X, GRU_W_N_X
    zero = np.zeros(N_H)
    return GRUParams(W_r=np.zeros_like(W_u), W_u=W_u, W_n=W_n, b_r=zero, b_u=np.full(N_H, GRU_B_U), b_in=zero, b_hn=zero)


VARIANTS = {"LSTM": gender_params, "peephole LSTM": peephole_params, "CIFG": cifg_params, "GRU": gru_params}


def variant_traces(sentence: str = SENTENCE) -> dict[str, Trace]:
    """``sentence`` through every variant of ``VARIANTS``."""
    tokens = tokenize(sentence)
    xs = embed(tokens)
    return {name: run(make(), xs, tokens=tokens) for name, make in VARIANTS.items()}


# -- The learning chapter: what is trained, on what, and how it is tested ----------
EMBEDDING_SEED = 0
TRAIN_STORIES, TRAIN_GAPS, TRAIN_SEED = 2000, range(0, 7), 1  # distractors of 0..6 tokens
TEST_STORIES, TEST_GAPS, TEST_SEED = 500, range(0, 16), 2  # held-out names, distractors up to 15
TRAIN_CONFIG = TrainConfig(n_h=8, steps=800, batch_size=32, lr=0.03, seed=0)
PRONOUN_RATE = 0.5  # how often a pronoun sentence follows a subject sentence (always after the last)


def learning_setup(pronoun_rate: float = PRONOUN_RATE):
    """The embedding, the training stories and the held-out test stories."""
    embedding = corpus.make_embedding(dim=8, seed=EMBEDDING_SEED)
    train = corpus.make_examples(TRAIN_STORIES, corpus.MALE_TRAIN, corpus.FEMALE_TRAIN, TRAIN_GAPS, TRAIN_SEED,
                                 pronoun_rate=pronoun_rate)
    test = corpus.make_examples(TEST_STORIES, corpus.MALE_HELD_OUT, corpus.FEMALE_HELD_OUT, TEST_GAPS, TEST_SEED)
    return embedding, train, test

