"""lstm_calc's step and run against torch.nn.LSTM / LSTMCell in float64, and
the invariants every step must keep."""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

import lstm_calc as lc
from lstm_calc import LSTMParams

TOL = 1e-12

# (n_h, n_in, T, seed, weight scale): small and larger sizes, short and long
# sequences, and weights large enough to saturate the gates.
CASES = [
    (1, 1, 1, 0, 1.0),
    (1, 3, 7, 1, 1.0),
    (3, 3, 10, 2, 1.0),
    (3, 4, 25, 3, 0.5),
    (5, 2, 40, 4, 2.0),
    (8, 8, 60, 5, 1.0),
    (16, 5, 50, 6, 0.3),
    (32, 16, 100, 7, 1.0),
    (7, 11, 30, 8, 4.0),
    (64, 3, 20, 9, 0.1),
]


def torch_run(params: LSTMParams, xs, h0, c0):
    """h and c at every step from torch.nn.LSTM, as (T, n_h) arrays."""
    lstm = params.to_torch()
    out, _ = lstm(
        torch.from_numpy(xs)[:, None, :], (torch.from_numpy(h0)[None, None], torch.from_numpy(c0)[None, None])
    )
    hs = out[:, 0, :].detach().numpy()
    # nn.LSTM returns only the hidden states; step an LSTMCell for the cells
    cell = params.to_torch(cell=True)
    h, c, cs = torch.from_numpy(h0)[None], torch.from_numpy(c0)[None], []
    for x in torch.from_numpy(xs):
        h, c = cell(x[None], (h, c))
        cs.append(c[0].detach().numpy())
    return hs, np.array(cs), h[0].detach().numpy()


@pytest.mark.parametrize("n_h,n_in,T,seed,scale", CASES)
def test_run_matches_torch_at_every_step(n_h, n_in, T, seed, scale):
    rng = np.random.default_rng(1000 + seed)
    params = LSTMParams.random(n_h, n_in, seed=seed, scale=scale)
    xs = rng.standard_normal((T, n_in))
    h0, c0 = rng.standard_normal(n_h) * 0.5, rng.standard_normal(n_h)

    trace = lc.run(params, xs, h0=h0, c0=c0)
    hs, cs, h_last_cell = torch_run(params, xs, h0, c0)

    assert np.max(np.abs(trace.h - hs)) <= TOL
    assert np.max(np.abs(trace.c - cs)) <= TOL
    assert np.max(np.abs(trace.h[-1] - h_last_cell)) <= TOL  # LSTM and LSTMCell agree too


@pytest.mark.parametrize("seed", range(5))
def test_step_gates_match_torch_internals(seed):
    """Each gate against the rows of PyTorch's stacked pre-activations (i, f, g, o)."""
    rng = np.random.default_rng(seed)
    n_h, n_in = 4, 3
    params = LSTMParams.random(n_h, n_in, seed=seed)
    x, h_prev, c_prev = rng.standard_normal(n_in), rng.standard_normal(n_h), rng.standard_normal(n_h)
    cell = params.to_torch(cell=True)
    pre = cell.weight_ih @ torch.from_numpy(x) + cell.bias_ih + cell.weight_hh @ torch.from_numpy(h_prev) + cell.bias_hh
    i, f, g, o = pre.detach().numpy().reshape(4, n_h)

    s = lc.step(params, x, h_prev, c_prev)
    np.testing.assert_allclose(s.i, torch.sigmoid(torch.from_numpy(i)).numpy(), rtol=0, atol=TOL)
    np.testing.assert_allclose(s.f, torch.sigmoid(torch.from_numpy(f)).numpy(), rtol=0, atol=TOL)
    np.testing.assert_allclose(s.g, np.tanh(g), rtol=0, atol=TOL)
    np.testing.assert_allclose(s.o, torch.sigmoid(torch.from_numpy(o)).numpy(), rtol=0, atol=TOL)


def test_step_intermediates_fit_together():
    params = LSTMParams.random(3, 2, seed=11)
    s = lc.step(params, [0.5, -1.0], [0.1, 0.2, 0.3], [1.0, -2.0, 0.5])
    np.testing.assert_array_equal(s.z, [0.1, 0.2, 0.3, 0.5, -1.0])
    np.testing.assert_array_equal(s.c_prev, [1.0, -2.0, 0.5])
    np.testing.assert_array_equal(s.kept, s.f * s.c_prev)
    np.testing.assert_array_equal(s.write, s.i * s.g)
    np.testing.assert_array_equal(s.c, s.kept + s.write)
    np.testing.assert_array_equal(s.h, s.o * np.tanh(s.c))


def test_run_is_step_by_step():
    params = LSTMParams.random(4, 3, seed=12)
    xs = np.random.default_rng(12).standard_normal((6, 3))
    trace = lc.run(params, xs)
    h, c = np.zeros(4), np.zeros(4)
    for t, x in enumerate(xs):
        s = lc.step(params, x, h, c)
        assert isinstance(s, lc.LSTMStep)
        for name in lc.LSTMStep._fields:
            np.testing.assert_array_equal(getattr(trace, name)[t], getattr(s, name))
        h, c = s.h, s.c
    assert trace.names == lc.LSTMStep._fields == ("z", "f", "i", "g", "o", "c_prev", "kept", "write", "c", "h")


def test_one_batched_step_is_every_sequence_stepped_alone():
    """The equation functions act on the last axis: a (B, n) batch gives each row's step."""
    params = LSTMParams.random(4, 3, seed=14)
    rng = np.random.default_rng(14)
    xs, hs, cs = rng.standard_normal((5, 3)), rng.standard_normal((5, 4)), rng.standard_normal((5, 4))
    batched = lc.lstm_step(params, xs, hs, cs)
    for b in range(5):
        alone = lc.step(params, xs[b], hs[b], cs[b])
        for name in lc.LSTMStep._fields:
            np.testing.assert_allclose(getattr(batched, name)[b], getattr(alone, name), rtol=0, atol=1e-15)


@pytest.mark.parametrize("n_h, n_in, batch", [(1, 1, ()), (3, 2, ()), (16, 5, ()), (4, 3, (7,)), (2, 4, (2, 3))])
def test_the_stacked_product_gives_each_gate_function(n_h, n_in, batch):
    """``cell.gates`` (one matrix product for the four gates, used by every
    step) gives what the four per-equation functions the book shows give."""
    params = LSTMParams.random(n_h, n_in, seed=n_h + n_in, scale=2.0)
    z = np.random.default_rng(n_h).standard_normal((*batch, n_h + n_in)) * 3
    f, i, g, o = lc.cell.gates(params, z)
    for got, function in zip((f, i, g, o), (lc.forget_gate, lc.input_gate, lc.candidate, lc.output_gate)):
        assert got.shape == (*batch, n_h)
        np.testing.assert_allclose(got, function(params, z), rtol=0, atol=1e-15)


def test_the_stack_is_read_only_and_follows_the_weights():
    params = LSTMParams.random(2, 3, seed=3)
    W, b = params.stacked
    assert not W.flags.writeable and not b.flags.writeable
    np.testing.assert_array_equal(W[:2], params.W_f)
    np.testing.assert_array_equal(W[4:6], params.W_o)  # the sigmoid gates first: f, i, o, then g
    np.testing.assert_array_equal(b[6:], params.b_g)


def test_each_equation_function_is_its_equation():
    params = LSTMParams.random(3, 2, seed=15)
    z = lc.concat(np.array([0.1, -0.2, 0.3]), np.array([1.0, -1.0]))
    np.testing.assert_array_equal(z, [0.1, -0.2, 0.3, 1.0, -1.0])
    for function, W, b, squash in (
        (lc.forget_gate, params.W_f, params.b_f, lc.sigmoid),
        (lc.input_gate, params.W_i, params.b_i, lc.sigmoid),
        (lc.candidate, params.W_g, params.b_g, np.tanh),
        (lc.output_gate, params.W_o, params.b_o, lc.sigmoid),
    ):
        np.testing.assert_allclose(function(params, z), squash(W @ z + b), rtol=0, atol=1e-15)
    o, c = np.array([0.5, 1.0, 0.0]), np.array([2.0, -1.0, 3.0])
    np.testing.assert_array_equal(lc.hidden_state(o, c), o * np.tanh(c))


@pytest.mark.parametrize("a", [-800.0, -40.0, -2.0, 0.0, 3.0, 40.0, 800.0])
def test_sigmoid_is_exact_and_never_overflows(a):
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        value = lc.sigmoid(a)
    expected = 1 / (1 + math.exp(-a)) if a > -700 else 0.0
    assert value == pytest.approx(expected, rel=1e-15, abs=1e-300)


finite = st.floats(-50, 50, allow_nan=False)


@settings(max_examples=200, deadline=None)
@given(
    n_h=st.integers(1, 6),
    n_in=st.integers(1, 5),
    seed=st.integers(0, 10_000),
    scale=st.floats(0.01, 10),
    shift=finite,
)
def test_gates_lie_in_their_ranges(n_h, n_in, seed, scale, shift):
    """Sigmoid gates in [0, 1], tanh outputs and h in [-1, 1] (closed: in float64
    a sigmoid of a large argument rounds to exactly 0 or 1)."""
    params = LSTMParams.random(n_h, n_in, seed=seed, scale=scale)
    rng = np.random.default_rng(seed)
    xs = rng.standard_normal((5, n_in)) * scale + shift
    trace = lc.run(params, xs, c0=rng.standard_normal(n_h) * 10)
    for gate in (trace.f, trace.i, trace.o):
        assert np.all((gate >= 0) & (gate <= 1))
    assert np.all(np.abs(trace.g) <= 1)
    assert np.all(np.abs(trace.h) <= 1)
    assert np.all(np.abs(trace.h) <= np.abs(np.tanh(trace.c)))


def test_forget_gate_ignores_the_cell():
    """Same z, different c_prev: identical f, i, g, o; different c."""
    params = LSTMParams.random(3, 2, seed=13)
    x, h_prev = np.array([1.0, -1.0]), np.array([0.2, -0.1, 0.4])
    a = lc.step(params, x, h_prev, [5.0, -5.0, 1.0])
    b = lc.step(params, x, h_prev, [-3.0, 0.0, 2.0])
    for gate in ("f", "i", "g", "o"):
        np.testing.assert_array_equal(getattr(a, gate), getattr(b, gate))
    assert not np.allclose(a.c, b.c)


def test_cell_state_on_the_four_slot_cartoon():
    """The four-slot cartoon: keep 1, 2, 4, erase 3, write -0.8 into 3."""
    f, c_prev, i, g = np.array([[1, 1, 0, 1], [0.6, -0.3, 0.9, 0.5], [0, 0, 1, 0], [0, 0, -0.8, 0]])
    c = lc.cell_state(f, c_prev, i, g)
    np.testing.assert_array_equal(c, [0.6, -0.3, -0.8, 0.5])
