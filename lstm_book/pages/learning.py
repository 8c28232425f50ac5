"""The values the chapter "Learning the weights" quotes, and the models it trains.

Each model is trained once per kernel (``trained`` is cached by corpus), so
every section reads the same weights without training them again. The
functions ending in ``_table`` return what the chapter shows: a ``tables.Table``
(exact values, one format per column, counts as integers). The others return
numbers by name (dicts) for the prose, or raw frames for other pages
(``forget_contributions``).

Signs: the gender unit the training finds may store "he" as a negative cell.
Every signed quantity of that unit shown here (C, C̃, kept, write, the
candidate's pre-activation) is multiplied by its orientation so that "he" is
positive, as in the hand-set example; gates (f, i, o) are fractions and keep
their values.
"""

from __future__ import annotations

import html
import math
from functools import cache

import numpy as np
import pandas as pd
from IPython.display import HTML

import lstm_calc
from lstm_calc import _check
from lstm_calc.train import TrainResult

from .. import analysis, charts, corpus, handset, learning
from .. import cache as disk_cache
from ..tables import LABELS, Table, formatted
from ..text import tokenize

ALWAYS = 1.0  # the second corpus: a pronoun sentence after every subject sentence
BY_GAP = {"gaps": range(0, 41, 2), "stories": 100, "seed": 100}  # new held-out stories, one distractor length each
LONG = 40  # the longest distractor of BY_GAP, where the chapter looks at the mistakes
HIGH = 0.98  # "it stays at 98 percent or better"
SEPARATES = 0.8  # a unit "gets the sign right more than 80 percent of the time"
LAST = 20  # "the last steps' loss" averages this many steps
SHOWN = 3  # decimals of the gates and cells in the tables and in the exercises' givens
HEATMAP_STORIES = (
    "Sophie is a nurse . she smiled . Oliver is a judge . he is kind .",
    "Henry , who ate already , is a pilot . he was late .",
    "Grace very tall young quiet happy with the dog near a car and the cat from the city is a singer . she likes tea .",
    handset.SENTENCE,
)


# -- The corpus and the training ---------------------------------------------------------


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
    def train() -> TrainResult:
        embedding, train_stories, _ = _setup(rate)
        return learning.train_on(train_stories, embedding, learning.TRAIN_CONFIG)

    # What the weights depend on: the library, the corpus, the training setup and the rate.
    return disk_cache.cached("trained", (lstm_calc, corpus, learning), rate, train)


def trained(pronoun_rate: float = learning.PRONOUN_RATE) -> TrainResult:
    """``learning.train_on(training stories, embedding, learning.TRAIN_CONFIG)`` on the
    corpus with this ``pronoun_rate``, trained once per kernel and, in a build, once
    per change of the code and settings it depends on (``lstm_book.cache``)."""
    return _trained(_rate(pronoun_rate))


def _max_gap(stories) -> int:
    return max(g for e in stories for g in e.gaps.values())


def training_examples(n: int = 4) -> HTML:
    """The first ``n`` training stories, whole, as a numbered list; the pronouns the
    model must predict (at the period before each) in bold."""
    n = _check.integer("n", n, low=1)
    _, train_stories, _ = setup()
    items = []
    for story in train_stories[:n]:
        asked = {t + 1 for t in story.targets}  # the pronoun follows the period where it is predicted
        words = [
            f"<strong>{html.escape(w)}</strong>" if t in asked else html.escape(w) for t, w in enumerate(story.tokens)
        ]
        items.append(f"<li>{' '.join(words)}</li>")
    return HTML(f'<ol class="lstm-book-stories">{"".join(items)}</ol>')


def corpus_values() -> dict:
    """How many stories, names and pronouns, the longest distractors, the embedding's
    size (ints), and how often a pronoun sentence follows a subject sentence."""
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
        "pronoun_rate": learning.PRONOUN_RATE,
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
    """The training configuration, the mean loss of the last ``LAST`` steps and the
    held-out accuracy (percent)."""
    config = learning.TRAIN_CONFIG
    return {
        "n_h": config.n_h,
        "steps": config.steps,
        "batch": config.batch_size,
        "lr": config.lr,
        "forget_bias0": config.forget_bias,
        "last_steps": LAST,
        "final_loss": trained().losses[-LAST:].mean(),
        "held_out_acc": 100 * learning.accuracy(_records()),
    }


# -- How far it carries, and subjects back to back ------------------------------------------


@cache
def by_gap() -> pd.DataFrame:
    """Held-out accuracy (a fraction) and the number of predictions (an int) for
    stories whose distractors all have one length."""
    embedding = setup()[0]
    return analysis.accuracy_by_gap(
        trained().model, embedding, **BY_GAP, male=corpus.MALE_HELD_OUT, female=corpus.FEMALE_HELD_OUT
    )


def by_gap_table() -> Table:
    """``by_gap`` as the chapter shows it: one row per distractor length, the
    accuracy in percent (one decimal) and the number of pronouns asked."""
    table = by_gap()
    shown = pd.DataFrame({"accuracy (%)": 100 * table["accuracy"], "pronouns asked": table["predictions"]})
    return formatted(shown, decimals=1)


def by_gap_figure():
    """The accuracy by distractor length, with the longest distractor of training marked."""
    return charts.accuracy_chart(by_gap(), trained_up_to=_max_gap(setup()[1]))


def carry() -> dict:
    """Accuracy (percent) with no distractor and at ``LONG`` tokens; the longest
    distractor up to which every length stays at ``HIGH`` or better, and the
    lowest and highest accuracy beyond it (with the lengths where they fall); the
    most pronouns asked at one length, and what one of them weighs in percent."""
    table = by_gap()
    high = table["accuracy"] >= HIGH
    high_up_to = int(table.index[high.cummin()].max())
    beyond = 100 * table.loc[table.index > high_up_to, "accuracy"]
    return {
        "acc_0": 100 * table.loc[0, "accuracy"],
        "acc_40": 100 * table.loc[LONG, "accuracy"],
        "high_up_to": high_up_to,
        "beyond_min": beyond.min(),
        "beyond_min_at": int(beyond.idxmin()),
        "beyond_max": beyond.max(),
        "beyond_max_at": int(beyond.idxmax()),
        "first_beyond": int(beyond.index[0]),
        "acc_first_beyond": beyond.iloc[0],
        "most_asked": int(table["predictions"].max()),
        "one_story": 100 / table["predictions"].max(),  # percent: one pronoun of the longest list
    }


@cache
def _transitions(rate: float) -> pd.DataFrame:
    male, female = corpus.MALE_HELD_OUT, corpus.FEMALE_HELD_OUT
    return analysis.transitions(_trained(rate).model, setup()[0], male, female)


def transitions_table() -> Table:
    """Back-to-back subjects, every pair of held-out names: this chapter's model
    against the one trained with a pronoun after every subject (accuracy in
    percent, pairs as a count)."""
    shown = {
        label: pd.DataFrame({"accuracy (%)": 100 * table["accuracy"], "pairs": table["pairs"]})
        for label, table in (
            ("this corpus", _transitions(learning.PRONOUN_RATE)),
            ("always a pronoun between", _transitions(ALWAYS)),
        )
    }
    return formatted(pd.concat(shown, axis=1), decimals=0)


def _scores(accuracies: pd.Series) -> str:
    """How a sentence states the lowest of some accuracies (fractions): "100 percent
    on each" when none is below 1, else "at least N percent on each"."""
    low = 100 * float(accuracies.min())
    return "100 percent on each" if low == 100 else f"at least {low:.0f} percent on each"


def back_to_back_words() -> dict:
    """The lowest scores of ``back_to_back`` as the prose states them (texts):
    this chapter's model's over the four changes, the other model's over the three
    that are not "he → she"."""
    ours, theirs = _transitions(learning.PRONOUN_RATE)["accuracy"], _transitions(ALWAYS)["accuracy"]
    return {"ours_scores": _scores(ours), "theirs_others_scores": _scores(theirs.drop("he → she"))}


def back_to_back() -> dict:
    """The worst accuracy (percent) of this chapter's model over the four changes of
    subject, the other model's on "he → she" and its worst on the other three, and
    both models' p("she") after the worked example's sentence."""
    embedding, tokens = setup()[0], tokenize(handset.SENTENCE)
    ours, theirs = _transitions(learning.PRONOUN_RATE)["accuracy"], _transitions(ALWAYS)["accuracy"]
    return {
        "ours_min": 100 * ours.min(),
        "theirs_he_she": 100 * theirs.loc["he → she"],
        "theirs_others_min": 100 * theirs.drop("he → she").min(),
        "p_she_worked": analysis.p_she(trained().model, tokens, embedding),
        "p_she_always": analysis.p_she(trained(ALWAYS).model, tokens, embedding),
    }


# -- The gender unit ------------------------------------------------------------------------


@cache
def states() -> analysis.States:
    """The model's states over every held-out story."""
    embedding, _, test_stories = setup()
    return analysis.states(trained().model, test_stories, embedding)


@cache
def _separation() -> pd.DataFrame:
    return analysis.separation(states())


def separation_table() -> Table:
    """For every unit, how well the sign of its cell tells "he" from "she" (the
    sign accuracy in percent), and which sign it gives "he"."""
    table = _separation().copy()
    table["sign accuracy"] *= 100
    table = table.rename(columns={"sign accuracy": "sign accuracy (%)"})
    table["“he” is"] = ["positive" if v > 0 else "negative" for v in table.pop("orientation")]
    formats = {"mean C (he)": "+.3f", "mean C (she)": "+.3f", "d'": ".2f", "sign accuracy (%)": ".1f"}
    return formatted(table, decimals=3, formats=formats)


def unit() -> int:
    """The gender unit (0-based): the one whose cell separates the genders best."""
    return analysis.gender_unit(states())


def _orientation() -> float:
    return float(_separation()["orientation"].iloc[unit()])


def gender_cell() -> dict:
    """The gender unit (1-based), its d' and sign accuracy (percent), and how many
    units get the sign right more than ``SEPARATES`` of the time."""
    table, u = _separation(), unit()
    return {
        "unit": u + 1,
        "d_prime": table["d'"].iloc[u],
        "sign_acc": 100 * table["sign accuracy"].iloc[u],
        "n_separating": int((table["sign accuracy"] > SEPARATES).sum()),
        "n_units": len(table),
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


def two_cells_table() -> Table:
    """The values behind ``two_cells_figure``, three decimals."""
    hand = handset.gender_trace()
    hand_col = f"hand-set Cₜ (unit {handset.GENDER_UNIT + 1})"
    learned_col = f"learned Cₜ (unit {unit() + 1}, “he” positive)"
    table = pd.DataFrame(
        {hand_col: hand.c[:, handset.GENDER_UNIT], learned_col: _cells()[-1][1]},
        index=pd.Index(analysis.token_labels(hand.tokens), name="token"),
    )
    return formatted(table, decimals=SHOWN, formats={hand_col: "+.3f", learned_col: "+.3f"})


# -- How the learned unit keeps its memory ------------------------------------------------------


@cache
def unit_steps() -> pd.DataFrame:
    """The gender unit's memory update at every token of the worked example's
    sentence (``handset.TOKENS``), "he" positive: columns c_prev, f, kept, i, g,
    write, c (``analysis.unit_steps``)."""
    return analysis.unit_steps(trained().model, handset.TOKENS, setup()[0], unit(), _orientation())


STEP_COLUMNS = ("c_prev", "f", "kept", "i", "g", "write", "c")


# Column headers of the unit's update: the symbols of ``tables.LABELS``, with the
# names of the two products (kept, write); the prose says what the others are.
STEP_HEADERS = {k: LABELS[k] if k in ("kept", "write") else LABELS[k].split(" ")[0] for k in STEP_COLUMNS}


def unit_steps_table() -> Table:
    """``unit_steps`` as the chapter shows it: the book's symbols, three decimals,
    the signed columns with their sign."""
    table = unit_steps()[list(STEP_COLUMNS)].rename(columns=STEP_HEADERS)
    signed = {STEP_HEADERS[k]: f"+.{SHOWN}f" for k in STEP_COLUMNS if k not in ("f", "i")}
    return formatted(table, decimals=SHOWN, formats=signed)


def contributions(gate: str) -> pd.DataFrame:
    """Where the gender unit's ``gate`` ("f", "i", "g" or "o") gets its pre-activation
    at every token of the worked sentence: from the unit's own h_{t-1}, from the
    other units' h_{t-1}, from h_{t-1} in all (W[unit, :n_h]·h_{t-1}), from x_t
    (W[unit, n_h:]·x_t), the bias, their sum and the gate's value
    (``analysis.gate_contributions``; the candidate's columns "he" positive)."""
    if not isinstance(gate, str) or gate not in ("f", "i", "g", "o"):
        raise ValueError(f"gate must be one of ['f', 'i', 'g', 'o'], got {gate!r}")
    return analysis.gate_contributions(trained().model, handset.TOKENS, setup()[0], unit(), gate, _orientation())


def forget_contributions() -> pd.DataFrame:
    """The trained gender unit's forget gate, token by token over the worked sentence:
    its pre-activation W_f[unit]·[h_{t-1}; x_t] + b_f split into the part from
    h_{t-1} (column "h" = W_f[unit, :n_h]·h_{t-1}, itself "own h" + "other units' h"),
    the part from x_t (column "x" = W_f[unit, n_h:]·x_t) and the bias ("bias"), their
    sum ("pre-activation") and f_t ("value"). One row per token ("1 · John", …)."""
    return contributions("f")


_PARTS = {
    "own h": "own hₜ₋₁",
    "other units' h": "others' hₜ₋₁",
    "x": "xₜ",
    "bias": "bias",
    "pre-activation": "sum",
}


def contributions_table(gate: str) -> Table:
    """``contributions(gate)`` as the chapter shows it, three decimals: what the
    unit's own h_{t-1}, the other units' h_{t-1}, x_t and the bias add, their sum,
    and the gate; a gate's value (f, i, o) without a sign, everything else with one."""
    table = contributions(gate)
    symbol = LABELS[gate].split(" ")[0]
    shown = table[list(_PARTS) + ["value"]].rename(columns={**_PARTS, "value": symbol})
    signed = {c: f"+.{SHOWN}f" for c in shown.columns if gate == "g" or c != symbol}
    return formatted(shown, decimals=SHOWN, formats=signed)


def _t(token: str, after: int = 0) -> int:
    """The position of the first ``token`` of the worked sentence at or after ``after``."""
    return handset.TOKENS.index(token, after)


def refresh() -> dict:
    """The numbers of "how the learned unit keeps its memory": over the tokens
    between "John" and "Mary", what the forget gates alone would leave of the
    cell "John" wrote, what the cell really does, and where the candidate's push
    comes from at the first of them."""
    steps, cand, hand = unit_steps(), contributions("g"), handset.gender_trace()
    t_john, t_mary = _t("John"), _t("Mary")
    between = slice(t_john + 1, t_mary)  # "is a doctor ."
    f_prod = float(np.prod(steps["f"].iloc[between]))
    c_john = steps["c"].iloc[t_john]
    return {
        "c_john": c_john,
        "f_john": steps["f"].iloc[t_john],
        "f_prod": f_prod,
        "left_no_write": c_john * f_prod,
        "c_peak": steps["c"].iloc[between].max(),
        "c_before_mary": steps["c"].iloc[t_mary - 1],
        "f_max_between": steps["f"].iloc[between].max(),
        "f_min_between": steps["f"].iloc[between].min(),
        "g_min_between": steps["g"].iloc[between].min(),
        "write_sum": steps["write"].iloc[between].sum(),
        "erased_sum": (steps["c_prev"] - steps["kept"]).iloc[between].sum(),
        "n_between": t_mary - t_john - 1,
        "g_h_over_x_min": float((cand["h"] - cand["x"].abs()).iloc[between].min()),
        "g_others_over_own_min": float((cand["other units' h"] - cand["own h"]).iloc[between].min()),
        "g_own_is": cand["own h"].iloc[t_john + 1],
        "g_others_is": cand["other units' h"].iloc[t_john + 1],
        "g_x_is": cand["x"].iloc[t_john + 1],
        "g_is": cand["value"].iloc[t_john + 1],
        "hand_f_is": hand.f[t_john + 1, handset.GENDER_UNIT],
        "hand_c_john": hand.c[t_john, handset.GENDER_UNIT],
        "hand_c_before_mary": hand.c[t_mary - 1, handset.GENDER_UNIT],
        "hand_write_between": float(np.abs(hand.write[between, handset.GENDER_UNIT]).max()),
        "long": LONG,
        "decay_long": float(_gates_at_subjects().loc["all other tokens", "mean f"]) ** LONG,
    }


def peak_token() -> str:
    """The token between "John" and "Mary" at which the learned cell is largest."""
    t_john, t_mary = _t("John"), _t("Mary")
    return handset.TOKENS[t_john + 1 + int(np.argmax(unit_steps()["c"].iloc[t_john + 1 : t_mary]))]


def mary() -> dict:
    """The "Mary" step of the gender unit and the next ones: what it keeps and
    writes at "Mary", the pull of the name and of h_{t-1} on its candidate there,
    the other units' pull at the next token, and its cell then."""
    steps, cand = unit_steps(), contributions("g")
    t = _t("Mary")
    return {
        "f_mary": steps["f"].iloc[t],
        "kept_mary": steps["kept"].iloc[t],
        "g_mary": steps["g"].iloc[t],
        "write_mary": steps["write"].iloc[t],
        "c_mary": steps["c"].iloc[t],
        "g_x_mary": cand["x"].iloc[t],
        "g_h_mary": cand["h"].iloc[t],
        "g_others_next": cand["other units' h"].iloc[t + 1],
        "g_own_next": cand["own h"].iloc[t + 1],
        "c_next": steps["c"].iloc[t + 1],
        "c_last": steps["c"].iloc[-1],
    }


def _turn() -> int:
    """The first token at or after "Mary" where the learned cell says "she" (or the length)."""
    learned, t_mary = _cells()[-1][1], _t("Mary")
    return next((t for t in range(t_mary, len(learned)) if learned[t] < 0), len(learned))


def turn() -> dict:
    """How many tokens after "Mary" the learned cell turns to "she", how many tokens
    follow "Mary", the hand-set cell at "Mary" and the learned one where it turns."""
    t_mary = _t("Mary")
    t = _turn()
    return {
        "turn_lag": t - t_mary,
        "tokens_from_mary": len(handset.TOKENS) - t_mary,
        "hand_c_mary": handset.gender_trace().c[t_mary, handset.GENDER_UNIT],
        "c_turn": float(_cells()[-1][1][t]) if t < len(handset.TOKENS) else math.nan,
    }


def turn_token() -> str:
    """The token at which the learned cell turns to "she" ("never" if it does not)."""
    t = _turn()
    return handset.TOKENS[t] if t < len(handset.TOKENS) else "never"


# -- Resetting at a new subject -------------------------------------------------------------


@cache
def _gates_at_subjects() -> pd.DataFrame:
    return analysis.forget_at_subjects(states(), unit())


def gates_at_subjects() -> Table:
    """The gender unit's mean forget and input gates at names (all, then a "he" and
    a "she" subject's) against every other token; ``tokens`` counts the rows."""
    return formatted(_gates_at_subjects(), decimals=SHOWN, formats={"tokens": ",d"})


def forget() -> dict:
    """The gender unit's mean f and i at names and elsewhere, f at a "he" and at a
    "she" subject's name, the hand-set forget gate at the first subject, and the
    trained gate's pre-activation from h_{t-1} at the token after each name of the
    worked sentence."""
    table, parts = _gates_at_subjects(), forget_contributions()
    return {
        "f_subj": table.loc["subject tokens", "mean f"],
        "f_other": table.loc["all other tokens", "mean f"],
        "i_subj": table.loc["subject tokens", "mean i"],
        "i_other": table.loc["all other tokens", "mean i"],
        "f_he_subj": table.loc["subject tokens, he", "mean f"],
        "f_she_subj": table.loc["subject tokens, she", "mean f"],
        "hand_f_subj": handset.gender_trace().f[0, handset.GENDER_UNIT],
        "f_h_after_john": parts["h"].iloc[_t("John") + 1],
        "f_x_after_john": parts["x"].iloc[_t("John") + 1],
        "f_h_after_mary": parts["h"].iloc[_t("Mary") + 1],
        "f_x_john": parts["x"].iloc[_t("John")],
        "f_x_mary": parts["x"].iloc[_t("Mary")],
    }


# -- Saturation and weights -----------------------------------------------------------------


def saturation_table() -> Table:
    """How often (percent of every unit at every held-out token) each gate is below
    ``analysis.SHUT``, between, and above ``analysis.OPEN``."""
    table = 100 * analysis.saturation(states())
    shut_col, open_col = table.columns
    shown = pd.DataFrame(
        {
            f"{shut_col} (%)": table[shut_col],
            "between (%)": 100 - table[shut_col] - table[open_col],
            f"{open_col} (%)": table[open_col],
        }
    )
    return formatted(shown, decimals=1)


def saturation() -> dict:
    """The thresholds, and how often (percent) the forget gate is beyond or between them."""
    table = analysis.saturation(states())
    shut_col, open_col = table.columns
    f_open, f_shut = 100 * table.loc["forget f", open_col], 100 * table.loc["forget f", shut_col]
    return {
        "shut": analysis.SHUT,
        "open": analysis.OPEN,
        "sat_f_open": f_open,
        "sat_f_shut": f_shut,
        "sat_f_between": 100 - f_open - f_shut,
    }


def _readings() -> tuple[pd.DataFrame, pd.DataFrame]:
    learned = analysis.effective_weights(trained().model, unit(), setup()[0], _orientation())
    hand = analysis.hand_set_readings(handset.gender_params(), handset.GENDER_UNIT, handset.FEATURES)
    return learned, hand


def weights_table() -> Table:
    """What each gate of the gender unit reads, trained and hand-set, two decimals."""
    learned, hand = _readings()
    table = pd.concat({"trained": learned, "hand-set": hand}, names=["model"])
    return formatted(table, formats=dict.fromkeys(table.columns, "+.2f"))


def weights() -> dict:
    """The trained unit's readings the prose quotes, and the largest reading (in size)
    of the trained and of the hand-set unit."""
    learned, hand = _readings()
    return {
        "lw_f_name": learned.loc["forget", "reads name"],
        "lw_i_name": learned.loc["input", "reads name"],
        "lw_c_gender": learned.loc["candidate", "reads gender (+ he)"],
        "lw_f_gender": learned.loc["forget", "reads gender (+ he)"],
        "lw_c_self": learned.loc["candidate", "reads its own h"],
        "lw_largest": learned.abs().to_numpy().max(),
        "hw_largest": hand.abs().to_numpy().max(),
    }


# -- What it did not learn ---------------------------------------------------------------------


def _by_gap_stories(gap: int) -> list:
    """The held-out stories ``by_gap`` scores at distractor length ``gap``."""
    return corpus.make_examples(
        BY_GAP["stories"], corpus.MALE_HELD_OUT, corpus.FEMALE_HELD_OUT, [gap], BY_GAP["seed"] + gap
    )


@cache
def _target_cells(gap: int) -> pd.DataFrame:
    return analysis.target_cells(trained().model, _by_gap_stories(gap), setup()[0], unit(), _orientation())


def long_distance() -> dict:
    """At ``LONG`` distractor tokens against none: how many pronouns, how many wrong,
    how many of those are "she" stories, the median size of the gender unit's cell
    at the period before the pronoun, and the first wrong story's subject with the
    unit's cell at its name and at that period ("he" positive)."""
    far, near = _target_cells(LONG), _target_cells(0)
    wrong = far[~far["right"]]
    story, t = _first_wrong(LONG)
    subject = max(s for s in story.subjects if s < t)
    cells = analysis.unit_cell(trained().model, story.tokens, setup()[0], unit(), _orientation())
    return {
        "n_long": len(far),
        "n_wrong_long": len(wrong),
        "n_she_wrong_long": int((wrong["label"] == 1).sum()),
        "n_flipped_long": int(((wrong["c"] > 0) == (wrong["label"] == 1)).sum()),  # the unit's sign is wrong too
        "median_c_0": float(near["c"].abs().median()),
        "median_c_long": float(far["c"].abs().median()),
        "flip_c_name": float(cells[subject]),
        "flip_c_period": float(cells[t]),
    }


def _first_wrong(gap: int):
    """The first story at distractor length ``gap`` with a wrong prediction, and the
    position of that prediction."""
    embedding, model = setup()[0], trained().model
    for story in _by_gap_stories(gap):
        for record in learning.predictions(model, [story], embedding):
            if (record["p_she"] > 0.5) != bool(record["label"]):
                return story, record["t"]
    raise ValueError(f"gap {gap}: the model makes no mistake at this distractor length")


def flip_name() -> str:
    """The subject of the first story the model gets wrong at ``LONG`` distractor tokens."""
    story, t = _first_wrong(LONG)
    return story.tokens[max(s for s in story.subjects if s < t)]


# -- Exercises ---------------------------------------------------------------------------------


def step_answer(c_prev: float, f: float, i: float, g: float) -> dict:
    """One memory update from its givens: kept = f·C_{t-1}, write = i·C̃, C_t = kept + write."""
    c_prev, f, i, g = (_check.real(name, v) for name, v in (("c_prev", c_prev), ("f", f), ("i", i), ("g", g)))
    for name, v in (("f", f), ("i", i)):
        if not 0.0 < v < 1.0:
            raise ValueError(f"{name} is a gate and must lie in (0, 1), got {v}")
    if not -1.0 <= g <= 1.0:
        raise ValueError(f"g is the candidate, a tanh, and must lie in [-1, 1], got {g}")
    return {"kept": f * c_prev, "write": i * g, "c": f * c_prev + i * g}


def decay_answer(c0: float, fs, f_avg: float, steps: int) -> dict:
    """What the forget gates alone leave of a stored ``c0``: after the gates ``fs``
    (their product times c0), and the fraction left after ``steps`` gates of ``f_avg``."""
    c0 = _check.real("c0", c0)
    fs = _check.array("fs", fs, ("T",))
    f_avg = _check.real("f_avg", f_avg)
    steps = _check.integer("steps", steps, low=1)
    if not ((fs > 0) & (fs < 1)).all() or not 0.0 < f_avg < 1.0:
        raise ValueError(f"fs and f_avg are gates and must lie in (0, 1), got fs={fs.tolist()}, f_avg={f_avg}")
    return {"left": c0 * float(np.prod(fs)), "fraction_after": f_avg**steps}


def exercises() -> dict:
    """The givens of the exercises, as the chapter's tables show them (rounded to
    ``SHOWN`` decimals), and the answers computed from exactly those givens."""
    steps = unit_steps().round(SHOWN)
    t_john, t_mary = _t("John"), _t("Mary")
    t = t_john + 1
    one = {"c_prev": steps["c_prev"].iloc[t], "f": steps["f"].iloc[t], "i": steps["i"].iloc[t], "g": steps["g"].iloc[t]}
    fs = steps["f"].iloc[t_john + 1 : t_mary].to_numpy()
    c0 = float(steps["c"].iloc[t_john])
    f_avg = round(forget()["f_other"], SHOWN)
    decay = decay_answer(c0, fs, f_avg, LONG)
    values = {f"ex1_{k}": v for k, v in one.items()}
    values |= {f"ex1_{k}_answer": v for k, v in step_answer(**one).items()}
    values |= {"ex2_c0": c0, "ex2_f_avg": f_avg, "ex2_steps": LONG}
    values |= {f"ex2_f{k + 1}": float(v) for k, v in enumerate(fs)}
    values |= {"ex2_left": decay["left"], "ex2_fraction": decay["fraction_after"]}
    values["ex2_c_actual"] = float(steps["c"].iloc[t_mary - 1])
    return values
