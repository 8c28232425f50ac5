"""The hand-set weights of the book's worked example, in one place.

The example comes from colah's "Understanding LSTM Networks" (2015), which
describes a language model that must forget the old subject's gender when a
new subject appears; the weights are set by hand so that a 3-unit LSTM does
exactly that on "John is a doctor. Mary is a teacher." (the weights of unit 3
are those of the "LSTM Gender Prediction" post). Unit 3 carries the subject's
gender: positive for "he", negative for "she". Unit 1 carries a fact that a new
subject must not erase: the text is about occupations, written at a profession
noun. Unit 2 is idle. At "Mary" the same input clears unit 3 and keeps unit 1.
Edit a number here and every table, chart and glued sentence of the book
follows at the next ``make html``.

This module needs numpy and ``lstm_calc`` only.
"""

from __future__ import annotations

import numpy as np

from lstm_calc import CIFGParams, GRUParams, LSTMParams, PeepholeParams, Trace, _check, run, with_peepholes

from .text import tokenize

SENTENCE = "John is a doctor. Mary is a teacher."

# The input x_t = [x1, x2, x3, x4] says whether the token starts a new subject
# and, if so, its gender, and whether it names a profession. Every other token
# is the zero vector. Recognising "a new subject" or "a profession" is handed to
# the input here; the learning chapter shows a network that learns to recognise
# a subject from word vectors.
FEATURES = ("new subject", "male", "female", "profession")
EMBEDDING = {
    "John": (1.0, 1.0, 0.0, 0.0),  # a new subject, male
    "Mary": (1.0, 0.0, 1.0, 0.0),  # a new subject, female
    "doctor": (0.0, 0.0, 0.0, 1.0),  # a profession
    "teacher": (0.0, 0.0, 0.0, 1.0),  # a profession
    **{tok: (0.0, 0.0, 0.0, 0.0) for tok in ("is", "a", ".")},
}
PROFESSION = FEATURES.index("profession")  # 0-based index of x4 among the inputs

# -- The reader's sentences: the names and professions the hand-set model knows ------
# The live explorable reads any sentence with these word vectors. Every name below
# is a new subject with John's vector (male) or Mary's (female); every profession
# has doctor's vector. Every other token, a name not listed here included, is the
# zero vector, as "is", "a" and "." are in the worked example. The lists hold every
# name and profession of the learning chapter's corpus, so one sentence can be
# read by both models.
MALE_NAMES = tuple(
    "John James Peter Paul David Mark Tom Luke Adam Simon Carl Eric "
    "Oliver Henry Frank Victor Hugo Robert Michael George Daniel Samuel Thomas William".split()
)
FEMALE_NAMES = tuple(
    "Mary Anna Lisa Sarah Emma Kate Julia Laura Helen Rose Clara Nina "
    "Sophie Grace Alice Irene Vera Susan Linda Jane Lucy Olivia Hannah Emily".split()
)
PROFESSIONS = ("doctor", "teacher", "pilot", "nurse", "lawyer", "farmer", "singer", "writer", "baker", "judge")
READER_EMBEDDING = {
    **EMBEDDING,
    **dict.fromkeys(MALE_NAMES, EMBEDDING["John"]),
    **dict.fromkeys(FEMALE_NAMES, EMBEDDING["Mary"]),
    **dict.fromkeys(PROFESSIONS, EMBEDDING["doctor"]),
}

N_H = 3
GENDER_UNIT = 2  # 0-based index of unit 3, the gender unit
TOPIC_UNIT = 0  # 0-based index of unit 1, the topic unit
IDLE_UNIT = 1  # 0-based index of unit 2, which has no weights

# The gender unit's weights on x1, x2, x3 (its weights on h_{t-1} and on x4 are zero).
W_F_X = (-5.0, 0.0, 0.0)  # a new subject pulls the forget gate towards 0: erase the old gender
W_I_X = (5.0, 0.0, 0.0)  # a new subject opens the input gate: write the new gender
W_G_X = (0.0, 5.0, -5.0)  # the candidate: male writes a positive value, female a negative one
W_O_X = (0.0, 0.0, 0.0)  # the output gate ignores the input and relies on its bias

# The topic unit's weights on x4, "profession" (all its other weights are zero).
# Its forget gate reads nothing, so it keeps its memory at every token, a new
# subject included: a new subject changes who the text is about, not its topic.
TOPIC_W_F = 0.0  # no input erases the topic: the forget gate sits at sigma(B_F)
TOPIC_W_I = 5.0  # a profession noun opens the input gate, as a new subject opens unit 3's
TOPIC_W_G = 5.0  # the candidate: a profession writes a positive value, "about occupations"
TOPIC_W_O = 0.0  # the output gate relies on its bias, as unit 3's does

# Biases of every unit (unit 2 has no weights, only these biases).
B_F = 3.0  # keep the cell by default: the forget gate sits near 1
B_I = -2.0  # write little by default: the input gate sits near 0
B_G = 0.0  # no default candidate
B_O = 20.0  # always show the cell: the output gate is within 3e-9 of 1


def gender_params(scale: float = 1.0) -> LSTMParams:
    """The worked example's weights, every weight and bias multiplied by ``scale``."""
    if isinstance(scale, bool) or not isinstance(scale, (int, float)) or not np.isfinite(scale):
        raise ValueError(f"scale must be a finite number, got {scale!r}")
    n_in = len(FEATURES)
    params = {}
    rows = {
        "f": (W_F_X, TOPIC_W_F, B_F),
        "i": (W_I_X, TOPIC_W_I, B_I),
        "g": (W_G_X, TOPIC_W_G, B_G),
        "o": (W_O_X, TOPIC_W_O, B_O),
    }
    for gate, (gender_row, topic_weight, bias) in rows.items():
        W = np.zeros((N_H, N_H + n_in))  # columns: h1 h2 h3 x1 x2 x3 x4
        W[GENDER_UNIT, N_H : N_H + len(gender_row)] = gender_row
        W[TOPIC_UNIT, N_H + PROFESSION] = topic_weight
        params[f"W_{gate}"] = scale * W
        params[f"b_{gate}"] = scale * np.full(N_H, bias)
    return LSTMParams(**params)


TOKENS = tuple(tokenize(SENTENCE))


def _embedding(embedding) -> dict:
    """``embedding`` checked: a dict of str token -> vector, every vector of one length."""
    embedding = _check.mapping("embedding", embedding)
    if not embedding:
        raise ValueError("embedding is empty: got {}; it must map tokens to input vectors")
    width = None
    for tok, v in embedding.items():
        _check.text("embedding's token", tok)
        v = _check.array(f"embedding[{tok!r}]", v, ("n_in",))
        width = v.shape[0] if width is None else width
        if v.shape[0] != width:
            raise ValueError(f"embedding[{tok!r}] must have the length of the others, {width}, got {v.shape[0]}")
    return embedding


def embed(tokens, embedding=None) -> np.ndarray:
    """Stack the input vectors of ``tokens`` into xs of shape (T, n_in)."""
    embedding = EMBEDDING if embedding is None else _embedding(embedding)
    if isinstance(tokens, str) or not hasattr(tokens, "__iter__") or isinstance(tokens, dict):
        raise ValueError(f"tokens must be a list of str tokens, got {type(tokens).__name__} {tokens!r}")
    tokens = list(tokens)
    if not tokens:
        raise ValueError("tokens is empty: shape (0,); a sentence needs at least one token")
    unknown = sorted({repr(tok) for tok in tokens if not isinstance(tok, str) or tok not in embedding})
    if unknown:
        raise ValueError(f"tokens contains unknown tokens [{', '.join(unknown)}]; known tokens are {sorted(embedding)}")
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
    if isinstance(h_gender, bool) or not isinstance(h_gender, (int, float, np.floating, np.integer)):
        raise ValueError(f"h_gender must be a number, got {type(h_gender).__name__} {h_gender!r}")
    h_gender = float(h_gender)
    if not np.isfinite(h_gender):
        raise ValueError(f"h_gender must be finite, got {h_gender}")
    return "he" if h_gender > 0 else "she" if h_gender < 0 else "–"


# -- A second use of the same machinery: subject number decides the verb ------------
# The example of a forum question ("The cat, which ate already, was full."):
# after "The cat(s), which ate already," the verb must agree with the subject.
# The features are now [new subject, singular, plural, profession], and the
# very same weights carry the number instead of the gender: positive means
# "was", negative "were". No token names a profession, so x4 is 0 throughout.
NUMBER_SENTENCE = "The cat, which ate already, was full. The cats, which ate already, were full."
NUMBER_FEATURES = ("new subject", "singular", "plural", "profession")
NUMBER_EMBEDDING = {
    "cat": (1.0, 1.0, 0.0, 0.0),  # a new subject, singular
    "cats": (1.0, 0.0, 1.0, 0.0),  # a new subject, plural
    **{tok: (0.0, 0.0, 0.0, 0.0) for tok in ("The", ",", "which", "ate", "already", "was", "were", "full", ".")},
}


def number_trace(sentence: str = NUMBER_SENTENCE) -> Trace:
    """The number example: ``sentence`` through ``gender_params()``, reading number."""
    tokens = tokenize(sentence)
    return run(gender_params(), embed(tokens, NUMBER_EMBEDDING), tokens=tokens)


def verb(h_number: float) -> str:
    """The readout of the number unit: "was" when h > 0, "were" when h < 0."""
    h_number = _check.real("h_number", h_number)
    return {"he": "was", "she": "were"}.get(pronoun(h_number), "–")


# -- The variants chapter: each variant carries the gender in unit 3 --------------
# (The peephole LSTM and the CIFG are built from gender_params, so they have the
# topic unit too; the GRU is built row by row and carries the gender only.)
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
GRU_W_N_X = W_G_X
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
    W_u[GENDER_UNIT, N_H : N_H + len(GRU_W_U_X)] = GRU_W_U_X
    W_n[GENDER_UNIT, N_H : N_H + len(GRU_W_N_X)] = GRU_W_N_X
    zero = np.zeros(N_H)
    return GRUParams(
        W_r=np.zeros_like(W_u), W_u=W_u, W_n=W_n, b_r=zero, b_u=np.full(N_H, GRU_B_U), b_in=zero, b_hn=zero
    )


VARIANTS = {"LSTM": gender_params, "peephole LSTM": peephole_params, "CIFG": cifg_params, "GRU": gru_params}


def variant_traces(sentence: str = SENTENCE) -> dict[str, Trace]:
    """``sentence`` through every variant of ``VARIANTS``."""
    tokens = tokenize(sentence)
    xs = embed(tokens)
    return {name: run(make(), xs, tokens=tokens) for name, make in VARIANTS.items()}
