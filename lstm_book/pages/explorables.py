"""The values and tables the chapter "Explore the cell" quotes, and the live
sentence explorer that it and the worked example's chapter show."""

from __future__ import annotations

from itertools import pairwise

import numpy as np
import pandas as pd

from lstm_calc import GATES, _check
from lstm_calc.cell import STACK_ORDER, preactivations

from .. import corpus, explorables, handset, live, tables
from . import learning  # the trained model, trained once per kernel, on first use

C_PREV = explorables.REGIME_HOLD["c_prev"]  # the old cell of every row of the regime table
REST_C_PREV = 2.0  # the old cell of the first exercise


def _cell(x: float, c_prev: float, overrides=None) -> dict:
    return explorables.cell_explorer_step(
        explorables.cell_explorer_params(),
        x=x,
        h_prev=explorables.REGIME_HOLD["h_prev"],
        c_prev=c_prev,
        overrides=overrides,
    )


def regime_table() -> pd.DataFrame:
    """The cell explorer's step in each regime (x_t set, h_{t-1} and C_{t-1} as the regime buttons set them)."""
    rows = {name: {"x": x} | _cell(x, C_PREV) for name, x in explorables.REGIMES.items()}
    labels = tables.SHORT | {"x": explorables.INPUT_LABEL}
    return pd.DataFrame(rows).T.rename(columns=labels).rename_axis("regime")


def cell() -> dict:
    """The state the regime buttons hold (h_{t-1} and the old cell), and the cell emptied by closing
    the forget and input gates by hand."""
    shut = _cell(0.0, C_PREV, {"f": 0.0, "i": 0.0})
    return {"regime_h_prev": explorables.REGIME_HOLD["h_prev"], "regime_c_prev": C_PREV, "shut_c": shut["c"]}


def cell_claims() -> dict:
    return {"closing the forget and input gates by hand empties the cell": cell()["shut_c"] == 0.0}


def live_models() -> list[live.LiveModel]:
    """The hand-set model and the learning chapter's trained model, as the live explorer reads them."""
    orientation = 1.0 if learning.unit_sign() == "positive" else -1.0
    trained = live.trained_model(
        learning.trained().model, learning.setup()[0], learning.unit(), orientation, words=corpus.PRONOUNS
    )
    return [live.handset_model(), trained]


def live_explorer() -> explorables.Explorable:
    """The live sentence explorer on the worked example's sentence, at its first token."""
    return live.live_explorer(live_models())


def live_values() -> dict:
    """What the prose says about the live explorer: how many names and professions the
    hand-set model knows, the token limit, the trained model's size and its data's size (kB)."""
    handset_model, trained = live_models()
    size = live.size(trained)
    return {
        "live_male": len(handset.MALE_NAMES),
        "live_female": len(handset.FEMALE_NAMES),
        "live_professions": len(handset.PROFESSIONS),
        "live_limit": live.MAX_TOKENS,
        "live_n_h": size["n_h"],
        "live_n_in": size["n_in"],
        "live_weights": size["weights"],
        "live_readout": size["readout"],
        "live_words": size["words"],
        "live_kb": live.data_bytes(live_explorer()) / 1000,
        "live_hand_words": len(handset_model.vocabulary),
    }


def live_claims() -> dict:
    """What the worked example's chapter says of the live explorer's hand-set reading, and whether it holds."""
    hand = live.handset_model()
    worked = live.reference(handset.SENTENCE, hand)["trace"]
    bob = live.reference("John is a doctor. Bob is a pilot.", hand)["trace"]
    at, after_john = bob.tokens.index("Bob"), 1  # "Bob", and "is" after "John": two tokens with no subject
    g = handset.GENDER_UNIT
    return {
        "the live explorer reads the worked sentence exactly as this chapter does": all(
            np.array_equal(getattr(worked, k), getattr(handset.gender_trace(), k)) for k in worked.names
        ),
        "an unknown name is read as the zero vector, as 'is' is": not live.encode(["Bob", "is"], hand).any(),
        "an unknown name neither clears nor writes the gender": bool(
            bob.f[at, g] == bob.f[after_john, g] and bob.write[at, g] == 0.0
        ),
        "a name written otherwise than the model knows it is flagged and read as the zero vector": bool(
            live.flags(["john", "MARY"], hand) == ["john", "MARY"] and not live.encode(["john", "MARY"], hand).any()
        ),
    }


def stepper_table() -> pd.DataFrame:
    """The gender unit over the worked example's sentence, with its readout: the live
    explorer's numbers at its start, as a table."""
    summary = tables.unit_table(handset.gender_trace(), handset.GENDER_UNIT)
    summary["readout"] = summary[tables.SHORT["h"]].map(handset.pronoun)
    return summary


def saturation() -> explorables.Explorable:
    return explorables.saturation_explorer()


def saturation_table(explorable: explorables.Explorable | None = None) -> pd.DataFrame:
    """The saturation explorer's table at every scale, one row per scale."""
    if explorable is None:
        explorable = saturation()
    if not isinstance(explorable, explorables.Explorable) or explorable.kind != "saturation":
        raise ValueError(f"explorable must be a saturation Explorable, got {explorable!r}"[:200])
    data = explorable.data
    return pd.DataFrame(
        {f"×{run['scale']:.2f}": {r["label"]: run[r["name"]][r["t"]] for r in data["rows"]} for run in data["runs"]}
    ).T.rename_axis("weights")


def _series() -> dict:
    """Per scale: the forget gate where the subject changes and where it is held, and what is kept at the change."""
    data = saturation().data
    at = data["positions"]
    change, held = at["subject_change"], at["held"]
    return {
        "scale": [run["scale"] for run in data["runs"]],
        "f_change": [run["f"][change] for run in data["runs"]],
        "f_held": [run["f"][held] for run in data["runs"]],
        "kept_change": [run["kept"][change] for run in data["runs"]],
        "start": data["start"],
    }


def scales() -> dict:
    """The forget gates and what is kept at the smallest scale, at ×1 and at the largest."""
    s = _series()
    values = {}
    for key, k in (("lo", 0), ("one", s["start"]), ("hi", -1)):
        values |= {f"scale_{key}": s["scale"][k], f"left_{key}": s["kept_change"][k], f"f_mary_{key}": s["f_change"][k]}
    return values | {"f_is_lo": s["f_held"][0], "f_is_hi": s["f_held"][-1]}


def saturation_preactivations() -> list[np.ndarray]:
    """Per scale of the saturation explorer, the gender unit's pre-activations: (T, 4), one
    column per gate of ``lstm_calc.GATES``, from the library's ``preactivations`` of the run."""
    unit, out = handset.GENDER_UNIT, []
    for scale in explorables.SCALES:
        params, trace = handset.gender_params(scale), handset.gender_trace(scale=scale)
        a = preactivations(params, trace.z)
        out.append(np.stack([a[:, STACK_ORDER.index(g) * params.n_h + unit] for g in GATES], axis=1))
    return out


def scale_claims() -> dict:
    """The sentences of the saturation section that compare numbers, and whether the numbers bear them out."""
    s = _series()
    f_change, f_held, kept = s["f_change"], s["f_held"], s["kept_change"]
    pre = saturation_preactivations()
    held, g = saturation().data["positions"]["held"], GATES.index("g")
    return {
        "with every step of the scale each of the gender unit's pre-activations that is not 0 moves further "
        "from 0": all(np.all(np.abs(b)[a != 0] > np.abs(a)[a != 0]) for a, b in pairwise(pre)),
        "a pre-activation that is 0 stays 0 at every scale": all(np.array_equal(a == 0, pre[0] == 0) for a in pre),
        "the candidate's pre-activation between the subjects is 0 at every scale": all(a[held, g] == 0 for a in pre),
        "the share that survives the new subject falls with every step of the scale": all(
            a > b for a, b in pairwise(f_change)
        ),
        "the forget gate between subjects rises towards 1 with the scale": all(a < b for a, b in pairwise(f_held)),
        "the amount kept need not fall at every step": not all(a > b for a, b in pairwise(kept)),
        "the least is kept at the largest scale": kept[-1] == min(kept),
    }


def rest_exercise(h_prev: float, x: float, c_prev: float) -> dict:
    """Exercise 1, from its givens: the cell explorer's cell (weight 1 on h_{t-1}
    and x_t, no bias) at ``h_prev``, ``x`` and ``c_prev``: f, i, o, the candidate g and the new cell."""
    step = explorables.cell_explorer_step(explorables.cell_explorer_params(), x=x, h_prev=h_prev, c_prev=c_prev)
    return {name: step[name] for name in ("f", "i", "o", "g", "c")}


def first_scale_below(share: float, scales, forget_gates) -> float:
    """Exercise 2, from its givens: the first of ``scales`` at which the forget gate
    at the new subject (``forget_gates``, one per scale, as the saturation explorer
    shows them) lets less than ``share`` of the old cell through."""
    share = _check.fraction("share", share, open_interval=True)
    scales = _check.reals("scales", scales, positive=True)
    forget_gates = [
        _check.fraction(f"forget_gates[{k}]", f) for k, f in enumerate(_check.items("forget_gates", forget_gates))
    ]
    if not scales or len(scales) != len(forget_gates):
        raise ValueError(
            f"scales and forget_gates must be two lists of one length, got {len(scales)} and {len(forget_gates)}"
        )
    below = [scale for scale, f in zip(scales, forget_gates, strict=True) if f < share]
    if not below:
        raise ValueError(f"no scale brings the forget gate below {share}: {forget_gates}")
    return below[0]


EXERCISE_SHARE = 0.1  # exercise 2: "less than one tenth"


def exercises() -> dict:
    """The exercises' givens and answers: exercise 1 at rest (h_{t-1} = 0, x_t = 0)
    from an old cell of ``REST_C_PREV``; exercise 2 on the saturation explorer's scales."""
    rest = rest_exercise(0.0, 0.0, REST_C_PREV)
    s = _series()
    return {
        "ex_rest_c_prev": REST_C_PREV,
        "ex_rest_f": rest["f"],
        "ex_rest_g": rest["g"],
        "ex_rest_c": rest["c"],
        "ex_scale_below": first_scale_below(EXERCISE_SHARE, s["scale"], s["f_change"]),
    }


def exercise_claims() -> dict:
    rest = exercises()
    return {
        "at rest every gate is one half": rest["ex_rest_f"] == 0.5,
        "at rest the candidate is 0": rest["ex_rest_g"] == 0.0,
        "at rest the cell is halved": rest["ex_rest_c"] == rest["ex_rest_c_prev"] / 2,
    }
