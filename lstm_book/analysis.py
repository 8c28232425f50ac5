"""Looking inside a trained model: which unit carries the gender, how its
forget gate behaves at subjects, how saturated the gates are (Karpathy, Johnson
& Fei-Fei 2015, "Visualizing and Understanding Recurrent Networks"), and what its
weights read."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from lstm_calc import GATES, _check, sigmoid
from lstm_calc.bptt import Model, forward
from lstm_calc.train import batch

from .corpus import Embedding, make_examples, sequences
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


def states(model: Model, examples, embedding: Embedding) -> States:
    rows = {k: [] for k in States.__dataclass_fields__}
    for start in range(0, len(examples), 256):
        chunk = list(examples[start : start + 256])
        fwd = forward(model, batch(sequences(chunk, embedding)).xs)
        for b, e in enumerate(chunk):
            T = len(e.tokens)
            gender, current = [], -1
            subjects = set(e.subjects)
            for t in range(len(e.tokens)):
                if t in subjects:
                    # the subject's gender is the label of the sentence's pronoun
                    current = next(y for pos, y in sorted(e.targets.items()) if pos > t)
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
    known = s.gender >= 0
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
    return int(np.argmax(separation(s)["d'"].to_numpy()))


def forget_at_subjects(s: States, unit: int) -> pd.DataFrame:
    """The unit's forget and input gates at subject tokens against every other token."""
    rows = {}
    for label, where in (("subject tokens", s.is_subject), ("all other tokens", ~s.is_subject)):
        rows[label] = {"mean f": s.f[where, unit].mean(), "mean i": s.i[where, unit].mean(), "tokens": int(where.sum())}
    return pd.DataFrame(rows).T.rename_axis(f"unit {unit + 1}")


# Karpathy, Johnson & Fei-Fei (2015): a gate below SHUT is "left-saturated", above OPEN "right-saturated".
SHUT, OPEN = 0.1, 0.9


def saturation(s: States) -> pd.DataFrame:
    """The fraction of (token, unit) values of each gate below ``SHUT`` and above ``OPEN``."""
    return pd.DataFrame(
        {
            gate: {f"below {SHUT:g}": float(np.mean(v < SHUT)), f"above {OPEN:g}": float(np.mean(v > OPEN))}
            for gate, v in (("forget f", s.f), ("input i", s.i), ("output o", s.o))
        }
    ).T.rename_axis("gate")


def effective_weights(model: Model, unit: int, embedding: Embedding, orientation: float = 1.0) -> pd.DataFrame:
    """What each gate of ``unit`` reads: its input weights projected on the
    name and gender directions of the embedding, its weight on its own h,
    and its bias. ``orientation`` (±1) flips the gender readings so that
    "he" counts as positive, as the hand-set example has it."""
    p = model.lstm
    n_h = p.n_h
    rows = {}
    for gate, name in zip(GATES, ("forget", "input", "candidate", "output"), strict=True):
        W, b = getattr(p, f"W_{gate}")[unit], getattr(p, f"b_{gate}")[unit]
        flip = orientation if gate == "g" else 1.0  # the candidate writes the gender's sign
        rows[name] = {
            "reads name": W[n_h:] @ embedding.name_direction,
            "reads gender (+ he)": flip * (W[n_h:] @ embedding.gender_direction),
            "reads its own h": W[unit] * orientation if gate == "g" else W[unit],
            "bias": b,
        }
    return pd.DataFrame(rows).T.rename_axis("gate")


def hand_set_readings(params, unit: int) -> pd.DataFrame:
    """The hand-set example's weights in the terms of ``effective_weights``:
    its inputs are [new subject, male, female], so "reads name" is the weight
    on "new subject" and "reads gender (+ he)" is half the male weight minus
    the female one."""
    n_h = params.n_h
    rows = {}
    for gate, name in zip(GATES, ("forget", "input", "candidate", "output"), strict=True):
        W, b = getattr(params, f"W_{gate}")[unit], getattr(params, f"b_{gate}")[unit]
        rows[name] = {
            "reads name": W[n_h],
            "reads gender (+ he)": (W[n_h + 1] - W[n_h + 2]) / 2,
            "reads its own h": W[unit],
            "bias": b,
        }
    return pd.DataFrame(rows).T.rename_axis("gate")


def accuracy_by_gap(model: Model, embedding: Embedding, gaps, stories: int, seed: int, male, female) -> pd.DataFrame:
    """Accuracy of the pronoun prediction for stories whose distractors all
    have one length, for each length in ``gaps``."""
    rows = {}
    for gap in gaps:
        records = predictions(model, make_examples(stories, male, female, [gap], seed + int(gap)), embedding)
        rows[int(gap)] = {"accuracy": accuracy(records), "predictions": len(records)}
    return pd.DataFrame(rows).T.rename_axis("distractor tokens")


def run_tokens(model: Model, tokens, embedding: Embedding):
    """The model's states over one token sequence: a ``bptt.Forward`` with B = 1."""
    return forward(model, embedding.encode(list(tokens))[:, None, :])


def unit_cell(model: Model, tokens, embedding: Embedding, unit: int, orientation: float = 1.0) -> np.ndarray:
    """The cell C_t of ``unit`` (0-based) at every token of ``tokens``, (T,);
    ``orientation`` (±1, from ``separation``) makes "he" positive."""
    unit = _check.integer("unit", unit, low=0, high=model.lstm.n_h)
    if orientation not in (1.0, -1.0):
        raise ValueError(f"orientation must be 1.0 or -1.0, got {orientation!r}")
    return orientation * run_tokens(model, tokens, embedding).c[:, 0, unit]


def p_she(model: Model, tokens, embedding: Embedding) -> float:
    """The model's probability of "she" after the last token of ``tokens``."""
    return float(sigmoid(run_tokens(model, tokens, embedding).logits[-1, 0]))


def transitions(model: Model, embedding: Embedding, male, female) -> pd.DataFrame:
    """Back-to-back subjects with no pronoun between them: the accuracy of the
    prediction after "A is a doctor . B is a teacher ." over every pair of
    names, for each of the four gender changes."""
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
                logit = run_tokens(model, tokenize(f"{a} is a doctor . {b} is a teacher ."), embedding).logits[-1, 0]
                right.append((logit > 0) == (second is female))
        rows[label] = {"accuracy": float(np.mean(right)), "pairs": len(right)}
    return pd.DataFrame(rows).T.rename_axis("subjects")
