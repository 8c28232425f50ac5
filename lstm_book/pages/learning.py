"""The values the chapter "Learning the weights" quotes, and the models it trains.

Each model is trained once per kernel (``trained`` is cached by corpus), so
every section reads the same weights without training them again.
"""

from __future__ import annotations

from functools import cache

import pandas as pd
from IPython.display import HTML

from lstm_calc import _check
from lstm_calc.train import TrainResult

from .. import analysis, charts, corpus, handset, learning
from ..text import tokenize

ALWAYS = 1.0  # the second corpus: a pronoun sentence after every subject sentence
BY_GAP = {"gaps": range(0, 41, 2), "stories": 100, "seed": 100}  # new held-out stories, one distractor length each
HIGH = 0.98  # "it stays at 98 percent or better"
SEPARATES = 0.8  # a unit "gets the sign right more than 80 percent of the time"
HEATMAP_STORIES = (
    "Sophie is a nurse . she smiled . Oliver is a judge . he is kind .",
    "Henry , who ate already , is a pilot . he was late .",
    "Grace very tall young quiet happy with the dog near a car and the cat from the city is a singer . she likes tea .",
    handset.SENTENCE,
)


def _rate(pronoun_rate) -> float:
    rate = _check.real("pronoun_rate", pronoun_rate)
    if not 0.0 <= rate <= 1.0:
        raise ValueError(f"pronoun_rate must be in [0, 1], got {rate}")
    return rate


@cache
def _setup(rate: float):
    return learning.learning_setup(pronoun_rate=rate)


def setup(pronoun_rate: float = learning.PRONOUN_RATE):
    """The embedding, the training stories and the held-out test stories (built once)."""
    return _setup(_rate(pronoun_rate))


@cache
def _trained(rate: float) -> TrainResult:
    embedding, train_stories, _ = _setup(rate)
    return learning.train_on(train_stories, embedding, learning.TRAIN_CONFIG)


def trained(pronoun_rate: float = learning.PRONOUN_RATE) -> TrainResult:
    """``learning.train_on(training stories, embedding, learning.TRAIN_CONFIG)`` on the
    corpus with this ``pronoun_rate``, trained once per kernel."""
    return _trained(_rate(pronoun_rate))


def _max_gap(stories) -> int:
    return max(g for e in stories for g in e.gaps.values())


def training_examples(n: int = 4) -> pd.DataFrame:
    """The first ``n`` training stories, one per row."""
    n = _check.integer("n", n, low=1)
    _, train_stories, _ = setup()
    return pd.DataFrame({"story": [" ".join(e.tokens) for e in train_stories[:n]]}).rename_axis("training example")


def corpus_values() -> dict:
    """How many stories, names and pronouns, the longest distractors, the embedding's size (ints)."""
    embedding, train_stories, test_stories = setup()
    return {
        "n_train": len(train_stories),
        "n_test": len(test_stories),
        "train_gap": _max_gap(train_stories),
        "test_gap": _max_gap(test_stories),
        "n_train_names": len(corpus.MALE_TRAIN) + len(corpus.FEMALE_TRAIN),
        "n_test_names": len(corpus.MALE_HELD_OUT) + len(corpus.FEMALE_HELD_OUT),
        "n_targets_test": sum(len(e.targets) for e in test_stories),
        "dim": embedding.dim,
    }


def loss_figure():
    """The training loss of the model, step by step."""
    config = learning.TRAIN_CONFIG
    title = f"Training loss, {config.steps} Adam steps of {config.batch_size} stories"
    return charts.loss_chart(trained().losses, title=title)


@cache
def _records() -> list:
    embedding, _, test_stories = setup()
    return learning.predictions(trained().model, test_stories, embedding)


def training() -> dict:
    """The training configuration, the last steps' mean loss and the held-out accuracy (percent)."""
    config = learning.TRAIN_CONFIG
    return {
        "n_h": config.n_h,
        "steps": config.steps,
        "lr": config.lr,
        "forget_bias0": config.forget_bias,
        "final_loss": trained().losses[-20:].mean(),
        "held_out_acc": 100 * learning.accuracy(_records()),
    }


@cache
def by_gap() -> pd.DataFrame:
    """Held-out accuracy for stories whose distractors all have one length."""
    embedding = setup()[0]
    return analysis.accuracy_by_gap(
        trained().model, embedding, **BY_GAP, male=corpus.MALE_HELD_OUT, female=corpus.FEMALE_HELD_OUT
    )


def by_gap_figure():
    """The accuracy by distractor length, with the longest distractor of training marked."""
    return charts.accuracy_chart(by_gap(), trained_up_to=_max_gap(setup()[1]))


def carry() -> dict:
    """Accuracy (percent) with no distractor, at 24 and at 40 tokens; the longest
    distractor up to which every length stays at ``HIGH`` or better."""
    table = by_gap()
    high = table["accuracy"] >= HIGH
    return {
        "acc_0": 100 * table.loc[0, "accuracy"],
        "acc_24": 100 * table.loc[24, "accuracy"],
        "acc_40": 100 * table.loc[40, "accuracy"],
        "high_up_to": int(table.index[high.cummin()].max()),
    }


@cache
def _transitions(rate: float) -> pd.DataFrame:
    male, female = corpus.MALE_HELD_OUT, corpus.FEMALE_HELD_OUT
    return analysis.transitions(_trained(rate).model, setup()[0], male, female)


def transitions_table() -> pd.DataFrame:
    """Back-to-back subjects, every pair of held-out names: this chapter's model
    against the one trained with a pronoun after every subject."""
    return pd.concat(
        {"this corpus": _transitions(learning.PRONOUN_RATE), "always a pronoun between": _transitions(ALWAYS)}, axis=1
    )


def back_to_back() -> dict:
    """The worst accuracy (percent) of this chapter's model over the four changes of
    subject, the other model's on "he → she", and both models' p("she") after the
    worked example's sentence."""
    embedding, tokens = setup()[0], tokenize(handset.SENTENCE)
    return {
        "ours_min": 100 * _transitions(learning.PRONOUN_RATE)["accuracy"].min(),
        "theirs_he_she": 100 * _transitions(ALWAYS).loc["he → she", "accuracy"],
        "p_she_worked": analysis.p_she(trained().model, tokens, embedding),
        "p_she_always": analysis.p_she(trained(ALWAYS).model, tokens, embedding),
    }


@cache
def states() -> analysis.States:
    """The model's states over every held-out story."""
    embedding, _, test_stories = setup()
    return analysis.states(trained().model, test_stories, embedding)


@cache
def separation_table() -> pd.DataFrame:
    """For every unit, how well the sign of its cell tells "he" from "she"."""
    return analysis.separation(states())


def unit() -> int:
    """The gender unit (0-based): the one whose cell separates the genders best."""
    return analysis.gender_unit(states())


def _orientation() -> float:
    return float(separation_table()["orientation"].iloc[unit()])


def gender_cell() -> dict:
    """The gender unit (1-based), its d' and sign accuracy (percent), and how many
    units get the sign right more than ``SEPARATES`` of the time."""
    table, u = separation_table(), unit()
    return {
        "unit": u + 1,
        "d_prime": table["d'"].iloc[u],
        "sign_acc": 100 * table["sign accuracy"].iloc[u],
        "n_separating": int((table["sign accuracy"] > SEPARATES).sum()),
    }


def unit_sign() -> str:
    """How the gender unit stores "he": "positive" or "negative"."""
    return "positive" if _orientation() > 0 else "negative"


def _cells() -> list:
    embedding = setup()[0]
    return [
        (tokenize(s), analysis.unit_cell(trained().model, tokenize(s), embedding, unit(), _orientation()))
        for s in HEATMAP_STORIES
    ]


def heatmap():
    """The gender unit's cell over a few stories as coloured text ("he" positive)."""
    caption = f"Unit {unit() + 1}'s cell over four stories (blue: he, red: she)"
    return HTML(charts.cell_heatmap_html(_cells(), caption))


def two_cells_figure():
    """The hand-set gender cell and the learned one over the worked example's sentence."""
    hand = handset.gender_trace()
    return charts.two_cells_chart(list(hand.tokens), hand.c[:, handset.GENDER_UNIT], _cells()[-1][1])


def two_cells_table() -> pd.DataFrame:
    """The values behind ``two_cells_figure``."""
    hand = handset.gender_trace()
    return pd.DataFrame(
        {
            f"hand-set C (unit {handset.GENDER_UNIT + 1})": hand.c[:, handset.GENDER_UNIT],
            f"learned C (unit {unit() + 1}, he positive)": _cells()[-1][1],
        },
        index=pd.Index(hand.tokens, name="token"),
    )


def _turn() -> int:
    """The first token at or after "Mary" where the learned cell says "she" (or the length)."""
    learned, t_mary = _cells()[-1][1], handset.TOKENS.index("Mary")
    return next((t for t in range(t_mary, len(learned)) if learned[t] < 0), len(learned))


def turn() -> dict:
    """How many tokens after "Mary" the learned cell turns to "she", how many tokens
    follow "Mary", and the hand-set cell at "Mary"."""
    t_mary = handset.TOKENS.index("Mary")
    return {
        "turn_lag": _turn() - t_mary,
        "tokens_from_mary": len(handset.TOKENS) - t_mary,
        "hand_c_mary": handset.gender_trace().c[t_mary, handset.GENDER_UNIT],
    }


def turn_token() -> str:
    """The token at which the learned cell turns to "she" ("never" if it does not)."""
    t = _turn()
    return handset.TOKENS[t] if t < len(handset.TOKENS) else "never"


def gates_at_subjects() -> pd.DataFrame:
    """The gender unit's forget and input gates at names against every other token."""
    return analysis.forget_at_subjects(states(), unit())


def forget() -> dict:
    """The gender unit's mean f and i at names and elsewhere, and the hand-set
    forget gate at the first subject."""
    table = gates_at_subjects()
    return {
        "f_subj": table.loc["subject tokens", "mean f"],
        "f_other": table.loc["all other tokens", "mean f"],
        "i_subj": table.loc["subject tokens", "mean i"],
        "i_other": table.loc["all other tokens", "mean i"],
        "hand_f_subj": handset.gender_trace().f[0, handset.GENDER_UNIT],
    }


def saturation_table() -> pd.DataFrame:
    """The fraction of gate values below ``analysis.SHUT`` and above ``analysis.OPEN``."""
    return analysis.saturation(states())


def saturation() -> dict:
    """The thresholds, and how often (percent) the forget gate is beyond them."""
    table = saturation_table()
    shut_col, open_col = table.columns
    return {
        "shut": analysis.SHUT,
        "open": analysis.OPEN,
        "sat_f_open": 100 * table.loc["forget f", open_col],
        "sat_f_shut": 100 * table.loc["forget f", shut_col],
    }


def _readings() -> tuple[pd.DataFrame, pd.DataFrame]:
    learned = analysis.effective_weights(trained().model, unit(), setup()[0], _orientation())
    hand = analysis.hand_set_readings(handset.gender_params(), handset.GENDER_UNIT)
    return learned, hand


def weights_table() -> pd.DataFrame:
    """What each gate of the gender unit reads, trained and hand-set."""
    learned, hand = _readings()
    return pd.concat({"trained": learned, "hand-set": hand}, names=["model"])


def weights() -> dict:
    """The trained unit's readings the prose quotes, and the largest reading (in size)
    of the trained and of the hand-set unit."""
    learned, hand = _readings()
    return {
        "lw_f_name": learned.loc["forget", "reads name"],
        "lw_i_name": learned.loc["input", "reads name"],
        "lw_c_gender": learned.loc["candidate", "reads gender (+ he)"],
        "lw_f_gender": learned.loc["forget", "reads gender (+ he)"],
        "lw_largest": learned.abs().to_numpy().max(),
        "hw_largest": hand.abs().to_numpy().max(),
    }


def exercises() -> dict:
    """How many held-out pronouns the model gets wrong."""
    return {"ex_wrong": sum((r["p_she"] > 0.5) != bool(r["label"]) for r in _records())}
