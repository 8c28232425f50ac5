"""Good input, generated: what every model's step guarantees, for the LSTM's variants
(the plain LSTM's ranges are in test_cell). Gates lie in (0, 1), the candidates and h
in (-1, 1), strictly for pre-activations of moderate size (in float64 a sigmoid of a
large argument rounds to exactly 0 or 1), and the update is kept + write."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

import lstm_calc as lc

SIZES = {"n_h": st.integers(1, 5), "n_in": st.integers(1, 4), "seed": st.integers(0, 10_000)}
MODERATE = st.floats(0.05, 2.0)  # weight scales that keep |pre-activation| well below 36


def inputs(seed: int, n_h: int, n_in: int, T: int = 6):
    rng = np.random.default_rng(seed)
    return rng.uniform(-1, 1, (T, n_in)), rng.uniform(-3, 3, n_h)


@settings(max_examples=60, deadline=None, derandomize=True, database=None)
@given(**SIZES, scale=MODERATE, p=st.floats(-2, 2))
def test_peephole_and_cifg_gates_in_the_open_unit_interval(n_h, n_in, seed, scale, p):
    lstm = lc.LSTMParams.random(n_h, n_in, seed=seed, scale=scale)
    xs, c0 = inputs(seed, n_h, n_in)
    for params in (lc.with_peepholes(lstm, p, -p, p), lc.CIFGParams.from_lstm(lstm)):
        trace = lc.run(params, xs, c0=c0)
        for gate in (trace.f, trace.i, trace.o):
            assert np.all((gate > 0) & (gate < 1))
        assert np.all(np.abs(trace.g) < 1) and np.all(np.abs(trace.h) < 1)
        np.testing.assert_allclose(trace.c, trace.kept + trace.write, rtol=0, atol=1e-15)
    cifg = lc.run(lc.CIFGParams.from_lstm(lstm), xs, c0=c0)
    np.testing.assert_array_equal(cifg.i, 1.0 - cifg.f)  # coupled


@settings(max_examples=60, deadline=None, derandomize=True, database=None)
@given(**SIZES, scale=MODERATE)
def test_gru_gates_in_the_open_unit_interval_and_h_stays_inside(n_h, n_in, seed, scale):
    params = lc.GRUParams.random(n_h, n_in, seed=seed, scale=scale)
    xs, _ = inputs(seed, n_h, n_in)
    h0 = np.random.default_rng(seed + 1).uniform(-0.99, 0.99, n_h)
    trace = lc.run(params, xs, h0=h0)
    assert np.all((trace.r > 0) & (trace.r < 1)) and np.all((trace.u > 0) & (trace.u < 1))
    assert np.all(np.abs(trace.n) < 1) and np.all(np.abs(trace.h) < 1)  # a convex mix of h_prev and n
    np.testing.assert_allclose(trace.h, trace.kept + trace.write, rtol=0, atol=1e-15)


@settings(max_examples=60, deadline=None, derandomize=True, database=None)
@given(**SIZES, scale=MODERATE)
def test_rnn_hidden_state_in_the_open_interval(n_h, n_in, seed, scale):
    params = lc.RNNParams.random(n_h, n_in, seed=seed, scale=scale)
    xs, _ = inputs(seed, n_h, n_in)
    hs = lc.rnn_run(params, xs)
    assert hs.shape == (len(xs), n_h) and np.all(np.abs(hs) < 1)
