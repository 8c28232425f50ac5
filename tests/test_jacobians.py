"""The analytic Jacobians against central finite differences."""

from __future__ import annotations

import numpy as np
import pytest

import lstm_calc as lc
from lstm_book.reach import (
    at_distances,
    decay_per_step,
    inputs,
    lstm_label,
    random_lstm,
    random_rnn,
    reach_curves,
    route_curves,
)
from lstm_calc.jacobians import lstm_reach, lstm_step_jacobians, rnn_reach
from lstm_calc.rnn import RNNParams, rnn_run

EPS = 1e-6
REL = 1e-6  # central differences: truncation error ~ EPS², relative
ABS = 1e-9  # and roundoff ~ 1e-16 / EPS = 1e-10 absolute, with a margin of ten


def numerical(f, v):
    """Jacobian of f at v by central differences: (len(f(v)), len(v))."""
    cols = []
    for j in range(v.size):
        up, down = v.copy(), v.copy()
        up[j] += EPS
        down[j] -= EPS
        cols.append((f(up) - f(down)) / (2 * EPS))
    return np.array(cols).T


def close(analytic, numeric):
    return np.max(np.abs(analytic - numeric)) <= REL * np.max(np.abs(numeric)) + ABS


@pytest.mark.parametrize("seed", range(4))
def test_step_jacobians(seed):
    rng = np.random.default_rng(seed)
    params = lc.LSTMParams.random(4, 3, seed=seed, scale=0.8)
    x, h, c = rng.standard_normal(3), rng.standard_normal(4) * 0.5, rng.standard_normal(4)
    J = lstm_step_jacobians(params, lc.step(params, x, h, c))
    assert close(J.dh_dh, numerical(lambda v: lc.step(params, x, v, c).h, h))
    assert close(J.dh_dc, numerical(lambda v: lc.step(params, x, h, v).h, c))
    assert close(J.dh_dx, numerical(lambda v: lc.step(params, v, h, c).h, x))
    assert close(J.dc_dh, numerical(lambda v: lc.step(params, x, v, c).c, h))
    assert close(J.dc_dc, numerical(lambda v: lc.step(params, x, h, v).c, c))
    assert close(J.dc_dx, numerical(lambda v: lc.step(params, v, h, c).c, x))


@pytest.mark.parametrize("seed,forget_bias", [(0, 0.0), (1, 1.0), (2, 3.0)])
def test_lstm_reach_against_finite_differences(seed, forget_bias):
    T, n_in = 12, 3
    params = random_lstm(5, n_in, gain=1.0, forget_bias=forget_bias, seed=seed)
    xs = np.random.default_rng(seed).standard_normal((T, n_in))
    reach = lstm_reach(params, xs)
    assert list(reach.distance) == list(range(T - 1, -1, -1))
    for t in (0, 4, T - 1):

        def h_last(v, t=t):
            ys = xs.copy()
            ys[t] = v
            return lc.run(params, ys).h[-1]

        assert close(reach.dh_dx[t], numerical(h_last, xs[t].copy()))
    # ∂h_T/∂h_0 and ∂C_T/∂C_0 through the initial state
    h0, c0 = np.zeros(5), np.zeros(5)
    dh_dh0 = numerical(lambda v: lc.run(params, xs, h0=v, c0=c0).h[-1], h0)
    dc_dc0 = numerical(lambda v: lc.run(params, xs, h0=h0, c0=v).c[-1], c0)
    J1 = lstm_step_jacobians(params, lc.step(params, xs[0], h0, c0))
    # reach.dh_dh[0] is ∂h_T/∂h_1; one more step back reaches h_0 (and c_0)
    trace = lc.run(params, xs)
    assert close(reach.dh_dh[0] @ J1.dh_dh + _dhT_dc(params, trace, xs, 1) @ J1.dc_dh, dh_dh0)
    assert close(reach.dc_dc[0] @ J1.dc_dc + _dcT_dh(params, xs, 1) @ J1.dh_dc, dc_dc0)


def _dhT_dc(params, trace, xs, t):
    """∂h_T/∂c_t by finite differences, perturbing the cell that enters step t+1."""

    def h_last(c):
        return lc.run(params, xs[t:], h0=trace.h[t - 1], c0=c).h[-1]

    return numerical(h_last, trace.c[t - 1].copy())


def _dcT_dh(params, xs, t):
    trace = lc.run(params, xs)

    def c_last(h):
        return lc.run(params, xs[t:], h0=h, c0=trace.c[t - 1]).c[-1]

    return numerical(c_last, trace.h[t - 1].copy())


def test_forget_path_is_the_product_of_forget_gates():
    params = random_lstm(3, 2, gain=1.0, forget_bias=2.0, seed=5)
    xs = np.random.default_rng(5).standard_normal((6, 2))
    reach, trace = lstm_reach(params, xs), lc.run(params, xs)
    np.testing.assert_allclose(reach.forget_path[1], np.prod(trace.f[2:], axis=0), rtol=1e-14)
    np.testing.assert_array_equal(reach.forget_path[-1], np.ones(3))


@pytest.mark.parametrize("seed", range(3))
def test_rnn_reach_against_finite_differences(seed):
    T = 8  # short enough that the earliest gradient stays far above finite differences' roundoff
    params = RNNParams.random(4, 2, seed=seed, scale=0.6)
    xs = np.random.default_rng(seed).standard_normal((T, 2))
    reach = rnn_reach(params, xs)
    for t in (0, 4, T - 1):

        def h_last(v, t=t):
            ys = xs.copy()
            ys[t] = v
            return rnn_run(params, ys)[-1]

        assert close(reach.dh_dx[t], numerical(h_last, xs[t].copy()))
    np.testing.assert_array_equal(reach.dh_dh[-1], np.eye(4))


def test_reach_curves_and_summaries():
    curves = reach_curves(rnn_gains=(1.0,), lstm_settings=((1.0, 3.0),), n_h=6, n_in=2, T=30, seeds=range(2))
    assert set(curves["label"]) == {"RNN, gain 1", "LSTM, gain 1, forget bias 3"}
    assert len(curves) == 2 * 30
    table = at_distances(curves, distances=(1, 10, 29))
    assert list(table.columns) == [1, 10, 29]
    # a fitted per-step factor: a pure geometric curve gives its ratio back
    fake = curves.assign(norm=lambda d: 0.5 ** d["distance"])
    assert decay_per_step(fake, "RNN, gain 1") == pytest.approx(0.5, rel=1e-12)
    with pytest.raises(ValueError, match="label must be one of"):
        decay_per_step(curves, "GRU")


@pytest.mark.parametrize("seed", range(2))
def test_long_range_jacobians_against_torch_autograd(seed):
    """Over 60 steps the early gradients are far below what finite differences
    resolve; torch's autograd in float64 checks them instead."""
    import torch

    T, n_h, n_in = 60, 6, 3
    xs = np.random.default_rng(seed).standard_normal((T, n_in))
    lstm = random_lstm(n_h, n_in, gain=1.0, forget_bias=1.0, seed=seed)
    rnn = RNNParams.random(n_h, n_in, seed=seed, scale=0.4)
    for params, reach in ((lstm, lstm_reach(lstm, xs)), (rnn, rnn_reach(rnn, xs))):
        module = params.to_torch()

        def h_last(inputs, module=module):
            return module(inputs[:, None, :])[0][-1, 0]

        jac = torch.autograd.functional.jacobian(h_last, torch.from_numpy(xs)).numpy()  # (n_h, T, n_in)
        expected = np.transpose(jac, (1, 0, 2))  # (T, n_h, n_in)
        assert np.max(np.abs(reach.dh_dx - expected)) <= 1e-13 * max(1.0, np.max(np.abs(expected)))
        assert np.min(np.abs(expected[0])) < 1e-6, "the test reaches gradients finite differences could not"


def test_jacobians_refuse_other_models():
    xs = np.zeros((3, 2))
    peephole = lc.with_peepholes(lc.LSTMParams.random(3, 2), p_f=1.0)
    with pytest.raises(
        ValueError,
        match=r"params must be LSTMParams \(the Jacobians here are the plain LSTM's\), "
        r"got PeepholeParams",
    ):
        lstm_reach(peephole, xs)
    with pytest.raises(ValueError, match=r"params must be LSTMParams .*got RNNParams"):
        lstm_step_jacobians(RNNParams.random(3, 2), None)
    with pytest.raises(ValueError, match="params must be RNNParams, got LSTMParams"):
        rnn_reach(lc.LSTMParams.random(3, 2), xs)
    with pytest.raises(ValueError, match=r"xs must have shape \(T, 2\), got shape \(3, 3\)"):
        lstm_reach(lc.LSTMParams.random(3, 2), np.zeros((3, 3)))


def test_through_h_is_the_rest_of_dc_dc():
    params = random_lstm(4, 2, gain=1.0, forget_bias=2.0, seed=3)
    reach = lstm_reach(params, np.random.default_rng(3).standard_normal((9, 2)))
    for t in (0, 5, 8):
        np.testing.assert_array_equal(reach.through_h[t], reach.dc_dc[t] - np.diag(reach.forget_path[t]))
    np.testing.assert_array_equal(reach.through_h[-1], np.zeros((4, 4)))  # ∂C_T/∂C_T = I, all of it the cell path
    assert reach.norms("through_h").shape == (9,)
    assert rnn_reach(RNNParams.random(3, 2), np.zeros((4, 2))).through_h is None


@pytest.mark.parametrize("seed", range(2))
def test_dc_dc_against_torch_autograd(seed):
    """∂C_T/∂C_t over up to 39 steps, from torch's autograd in float64, run on from the state after step t."""
    import torch

    T, n_h, n_in = 40, 5, 3
    params = random_lstm(n_h, n_in, gain=1.0, forget_bias=3.0, seed=seed)
    xs = np.random.default_rng(seed).standard_normal((T, n_in))
    reach = lstm_reach(params, xs)
    module, x = params.to_torch(), torch.from_numpy(xs)[:, None, :]
    for t in (0, 10, 30, T - 2):
        with torch.no_grad():
            _, (h_t, c_t) = module(x[: t + 1])

        def c_last(c, t=t, h_t=h_t):
            return module(x[t + 1 :], (h_t, c.reshape(1, 1, n_h)))[1][1].reshape(n_h)

        expected = torch.autograd.functional.jacobian(c_last, c_t.reshape(n_h)).numpy()
        assert np.max(np.abs(reach.dc_dc[t] - expected)) <= 1e-13 * max(1.0, np.max(np.abs(expected)))


def test_no_recurrent_weight_leaves_only_the_cell_path():
    """With the columns that read h at zero, ∂C_T/∂C_t is exactly diag(f_{t+1} ⊙ … ⊙ f_T)."""
    params = random_lstm(6, 3, gain=1.0, forget_bias=3.0, seed=4, recurrent_gain=0.0)
    for name in ("W_f", "W_i", "W_g", "W_o"):
        assert not getattr(params, name)[:, :6].any()
    reach = lstm_reach(params, inputs(30, 3, 4))
    assert not reach.through_h.any()
    np.testing.assert_array_equal(reach.norms("dc_dc"), reach.norms("forget_path"))


def test_recurrent_gain_rescales_the_same_draw():
    full = random_lstm(4, 2, gain=1.0, forget_bias=1.0, seed=7)
    small = random_lstm(4, 2, gain=1.0, forget_bias=1.0, seed=7, recurrent_gain=0.1)
    same = random_lstm(4, 2, gain=1.0, forget_bias=1.0, seed=7, recurrent_gain=1.0)
    for name in ("W_f", "W_i", "W_g", "W_o"):
        np.testing.assert_allclose(getattr(small, name)[:, :4], 0.1 * getattr(full, name)[:, :4], rtol=1e-15)
        np.testing.assert_array_equal(getattr(small, name)[:, 4:], getattr(full, name)[:, 4:])
        np.testing.assert_array_equal(getattr(same, name), getattr(full, name))
    np.testing.assert_array_equal(small.b_f, np.ones(4))
    assert not (small.b_i.any() or small.b_g.any() or small.b_o.any())
    np.testing.assert_array_equal(inputs(5, 2, 3), np.random.default_rng(10_003).standard_normal((5, 2)))


def test_route_curves():
    curves = route_curves([(1.0, 3.0, None), (1.0, 3.0, 0.0)], n_h=4, n_in=2, T=12, seeds=range(3))
    assert list(curves["label"].unique()) == [lstm_label(1.0, 3.0), lstm_label(1.0, 3.0, 0.0)]
    assert lstm_label(1.0, 3.0, 0.0) == "LSTM, gain 1, forget bias 3, recurrent gain 0"
    assert len(curves) == 2 * 12
    cut = curves[curves["recurrent_gain"] == 0.0]
    assert not cut["through h"].any() and (cut["full"] == cut["cell path"]).all()
    # the median of the draws, each recomputed here
    per_seed = [lstm_reach(random_lstm(4, 2, 1.0, 3.0, s), inputs(12, 2, s)) for s in range(3)]
    one = curves[curves["label"] == lstm_label(1.0, 3.0)].sort_values("distance", ascending=False)
    np.testing.assert_array_equal(one["full"], np.median([r.norms("dc_dc") for r in per_seed], axis=0))
    np.testing.assert_array_equal(one["cell path"], np.median([r.norms("forget_path") for r in per_seed], axis=0))
    fake = curves.assign(full=lambda d: 1.01 ** d["distance"])
    assert decay_per_step(fake, lstm_label(1.0, 3.0), column="full") == pytest.approx(1.01, rel=1e-12)


def test_reach_helpers_refuse_bad_input():
    reach = lstm_reach(lc.LSTMParams.random(3, 2), np.zeros((4, 2)))
    with pytest.raises(ValueError, match="name must be one of dh_dx, dh_dh, dc_dc, forget_path, through_h, got 'c'"):
        reach.norms("c")
    with pytest.raises(ValueError, match="name 'dc_dc' has no value for this model"):
        rnn_reach(RNNParams.random(3, 2), np.zeros((4, 2))).norms("dc_dc")
    with pytest.raises(ValueError, match="s must be an LSTMStep"):
        lstm_step_jacobians(lc.LSTMParams.random(3, 2), "step")
    params = lc.LSTMParams.random(3, 2)
    with pytest.raises(ValueError, match=r"s\.f must have shape \(3,\)"):
        lstm_step_jacobians(params, lc.step(lc.LSTMParams.random(4, 2), np.zeros(2)))
    with pytest.raises(ValueError, match="recurrent_gain must be >= 0"):
        random_lstm(3, 2, 1.0, 1.0, 0, recurrent_gain=-1.0)
    with pytest.raises(ValueError, match="gain must be > 0"):
        random_rnn(3, 2, 0.0, 0)
    with pytest.raises(ValueError, match="forget_bias must be a real number"):
        random_lstm(3, 2, 1.0, "3", 0)
    with pytest.raises(ValueError, match="seeds must hold at least one seed"):
        route_curves([(1.0, 1.0, None)], seeds=[])
    with pytest.raises(ValueError, match="settings must be a non-empty list"):
        route_curves([(1.0, 1.0)])
    with pytest.raises(ValueError, match="T must be >= 2"):
        reach_curves(T=1)
    curves = route_curves([(1.0, 1.0, None)], n_h=3, n_in=2, T=12, seeds=[0])
    with pytest.raises(ValueError, match="column must be a column of norms"):
        decay_per_step(curves, lstm_label(1.0, 1.0), column="label")
    with pytest.raises(ValueError, match="start must leave at least two distances"):
        decay_per_step(curves, lstm_label(1.0, 1.0), start=11, column="full")
    with pytest.raises(ValueError, match="curves must be a table"):
        at_distances(curves)
