"""Never silent, generated: bad input for every public entry point of ``lstm_calc``
and of the book layer, and only one accepted outcome, a ``ValueError`` whose message
names the argument.

Each entry point (``ENTRIES``) has a call that works (its good arguments) and, for
each argument, a strategy of bad values for it: None, strings, booleans, complex
and boolean arrays, ragged lists, NaN and inf, wrong shapes, out-of-range indices,
bad settings, wrong objects. Hypothesis draws an argument and a bad value, the
entry point is called with that one argument replaced, and the call must raise
``ValueError`` naming the argument, before computing anything (a call that returns,
or raises anything else, is a wrong outcome).

``test_every_public_callable_is_covered`` enumerates the public callables of every
module (``__all__``, else the names not starting with ``_`` defined in the module,
and the public methods those classes define) and fails on one that is neither in
``ENTRIES`` nor exempt (``EXEMPT``, each with its reason, or taking no argument).

Deterministic (``derandomize=True``, no example database; the settings profile
"bad-input") and fast: 2,633 examples in all (``PER_ARGUMENT`` per argument, at
least ``AT_LEAST`` per entry point), about 10 s of CPU on two cores (28 s of wall
time with the machine loaded to a load average of 19); the test prints the total.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
import time
import types
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import lstm_book
import lstm_book.pages
import lstm_calc
from lstm_book import (
    analysis,
    chapter,
    charts,
    corpus,
    diagram,
    explorables,
    handset,
    learning,
    live,
    palette,
    reach,
    tables,
    text,
)
from lstm_book import cache as disk_cache
from lstm_book.pages import anatomy, gates, memory, variants, why
from lstm_book.pages import explorables as explorables_page
from lstm_book.pages import learning as learning_page
from lstm_calc import bptt, cell, counting, jacobians, params, rnn, trace, train
from lstm_calc import variants as lc_variants
from lstm_calc.params import LSTMParams

settings.register_profile(
    "bad-input",
    derandomize=True,  # the same examples on every run: a red CI run can be reproduced
    database=None,
    deadline=None,
    print_blob=False,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large],
)
PROFILE = settings.get_profile("bad-input")
PER_ARGUMENT = 5  # examples per argument of an entry point
AT_LEAST = 8  # examples per entry point
TOTAL_AT_LEAST = 1000

# -- Good values: small, built once ------------------------------------------------------

N_H, N_IN = 3, 2
P = LSTMParams.random(N_H, N_IN, seed=0)
PEEP = lc_variants.with_peepholes(P, 0.1, 0.2, 0.3)
CIFG = lc_variants.CIFGParams.from_lstm(P)
GRU = lc_variants.GRUParams.random(N_H, N_IN)
RNN = rnn.RNNParams.random(N_H, N_IN)
X, H, C = np.full(N_IN, 0.5), np.full(N_H, 0.1), np.full(N_H, 0.2)
Z = np.full(N_H + N_IN, 0.1)
XS = np.full((4, N_IN), 0.3)
STEP = lstm_calc.step(P, X, H, C)
GENDER_TRACE = handset.gender_trace()
TOKENS = list(handset.TOKENS)
EMB = corpus.make_embedding()
MODEL = bptt.Model(LSTMParams.random(N_H, EMB.dim, scale=0.3), w=np.full(N_H, 0.1), b=0.0)
EXAMPLES = corpus.make_examples(3, corpus.MALE_TRAIN, corpus.FEMALE_TRAIN, [0, 1], seed=0)
SEQS = corpus.sequences(EXAMPLES, EMB)
BATCH = train.batch(SEQS)
FWD = bptt.forward(MODEL, BATCH.xs)
STATES = analysis.states(MODEL, EXAMPLES, EMB)
CURVES = reach.reach_curves(rnn_gains=(1.0,), lstm_settings=((1.0, 1.0),), n_h=2, n_in=1, T=12, seeds=[0])
LSTM_LABEL = reach.lstm_label(1.0, 1.0)
REACH = jacobians.lstm_reach(P, XS)
RECORDS = learning.predictions(MODEL, EXAMPLES, EMB)
ACCURACY = pd.DataFrame({"accuracy": [0.9, 0.8]}, index=pd.Index([0, 1], name="distractor tokens"))
FRAME = pd.DataFrame({"a": [1.0, 2.0], "b": [3, 4]})
LAYOUT = params.LSTM_LAYOUT
BLOCKS = {g: (getattr(P, f"W_{g}"), getattr(P, f"b_{g}"), np.zeros(N_H)) for g in params.TORCH_GATE_ORDER}
EXPLORABLE = explorables.Explorable("cell", "a label", {"a": 1})
SATURATION = explorables.saturation_explorer(scales=(0.5, 1.0))
ADAM = train.Adam(0.1)
GRADS = {"w": np.ones(3)}
CONFIG = train.TrainConfig(steps=1, batch_size=2)
LIVE = live.handset_model()
LIVE_TRAINED = live.trained_model(MODEL, EMB, 0, 1.0)
LIVE_FIELDS = {k: getattr(LIVE, k) for k in live.LiveModel.__dataclass_fields__}
LIVE_TRACE = live.reference("John is a doctor.", LIVE)["trace"]
LIVE_EXPLORABLE = live.live_explorer([LIVE], sentence="John is.")


# -- Bad values, by kind ------------------------------------------------------------------

A_DICT = {"a": 1}
GARBAGE = (None, "text", b"bytes", True, 1j, object(), A_DICT, Ellipsis)
NON_FINITE = (float("nan"), float("inf"), float("-inf"))


def garbage(*keep_out):
    """Values no argument of these kinds accepts, except those in ``keep_out``."""
    return st.sampled_from([v for v in GARBAGE if not any(v is k for k in keep_out)])


def arr(good, spec="exact", none_ok: bool = False, finite: bool = True):
    """Bad values for an array argument whose good value is ``good``.

    ``spec``: "exact" (only ``good``'s shape), "any" (any shape, a number included),
    "last" (any shape ending in ``good``'s last length), or a tuple of the shape with
    ``None`` on a free axis (any positive length).
    """
    good = np.asarray(good, dtype=float)
    shape = good.shape

    def fits(s) -> bool:
        if 0 in s:
            return False
        if spec == "any":
            return True
        if spec == "exact":
            return s == shape
        if callable(spec):
            return spec(s)
        if spec == "last":
            return len(s) >= 1 and s[-1] == shape[-1]
        return len(s) == len(spec) and all(n is None or n == m for n, m in zip(spec, s))

    def with_value(value):
        def put(k):
            a = good.copy()
            a.flat[k % a.size] = value
            return a

        return st.integers(0, max(good.size - 1, 0)).map(put)

    def ragged(k):
        rows = good.reshape(len(good) if good.ndim else 1, -1).tolist()
        rows[k % len(rows)] = rows[k % len(rows)] + [1.0] if good.ndim > 1 else [1.0, 2.0]
        return rows

    wrong_shape = (
        st.lists(st.integers(0, 5), max_size=4).map(tuple).filter(lambda s: not fits(s)).map(lambda s: np.full(s, 0.25))
    )
    return st.one_of(
        garbage(*((None,) if none_ok else ())),
        st.just(good.astype(complex) + 1j),
        st.just(good.astype(bool)),
        st.just(np.full(shape, "a")),
        st.integers(0, 9).map(ragged),
        *([st.sampled_from(NON_FINITE).flatmap(with_value)] if finite else []),
        wrong_shape,
    )


def integer(low=None, high=None, none_ok: bool = False):
    """Bad values for an int argument valid in [low, high)."""
    out = [
        garbage(*((None,) if none_ok else ())),
        st.floats(allow_nan=True).filter(lambda v: v != int(v) if np.isfinite(v) else True),
    ]
    out += [st.sampled_from([2.0, np.float64(1.0), np.array(1), [1], "1", np.bool_(True)])]
    if low is not None:
        out.append(st.integers(max_value=low - 1))
    if high is not None:
        out.append(st.integers(min_value=high))
    return st.one_of(out)


def real(ok=lambda v: True, none_ok: bool = False, extra=()):
    """Bad values for a real argument; ``ok`` says which finite values are valid."""
    out = [
        garbage(*((None,) if none_ok else ())),
        st.sampled_from(NON_FINITE),
        st.sampled_from(["1.0", [1.0], np.array([1.0]), np.bool_(False), 1 + 0j, *extra]),
        st.floats(allow_nan=False, allow_infinity=False).filter(lambda v: not ok(v)),
    ]
    return st.one_of(out)


def fraction(open_interval: bool = False):
    """Bad values of a real in [0, 1], or (0, 1)."""
    return real(
        lambda v: 0 < v < 1 if open_interval else 0 <= v <= 1, extra=(-0.5, 1.5) + ((0.0, 1.0) if open_interval else ())
    )


def positive():
    return real(lambda v: v > 0, extra=(0.0, -1.0))


def string(blank_ok: bool = True, none_ok: bool = False):
    """Bad values for a str argument (any str, or any non-blank one)."""
    out = [garbage("text", *((None,) if none_ok else ())), st.integers(), st.sampled_from([["a"], ("a",), 2.5])]
    if not blank_ok:
        out.append(st.sampled_from(["", "   ", "\n"]))
    return st.one_of(out)


def choice(options, none_ok: bool = False):
    """Bad values for an argument that must be one of ``options``."""
    options = list(options)
    return st.one_of(
        garbage(*((None,) if none_ok else ())),
        st.text(max_size=8).filter(lambda s: s not in options),
        st.integers(),
        st.sampled_from([[options[0]], (options[0],), str(options[0]).upper() + "!"]),
    )


def flag():
    return st.one_of(garbage(True), st.sampled_from([0, 1, 1.0, "yes", "True", [True], np.array([True])]))


def obj(*wrong, dicts_ok: bool = False):
    """Bad values for an argument that must be a particular object: garbage, and ``wrong`` objects."""
    dicts = (A_DICT,) if dicts_ok else ()
    return st.one_of(
        garbage(*dicts),
        st.integers(),
        st.sampled_from([[1.0], np.zeros(3), *(() if dicts_ok else (P.arrays(),)), *wrong]),
    )


def words(known=None, empty_ok: bool = False):
    """Bad values for a list of tokens (from ``known``, when given)."""
    bad = [garbage(), st.integers(), st.sampled_from([[1], [None], ["John", 2.5], "John", ("a", b"b")])]
    if not empty_ok:
        bad.append(st.sampled_from([[], ()]))
    if known is not None:
        bad.append(st.text(min_size=1, max_size=6).filter(lambda s: s not in known).map(lambda s: [s]))
    return st.one_of(bad)


BAD_SOURCES = st.one_of(
    garbage(), st.sampled_from([[1], [None], ["/no/such/file.py"], [types.ModuleType("no_file")], 3, [b"x"]])
)
BAD_SEEDS = st.one_of(garbage(), st.sampled_from([[], [-1], [0.5], ["a"], [None], [True], 3]))


def not_none(strategy):
    """``strategy`` without None, for an argument whose default None is valid."""
    return strategy.filter(lambda v: v is not None)


# -- The entry points ----------------------------------------------------------------------


@dataclass
class Entry:
    call: object  # called with the good arguments, one replaced
    good: dict
    bad: dict  # argument -> strategy of bad values
    names: dict = field(default_factory=dict)  # argument -> the name its message must hold, when another

    def examples(self) -> int:
        return max(AT_LEAST, PER_ARGUMENT * len(self.bad))


def entry(call, good: dict, bad: dict, **names) -> Entry:
    return Entry(call, good, bad, names)


def param_arrays(cls, good):
    """Every array of a parameter class: bad values for each."""
    return entry(cls, good.arrays(), {k: arr(v) for k, v in good.arrays().items()})


ENTRIES: dict[str, Entry] = {
    # lstm_calc.cell
    "lstm_calc.cell.sigmoid": entry(cell.sigmoid, {"a": Z}, {"a": arr(Z, "any")}),
    "lstm_calc.cell.concat": entry(
        cell.concat, {"h_prev": H, "x": X}, {"h_prev": arr(H, (None,)), "x": arr(X, (None,))}
    ),
    **{
        f"lstm_calc.cell.{name}": entry(
            getattr(cell, name),
            {"params": P, "z": Z},
            {"params": obj(RNN, GRU, *((CIFG,) if name == "input_gate" else ())), "z": arr(Z, "last")},
        )
        for name in ("forget_gate", "input_gate", "candidate", "output_gate")
    },
    "lstm_calc.cell.cell_state": entry(
        cell.cell_state, {"f": H, "c_prev": C, "i": H, "g": C}, {k: arr(H) for k in ("f", "c_prev", "i", "g")}
    ),
    "lstm_calc.cell.hidden_state": entry(cell.hidden_state, {"o": H, "c": C}, {"o": arr(H), "c": arr(C)}),
    "lstm_calc.cell.stack_gates": entry(cell.stack_gates, {"params": P}, {"params": obj(RNN, GRU, CIFG)}),
    "lstm_calc.cell.preactivations": entry(
        cell.preactivations, {"params": P, "z": Z}, {"params": obj(RNN, GRU, CIFG), "z": arr(Z, "last")}
    ),
    "lstm_calc.cell.gates": entry(
        cell.gates, {"params": P, "z": Z}, {"params": obj(RNN, GRU, CIFG), "z": arr(Z, "last")}
    ),
    "lstm_calc.cell.lstm_step": entry(
        cell.lstm_step,
        {"params": P, "x": X, "h_prev": H, "c_prev": C},
        {"params": obj(RNN, GRU, CIFG, PEEP), "x": arr(X), "h_prev": arr(H), "c_prev": arr(C)},
    ),
    "lstm_calc.cell.lstm_run": entry(
        cell.lstm_run,
        {"params": P, "xs": XS, "h0": H, "c0": C},
        {"params": obj(RNN, GRU, CIFG, PEEP), "xs": arr(XS, (None, N_IN)), "h0": arr(H), "c0": arr(C)},
    ),
    # lstm_calc.params, rnn, variants: the parameter classes
    "lstm_calc.params.LSTMParams": param_arrays(LSTMParams, P),
    "lstm_calc.params.Params.random": entry(
        LSTMParams.random,
        {"n_h": 2, "n_in": 1, "seed": 0, "scale": 1.0},
        {"n_h": integer(1), "n_in": integer(1), "seed": integer(0), "scale": positive()},
    ),
    "lstm_calc.params.LSTMParams.from_torch": entry(LSTMParams.from_torch, {"module": None}, {"module": obj(RNN)}),
    "lstm_calc.params.LSTMParams.to_torch": entry(P.to_torch, {"cell": False}, {"cell": flag()}),
    "lstm_calc.params.TorchLayout": entry(
        params.TorchLayout,
        {"order": ("i", "f"), "module_names": ("LSTM", "LSTMCell")},
        {"order": words(), "module_names": words()},
    ),
    "lstm_calc.params.TorchLayout.read": entry(LAYOUT.read, {"module": None}, {"module": obj(RNN)}),
    "lstm_calc.params.TorchLayout.write": entry(
        LAYOUT.write,
        {"blocks": BLOCKS, "n_h": N_H, "n_in": N_IN, "cell": False},
        {
            "blocks": st.one_of(obj(), st.just({"i": BLOCKS["i"]}), st.just(BLOCKS | {"f": (P.W_f, np.zeros(2), 0)})),
            "n_h": integer(1),
            "n_in": integer(1),
            "cell": flag(),
        },
    ),
    "lstm_calc.rnn.RNNParams": param_arrays(rnn.RNNParams, RNN),
    "lstm_calc.rnn.RNNParams.from_torch": entry(rnn.RNNParams.from_torch, {"module": None}, {"module": obj(P)}),
    "lstm_calc.rnn.RNNParams.to_torch": entry(RNN.to_torch, {"cell": False}, {"cell": flag()}),
    "lstm_calc.rnn.rnn_step": entry(
        rnn.rnn_step, {"params": RNN, "x": X, "h_prev": H}, {"params": obj(P, GRU), "x": arr(X), "h_prev": arr(H)}
    ),
    "lstm_calc.rnn.rnn_run": entry(
        rnn.rnn_run,
        {"params": RNN, "xs": XS, "h0": H},
        {"params": obj(P, GRU), "xs": arr(XS, (None, N_IN)), "h0": arr(H, none_ok=True)},
    ),
    "lstm_calc.variants.PeepholeParams": param_arrays(lc_variants.PeepholeParams, PEEP),
    "lstm_calc.variants.CIFGParams": param_arrays(lc_variants.CIFGParams, CIFG),
    "lstm_calc.variants.CIFGParams.from_lstm": entry(
        lc_variants.CIFGParams.from_lstm, {"params": P}, {"params": obj(RNN, GRU, CIFG, PEEP)}
    ),
    "lstm_calc.variants.GRUParams": param_arrays(lc_variants.GRUParams, GRU),
    "lstm_calc.variants.GRUParams.from_torch": entry(
        lc_variants.GRUParams.from_torch, {"module": None}, {"module": obj(P)}
    ),
    "lstm_calc.variants.GRUParams.to_torch": entry(GRU.to_torch, {"cell": False}, {"cell": flag()}),
    "lstm_calc.variants.with_peepholes": entry(
        lc_variants.with_peepholes,
        {"params": P, "p_f": 0.0, "p_i": H, "p_o": 0.5},
        {"params": obj(RNN, GRU, CIFG, PEEP), "p_f": arr(H), "p_i": arr(H), "p_o": arr(H)},
    ),
    "lstm_calc.variants.peephole_gate": entry(
        lc_variants.peephole_gate, {"a": H, "p": C, "c": H}, {"a": arr(H), "p": arr(C), "c": arr(H)}
    ),
    **{
        f"lstm_calc.variants.{name}": entry(
            getattr(lc_variants, name),
            {"params": good, "x": X, "h_prev": H} | ({} if name == "gru_step" else {"c_prev": C}),
            {"params": obj(RNN, *(w for w in (P, PEEP, CIFG, GRU) if w is not good)), "x": arr(X), "h_prev": arr(H)}
            | ({} if name == "gru_step" else {"c_prev": arr(C)}),
        )
        for name, good in (("peephole_step", PEEP), ("cifg_step", CIFG), ("gru_step", GRU))
    },
    # lstm_calc.trace
    "lstm_calc.trace.check_params": entry(trace.check_params, {"params": P}, {"params": obj(RNN)}),
    "lstm_calc.trace.step": entry(
        lstm_calc.step,
        {"params": P, "x": X, "h_prev": H, "c_prev": C},
        {"params": obj(RNN), "x": arr(X), "h_prev": arr(H, none_ok=True), "c_prev": arr(C, none_ok=True)},
    ),
    "lstm_calc.trace.run": entry(
        lstm_calc.run,
        {"params": P, "xs": XS, "h0": H, "c0": C, "tokens": list("abcd")},
        {
            "params": obj(RNN),
            "xs": arr(XS, (None, N_IN)),
            "h0": arr(H, none_ok=True),
            "c0": arr(C, none_ok=True),
            "tokens": st.one_of(garbage(None), st.integers(), st.just(["a"]), st.text(min_size=1)),
        },
    ),
    "lstm_calc.trace.Trace.step": entry(GENDER_TRACE.step, {"t": 0}, {"t": integer(0, GENDER_TRACE.T)}),
    # lstm_calc.jacobians, counting
    "lstm_calc.jacobians.lstm_step_jacobians": entry(
        jacobians.lstm_step_jacobians,
        {"params": P, "s": STEP},
        {"params": obj(RNN, PEEP, CIFG), "s": obj(STEP._replace(f=np.full(N_H, np.nan)), STEP._replace(c=np.ones(2)))},
    ),
    "lstm_calc.jacobians.lstm_reach": entry(
        jacobians.lstm_reach,
        {"params": P, "xs": XS, "h0": H, "c0": C},
        {"params": obj(RNN, PEEP), "xs": arr(XS, (None, N_IN)), "h0": arr(H, none_ok=True), "c0": arr(C, none_ok=True)},
    ),
    "lstm_calc.jacobians.rnn_reach": entry(
        jacobians.rnn_reach,
        {"params": RNN, "xs": XS, "h0": H},
        {"params": obj(P), "xs": arr(XS, (None, N_IN)), "h0": arr(H, none_ok=True)},
    ),
    "lstm_calc.jacobians.Reach.norms": entry(REACH.norms, {"name": "dh_dx"}, {"name": choice(jacobians.Reach.NAMES)}),
    "lstm_calc.counting.count_params": entry(
        counting.count_params,
        {"model": "lstm", "n_h": 3, "n_in": 2, "torch_biases": True},
        {"model": choice(counting.MODELS), "n_h": integer(1), "n_in": integer(1), "torch_biases": flag()},
    ),
    # lstm_calc.bptt, train
    "lstm_calc.bptt.Model": entry(
        bptt.Model,
        {"lstm": MODEL.lstm, "w": MODEL.w, "b": 0.0},
        {"lstm": obj(CIFG, PEEP, RNN), "w": arr(MODEL.w), "b": real()},
    ),
    "lstm_calc.bptt.Model.from_arrays": entry(
        bptt.Model.from_arrays,
        {"arrays": MODEL.arrays()},
        {
            "arrays": st.one_of(
                garbage(),
                st.sampled_from([{}, P.arrays(), MODEL.arrays() | {"b": "x"}, MODEL.arrays() | {"w": np.ones(2)}]),
                st.sampled_from(bptt.PARAM_NAMES).map(
                    lambda k: MODEL.arrays() | {k: np.full(np.shape(MODEL.arrays()[k]), np.nan)}
                ),
            )
        },
    ),
    "lstm_calc.bptt.check_xs": entry(
        bptt.check_xs, {"model": MODEL, "xs": BATCH.xs}, {"model": obj(P), "xs": arr(BATCH.xs, (None, None, EMB.dim))}
    ),
    "lstm_calc.bptt.forward": entry(
        bptt.forward, {"model": MODEL, "xs": BATCH.xs}, {"model": obj(P), "xs": arr(BATCH.xs, (None, None, EMB.dim))}
    ),
    "lstm_calc.bptt.loss": entry(
        bptt.loss,
        {"fwd": FWD, "mask": BATCH.mask, "labels": BATCH.labels},
        {
            "fwd": obj(BATCH, MODEL),
            "mask": st.one_of(arr(BATCH.mask), st.just(2 * BATCH.mask), st.just(0 * BATCH.mask)),
            "labels": st.one_of(arr(BATCH.labels), st.just(BATCH.labels - 0.5)),
        },
    ),
    "lstm_calc.bptt.loss_and_grads": entry(
        bptt.loss_and_grads,
        {"model": MODEL, "xs": BATCH.xs, "mask": BATCH.mask, "labels": BATCH.labels},
        {
            "model": obj(P),
            "xs": arr(BATCH.xs),
            "mask": st.one_of(arr(BATCH.mask), st.just(-BATCH.mask), st.just(0 * BATCH.mask)),
            "labels": st.one_of(arr(BATCH.labels), st.just(BATCH.labels + 0.5)),
        },
    ),
    "lstm_calc.train.Adam": entry(
        train.Adam,
        {"lr": 0.1, "beta1": 0.9, "beta2": 0.99, "eps": 1e-8},
        {"lr": positive(), "beta1": fraction(), "beta2": st.one_of(fraction(), st.just(1.0)), "eps": positive()},
    ),
    "lstm_calc.train.Adam.update": entry(
        ADAM.update,
        {"params": {"w": np.zeros(3)}, "grads": GRADS},
        {
            "params": st.one_of(obj(), st.just({"v": np.zeros(3)}), st.just({"w": np.zeros(2)}), st.just({"w": "x"})),
            "grads": st.one_of(
                obj(), st.just({"w": np.full(3, np.nan)}), st.just({"w": np.ones(4)}), st.just({"v": 1.0})
            ),
        },
    ),
    "lstm_calc.train.Sequence": entry(
        train.Sequence,
        {"xs": XS, "targets": {1: 0, 3: 1}},
        {
            "xs": arr(XS, (None, None)),
            "targets": st.one_of(
                garbage(),
                st.sampled_from([[1], {4: 1}, {-1: 0}, {1: 2}, {1: True}, {1.5: 1}, {"1": 0}, {1: 0.5}, {1: None}]),
            ),
        },
    ),
    "lstm_calc.train.TrainConfig": entry(
        train.TrainConfig,
        {},
        {
            "n_h": integer(1),
            "steps": integer(1),
            "batch_size": integer(1),
            "lr": positive(),
            "clip": positive(),
            "init_scale": positive(),
            "forget_bias": real(),
            "seed": integer(0),
        },
    ),
    "lstm_calc.train.batch": entry(train.batch, {"sequences": SEQS}, {"sequences": words()}),
    "lstm_calc.train.predict": entry(
        train.predict,
        {"model": MODEL, "sequences": SEQS},
        {"model": obj(P), "sequences": st.one_of(words(), st.just([train.Sequence(np.ones((2, 3)), {0: 1})]))},
    ),
    "lstm_calc.train.train": entry(
        train.train,
        {"sequences": SEQS, "config": CONFIG},
        {"sequences": st.one_of(words(), st.just([train.Sequence(np.ones((2, 3)), {})])), "config": obj(MODEL)},
    ),
    # lstm_book.handset, text
    "lstm_book.handset.gender_params": entry(handset.gender_params, {"scale": 1.0}, {"scale": real()}),
    "lstm_book.handset.embed": entry(
        handset.embed,
        {"tokens": TOKENS, "embedding": None},
        {
            "tokens": words(handset.EMBEDDING),
            "embedding": st.one_of(
                garbage(None), st.integers(), st.just({"John": "x"}), st.just({"John": [1.0, np.nan]})
            ),
        },
    ),
    "lstm_book.handset.gender_trace": entry(
        handset.gender_trace,
        {"sentence": handset.SENTENCE, "scale": 1.0},
        {"sentence": string(blank_ok=False), "scale": real()},
    ),
    "lstm_book.handset.pronoun": entry(handset.pronoun, {"h_gender": 0.5}, {"h_gender": real()}),
    "lstm_book.handset.verb": entry(handset.verb, {"h_number": 0.5}, {"h_number": real()}),
    "lstm_book.handset.number_trace": entry(
        handset.number_trace,
        {"sentence": handset.NUMBER_SENTENCE},
        {"sentence": st.one_of(string(False), st.just("John is"))},
    ),
    "lstm_book.handset.variant_traces": entry(
        handset.variant_traces, {"sentence": handset.SENTENCE}, {"sentence": st.one_of(string(False), st.just("cat"))}
    ),
    "lstm_book.text.tokenize": entry(text.tokenize, {"sentence": "a b"}, {"sentence": string(blank_ok=False)}),
    **{
        f"lstm_book.text.{name}": entry(getattr(text, name), {"sentence": "a\u200bb"}, {"sentence": string()})
        for name in ("invisible", "visible")
    },
    "lstm_book.text.one_hot": entry(
        text.one_hot,
        {"tokens": ["cat", "mat"], "vocabulary": ["cat", "mat"]},
        {"tokens": words(["cat", "mat"]), "vocabulary": st.one_of(words(), st.just(["cat", "cat"]))},
    ),
    # lstm_book.corpus, learning
    "lstm_book.corpus.Example": entry(
        corpus.Example,
        {k: getattr(EXAMPLES[0], k) for k in ("tokens", "targets", "subjects", "gaps", "genders")},
        {
            "tokens": words(),
            "targets": st.one_of(garbage(), st.just({999: 0}), st.just({0: 2}), st.just([1])),
            "subjects": st.one_of(garbage(), st.just((999,)), st.just((0.5,)), st.just(())),
            "gaps": st.one_of(garbage(), st.just({0: -1}), st.just([1])),
            "genders": st.one_of(garbage(), st.just((2,)), st.just((0.5,))),
        },
    ),
    "lstm_book.corpus.Embedding": entry(
        corpus.Embedding,
        {"vectors": EMB.vectors, "name_direction": EMB.name_direction, "gender_direction": EMB.gender_direction},
        {
            "vectors": st.one_of(
                garbage(),
                st.just({}),
                st.just({"a": np.ones(3)}),
                st.just({1: EMB.name_direction}),
                st.just({"a": [np.nan] * EMB.dim}),
            ),
            "name_direction": arr(EMB.name_direction),
            "gender_direction": arr(EMB.gender_direction),
        },
    ),
    "lstm_book.corpus.Embedding.encode": entry(EMB.encode, {"tokens": ["John", "is"]}, {"tokens": words(EMB.vectors)}),
    "lstm_book.corpus.make_embedding": entry(
        corpus.make_embedding,
        {"dim": 4, "seed": 0, "gender_strength": 1.0, "noise": 0.3},
        {
            "dim": integer(2),
            "seed": integer(0),
            "gender_strength": real(),
            "noise": real(lambda v: v >= 0, extra=(-0.1,)),
        },
    ),
    "lstm_book.corpus.distractor": entry(
        corpus.distractor,
        {"rng": np.random.default_rng(0), "length": 3},
        {"rng": obj(np.random.RandomState(0)), "length": integer(0)},
    ),
    "lstm_book.corpus.make_examples": entry(
        corpus.make_examples,
        {
            "n": 2,
            "male": ["John"],
            "female": ["Mary"],
            "gaps": [0, 1],
            "seed": 0,
            "sentences": (2, 3),
            "pronoun_rate": 0.5,
        },
        {
            "n": integer(1),
            "male": words(),
            "female": words(),
            "gaps": st.one_of(words(), st.just([-1]), st.just([1.5])),
            "seed": integer(0),
            "sentences": st.one_of(
                garbage(), st.just((3, 2)), st.just((0, 1)), st.just((1,)), st.just((1.5, 2)), st.just(2)
            ),
            "pronoun_rate": fraction(),
        },
    ),
    "lstm_book.corpus.sequences": entry(
        corpus.sequences,
        {"examples": EXAMPLES, "embedding": EMB},
        {"examples": words(), "embedding": obj(handset.EMBEDDING)},
    ),
    "lstm_book.learning.learning_setup": entry(
        learning.learning_setup, {"pronoun_rate": 0.5}, {"pronoun_rate": fraction()}
    ),
    "lstm_book.learning.train_on": entry(
        learning.train_on,
        {"examples": EXAMPLES, "embedding": EMB, "config": CONFIG},
        {"examples": words(), "embedding": obj(), "config": obj(MODEL)},
    ),
    "lstm_book.learning.predictions": entry(
        learning.predictions,
        {"model": MODEL, "examples": EXAMPLES, "embedding": EMB},
        {"model": obj(P), "examples": words(), "embedding": obj()},
    ),
    "lstm_book.learning.accuracy": entry(
        learning.accuracy,
        {"records": RECORDS},
        {
            "records": st.one_of(
                words(),
                st.just([{"p_she": 0.5}]),
                st.just([{"p_she": "x", "label": 0}]),
                st.just([{"p_she": np.nan, "label": 1}]),
                st.just([{"p_she": 0.2, "label": 3}]),
            )
        },
    ),
    # lstm_book.analysis
    "lstm_book.analysis.states": entry(
        analysis.states,
        {"model": MODEL, "examples": EXAMPLES, "embedding": EMB},
        {"model": obj(P), "examples": words(), "embedding": obj()},
    ),
    **{
        f"lstm_book.analysis.{name}": entry(getattr(analysis, name), {"s": STATES}, {"s": obj(GENDER_TRACE)})
        for name in ("separation", "gender_unit", "saturation")
    },
    "lstm_book.analysis.forget_at_subjects": entry(
        analysis.forget_at_subjects, {"s": STATES, "unit": 0}, {"s": obj(GENDER_TRACE), "unit": integer(0, N_H)}
    ),
    "lstm_book.analysis.effective_weights": entry(
        analysis.effective_weights,
        {"model": MODEL, "unit": 0, "embedding": EMB, "orientation": 1.0},
        {"model": obj(P), "unit": integer(0, N_H), "embedding": obj(), "orientation": real(lambda v: v in (1.0, -1.0))},
    ),
    "lstm_book.analysis.hand_set_readings": entry(
        analysis.hand_set_readings,
        {"params": handset.gender_params(), "unit": 0, "features": handset.FEATURES},
        {
            "params": obj(GRU, CIFG),
            "unit": integer(0, 3),
            "features": st.one_of(words(), st.just(["a", "b", "c", "d"])),
        },
    ),
    "lstm_book.analysis.accuracy_by_gap": entry(
        analysis.accuracy_by_gap,
        {"model": MODEL, "embedding": EMB, "gaps": [0], "stories": 2, "seed": 0, "male": ["John"], "female": ["Mary"]},
        {
            "model": obj(P),
            "embedding": obj(),
            "gaps": st.one_of(words(), st.just([-1]), st.just([0.5])),
            "stories": integer(1),
            "seed": integer(0),
            "male": words(),
            "female": words(),
        },
    ),
    **{
        f"lstm_book.analysis.{name}": entry(
            getattr(analysis, name),
            {"model": MODEL, "tokens": ["John", "is"], "embedding": EMB} | extra,
            {"model": obj(P), "tokens": words(EMB.vectors), "embedding": obj()} | bad,
        )
        for name, extra, bad in (
            ("run_tokens", {}, {}),
            ("p_she", {}, {}),
            (
                "unit_cell",
                {"unit": 1, "orientation": -1.0},
                {"unit": integer(0, N_H), "orientation": real(lambda v: v in (1, -1))},
            ),
            (
                "unit_steps",
                {"unit": 1, "orientation": -1.0},
                {"unit": integer(0, N_H), "orientation": real(lambda v: v in (1, -1))},
            ),
            (
                "gate_contributions",
                {"unit": 1, "gate": "g", "orientation": -1.0},
                {"unit": integer(0, N_H), "gate": choice("figo"), "orientation": real(lambda v: v in (1, -1))},
            ),
        )
    },
    "lstm_book.analysis.token_labels": entry(analysis.token_labels, {"tokens": ["a", "b"]}, {"tokens": words()}),
    "lstm_book.analysis.target_cells": entry(
        analysis.target_cells,
        {"model": MODEL, "examples": EXAMPLES, "embedding": EMB, "unit": 0, "orientation": 1.0},
        {
            "model": obj(P),
            "examples": words(),
            "embedding": obj(),
            "unit": integer(0, N_H),
            "orientation": real(lambda v: v in (1, -1)),
        },
    ),
    "lstm_book.analysis.candidate_pull": entry(
        analysis.candidate_pull,
        {"model": MODEL, "embedding": EMB, "words": ["John", "is"], "unit": 0, "orientation": 1.0},
        {
            "model": obj(P),
            "embedding": obj(),
            "words": words(EMB.vectors),
            "unit": integer(0, N_H),
            "orientation": real(lambda v: v in (1, -1)),
        },
    ),
    "lstm_book.analysis.transitions": entry(
        analysis.transitions,
        {"model": MODEL, "embedding": EMB, "male": ["John", "Paul"], "female": ["Mary", "Anna"]},
        {
            "model": obj(P),
            "embedding": obj(),
            "male": st.one_of(words(EMB.vectors), st.just(["John"]), st.just(["John", "John"])),
            "female": st.one_of(words(EMB.vectors), st.just(["Mary"])),
        },
    ),
    # lstm_book.chapter
    "lstm_book.chapter.glue_number": entry(
        chapter.glue_number, {"name": "x", "value": 1.0}, {"name": string(False), "value": real()}
    ),
    "lstm_book.chapter.glue_int": entry(
        chapter.glue_int, {"name": "x", "value": 1}, {"name": string(False), "value": integer()}
    ),
    "lstm_book.chapter.glue_numbers": entry(
        chapter.glue_numbers,
        {"values": {"a": 1.0}, "prefix": ""},
        {
            "values": st.one_of(obj(dicts_ok=True), st.just({1: 1.0}), st.just({"a": "x"}), st.just({"a": np.nan})),
            "prefix": string(),
        },
    ),
    "lstm_book.chapter.claim": entry(
        chapter.claim,
        {"text": "a sentence", "holds": True},
        {"text": string(False), "holds": flag().filter(lambda v: v is not False)},
    ),
    # lstm_book.tables
    "lstm_book.tables.exact_decimals": entry(
        tables.exact_decimals,
        {"values": [0.5, 1.25], "most": 4},
        {"values": arr([0.5, 1.25], "any", finite=False), "most": integer(0, 16)},
    ),
    "lstm_book.tables.formatted": entry(
        tables.formatted,
        {"frame": FRAME, "decimals": 2, "formats": {"a": ".1f"}},
        {
            "frame": obj(),
            "decimals": integer(0, 16),
            "formats": st.one_of(not_none(obj()), st.just({"c": ".1f"}), st.just({"a": "q"}), st.just({"a": 5})),
        },
    ),
    "lstm_book.tables.unit_names": entry(tables.unit_names, {"n_h": 3}, {"n_h": integer(1)}),
    "lstm_book.tables.memory_update_table": entry(
        tables.memory_update_table,
        {"f": H, "c_prev": C, "i": H, "g": C, "columns": ["a", "b", "c"], "name": "t", "decimals": 2},
        {
            "f": arr(H, (None,)),
            "c_prev": arr(C),
            "i": arr(H),
            "g": arr(C),
            "columns": st.one_of(not_none(words()), st.just(["a"])),
            "name": string(none_ok=True),
            "decimals": integer(0, 16),
        },
    ),
    "lstm_book.tables.memory_table": entry(
        tables.memory_table, {"trace": GENDER_TRACE, "t": 0}, {"trace": obj(P), "t": integer(0, GENDER_TRACE.T)}
    ),
    "lstm_book.tables.memory_tables": entry(
        tables.memory_tables,
        {"trace": GENDER_TRACE, "units": [2, 0]},
        {"trace": obj(P), "units": st.one_of(not_none(words()), st.just([3]), st.just([0, 0]), st.just(1))},
    ),
    "lstm_book.tables.carrying_units": entry(
        tables.carrying_units, {"trace": GENDER_TRACE, "tol": 1e-3}, {"trace": obj(P), "tol": positive()}
    ),
    "lstm_book.tables.focused_memory_table": entry(
        tables.focused_memory_table,
        {"trace": GENDER_TRACE, "units": None, "tol": 1e-3, "unit_labels": {2: "gender"}},
        {
            "trace": obj(P),
            "units": st.one_of(garbage(None), st.just([3]), st.just([])),
            "tol": positive(),
            "unit_labels": st.one_of(garbage(None), st.just({5: "x"}), st.just({2: 5}), st.just([2])),
        },
    ),
    "lstm_book.tables.unit_table": entry(
        tables.unit_table,
        {"trace": GENDER_TRACE, "unit": 2, "decimals": 2},
        {"trace": obj(P), "unit": integer(0, 3), "decimals": integer(0, 16)},
    ),
    "lstm_book.tables.frame": entry(
        tables.frame,
        {"trace": GENDER_TRACE, "name": "f", "decimals": 2},
        {"trace": obj(P), "name": choice([n for n in GENDER_TRACE.names if n != "z"]), "decimals": integer(0, 16)},
    ),
    "lstm_book.tables.weights_table": entry(
        tables.weights_table,
        {"params": P, "unit": 0, "input_names": ["a", "b"], "decimals": None},
        {
            "params": obj(GRU, CIFG),
            "unit": integer(0, N_H),
            "input_names": st.one_of(not_none(words()), st.just(["a"])),
            "decimals": integer(0, 17, none_ok=True),
        },
    ),
    # lstm_book.charts
    "lstm_book.charts.gender_chart": entry(
        charts.gender_chart,
        {"trace": GENDER_TRACE, "unit": 2, "title": "t"},
        {"trace": obj(P), "unit": integer(0, 3), "title": string()},
    ),
    "lstm_book.charts.readout_chart": entry(
        charts.readout_chart,
        {"trace": GENDER_TRACE, "unit": 2, "readout": handset.pronoun, "words": ("he", "she"), "title": "t"},
        {
            "trace": obj(P),
            "unit": integer(0, 3),
            "readout": obj(),
            "words": st.one_of(words(), st.just(("he",)), st.just(("he", "she", "it"))),
            "title": string(),
        },
    ),
    "lstm_book.charts.reach_chart": entry(
        charts.reach_chart,
        {"curves": CURVES, "title": "t"},
        {"curves": st.one_of(obj(), st.just(FRAME)), "title": string()},
    ),
    "lstm_book.charts.steps_back_layout": entry(
        charts.steps_back_layout,
        {"fig": go.Figure(), "title": "t", "y_title": "y", "height": 300},
        {"fig": obj(), "title": string(), "y_title": string(), "height": integer(1)},
    ),
    "lstm_book.charts.activation_chart": entry(charts.activation_chart, {"title": "t"}, {"title": string()}),
    "lstm_book.charts.variants_chart": entry(
        charts.variants_chart,
        {"traces": {"LSTM": GENDER_TRACE}, "unit": 2, "title": "t"},
        {
            "traces": st.one_of(obj(), st.just({}), st.just({"a": P}), st.just({1: GENDER_TRACE})),
            "unit": integer(0, 3),
            "title": string(),
        },
    ),
    "lstm_book.charts.loss_chart": entry(
        charts.loss_chart,
        {"losses": [0.5, 0.25], "title": "t"},
        {"losses": arr([0.5, 0.25], (None,)), "title": string()},
    ),
    "lstm_book.charts.accuracy_chart": entry(
        charts.accuracy_chart,
        {"table": ACCURACY, "trained_up_to": 1, "title": "t"},
        {"table": st.one_of(obj(), st.just(FRAME)), "trained_up_to": integer(0), "title": string()},
    ),
    "lstm_book.charts.cell_heatmap_html": entry(
        charts.cell_heatmap_html,
        {"rows": [(["a", "b"], [0.5, -0.5])], "caption": "c"},
        {
            "rows": st.one_of(
                words(),
                st.just([(["a"], [0.5, 1.0])]),
                st.just([(["a"], [np.nan])]),
                st.just([("a", [1.0])]),
                st.just([(["a"],)]),
            ),
            "caption": string(),
        },
    ),
    "lstm_book.palette.contrast": entry(
        palette.contrast,
        {"a": "#000000", "b": "#ffffff"},
        {
            "a": st.one_of(garbage(), st.sampled_from(["#00000", "000000", "#gggggg", "#0000000", (0, 0, 0)])),
            "b": st.one_of(garbage(), st.sampled_from(["#fff", "ffffff", "#ffffzz", [255, 255, 255]])),
        },
    ),
    "lstm_book.charts.two_cells_chart": entry(
        charts.two_cells_chart,
        {"tokens": ["a", "b"], "hand_set": [0.5, 0.25], "learned": [0.1, 0.2], "title": "t"},
        {"tokens": words(), "hand_set": arr([0.5, 0.25]), "learned": arr([0.1, 0.2]), "title": string()},
    ),
    "lstm_book.charts.wrap_text": entry(
        charts.wrap_text, {"text": "a title: long enough to wrap", "width": 10}, {"text": string(), "width": integer(1)}
    ),
    "lstm_book.charts.fit_narrow": entry(charts.fit_narrow, {"fig": go.Figure()}, {"fig": obj(FRAME)}),
    # lstm_book.diagram
    "lstm_book.diagram.cell_svg": entry(
        diagram.cell_svg,
        {"highlight": "f", "step": STEP, "unit": 1, "title": "t", "ident": "cell"},
        {
            "highlight": choice(diagram.PATHS, none_ok=True),
            "step": st.one_of(not_none(obj(GENDER_TRACE)), st.just(STEP._replace(f=np.full(N_H, np.nan)))),
            "unit": integer(0, N_H),
            "title": string(none_ok=True),
            "ident": st.one_of(string(False), st.just("a b"), st.just("a<b")),
        },
    ),
    "lstm_book.diagram.cell_diagram": entry(
        diagram.cell_diagram,
        {"highlight": "f", "step": STEP, "unit": 1, "caption": "c", "ident": "cell"},
        {
            "highlight": choice(diagram.PATHS, none_ok=True),
            "step": not_none(obj(GENDER_TRACE)),
            "unit": integer(0, N_H),
            "caption": string(),
            "ident": st.one_of(string(False), st.just("a b")),
        },
    ),
    "lstm_book.diagram.Diagram": entry(
        diagram.Diagram, {"svg": "<svg/>", "caption": "c"}, {"svg": string(False), "caption": string()}
    ),
    # lstm_book.explorables
    "lstm_book.explorables.Explorable": entry(
        explorables.Explorable,
        {"kind": "cell", "label": "l", "data": {"a": 1}},
        {"kind": string(False), "label": string(False), "data": obj(dicts_ok=True)},
    ),
    "lstm_book.explorables.subject_positions": entry(
        explorables.subject_positions, {"tokens": TOKENS}, {"tokens": words(handset.EMBEDDING)}
    ),
    "lstm_book.explorables.positions": entry(
        explorables.positions,
        {"tokens": TOKENS},
        {"tokens": st.one_of(words(handset.EMBEDDING), st.just(["John", "is"]), st.just(["John", "Mary"]))},
    ),
    "lstm_book.explorables.cell_explorer_step": entry(
        explorables.cell_explorer_step,
        {"params": explorables.cell_explorer_params(), "x": 0.5, "h_prev": 0.1, "c_prev": 1.0, "overrides": {"f": 0.5}},
        {
            "params": obj(P, GRU),
            "x": real(),
            "h_prev": real(),
            "c_prev": real(),
            "overrides": st.one_of(
                garbage(None),
                st.sampled_from([{"q": 0.5}, {"f": 2.0}, {"g": -1.5}, {"f": np.nan}, {"f": "x"}, [("f", 0.5)]]),
            ),
        },
    ),
    "lstm_book.explorables.saturation_explorer": entry(
        explorables.saturation_explorer,
        {"scales": (1.0, 2.0), "sentence": None},
        {
            "scales": st.one_of(words(), st.just([0.0]), st.just([np.nan]), st.just([True])),
            "sentence": st.one_of(string(False, none_ok=True), st.just("John is."), st.just("John Mary")),
        },
    ),
    "lstm_book.explorables.params_data": entry(
        explorables.params_data, {"params": P}, {"params": obj(RNN, GRU, CIFG, PEEP)}
    ),
    # lstm_book.live
    "lstm_book.live.symbol": entry(live.symbol, {"key": "f"}, {"key": choice(tables.LABELS)}),
    "lstm_book.live.LiveModel": entry(
        live.LiveModel,
        LIVE_FIELDS,
        {
            "name": string(False),
            "label": string(False),
            "params": obj(RNN, GRU, CIFG, P),
            "vocabulary": st.one_of(
                obj(), st.just({}), st.just({"John": (1.0, 0.0)}), st.just({1: (1.0, 0.0, 0.0, 0.0)})
            ),
            "flag": choice(["capitalised", "unknown"]),
            "unit": integer(0, LIVE.params.n_h),
            "readout": st.one_of(
                obj(),
                st.just({"kind": "softmax"}),
                st.just({"kind": "sign", "unit": 9, "zero": "-"}),
                st.just({"kind": "logistic", "w": [1.0], "b": 0.0}),
                st.just({"kind": "logistic", "w": [0.0, 0.0, 0.0], "b": np.nan}),
            ),
            "words": st.one_of(words(), st.just(("he",)), st.just(("he", "she", "it"))),
            "known": st.one_of(garbage(()), st.just([("a", 1)]), st.just([(1, ("a",))]), st.just([1])),
            "orientation": real(lambda v: v in (1, -1)),
            "editable": flag(),
            "features": st.one_of(words(), st.just(("a",))),
        },
    ),
    "lstm_book.live.handset_model": entry(
        live.handset_model, {"params": None}, {"params": not_none(obj(RNN, GRU, CIFG, P))}
    ),
    "lstm_book.live.trained_model": entry(
        live.trained_model,
        {"model": MODEL, "embedding": EMB, "unit": 0, "orientation": 1.0, "words": ("he", "she")},
        {
            "model": obj(P),
            "embedding": obj(handset.EMBEDDING, corpus.make_embedding(dim=3)),
            "unit": integer(0, N_H),
            "orientation": real(lambda v: v in (1, -1)),
            "words": st.one_of(words(), st.just(("he",))),
        },
    ),
    "lstm_book.live.size": entry(live.size, {"model": LIVE}, {"model": obj(P, MODEL)}),
    "lstm_book.live.message": entry(
        live.message,
        {"key": "read", "values": {"T": 1, "model": "hand-set"}},
        {
            "key": choice(live.MESSAGES),
            "values": st.one_of(
                garbage(),
                st.sampled_from(
                    [{}, {"T": 1}, {"T": "1", "model": "m"}, {"T": 1, "model": None}, {"T": 1, "model": ["a", 2]}]
                ),
            ),
        },
    ),
    **{
        f"lstm_book.live.{name}": entry(getattr(live, name), {"token": "John"}, {"token": string(blank_ok=False)})
        for name in ("is_word", "is_capitalised")
    },
    **{
        f"lstm_book.live.{name}": entry(
            getattr(live, name), {"text": "John is.", "model": LIVE}, {"text": string(), "model": obj(P, MODEL)}
        )
        for name in ("notes", "reference")
    },
    **{
        f"lstm_book.live.{name}": entry(
            getattr(live, name),
            {"tokens": ["John", "is", "."], "model": LIVE_TRAINED},
            {"tokens": words(empty_ok=True), "model": obj(P, MODEL)},
        )
        for name in ("flags", "encode")
    },
    "lstm_book.live.readout": entry(
        live.readout,
        {"trace": LIVE_TRACE, "model": LIVE},
        {"trace": obj(P, STEP, GENDER_TRACE.step(0), lstm_calc.run(P, XS)), "model": obj(P, MODEL)},
    ),
    "lstm_book.live.live_explorer": entry(
        live.live_explorer,
        {"models": [LIVE], "sentence": "John is.", "start": 1},
        {
            "models": st.one_of(words(), st.just(LIVE), st.just([LIVE, LIVE]), st.just([P])),
            "sentence": string(blank_ok=False),
            "start": integer(0, 3),
        },
    ),
    "lstm_book.live.data_bytes": entry(live.data_bytes, {"explorable": LIVE_EXPLORABLE}, {"explorable": obj(LIVE)}),
    # lstm_book.reach
    "lstm_book.reach.random_rnn": entry(
        reach.random_rnn,
        {"n_h": 2, "n_in": 1, "gain": 1.0, "seed": 0},
        {"n_h": integer(1), "n_in": integer(1), "gain": positive(), "seed": integer(0)},
    ),
    "lstm_book.reach.random_lstm": entry(
        reach.random_lstm,
        {"n_h": 2, "n_in": 1, "gain": 1.0, "forget_bias": 1.0, "seed": 0, "recurrent_gain": 0.5},
        {
            "n_h": integer(1),
            "n_in": integer(1),
            "gain": positive(),
            "forget_bias": real(),
            "seed": integer(0),
            "recurrent_gain": real(lambda v: v >= 0, none_ok=True, extra=(-1.0,)),
        },
    ),
    "lstm_book.reach.inputs": entry(
        reach.inputs, {"T": 3, "n_in": 1, "seed": 0}, {"T": integer(1), "n_in": integer(1), "seed": integer(0)}
    ),
    "lstm_book.reach.reach_curves": entry(
        reach.reach_curves,
        {"rnn_gains": (1.0,), "lstm_settings": ((1.0, 1.0),), "n_h": 2, "n_in": 1, "T": 3, "seeds": [0]},
        {
            "rnn_gains": st.one_of(words(empty_ok=True), st.just([0.0]), st.just([np.nan]), st.just(["1"])),
            "lstm_settings": st.one_of(
                words(empty_ok=True), st.just([(1.0,)]), st.just([(0.0, 1.0)]), st.just([(1.0, np.inf)]), st.just([1.0])
            ),
            "n_h": integer(1),
            "n_in": integer(1),
            "T": integer(2),
            "seeds": BAD_SEEDS,
        },
    ),
    "lstm_book.reach.lstm_label": entry(
        reach.lstm_label,
        {"gain": 1.0, "forget_bias": 1.0, "recurrent_gain": None},
        {
            "gain": positive(),
            "forget_bias": real(),
            "recurrent_gain": real(lambda v: v >= 0, none_ok=True, extra=(-1.0,)),
        },
    ),
    "lstm_book.reach.route_curves": entry(
        reach.route_curves,
        {"settings": [(1.0, 1.0, None)], "n_h": 2, "n_in": 1, "T": 3, "seeds": [0]},
        {
            "settings": st.one_of(
                words(),
                st.just([(1.0, 1.0)]),
                st.just([(0.0, 1.0, None)]),
                st.just([(1.0, np.nan, None)]),
                st.just([(1.0, 1.0, -1.0)]),
            ),
            "n_h": integer(1),
            "n_in": integer(1),
            "T": integer(2),
            "seeds": BAD_SEEDS,
        },
    ),
    "lstm_book.reach.decay_per_step": entry(
        reach.decay_per_step,
        {"curves": CURVES, "label": LSTM_LABEL, "start": 0, "column": "norm"},
        {
            "curves": st.one_of(obj(), st.just(FRAME)),
            "label": choice(CURVES["label"].unique()),
            "start": integer(0, 11),
            "column": choice(["norm"]),
        },
    ),
    "lstm_book.reach.at_distances": entry(
        reach.at_distances,
        {"curves": CURVES, "distances": (1, 2)},
        {"curves": st.one_of(obj(), st.just(FRAME)), "distances": st.one_of(words(), st.just([-1]), st.just([1.5]))},
    ),
    # lstm_book.cache
    "lstm_book.cache.source_files": entry(disk_cache.source_files, {"modules": [cell]}, {"modules": BAD_SOURCES}),
    "lstm_book.cache.key": entry(
        disk_cache.key,
        {"name": "n", "sources": [cell], "settings": (1, "any object: its repr is hashed")},
        {"name": string(False), "sources": BAD_SOURCES},
    ),
    "lstm_book.cache.cached": entry(
        disk_cache.cached,
        {"name": "n", "sources": [cell], "settings": 1, "compute": lambda: 1},
        {"name": string(False), "sources": BAD_SOURCES, "compute": obj()},
    ),
    # lstm_book.pages
    "lstm_book.pages.anatomy.forget_only": entry(
        anatomy.forget_only,
        {"c_prev": C, "f": 0.5},
        {"c_prev": arr(C, (None,)), "f": st.one_of(arr(C, lambda s: s in ((N_H,), ())), real())},
    ),
    "lstm_book.pages.anatomy.exercise_count": entry(
        anatomy.exercise_count, {"n_h": 3, "n_in": 2}, {"n_h": integer(1), "n_in": integer(1)}
    ),
    "lstm_book.pages.anatomy.exercise_quarter": entry(
        anatomy.exercise_quarter, {"c_prev": C, "share": 0.25}, {"c_prev": arr(C, (None,)), "share": fraction(True)}
    ),
    "lstm_book.pages.anatomy.exercise_shapes": entry(
        anatomy.exercise_shapes, {"n_h": 3, "vocabulary": 2}, {"n_h": integer(1), "vocabulary": integer(1)}
    ),
    "lstm_book.pages.explorables.saturation_table": entry(
        explorables_page.saturation_table, {"explorable": SATURATION}, {"explorable": not_none(obj(EXPLORABLE, P))}
    ),
    "lstm_book.pages.explorables.rest_exercise": entry(
        explorables_page.rest_exercise,
        {"h_prev": 0.0, "x": 0.0, "c_prev": 1.0},
        {"h_prev": real(), "x": real(), "c_prev": real()},
    ),
    "lstm_book.pages.explorables.first_scale_below": entry(
        explorables_page.first_scale_below,
        {"share": 0.5, "scales": [1.0, 2.0], "forget_gates": [0.6, 0.4]},
        {
            "share": fraction(True),
            "scales": st.one_of(words(), st.just([1.0]), st.just([np.nan, 1.0]), st.just([-1.0, 1.0])),
            "forget_gates": st.one_of(words(), st.just([0.5]), st.just([np.nan, 0.1]), st.just([1.5, 0.1])),
        },
    ),
    "lstm_book.pages.gates.gate_diagram": entry(
        gates.gate_diagram,
        {"part": "f", "token": "Mary"},
        {"part": choice(gates.PART_NAMES), "token": choice(handset.TOKENS)},
    ),
    "lstm_book.pages.gates.regime_cell": entry(
        gates.regime_cell,
        {"x": 1.0, "h_prev": 0.0, "c_prev": 0.0},
        {"x": real(), "h_prev": real(ok=lambda v: -1 < v < 1, extra=(1.0, -1.0, 2.5)), "c_prev": real()},
    ),
    "lstm_book.pages.learning.setup": entry(learning_page.setup, {"pronoun_rate": 0.5}, {"pronoun_rate": fraction()}),
    "lstm_book.pages.learning.trained": entry(
        learning_page.trained, {"pronoun_rate": 0.5}, {"pronoun_rate": fraction()}
    ),
    "lstm_book.pages.learning.training_examples": entry(learning_page.training_examples, {"n": 2}, {"n": integer(1)}),
    "lstm_book.pages.learning.contributions": entry(
        learning_page.contributions, {"gate": "f"}, {"gate": choice("figo")}
    ),
    "lstm_book.pages.learning.contributions_table": entry(
        learning_page.contributions_table, {"gate": "f"}, {"gate": choice("figo")}
    ),
    "lstm_book.pages.learning.step_answer": entry(
        learning_page.step_answer,
        {"c_prev": 1.0, "f": 0.5, "i": 0.5, "g": 0.5},
        {"c_prev": real(), "f": fraction(True), "i": fraction(True), "g": real(lambda v: -1 <= v <= 1, extra=(1.5,))},
    ),
    "lstm_book.pages.learning.decay_answer": entry(
        learning_page.decay_answer,
        {"c0": 1.0, "fs": [0.5, 0.9], "f_avg": 0.9, "steps": 3},
        {
            "c0": real(),
            "fs": st.one_of(arr([0.5, 0.9], (None,)), st.just([1.5])),
            "f_avg": fraction(True),
            "steps": integer(1),
        },
    ),
    "lstm_book.pages.memory.forget_at_mary": entry(
        memory.forget_at_mary, {"w_f_subject": -5.0}, {"w_f_subject": real()}
    ),
    "lstm_book.pages.memory.topic_kept_at_mary": entry(
        memory.topic_kept_at_mary, {"w_f_subject": -5.0}, {"w_f_subject": real()}
    ),
    "lstm_book.pages.variants.exercise_peepholes": entry(
        variants.exercise_peepholes, {"p": 0.0, "token": "Mary"}, {"p": real(), "token": choice(handset.TOKENS)}
    ),
    "lstm_book.pages.variants.exercise_gru_saves": entry(
        variants.exercise_gru_saves, {"n_h": 3, "n_in": 3}, {"n_h": integer(1), "n_in": integer(1)}
    ),
    "lstm_book.pages.why.routes_table": entry(
        why.routes_table, {"distance": 50}, {"distance": integer(0, why.SETUP["T"])}
    ),
    "lstm_book.pages.why.sweep_table": entry(
        why.sweep_table, {"distance": 50}, {"distance": integer(0, why.SETUP["T"])}
    ),
    "lstm_book.pages.why.steps_below": entry(
        why.steps_below, {"factor": 0.5, "threshold": 0.1}, {"factor": fraction(True), "threshold": fraction(True)}
    ),
    "lstm_book.pages.why.cell_path_share": entry(
        why.cell_path_share, {"forget_bias": 1.0, "steps": 3}, {"forget_bias": real(), "steps": integer(0)}
    ),
    "lstm_book.pages.why.compounded": entry(
        why.compounded, {"factor": 1.5, "steps": 3}, {"factor": positive(), "steps": integer(0)}
    ),
    "lstm_book.pages.why.off_cell_path": entry(
        why.off_cell_path,
        {"zeroed": ("W_f",), "n_h": 2, "n_in": 1, "T": 3, "seed": 0, "gain": 1.0, "forget_bias": 1.0},
        {
            "zeroed": st.one_of(garbage(), st.just(["W_x"]), st.just([1]), st.just("W_z")),
            "n_h": integer(1),
            "n_in": integer(1),
            "T": integer(1),
            "seed": integer(0),
            "gain": positive(),
            "forget_bias": real(),
        },
    ),
}

# Public callables that are not given generated bad input, and why. (A callable that takes
# no argument at all, a ``*args`` included, is exempt without being listed: there is no
# argument to get wrong.)
EXEMPT = {
    # Records of results, made by the library from arguments it has checked; the
    # functions that take them back check their type (and the fields they read).
    "lstm_calc.cell.LSTMStep": "a record: what a step returns (a NamedTuple, which cannot check its fields)",
    "lstm_calc.variants.GRUStep": "a record: what a GRU step returns (a NamedTuple)",
    "lstm_calc.trace.Trace": "a record: what run returns",
    "lstm_calc.bptt.Forward": "a record: what bptt.forward returns",
    "lstm_calc.train.Batch": "a record: what train.batch returns",
    "lstm_calc.train.TrainResult": "a record: what train.train returns",
    "lstm_calc.train.TrainingError": "an exception class (a ValueError)",
    "lstm_calc.jacobians.StepJacobians": "a record: what lstm_step_jacobians returns",
    "lstm_calc.jacobians.Reach": "a record: what lstm_reach and rnn_reach return (its norms method is covered)",
    "lstm_book.analysis.States": "a record: what analysis.states returns",
    "lstm_book.tables.Table": "pandas.DataFrame's constructor, unchanged",
    "lstm_book.tables.Table.to_html": "pandas.DataFrame.to_html's arguments, passed on unchanged",
    "lstm_book.tables.Table.to_string": "pandas.DataFrame.to_string's arguments, passed on unchanged",
}


# -- The tests --------------------------------------------------------------------------------


def named(message: str, name: str) -> bool:
    """Whether ``message`` holds ``name`` as a name (not inside a longer word)."""
    return re.search(rf"(?<![A-Za-z0-9_]){re.escape(name)}(?![A-Za-z0-9_])", message) is not None


def run_entry(key: str, item: Entry) -> tuple[int, str | None]:
    """Run ``item``'s generated examples; return how many ran and the first wrong outcome."""
    count = 0
    draws = st.one_of([st.tuples(st.just(arg), strategy) for arg, strategy in item.bad.items()])

    @settings(PROFILE, max_examples=item.examples())
    @given(draws)
    def check(drawn):
        nonlocal count
        count += 1
        arg, value = drawn
        name = item.names.get(arg, arg)
        try:
            out = item.call(**(item.good | {arg: value}))
        except ValueError as err:
            assert named(str(err), name), f"the message does not name {name!r}: {err}"
        except Exception as err:  # any other outcome is the failure this test reports
            raise AssertionError(f"{type(err).__name__} instead of a ValueError naming {name!r}: {err}") from None
        else:
            raise AssertionError(f"accepted {arg}={value!r:.80}, returned {type(out).__name__}")

    try:
        check()
    except Exception as err:  # collected: every entry point runs
        return count, f"{key}: {err}"
    return count, None


def test_generated_bad_input_is_refused_by_every_entry_point(capsys):
    start = time.perf_counter()
    total, wrong = 0, []
    for key, item in ENTRIES.items():
        count, problem = run_entry(key, item)
        total += count
        if problem:
            wrong.append(problem)
    seconds = time.perf_counter() - start
    with capsys.disabled():
        print(f"\n{total} generated bad inputs across {len(ENTRIES)} entry points in {seconds:.1f} s")
    assert not wrong, f"{len(wrong)} entry points gave a wrong outcome:\n" + "\n".join(wrong)
    assert total >= TOTAL_AT_LEAST


def test_the_good_arguments_work(monkeypatch, tmp_path):
    """Each entry point accepts its good arguments (so a refusal is the bad value's doing),
    except the slow ones (training and the site's pages), whose good calls the build makes.
    ``cache.cached`` stores its result in a temporary cache, not in the build's."""
    monkeypatch.setenv("LSTM_BOOK_CACHE", str(tmp_path))
    slow = {"lstm_calc.train.train", "lstm_book.learning.train_on", "lstm_book.learning.learning_setup"}
    slow |= {k for k in ENTRIES if k.startswith("lstm_book.pages.learning.") or k.startswith("lstm_book.pages.why.")}
    needs_torch = {k for k in ENTRIES if k.endswith(("from_torch", ".read"))}  # their good argument is a torch module
    for key, item in ENTRIES.items():
        if key in slow or key in needs_torch:
            continue
        try:
            item.call(**item.good)
        except Exception as err:
            pytest.fail(f"{key} refuses its good arguments: {type(err).__name__}: {err}")


def public_callables() -> dict[str, object]:
    """Every public callable of the library and the book layer (not ``lstm_book.dev``,
    ``lstm_book.sphinx``): ``__all__`` of each module, else its public names defined in
    it; and the public methods each public class defines. Keyed by where they are defined."""
    found = {}
    for package in (lstm_calc, lstm_book, lstm_book.pages):
        for info in pkgutil.iter_modules(package.__path__):
            if info.name.startswith("_") or info.ispkg:
                continue
            module = importlib.import_module(f"{package.__name__}.{info.name}")
            names = getattr(module, "__all__", None) or [n for n in vars(module) if not n.startswith("_")]
            for name in names:
                value = getattr(module, name)
                if not callable(value) or getattr(value, "__module__", None) != module.__name__:
                    continue  # imported from elsewhere: listed where it is defined
                found[f"{module.__name__}.{name}"] = value
                if inspect.isclass(value):
                    for attr, member in vars(value).items():
                        if attr.startswith("_"):
                            continue
                        function = member.__func__ if isinstance(member, (classmethod, staticmethod)) else member
                        if inspect.isfunction(function):
                            found[f"{module.__name__}.{name}.{attr}"] = function
    return found


def takes_arguments(value) -> bool:
    try:
        parameters = inspect.signature(value).parameters
    except (TypeError, ValueError):
        return True
    return any(name not in ("self", "cls") for name in parameters)


def test_every_public_callable_is_covered():
    found = public_callables()
    assert len(found) > 200  # the enumeration sees the whole API
    uncovered = [
        key for key, value in found.items() if key not in ENTRIES and key not in EXEMPT and takes_arguments(value)
    ]
    assert not uncovered, f"public callables neither covered by ENTRIES nor exempt: {uncovered}"
    assert not set(ENTRIES) - set(found), f"ENTRIES names what is not public: {sorted(set(ENTRIES) - set(found))}"
    assert not set(EXEMPT) - set(found), f"EXEMPT names what is not public: {sorted(set(EXEMPT) - set(found))}"


def test_the_budget_is_at_least_a_thousand():
    assert sum(item.examples() for item in ENTRIES.values()) >= TOTAL_AT_LEAST
