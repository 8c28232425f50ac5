"""LSTMParams: shapes checked on construction, and PyTorch's layout both ways."""

from __future__ import annotations

import numpy as np
import pytest
import torch

import lstm_calc as lc
from lstm_calc import LSTMParams


def torch_lstm(n_in, n_h, seed, **kwargs):
    torch.manual_seed(seed)
    return torch.nn.LSTM(n_in, n_h, dtype=torch.float64, **kwargs)


@pytest.mark.parametrize("n_h,n_in,seed", [(1, 1, 0), (3, 4, 1), (6, 2, 2), (20, 9, 3)])
def test_from_torch_unstacks_i_f_g_o_and_adds_the_biases(n_h, n_in, seed):
    m = torch_lstm(n_in, n_h, seed)
    p = LSTMParams.from_torch(m)
    w_ih, w_hh = m.weight_ih_l0.detach().numpy(), m.weight_hh_l0.detach().numpy()
    b = (m.bias_ih_l0 + m.bias_hh_l0).detach().numpy()
    for k, gate in enumerate("ifco"):  # PyTorch's order, with g called c here
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
    x, h, c = torch.randn(1, 2, dtype=torch.float64), torch.randn(1, 3, dtype=torch.float64), torch.randn(1, 3, dtype=torch.float64)
    h1, c1 = cell(x, (h, c))
    s = lc.step(p, x[0].numpy(), h[0].numpy(), c[0].numpy())
    np.testing.assert_allclose(s.h, h1[0].detach().numpy(), rtol=0, atol=1e-12)
    np.testing.assert_allclose(s.c, c1[0].detach().numpy(), rtol=0, atol=1e-12)

    no_bias = LSTMParams.from_torch(torch_lstm(2, 3, 7, bias=False))
    for gate in "fico":
        np.testing.assert_array_equal(getattr(no_bias, f"b_{gate}"), np.zeros(3))


@pytest.mark.parametrize("kwargs,named", [
    ({"num_layers": 2}, "num_layers=2"),
    ({"bidirectional": True}, "bidirectional=True"),
    ({"proj_size": 2}, "proj_size=2"),
])
def test_from_torch_refuses_what_it_cannot_represent(kwargs, named):
    with pytest.raises(ValueError, match=named):
        LSTMParams.from_torch(torch_lstm(3, 4, 0, **kwargs))


def test_from_torch_refuses_other_modules():
    with pytest.raises(ValueError, match="got GRU"):
        LSTMParams.from_torch(torch.nn.GRU(2, 3))


def test_arrays_are_read_only_copies():
    W = np.zeros((2, 5))
    p = LSTMParams(W_f=W, W_i=W, W_c=W, W_o=W, b_f=np.zeros(2), b_i=np.zeros(2), b_c=np.zeros(2), b_o=np.zeros(2))
    W[0, 0] = 1.0  # the caller's array changes; the parameters do not
    assert p.W_f[0, 0] == 0.0
    with pytest.raises(ValueError):
        p.W_f[0, 0] = 2.0
    assert p.W_f.dtype == np.float64 and (p.n_h, p.n_in) == (2, 3)


def test_unit_table_shows_one_row_of_each_gate_and_the_biases():
    p = LSTMParams.random(3, 2, seed=8)
    table = p.unit_table(1, input_names=["new", "old"])
    assert list(table.columns) == ["h1", "h2", "h3", "new", "old", "bias"]
    assert list(table.index) == ["forget W_f", "input W_i", "candidate W_c", "output W_o"]
    np.testing.assert_array_equal(table.loc["candidate W_c"], np.append(p.W_c[1], p.b_c[1]))
    with pytest.raises(ValueError, match=r"unit must be in \[0, 3\), got 5"):
        p.unit_table(5)
    with pytest.raises(ValueError, match="input_names must name 2 inputs, got 1"):
        p.unit_table(0, input_names=["x"])
