"""Peephole LSTM, CIFG and GRU: against PyTorch where it has the model, and
against references written here, independently of lstm_calc, where it has not."""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch

import lstm_calc as lc
from lstm_calc import LSTMParams
from lstm_calc.counting import count_params
from lstm_calc.variants import CIFGParams, GRUParams, PeepholeParams, with_peepholes

CASES = [(1, 1, 1, 0, 1.0), (3, 4, 10, 1, 1.0), (8, 3, 40, 2, 0.5), (16, 8, 80, 3, 1.5), (32, 16, 100, 4, 0.3)]


def sig(a):
    return 1.0 / (1.0 + math.exp(-a))


@pytest.mark.parametrize("n_h,n_in,T,seed,scale", CASES)
def test_gru_matches_torch_at_every_step(n_h, n_in, T, seed, scale):
    rng = np.random.default_rng(seed)
    params = GRUParams.random(n_h, n_in, seed=seed, scale=scale)
    xs, h0 = rng.standard_normal((T, n_in)), rng.standard_normal(n_h) * 0.5
    trace = lc.run(params, xs, h0=h0, c0=h0)
    out, _ = params.to_torch()(torch.from_numpy(xs)[:, None, :], torch.from_numpy(h0)[None, None])
    assert np.max(np.abs(trace.h - out[:, 0].detach().numpy())) <= 1e-12
    np.testing.assert_array_equal(trace.c, trace.h)  # one state


def test_gru_from_torch_with_its_own_biases():
    torch.manual_seed(3)
    for module in (torch.nn.GRU(3, 5, dtype=torch.float64), torch.nn.GRUCell(3, 5, dtype=torch.float64)):
        params = GRUParams.from_torch(module)
        x, h = torch.randn(3, dtype=torch.float64), torch.randn(5, dtype=torch.float64)
        if isinstance(module, torch.nn.GRUCell):
            want = module(x[None], h[None])[0]
        else:
            want = module(x[None, None], h[None, None])[0][0, 0]
        got = lc.step(params, x.numpy(), h.numpy(), h.numpy()).h
        np.testing.assert_allclose(got, want.detach().numpy(), rtol=0, atol=1e-12)
        assert GRUParams.from_torch(params.to_torch()) == params
        assert GRUParams.from_torch(params.to_torch(cell=True)) == params
    with pytest.raises(ValueError, match="got LSTM"):
        GRUParams.from_torch(torch.nn.LSTM(2, 3))
    with pytest.raises(ValueError, match="num_layers=2"):
        GRUParams.from_torch(torch.nn.GRU(2, 3, num_layers=2))


def peephole_reference(p: PeepholeParams, xs, h, c):
    """Element by element, in plain Python floats."""
    n_h = p.n_h
    hs, cs = [], []
    for x in xs:
        z = list(h) + list(x)
        dot = lambda W, k: sum(W[k][j] * z[j] for j in range(len(z)))  # noqa: E731
        new_c, new_h = [], []
        for k in range(n_h):
            f = sig(dot(p.lstm.W_f, k) + p.p_f[k] * c[k] + p.lstm.b_f[k])
            i = sig(dot(p.lstm.W_i, k) + p.p_i[k] * c[k] + p.lstm.b_i[k])
            g = math.tanh(dot(p.lstm.W_c, k) + p.lstm.b_c[k])
            ck = f * c[k] + i * g
            o = sig(dot(p.lstm.W_o, k) + p.p_o[k] * ck + p.lstm.b_o[k])
            new_c.append(ck)
            new_h.append(o * math.tanh(ck))
        h, c = new_h, new_c
        hs.append(h)
        cs.append(c)
    return np.array(hs), np.array(cs)


def cifg_reference(p: CIFGParams, xs, h, c):
    hs, cs = [], []
    for x in xs:
        z = np.concatenate([h, x])
        f = 1 / (1 + np.exp(-(p.W_f @ z + p.b_f)))
        c = f * c + (1 - f) * np.tanh(p.W_c @ z + p.b_c)
        h = (1 / (1 + np.exp(-(p.W_o @ z + p.b_o)))) * np.tanh(c)
        hs.append(h)
        cs.append(c)
    return np.array(hs), np.array(cs)


@pytest.mark.parametrize("n_h,n_in,T,seed,scale", CASES[:4])
def test_peephole_and_cifg_against_references(n_h, n_in, T, seed, scale):
    rng = np.random.default_rng(seed)
    base = LSTMParams.random(n_h, n_in, seed=seed, scale=scale)
    peep = with_peepholes(base, *(rng.standard_normal((3, n_h))))
    cifg = CIFGParams.from_lstm(base)
    xs, h0, c0 = rng.standard_normal((T, n_in)), rng.standard_normal(n_h) * 0.5, rng.standard_normal(n_h)
    for params, reference in ((peep, peephole_reference), (cifg, cifg_reference)):
        trace = lc.run(params, xs, h0=h0, c0=c0)
        hs, cs = reference(params, xs, h0, c0)
        assert np.max(np.abs(trace.h - hs)) <= 1e-12 and np.max(np.abs(trace.c - cs)) <= 1e-12
    np.testing.assert_allclose(lc.run(cifg, xs).i, 1 - lc.run(cifg, xs).f, rtol=0, atol=0)


@pytest.mark.parametrize("seed", range(4))
def test_zero_peepholes_are_the_plain_lstm_exactly(seed):
    base = LSTMParams.random(5, 3, seed=seed)
    xs = np.random.default_rng(seed).standard_normal((20, 3))
    a, b = lc.run(base, xs), lc.run(with_peepholes(base), xs)
    for name in ("f", "i", "g", "o", "c", "h"):
        np.testing.assert_array_equal(getattr(a, name), getattr(b, name))


def test_peephole_gate_reads_the_cell():
    peep = with_peepholes(LSTMParams.random(3, 2, seed=1), p_f=1.0)
    x, h = np.array([0.5, -0.5]), np.zeros(3)
    assert not np.allclose(lc.step(peep, x, h, [1.0, 1.0, 1.0]).f, lc.step(peep, x, h, [-1.0, -1.0, -1.0]).f)


VARIANTS = {
    "peephole": with_peepholes(LSTMParams.random(3, 2), 0.5, 0.5, 0.5),
    "cifg": CIFGParams.from_lstm(LSTMParams.random(3, 2)),
    "gru": GRUParams.random(3, 2),
}


@pytest.mark.parametrize("name", VARIANTS)
@pytest.mark.parametrize("call,message", [
    (lambda p: lc.step(p, np.zeros(3), np.zeros(3), np.zeros(3)), r"x must have shape \(2,\), got shape \(3,\)"),
    (lambda p: lc.step(p, np.zeros(2), np.zeros(2), np.zeros(3)), r"h_prev must have shape \(3,\), got shape \(2,\)"),
    (lambda p: lc.run(p, np.zeros((0, 2))), r"xs is empty: shape \(0, 2\)"),
    (lambda p: lc.run(p, [[0.0, np.nan]]), r"xs must be finite, got nan at index \(0, 1\)"),
    (lambda p: lc.run(p, np.zeros((3, 2)), tokens=["a"]), r"got 1 tokens for xs of shape \(3, 2\)"),
])
def test_variants_refuse_bad_input_like_the_lstm(name, call, message):
    with pytest.raises(ValueError, match=message):
        call(VARIANTS[name])


@pytest.mark.parametrize("make,message", [
    (lambda: PeepholeParams(LSTMParams.random(3, 2), np.zeros(2), np.zeros(3), np.zeros(3)), r"p_f must have shape \(3,\), got shape \(2,\)"),
    (lambda: PeepholeParams("weights", np.zeros(3), np.zeros(3), np.zeros(3)), r"lstm must be LSTMParams, got str"),
    (lambda: CIFGParams(*(np.zeros((3, 5)),) * 3, np.zeros(3), np.zeros(3), np.zeros(4)), r"b_o must have shape \(3,\), got shape \(4,\)"),
    (lambda: GRUParams(np.zeros((3, 5)), np.zeros((3, 5)), np.zeros((3, 4)), *(np.zeros(3),) * 4), r"W_n must have shape \(3, 5\), got shape \(3, 4\)"),
    (lambda: GRUParams(*(np.full((3, 5), np.inf),) * 3, *(np.zeros(3),) * 4), r"W_r must be finite"),
])
def test_variant_params_are_validated(make, message):
    with pytest.raises(ValueError, match=message):
        make()


def test_an_unknown_params_type_is_refused():
    with pytest.raises(ValueError, match="params must be LSTMParams or a variant's parameters, got dict"):
        lc.run({"W": 1}, np.zeros((2, 2)))  # validation needs n_in: refused before any step
