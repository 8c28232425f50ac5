"""LSTMParams: shapes checked on construction, the Params base, and PyTorch's layout both ways."""

from __future__ import annotations

import numpy as np
import pytest
import torch

import lstm_calc as lc
from lstm_calc import GATES, TORCH_GATE_ORDER, LSTMParams


def torch_lstm(n_in, n_h, seed, **kwargs):
    torch.manual_seed(seed)
    return torch.nn.LSTM(n_in, n_h, dtype=torch.float64, **kwargs)


@pytest.mark.parametrize("n_h,n_in,seed", [(1, 1, 0), (3, 4, 1), (6, 2, 2), (20, 9, 3)])
def test_from_torch_unstacks_i_f_g_o_and_adds_the_biases(n_h, n_in, seed):
    m = torch_lstm(n_in, n_h, seed)
    p = LSTMParams.from_torch(m)
    w_ih, w_hh = m.weight_ih_l0.detach().numpy(), m.weight_hh_l0.detach().numpy()
    b = (m.bias_ih_l0 + m.bias_hh_l0).detach().numpy()
    assert TORCH_GATE_ORDER == ("i", "f", "g", "o") and set(TORCH_GATE_ORDER) == set(GATES)
    for k, gate in enumerate(TORCH_GATE_ORDER):  # PyTorch's order of the stacked rows
        rows = slice(k * n_h, (k + 1) * n_h)
        np.testing.assert_array_equal(getattr(p, f"W_{gate}")[:, :n_h], w_hh[rows])
        np.testing.assert_array_equal(getattr(p, f"W_{gate}")[:, n_h:], w_ih[rows])
        np.testing.assert_array_equal(getattr(p, f"b_{gate}"), b[rows])
    assert (p.n_h, p.n_in) == (n_h, n_in)


def test_round_trips():
    p = LSTMParams.random(5, 3, seed=4)
    assert LSTMParams.from_torch(p.to_torch()) == p
    assert LSTMParams.from_torch(p.to_torch(cell=True)) == p
    m = torch_lstm(3, 5, 5)
    again = LSTMParams.from_torch(m).to_torch()
    x = torch.randn(7, 1, 3, dtype=torch.float64)
    np.testing.assert_allclose(again(x)[0].detach().numpy(), m(x)[0].detach().numpy(), rtol=0, atol=1e-15)


def test_from_lstm_cell_and_from_biasless_lstm():
    torch.manual_seed(6)
    cell = torch.nn.LSTMCell(2, 3, dtype=torch.float64)
    p = LSTMParams.from_torch(cell)
    x, h, c = (
        torch.randn(1, 2, dtype=torch.float64),
        torch.randn(1, 3, dtype=torch.float64),
        torch.randn(1, 3, dtype=torch.float64),
    )
    h1, c1 = cell(x, (h, c))
    s = lc.step(p, x[0].numpy(), h[0].numpy(), c[0].numpy())
    np.testing.assert_allclose(s.h, h1[0].detach().numpy(), rtol=0, atol=1e-12)
    np.testing.assert_allclose(s.c, c1[0].detach().numpy(), rtol=0, atol=1e-12)

    no_bias = LSTMParams.from_torch(torch_lstm(2, 3, 7, bias=False))
    for gate in GATES:
        np.testing.assert_array_equal(getattr(no_bias, f"b_{gate}"), np.zeros(3))


@pytest.mark.parametrize(
    "kwargs,named",
    [
        ({"num_layers": 2}, "num_layers=2"),
        ({"bidirectional": True}, "bidirectional=True"),
        ({"proj_size": 2}, "proj_size=2"),
    ],
)
def test_from_torch_refuses_what_it_cannot_represent(kwargs, named):
    with pytest.raises(ValueError, match=named):
        LSTMParams.from_torch(torch_lstm(3, 4, 0, **kwargs))


def test_from_torch_refuses_other_modules():
    with pytest.raises(ValueError, match="got GRU"):
        LSTMParams.from_torch(torch.nn.GRU(2, 3))


def test_arrays_are_read_only_copies():
    W = np.zeros((2, 5))
    p = LSTMParams(W_f=W, W_i=W, W_g=W, W_o=W, b_f=np.zeros(2), b_i=np.zeros(2), b_g=np.zeros(2), b_o=np.zeros(2))
    W[0, 0] = 1.0  # the caller's array changes; the parameters do not
    assert p.W_f[0, 0] == 0.0
    with pytest.raises(ValueError):
        p.W_f[0, 0] = 2.0
    assert p.W_f.dtype == np.float64 and (p.n_h, p.n_in) == (2, 3)


def test_arrays_equality_and_random():
    p = LSTMParams.random(3, 2, seed=9, scale=0.5)
    assert list(p.arrays()) == ["W_f", "W_i", "W_g", "W_o", "b_f", "b_i", "b_g", "b_o"]
    assert LSTMParams.MATRICES == ("W_f", "W_i", "W_g", "W_o") and LSTMParams.VECTORS == ("b_f", "b_i", "b_g", "b_o")
    assert p == LSTMParams(**p.arrays()) and p == LSTMParams.random(3, 2, seed=9, scale=0.5)
    assert p != LSTMParams.random(3, 2, seed=10, scale=0.5)
    assert p != "weights"
    with pytest.raises(TypeError):
        hash(p)  # equal by value, so not hashable
    # N(0, scale²): the draws of numpy's generator for that seed, in the order of the fields
    rng = np.random.default_rng(9)
    for value in p.arrays().values():
        np.testing.assert_array_equal(value, 0.5 * rng.standard_normal(value.shape))


@pytest.mark.parametrize(
    "kwargs,message",
    [
        ({"n_h": 0, "n_in": 2}, r"n_h must be >= 1, got 0"),
        ({"n_h": 3, "n_in": 2.0}, r"n_in must be an int, got float 2.0"),
        ({"n_h": 3, "n_in": 2, "seed": -1}, r"seed must be >= 0, got -1"),
        ({"n_h": 3, "n_in": 2, "scale": 0.0}, r"scale must be > 0, got 0.0"),
        ({"n_h": True, "n_in": 2}, r"n_h must be an int, got bool True"),
    ],
)
def test_random_refuses_bad_sizes(kwargs, message):
    with pytest.raises(ValueError, match=message):
        LSTMParams.random(**kwargs)
