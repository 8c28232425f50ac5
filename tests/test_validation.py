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
