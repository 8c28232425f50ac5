"""Bad input: a ValueError naming the argument and the shapes seen, before any
computation (nothing half-computed is returned)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import lstm_calc as lc
from lstm_book import handset
from lstm_calc import GATES, LSTMParams

P = LSTMParams.random(3, 2, seed=0)


def good(**overrides):
    shapes = {f"W_{g}": np.zeros((3, 5)) for g in GATES} | {f"b_{g}": np.zeros(3) for g in GATES}
    return shapes | overrides


@pytest.mark.parametrize(
    "overrides,message",
    [
        ({"W_i": np.zeros((3, 4))}, r"W_i must have shape \(3, 5\), got shape \(3, 4\)"),
        ({"b_o": np.zeros(4)}, r"b_o must have shape \(3,\), got shape \(4,\)"),
        ({"b_g": np.zeros((3, 1))}, r"b_g must have shape \(3,\), got shape \(3, 1\)"),
        ({"W_f": np.zeros(5)}, r"W_f must have shape \(n_h, n_h \+ n_in\).*got shape \(5,\)"),
        ({"W_f": np.zeros((3, 3))}, r"W_f must have shape \(n_h, n_h \+ n_in\).*got shape \(3, 3\)"),
        ({"W_g": np.full((3, 5), np.nan)}, r"W_g must be finite, got nan at index \(0, 0\)"),
        ({"b_i": [0.0, np.inf, 0.0]}, r"b_i must be finite, got inf at index \(1,\)"),
        ({"W_o": "weights"}, r"W_o must be an array of numbers, got str 'weights'"),
        ({"W_i": [[0.0] * 5, [0.0] * 5, [0.0] * 4]}, r"W_i must be a rectangular array of numbers"),
        ({"b_f": np.zeros(3, dtype=bool)}, r"b_f must hold real numbers, got booleans"),
        ({"W_f": np.zeros((3, 5), dtype=complex)}, r"W_f must hold real numbers, got complex numbers"),
        ({"b_i": None}, r"b_i must be an array of numbers, got NoneType None"),
        ({"W_f": np.zeros((0, 5))}, r"W_f is empty: shape \(0, 5\)"),
    ],
)
def test_params_shapes(overrides, message):
    with pytest.raises(ValueError, match=message):
        LSTMParams(**good(**overrides))


@pytest.mark.parametrize(
    "args,message",
    [
        ((np.zeros(3), np.zeros(3), np.zeros(3)), r"x must have shape \(2,\), got shape \(3,\)"),
        ((np.zeros(2), np.zeros(2), np.zeros(3)), r"h_prev must have shape \(3,\), got shape \(2,\)"),
        ((np.zeros(2), np.zeros(3), np.zeros((1, 3))), r"c_prev must have shape \(3,\), got shape \(1, 3\)"),
        (([0.0, np.nan], np.zeros(3), np.zeros(3)), r"x must be finite, got nan at index \(1,\)"),
        ((np.zeros(2), np.zeros(3), [0.0, -np.inf, 1.0]), r"c_prev must be finite, got -inf"),
    ],
)
def test_step_bad_input(args, message):
    with pytest.raises(ValueError, match=message):
        lc.step(P, *args)


@pytest.mark.parametrize(
    "kwargs,message",
    [
        ({"xs": np.zeros((0, 2))}, r"xs is empty: shape \(0, 2\)"),
        ({"xs": []}, r"xs must have shape \(T, 2\), got shape \(0,\)"),
        ({"xs": np.zeros((4, 3))}, r"xs must have shape \(T, 2\), got shape \(4, 3\)"),
        ({"xs": np.zeros(2)}, r"xs must have shape \(T, 2\), got shape \(2,\)"),
        ({"xs": np.zeros((4, 2)), "h0": np.zeros(2)}, r"h0 must have shape \(3,\), got shape \(2,\)"),
        ({"xs": np.zeros((4, 2)), "c0": [1, 2, np.nan]}, r"c0 must be finite"),
        ({"xs": np.zeros((4, 2)), "tokens": ["a", "b"]}, r"got 2 tokens for xs of shape \(4, 2\)"),
    ],
)
def test_run_bad_input(kwargs, message):
    with pytest.raises(ValueError, match=message):
        lc.run(P, **kwargs)


@pytest.mark.parametrize(
    "call,message",
    [
        (lambda: lc.step("weights", [0.0, 0.0]), r"params must be LSTMParams or a variant's parameters .*got str"),
        (lambda: lc.run(lc.RNNParams.random(3, 2), [[0.0, 0.0]]), r"params must be LSTMParams .*got RNNParams"),
        (
            lambda: lc.step(lc.GRUParams.random(3, 2), [0.0, 0.0], c_prev=np.zeros(3)),
            r"c_prev must be None: a GRUParams has no cell state, got ndarray",
        ),
        (
            lambda: lc.run(lc.GRUParams.random(3, 2), [[0.0, 0.0]], c0=np.zeros(3)),
            r"c0 must be None: a GRUParams has no cell state",
        ),
    ],
)
def test_models_and_states_that_do_not_fit(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_a_late_nan_fails_before_any_step():
    """The NaN is in the last row: no trace with nine good steps comes back."""
    xs = np.zeros((10, 2))
    xs[-1, 0] = np.nan
    with pytest.raises(ValueError, match=r"xs must be finite, got nan at index \(9, 0\) \(shape \(10, 2\)\)"):
        lc.run(P, xs)


def test_unknown_tokens_are_listed_with_the_known_ones():
    with pytest.raises(ValueError) as err:
        handset.embed(["John", "is", "an", "engineer"])
    message = str(err.value)
    assert "unknown tokens ['an', 'engineer']" in message
    assert "known tokens are ['.', 'John', 'Mary', 'a', 'doctor', 'is', 'teacher']" in message


@pytest.mark.parametrize("sentence", ["", "   ", "\n"])
def test_empty_sentence(sentence):
    with pytest.raises(ValueError, match="sentence is empty"):
        handset.gender_trace(sentence)
    with pytest.raises(ValueError, match=r"tokens is empty: shape \(0,\)"):
        handset.embed([])


def test_cell_state_needs_one_shape():
    with pytest.raises(ValueError, match=r"got shapes \{'f': \(3,\), 'c_prev': \(2,\)"):
        lc.cell_state(np.ones(3), np.ones(2), np.ones(3), np.ones(3))
    with pytest.raises(ValueError, match=r"got shapes \{'f': \(3,\), 'c_prev': \(1,\)"):
        lc.cell_state(np.ones(3), np.ones(1), np.ones(3), np.ones(3))  # which numpy alone would broadcast


def test_inputs_are_not_modified():
    x, h, c = np.array([1.0, 2.0]), np.array([0.1, 0.2, 0.3]), np.array([1.0, -1.0, 0.5])
    copies = [a.copy() for a in (x, h, c)]
    lc.step(P, x, h, c)
    for a, b in zip((x, h, c), copies):
        np.testing.assert_array_equal(a, b)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.floats(allow_nan=True, allow_infinity=True), min_size=0, max_size=8))
def test_any_vector_is_either_accepted_or_refused_clearly(values):
    """Whatever comes in, the answer is a finite result or a ValueError, never a NaN."""
    try:
        s = lc.step(P, values, np.zeros(3), np.zeros(3))
    except ValueError as err:
        assert str(err).startswith("x ") or str(err).startswith("x, h_prev or c_prev too large")
    else:
        assert len(values) == 2 and np.all(np.isfinite(s.h))


def test_overflow_is_refused_not_returned_as_nan():
    """Finite but huge inputs whose pre-activations overflow to inf - inf."""
    W = np.zeros((2, 4))
    W[0, 2:] = [2.0, -2.0]  # 2e308 - 2e308: inf - inf = nan in float64
    params = LSTMParams(W_f=W, W_i=W, W_g=W, W_o=W, b_f=np.zeros(2), b_i=np.zeros(2), b_g=np.zeros(2), b_o=np.zeros(2))
    x = np.array([1e308, 1e308])
    with pytest.raises(ValueError, match=r"too large: the step overflowed float64 \(max \|z\| = 1e\+308"):
        lc.step(params, x)
    with pytest.raises(ValueError, match=r"xs, h0 or c0 too large: the run overflowed float64"):
        lc.run(params, np.array([[0.0, 0.0], x]))


def test_saturation_is_the_limit_not_an_error():
    params = LSTMParams.random(2, 2, seed=3)
    s = lc.step(params, [1e308, 0.0], [0.0, 0.0], [0.0, 0.0])
    assert np.all(np.isin(s.f, [0.0, 1.0])) and np.all(np.isfinite(s.h))


# -- The examples of issue 12's "Bad input" finding, one test each ---------------------------
# Each was a wrong outcome (silently accepted, or another exception than a ValueError naming
# the argument); each is now a ValueError naming the argument and what it saw.

PARAMETER_CLASSES = {
    "LSTMParams": LSTMParams.random(3, 2),
    "PeepholeParams": lc.with_peepholes(LSTMParams.random(3, 2), 0.1, 0.2, 0.3),
    "CIFGParams": lc.CIFGParams.from_lstm(LSTMParams.random(3, 2)),
    "GRUParams": lc.GRUParams.random(3, 2),
    "RNNParams": lc.RNNParams.random(3, 2),
}


@pytest.mark.parametrize("kind", sorted(PARAMETER_CLASSES))
def test_complex_weights_are_refused_by_every_parameter_class(kind):
    good = PARAMETER_CLASSES[kind]
    for name, value in good.arrays().items():
        with pytest.raises(
            ValueError, match=rf"^{name} must hold real numbers, got complex numbers \(dtype complex128\)"
        ):
            type(good)(**(good.arrays() | {name: value + 0.5j}))


def test_complex_inputs_are_refused_by_step_and_run():
    x, h = np.zeros(2, dtype=complex), np.zeros(3, dtype=complex)
    with pytest.raises(ValueError, match=r"^x must hold real numbers, got complex numbers"):
        lc.step(P, x)
    with pytest.raises(ValueError, match=r"^h_prev must hold real numbers, got complex numbers"):
        lc.step(P, np.zeros(2), h_prev=h)
    with pytest.raises(ValueError, match=r"^xs must hold real numbers, got complex numbers"):
        lc.run(P, np.zeros((4, 2)) + 1j)
    with pytest.raises(ValueError, match=r"^c0 must hold real numbers, got complex numbers"):
        lc.run(P, np.zeros((4, 2)), c0=h)


def _batch():
    from lstm_calc.bptt import Model

    model = Model(LSTMParams.random(3, 2, seed=1), w=np.ones(3), b=0.0)
    xs, mask, labels = np.zeros((4, 2, 2)), np.zeros((4, 2)), np.zeros((4, 2))
    mask[-1] = labels[-1, 0] = 1.0
    return model, xs, mask, labels


@pytest.mark.parametrize(
    "name,value,message",
    [
        ("xs", np.nan, r"^xs must be finite, got nan at index \(1, 0, 1\) \(shape \(4, 2, 2\)\)"),
        ("xs", np.inf, r"^xs must be finite, got inf at index \(1, 0, 1\)"),
        ("mask", np.nan, r"^mask must be finite, got nan at index \(1, 0\)"),
        ("labels", -np.inf, r"^labels must be finite, got -inf at index \(1, 0\)"),
    ],
)
def test_nan_or_inf_input_to_loss_and_grads_is_refused_not_a_nan_loss(name, value, message):
    from lstm_calc.bptt import loss_and_grads

    model, xs, mask, labels = _batch()
    args = {"xs": xs, "mask": mask, "labels": labels}
    args[name] = args[name].copy()
    args[name][(1, 0, 1)[: args[name].ndim]] = value
    with pytest.raises(ValueError, match=message):
        loss_and_grads(model, **args)


@pytest.mark.parametrize(
    "kwargs,message",
    [
        ({"x": np.nan}, r"^x must be finite, got nan"),
        ({"h_prev": np.inf}, r"^h_prev must be finite, got inf"),
        ({"c_prev": "1.0"}, r"^c_prev must be a real number, got str '1.0'"),
        ({"x": True}, r"^x must be a real number, got bool True"),
        ({"overrides": {"f": np.nan}}, r"^overrides\['f'\] must be finite, got nan"),
        ({"overrides": {"f": 1.5}}, r"^overrides\['f'\] must be in \[0, 1\], got 1.5"),
        ({"overrides": {"q": 0.5}}, r"^overrides may set \('f', 'i', 'g', 'o'\), got 'q'"),
        ({"params": LSTMParams.random(2, 1)}, r"^params must have one unit and one input, got n_h=2, n_in=1"),
    ],
)
def test_cell_explorer_step_refuses_nan_and_bad_values_instead_of_returning_nan(kwargs, message):
    from lstm_book import explorables

    good = {"params": explorables.cell_explorer_params(), "x": 0.5, "h_prev": 0.0, "c_prev": 1.0}
    with pytest.raises(ValueError, match=message):
        explorables.cell_explorer_step(**(good | kwargs))


@pytest.mark.parametrize("noise", [np.nan, np.inf, -np.inf])
def test_make_embedding_refuses_a_non_finite_noise_instead_of_nan_vectors(noise):
    from lstm_book import corpus

    with pytest.raises(ValueError, match=rf"^noise must be finite, got {noise}"):
        corpus.make_embedding(noise=noise)


@pytest.mark.parametrize("tokens", [5, None])
def test_embed_refuses_a_number_and_none(tokens):
    with pytest.raises(
        ValueError, match=rf"^tokens must be a list of str tokens, got {type(tokens).__name__} {tokens}"
    ):
        handset.embed(tokens)


def test_a_ragged_list_for_W_f_is_refused_as_not_rectangular():
    ragged = [[0.0] * 5, [0.0] * 5, [0.0] * 3]
    with pytest.raises(ValueError, match=r"^W_f must be a rectangular array of numbers, got list \[\[0.0"):
        LSTMParams(**good(W_f=ragged))


def test_with_peepholes_and_from_lstm_refuse_none():
    with pytest.raises(ValueError, match=r"^params must be LSTMParams, got NoneType"):
        lc.with_peepholes(None)
    with pytest.raises(ValueError, match=r"^params must be LSTMParams, got NoneType"):
        lc.CIFGParams.from_lstm(None)
    with pytest.raises(ValueError, match=r"^p_f must be an array of numbers, got NoneType None"):
        lc.with_peepholes(P, p_f=None)


@pytest.mark.parametrize(
    "t,message", [(1.5, r"^t must be an int, got float 1.5"), (True, r"^t must be an int, got bool True")]
)
def test_trace_step_refuses_a_float_and_a_bool(t, message):
    """``Trace.step(True)`` used to return an h of shape (1, 3, 3) (True indexed as a mask)."""
    trace = handset.gender_trace()
    with pytest.raises(ValueError, match=message):
        trace.step(t)


def test_unit_table_refuses_a_bool_unit():
    """What ``LSTMParams.unit_table(True)`` was is now ``tables.unit_table(trace, unit)``."""
    from lstm_book import tables

    with pytest.raises(ValueError, match=r"^unit must be an int, got bool True"):
        tables.unit_table(handset.gender_trace(), True)


def test_random_params_refuse_a_fractional_n_h():
    with pytest.raises(ValueError, match=r"^n_h must be an int, got float 2.5"):
        LSTMParams.random(n_h=2.5, n_in=2)


@pytest.mark.parametrize(
    "kwargs,message",
    [
        ({"lr": "x"}, r"^lr must be a real number, got str 'x'"),
        ({"forget_bias": np.nan}, r"^forget_bias must be finite, got nan"),
        ({"n_h": 2.5}, r"^n_h must be an int, got float 2.5"),
        ({"steps": 0}, r"^steps must be >= 1, got 0"),
    ],
)
def test_train_config_refuses_bad_settings_naming_the_setting(kwargs, message):
    """``TrainConfig(forget_bias=nan)`` used to fail later, with a message about ``b_f``."""
    from lstm_calc.train import TrainConfig

    with pytest.raises(ValueError, match=message):
        TrainConfig(**kwargs)


# -- Before computing anything ---------------------------------------------------------------


def test_glue_numbers_checks_every_value_before_gluing_one(monkeypatch):
    import myst_nb

    from lstm_book import chapter

    glued = []
    monkeypatch.setattr(myst_nb, "glue", lambda name, value, display=False: glued.append(name))
    with pytest.raises(ValueError, match=r"^values: b: value must be finite, got nan"):
        chapter.glue_numbers({"a": 1.0, "b": np.nan})
    assert glued == []


def test_an_equation_called_from_outside_checks_its_arguments():
    """The equations check what they are given from outside the library; the library's
    own calls, on inputs checked once, do not check again (and stay bit-identical)."""
    with pytest.raises(ValueError, match=r"^z must have shape \(\.\.\., 5\), got shape \(4,\)"):
        lc.forget_gate(P, np.zeros(4))
    with pytest.raises(ValueError, match=r"^params must be LSTMParams, PeepholeParams or CIFGParams, got GRUParams"):
        lc.forget_gate(lc.GRUParams.random(3, 2), np.zeros(5))
    with pytest.raises(ValueError, match=r"^params must be LSTMParams or PeepholeParams, got CIFGParams"):
        lc.input_gate(lc.CIFGParams.from_lstm(P), np.zeros(5))
    with pytest.raises(ValueError, match=r"^a must be finite, got nan"):
        lc.sigmoid([0.0, np.nan])
    with pytest.raises(ValueError, match=r"^params must be LSTMParams, got PeepholeParams"):
        lc.lstm_step(lc.with_peepholes(P, 1.0), np.zeros(2), np.zeros(3), np.zeros(3))
    s = lc.step(P, [0.5, -1.0], [0.1, 0.2, 0.3], [1.0, -1.0, 0.5])
    direct = lc.lstm_step(P, [0.5, -1.0], [0.1, 0.2, 0.3], [1.0, -1.0, 0.5])
    for a, b in zip(s, direct):
        np.testing.assert_array_equal(a, b)


def test_an_equation_refuses_an_overflow_instead_of_returning_nan():
    W = np.zeros((2, 4))
    W[0, 2:] = [2.0, -2.0]
    params = LSTMParams(W_f=W, W_i=W, W_g=W, W_o=W, b_f=np.zeros(2), b_i=np.zeros(2), b_g=np.zeros(2), b_o=np.zeros(2))
    with pytest.raises(ValueError, match=r"^z too large: forget_gate overflowed float64"):
        lc.forget_gate(params, [0.0, 0.0, 1e308, 1e308])
