"""Looking inside a trained model: which unit carries the gender, how its
forget gate behaves at subjects, how saturated the gates are (Karpathy, Johnson
& Fei-Fei 2015, "Visualizing and Understanding Recurrent Networks"), and what its
weights read."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from lstm_calc import GATES, LSTMParams, _check, sigmoid
from lstm_calc.bptt import Model, forward
from lstm_calc.train import batch

from . import handset
from .corpus import Embedding, Example, make_examples, sequences
from .learning import accuracy, predictions
from .tables import unit_names
from .text import tokenize


@dataclass(frozen=True)
class States:
    """Per-token states of many stories, flattened to one row per token.

    ``gender`` is the current subject's gender (0 he, 1 she, -1 before the
    first subject); ``is_subject`` marks the names; ``story`` and ``t`` say
    where each row comes from. The gates, c and h are (N, n_h).
    """

    tokens: np.ndarray
    story: np.ndarray
    t: np.ndarray
    gender: np.ndarray
    is_subject: np.ndarray
    f: np.ndarray
    i: np.ndarray
    o: np.ndarray
    c: np.ndarray
    h: np.ndarray


def _model(model) -> Model:
    return _check.instance("model", model, Model, "a bptt.Model")


def _embedding(embedding) -> Embedding:
    return _check.instance("embedding", embedding, Embedding, "a corpus.Embedding")


def _states(s) -> States:
    return _check.instance("s", s, States, "analysis.States (what states returns)")


def _examples(examples) -> list[Example]:
    """``examples``, a non-empty list of ``corpus.Example``, checked whole before any is run."""
    examples = _check.items("examples", examples)
    if not all(isinstance(e, Example) for e in examples):
        raise ValueError(f"examples must hold corpus.Example, got {sorted({type(e).__name__ for e in examples})}")
    return examples


def _known(name: str, words, embedding: Embedding) -> list[str]:
    """``words``, a non-empty list of str every one of which ``embedding`` knows."""
    words = _check.texts(name, words)
    unknown = sorted({w for w in words if w not in embedding.vectors})
    if unknown:
        raise ValueError(f"{name} must be words of the embedding, got unknown words {unknown}")
    return words


def states(model: Model, examples, embedding: Embedding) -> States:
    """``model``'s gates, cells and hidden states at every token of ``examples``,
    one row per token, with the gender of the latest subject: the gender of its
    name (``Example.genders``), also when no pronoun follows that subject."""
    _model(model), _embedding(embedding)
    examples = _examples(examples)
    rows = {k: [] for k in States.__dataclass_fields__}
    for start in range(0, len(examples), 256):
        chunk = list(examples[start : start + 256])
        fwd = forward(model, batch(sequences(chunk, embedding)).xs)
        for b, e in enumerate(chunk):
            T = len(e.tokens)
            gender, current = [], -1
            subjects = dict(zip(e.subjects, e.genders, strict=True))
            for t in range(len(e.tokens)):
                current = subjects.get(t, current)  # the latest subject's gender, from its name
                gender.append(current)
            rows["tokens"] += list(e.tokens)
            rows["story"] += [start + b] * T
            rows["t"] += list(range(T))
            rows["gender"] += gender
            rows["is_subject"] += [t in subjects for t in range(T)]
            for k in ("f", "i", "o", "c", "h"):
                rows[k].append(getattr(fwd, k)[:T, b])
    return States(
        **{
            k: np.array(v) if k in ("tokens", "story", "t", "gender", "is_subject") else np.concatenate(v)
            for k, v in rows.items()
        }
    )


def separation(s: States) -> pd.DataFrame:
    """For every unit, how well the sign of its cell tells "he" from "she"
    at the tokens after a subject: mean C for each gender, d' (the gap in
    pooled standard deviations) and the accuracy of the better sign rule."""
    known = _states(s).gender >= 0
    he, she = s.c[known & (s.gender == 0)], s.c[known & (s.gender == 1)]
    pooled = np.sqrt((he.var(axis=0) + she.var(axis=0)) / 2)
    d = (he.mean(axis=0) - she.mean(axis=0)) / pooled
    orient = np.where(d >= 0, 1.0, -1.0)  # +1: "he" is positive
    correct = np.concatenate([orient * he > 0, orient * she < 0]).mean(axis=0)
    return pd.DataFrame(
        {
            "mean C (he)": he.mean(axis=0),
            "mean C (she)": she.mean(axis=0),
            "d'": np.abs(d),
            "sign accuracy": correct,
            "orientation": orient,
        },
        index=pd.Index(unit_names(s.c.shape[1]), name="unit"),
    )


def gender_unit(s: States) -> int:
    """The unit (0-based) whose cell separates the genders best (largest d')."""
    return int(np.argmax(separation(_states(s))["d'"].to_numpy()))


def forget_at_subjects(s: States, unit: int) -> pd.DataFrame:
    """The unit's mean forget and input gates at subject tokens (all of them, then
    the names of a "he" subject and of a "she" subject) against every other token;
    ``tokens`` counts the rows averaged (an int)."""
    unit = _check.integer("unit", unit, low=0, high=_states(s).f.shape[1])
    where = {
        "subject tokens": s.is_subject,
        "subject tokens, he": s.is_subject & (s.gender == 0),
        "subject tokens, she": s.is_subject & (s.gender == 1),
        "all other tokens": ~s.is_subject,
    }
    rows = {
        label: {"mean f": float(s.f[w, unit].mean()), "mean i": float(s.i[w, unit].mean()), "tokens": int(w.sum())}
        for label, w in where.items()
    }
    return pd.DataFrame.from_dict(rows, orient="index").rename_axis(f"unit {unit + 1}")


# Karpathy, Johnson & Fei-Fei (2015): a gate below SHUT is "left-saturated", above OPEN "right-saturated".
SHUT, OPEN = 0.1, 0.9


def saturation(s: States) -> pd.DataFrame:
    """The fraction of (token, unit) values of each gate below ``SHUT`` and above ``OPEN``."""
    _states(s)
    return pd.DataFrame(
        {
            gate: {f"below {SHUT:g}": float(np.mean(v < SHUT)), f"above {OPEN:g}": float(np.mean(v > OPEN))}
            for gate, v in (("forget f", s.f), ("input i", s.i), ("output o", s.o))
        }
    ).T.rename_axis("gate")


def effective_weights(model: Model, unit: int, embedding: Embedding, orientation: float = 1.0) -> pd.DataFrame:
    """What each gate of ``unit`` reads: its input weights projected on the
    name and gender directions of the embedding, its weight on its own h,
    and its bias.

    ``orientation`` (±1, from ``separation``) rewrites the unit in the terms of
    the hand-set example, where "he" is positive: with h' = orientation·h and
    C̃' = orientation·C̃, a gate (f, i, o) reads h' with orientation·W[unit] and
    the gender as it is; the candidate C̃' reads h' with W[unit] unchanged (both
    sides flip), and its gender reading and bias flip.
    """
    unit = _check.integer("unit", unit, low=0, high=_model(model).lstm.n_h)
    _embedding(embedding)
    orientation = _orientation(orientation)
    p = model.lstm
    n_h = p.n_h
    rows = {}
    for gate, name in zip(GATES, ("forget", "input", "candidate", "output"), strict=True):
        W, b = getattr(p, f"W_{gate}")[unit], getattr(p, f"b_{gate}")[unit]
        out = orientation if gate == "g" else 1.0  # the candidate's own sign is the gender's
        rows[name] = {
            "reads name": out * (W[n_h:] @ embedding.name_direction),
            "reads gender (+ he)": out * (W[n_h:] @ embedding.gender_direction),
            "reads its own h": out * orientation * W[unit],
            "bias": out * b,
        }
    return pd.DataFrame(rows).T.rename_axis("gate")


def _orientation(orientation) -> float:
    orientation = _check.real("orientation", orientation)
    if orientation not in (1.0, -1.0):
        raise ValueError(f"orientation must be 1.0 or -1.0, got {orientation!r}")
    return float(orientation)


def hand_set_readings(params, unit: int, features=handset.FEATURES) -> pd.DataFrame:
    """The hand-set example's weights in the terms of ``effective_weights``:
    ``features`` names its inputs (``handset.FEATURES``), so "reads name" is the
    weight on "new subject" and "reads gender (+ he)" is half the male weight
    minus the female one."""
    if not isinstance(params, LSTMParams):
        raise ValueError(f"params must be LSTMParams, got {type(params).__name__}")
    unit = _check.integer("unit", unit, low=0, high=params.n_h)
    features = _check.texts("features", features)
    missing = [name for name in ("new subject", "male", "female") if name not in features]
    if missing or len(features) != params.n_in:
        raise ValueError(
            f"features must name the {params.n_in} inputs, among them 'new subject', 'male' and 'female', "
            f"got {features}"
        )
    new, male, female = (params.n_h + features.index(name) for name in ("new subject", "male", "female"))
    rows = {}
    for gate, name in zip(GATES, ("forget", "input", "candidate", "output"), strict=True):
        W, b = getattr(params, f"W_{gate}")[unit], getattr(params, f"b_{gate}")[unit]
        rows[name] = {
            "reads name": W[new],
            "reads gender (+ he)": (W[male] - W[female]) / 2,
            "reads its own h": W[unit],
            "bias": b,
        }
    return pd.DataFrame(rows).T.rename_axis("gate")


def accuracy_by_gap(model: Model, embedding: Embedding, gaps, stories: int, seed: int, male, female) -> pd.DataFrame:
    """Accuracy of the pronoun prediction for stories whose distractors all
    have one length, for each length in ``gaps``; ``predictions`` (an int)
    counts the pronouns asked."""
    _model(model), _embedding(embedding)
    gaps = _check.integers("gaps", gaps, low=0)
    stories = _check.integer("stories", stories, low=1)
    seed = _check.integer("seed", seed, low=0)
    male, female = _known("male", male, embedding), _known("female", female, embedding)
    rows = {}
    for gap in gaps:
        records = predictions(model, make_examples(stories, male, female, [gap], seed + int(gap)), embedding)
        rows[int(gap)] = {"accuracy": accuracy(records), "predictions": len(records)}
    return pd.DataFrame.from_dict(rows, orient="index").rename_axis("distractor tokens")


def run_tokens(model: Model, tokens, embedding: Embedding):
    """The model's states over one token sequence: a ``bptt.Forward`` with B = 1."""
    _model(model)
    return forward(model, _embedding(embedding).encode(tokens)[:, None, :])


def unit_cell(model: Model, tokens, embedding: Embedding, unit: int, orientation: float = 1.0) -> np.ndarray:
    """The cell C_t of ``unit`` (0-based) at every token of ``tokens``, (T,);
    ``orientation`` (±1, from ``separation``) makes "he" positive."""
    unit = _check.integer("unit", unit, low=0, high=_model(model).lstm.n_h)
    return _orientation(orientation) * run_tokens(model, tokens, embedding).c[:, 0, unit]


def token_labels(tokens) -> list[str]:
    """Row labels of a table over tokens: "1 · John", "2 · is", … (tokens repeat)."""
    tokens = _check.texts("tokens", tokens)
    return [f"{t + 1} · {tok}" for t, tok in enumerate(tokens)]


def unit_steps(model: Model, tokens, embedding: Embedding, unit: int, orientation: float = 1.0) -> pd.DataFrame:
    """The memory update of ``unit`` at every token: C_{t-1}, f, kept = f·C_{t-1},
    i, the candidate g (C̃), write = i·g and C_t = kept + write, one row per token.

    ``orientation`` (±1) multiplies the signed columns (c_prev, kept, g, write, c)
    so that "he" is positive; f and i are fractions and keep their values.
    """
    unit = _check.integer("unit", unit, low=0, high=_model(model).lstm.n_h)
    sign = _orientation(orientation)
    fwd = run_tokens(model, tokens, embedding)
    f, i = fwd.f[:, 0, unit], fwd.i[:, 0, unit]
    c_prev, g, c = (sign * getattr(fwd, k)[:, 0, unit] for k in ("c_prev", "g", "c"))
    columns = {"c_prev": c_prev, "f": f, "kept": f * c_prev, "i": i, "g": g, "write": i * g, "c": c}
    return pd.DataFrame(columns, index=pd.Index(token_labels(tokens), name="token"))


def gate_contributions(
    model: Model, tokens, embedding: Embedding, unit: int, gate: str, orientation: float = 1.0
) -> pd.DataFrame:
    """Where one gate's pre-activation comes from, at every token: W[unit] · z_t + b
    split into the unit's own h_{t-1} (W[unit, unit]·h_{t-1}[unit]), the other units'
    h_{t-1} (the rest of W[unit, :n_h]·h_{t-1}), their sum ``h``, the input
    (W[unit, n_h:]·x_t) and the bias; ``pre-activation`` is the total and ``value``
    the gate (σ of it; tanh for the candidate g).

    ``orientation`` (±1) flips every column of the candidate g, so that a positive
    C̃ means "he"; the other gates are fractions and are left as they are.
    """
    unit = _check.integer("unit", unit, low=0, high=_model(model).lstm.n_h)
    if not isinstance(gate, str) or gate not in GATES:
        raise ValueError(f"gate must be one of {list(GATES)}, got {gate!r}")
    sign = _orientation(orientation) if gate == "g" else 1.0
    p = model.lstm
    n_h = p.n_h
    W, b = getattr(p, f"W_{gate}")[unit], getattr(p, f"b_{gate}")[unit]
    fwd = run_tokens(model, tokens, embedding)
    z = fwd.z[:, 0, :]  # (T, n_h + n_in): [h_{t-1}; x_t]
    parts = z[:, :n_h] * W[:n_h]  # (T, n_h): what each unit's h_{t-1} adds
    own = parts[:, unit]
    from_h = parts.sum(axis=1)
    from_x = z[:, n_h:] @ W[n_h:]
    total = z @ W + b
    value = np.tanh(total) if gate == "g" else sigmoid(total)
    columns = {
        "own h": own,
        "other units' h": from_h - own,
        "h": from_h,
        "x": from_x,
        "bias": np.full(len(total), b),
        "pre-activation": total,
        "value": value,
    }
    return pd.DataFrame({k: sign * v for k, v in columns.items()}, index=pd.Index(token_labels(tokens), name="token"))


def target_cells(model: Model, examples, embedding: Embedding, unit: int, orientation: float = 1.0) -> pd.DataFrame:
    """One row per pronoun to predict: its label (0 he, 1 she), the model's p("she"),
    whether the prediction is right, and ``unit``'s cell at that token ("he" positive)."""
    unit = _check.integer("unit", unit, low=0, high=_model(model).lstm.n_h)
    sign = _orientation(orientation)
    examples = _examples(examples)
    _embedding(embedding)
    fwd = forward(model, batch(sequences(examples, embedding)).xs)
    rows = [
        {
            "label": int(y),
            "p_she": float(sigmoid(fwd.logits[t, k])),
            "right": bool((fwd.logits[t, k] > 0) == bool(y)),
            "c": float(sign * fwd.c[t, k, unit]),
        }
        for k, e in enumerate(examples)
        for t, y in sorted(e.targets.items())
    ]
    return pd.DataFrame(rows)


def candidate_pull(model: Model, embedding: Embedding, words, unit: int, orientation: float = 1.0) -> pd.Series:
    """What each word adds, as the input x_t, to ``unit``'s candidate pre-activation
    (W_g[unit, n_h:]·x), "he" positive: the word's own pull towards one gender."""
    unit = _check.integer("unit", unit, low=0, high=_model(model).lstm.n_h)
    sign = _orientation(orientation)
    words = _known("words", words, _embedding(embedding))
    xs = embedding.encode(words)
    W = model.lstm.W_g[unit, model.lstm.n_h :]
    return pd.Series(sign * (xs @ W), index=pd.Index(words, name="word"), name="pull on C̃")


def p_she(model: Model, tokens, embedding: Embedding) -> float:
    """The model's probability of "she" after the last token of ``tokens``."""
    return float(sigmoid(run_tokens(model, tokens, embedding).logits[-1, 0]))


def transitions(model: Model, embedding: Embedding, male, female) -> pd.DataFrame:
    """Back-to-back subjects with no pronoun between them: the accuracy of the
    prediction after "A is a doctor . B is a teacher ." over every pair of two
    different names, for each of the four gender changes."""
    _model(model), _embedding(embedding)
    male, female = _known("male", male, embedding), _known("female", female, embedding)
    for name, names in (("male", male), ("female", female)):
        if len(set(names)) < 2:  # "he → he" needs two different names
            raise ValueError(f"{name} must hold at least two different names, got {names}")
    rows = {}
    for first, second, label in (
        (male, female, "he → she"),
        (female, male, "she → he"),
        (male, male, "he → he"),
        (female, female, "she → she"),
    ):
        right = []
        for a in first:
            for b in second:
                if a == b:
                    continue  # the same name twice is no change of subject
                logit = run_tokens(model, tokenize(f"{a} is a doctor . {b} is a teacher ."), embedding).logits[-1, 0]
                right.append((logit > 0) == (second is female))
        rows[label] = {"accuracy": float(np.mean(right)), "pairs": len(right)}
    return pd.DataFrame.from_dict(rows, orient="index").rename_axis("subjects")
