"""The vanilla RNN against torch.nn.RNN in float64."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from lstm_calc import LSTMParams
from lstm_calc.rnn import RNNParams, rnn_run, rnn_step


@pytest.mark.parametrize(
    "n_h,n_in,T,seed,scale",
    [
        (1, 1, 1, 0, 1.0),
        (3, 4, 12, 1, 0.5),
        (8, 3, 50, 2, 1.5),
        (32, 16, 100, 3, 0.3),
        (5, 9, 30, 4, 3.0),
    ],
)
def test_rnn_matches_torch_at_every_step(n_h, n_in, T, seed, scale):
    rng = np.random.default_rng(seed)
    params = RNNParams.random(n_h, n_in, seed=seed, scale=scale)
    xs, h0 = rng.standard_normal((T, n_in)), rng.standard_normal(n_h) * 0.5
    ours = rnn_run(params, xs, h0=h0)
    theirs, _ = params.to_torch()(torch.from_numpy(xs)[:, None, :], torch.from_numpy(h0)[None, None])
    assert np.max(np.abs(ours - theirs[:, 0, :].detach().numpy())) <= 1e-12


def test_step_against_rnn_cell_and_round_trips():
    torch.manual_seed(0)
    cell = torch.nn.RNNCell(3, 4, dtype=torch.float64)
    params = RNNParams.from_torch(cell)
    x, h = torch.randn(3, dtype=torch.float64), torch.randn(4, dtype=torch.float64)
    np.testing.assert_allclose(
        rnn_step(params, x.numpy(), h.numpy()), cell(x[None], h[None])[0].detach().numpy(), rtol=0, atol=1e-12
    )
    assert RNNParams.from_torch(params.to_torch()) == params
    assert RNNParams.from_torch(params.to_torch(cell=True)) == params


@pytest.mark.parametrize(
    "module,message",
    [
        (torch.nn.RNN(2, 3, num_layers=2), "num_layers=2"),
        (torch.nn.RNN(2, 3, nonlinearity="relu"), "must use tanh"),
        (torch.nn.LSTM(2, 3), "got LSTM"),
    ],
)
def test_from_torch_refuses(module, message):
    with pytest.raises(ValueError, match=message):
        RNNParams.from_torch(module)


@pytest.mark.parametrize(
    "call,message",
    [
        (
            lambda p: RNNParams(W=np.zeros((3, 3)), b=np.zeros(3)),
            r"W must have shape \(n_h, n_h \+ n_in\).*got shape \(3, 3\)",
        ),
        (lambda p: RNNParams(W=np.zeros((3, 5)), b=np.zeros(2)), r"b must have shape \(3,\), got shape \(2,\)"),
        (lambda p: rnn_step(p, np.zeros(3), np.zeros(3)), r"x must have shape \(2,\), got shape \(3,\)"),
        (lambda p: rnn_run(p, np.zeros((0, 2))), r"xs is empty"),
        (lambda p: rnn_run(p, [[0.0, np.inf]]), r"xs must be finite"),
        (lambda p: rnn_run(p, np.zeros((2, 2)), h0=np.zeros(4)), r"h0 must have shape \(3,\), got shape \(4,\)"),
        (lambda p: rnn_run(LSTMParams.random(3, 2), np.zeros((2, 2))), r"params must be RNNParams, got LSTMParams"),
        (lambda p: rnn_step(p, np.zeros(2), None), r"h_prev must be an array of numbers, got NoneType None"),
    ],
)
def test_bad_input(call, message):
    with pytest.raises(ValueError, match=message):
        call(RNNParams.random(3, 2))
