"""BPTT against central finite differences and against torch autograd in float64."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from lstm_calc import LSTMParams
from lstm_calc.bptt import PARAM_NAMES, Model, forward, loss, loss_and_grads


def problem(seed, T=6, B=3, n_in=4, n_h=5):
    rng = np.random.default_rng(seed)
    model = Model(LSTMParams.random(n_h, n_in, seed=seed, scale=0.6), rng.standard_normal(n_h), 0.2)
    xs = rng.standard_normal((T, B, n_in))
    mask = (rng.random((T, B)) < 0.6).astype(float)
    mask[-1, 0] = 1.0  # at least one target
    labels = (rng.random((T, B)) < 0.5).astype(float)
    return model, xs, mask, labels


@pytest.mark.parametrize("seed", range(3))
def test_gradients_against_finite_differences(seed):
    model, xs, mask, labels = problem(seed)
    _, grads = loss_and_grads(model, xs, mask, labels)
    arrays, eps = model.arrays(), 1e-6
    for name in PARAM_NAMES:
        numeric = np.zeros(np.shape(arrays[name]))
        for idx in np.ndindex(numeric.shape):
            up = {k: np.array(v, dtype=float) for k, v in arrays.items()}
            down = {k: np.array(v, dtype=float) for k, v in arrays.items()}
            up[name][idx] += eps
            down[name][idx] -= eps
            numeric[idx] = (loss(forward(Model.from_arrays(up), xs), mask, labels)
                            - loss(forward(Model.from_arrays(down), xs), mask, labels)) / (2 * eps)
        rel = np.max(np.abs(numeric - grads[name])) / np.max(np.abs(numeric))
        assert rel <= 1e-6, f"{name}: relative error {rel:.2e}"


@pytest.mark.parametrize("seed", range(3))
def test_gradients_against_torch_autograd(seed):
    model, xs, mask, labels = problem(seed, T=9, B=4)
    value, grads = loss_and_grads(model, xs, mask, labels)

    lstm = model.lstm.to_torch()
    w = torch.tensor(model.w, requires_grad=True)
    b = torch.tensor(model.b, dtype=torch.float64, requires_grad=True)
    h, _ = lstm(torch.from_numpy(xs))  # (T, B, n_h), zero initial states
    logits = h @ w + b
    m, y = torch.from_numpy(mask), torch.from_numpy(labels)
    torch_loss = (m * torch.nn.functional.binary_cross_entropy_with_logits(logits, y, reduction="none")).sum() / m.sum()
    torch_loss.backward()

    assert abs(torch_loss.item() - value) <= 1e-12
    # map torch's gradients to lstm_calc's layout: bias_ih and bias_hh each get dL/db, so count one
    with torch.no_grad():
        lstm.bias_hh_l0.grad.zero_()
        for param in lstm.parameters():
            param.copy_(param.grad)
    expected = LSTMParams.from_torch(lstm)
    for name in PARAM_NAMES[:-2]:
        assert np.max(np.abs(grads[name] - getattr(expected, name))) <= 1e-10, name
    assert np.max(np.abs(grads["w"] - w.grad.numpy())) <= 1e-10
    assert abs(float(grads["b"]) - b.grad.item()) <= 1e-10


@pytest.mark.parametrize("call,message", [
    (lambda m, x, k, y: loss_and_grads(m, x[:, :, :2], k, y), r"xs must have shape \(T, B, 4\), got shape \(6, 3, 2\)"),
    (lambda m, x, k, y: loss_and_grads(m, x, k[:3], y), r"mask and labels must have shape \(6, 3\), got \(3, 3\)"),
    (lambda m, x, k, y: loss_and_grads(m, x, np.zeros_like(k), y), r"mask selects no position"),
])
def test_bad_input(call, message):
    with pytest.raises(ValueError, match=message):
        call(*problem(0))


def test_model_is_validated():
    with pytest.raises(ValueError, match=r"w must have shape \(5,\), got shape \(4,\)"):
        Model(LSTMParams.random(5, 4), np.zeros(4), 0.0)
    with pytest.raises(ValueError, match="b must be finite"):
        Model(LSTMParams.random(5, 4), np.zeros(5), float("nan"))
