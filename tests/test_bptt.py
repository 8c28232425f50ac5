"""BPTT against central finite differences and against torch autograd in float64."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from lstm_book.dev import torch_reference
from lstm_calc import TORCH_GATE_ORDER, CIFGParams, LSTMParams
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
            numeric[idx] = (
                loss(forward(Model.from_arrays(up), xs), mask, labels)
                - loss(forward(Model.from_arrays(down), xs), mask, labels)
            ) / (2 * eps)
        rel = np.max(np.abs(numeric - grads[name])) / np.max(np.abs(numeric))
        assert rel <= 1e-6, f"{name}: relative error {rel:.2e}"


@pytest.mark.parametrize("seed", range(3))
def test_gradients_against_torch_autograd(seed):
    model, xs, mask, labels = problem(seed, T=9, B=4)
    value, grads = loss_and_grads(model, xs, mask, labels)
    torch_value, expected = torch_reference.loss_and_grads(model, xs, mask, labels)

    assert abs(torch_value - value) <= 1e-12
    assert set(expected) == set(PARAM_NAMES) == set(grads)
    for name in PARAM_NAMES:
        assert np.max(np.abs(grads[name] - expected[name])) <= 1e-10, name


def test_the_torch_reference_is_torch_nn_lstm_and_autograd():
    """The reference's loss is the mean masked cross-entropy of nn.LSTM's states,
    and its gradients are autograd's, unstacked from PyTorch's layout."""
    model, xs, mask, labels = problem(3, T=5, B=2)
    loss, reference = torch_reference.bptt_loss(model, xs, mask, labels)
    assert isinstance(reference.lstm, torch.nn.LSTM) and loss.dtype == torch.float64
    h, _ = reference.lstm(torch.from_numpy(xs))
    logits = (h @ reference.w + reference.b).detach().numpy()
    bce = np.logaddexp(0.0, logits) - labels * logits
    assert abs(loss.item() - np.sum(mask * bce) / mask.sum()) <= 1e-14
    with pytest.raises(ValueError, match="no gradients: call loss"):
        reference.gradients()
    loss.backward()
    grads = reference.gradients()
    n_h = model.lstm.n_h
    for k, gate in enumerate(TORCH_GATE_ORDER):
        rows = slice(k * n_h, (k + 1) * n_h)
        np.testing.assert_array_equal(grads[f"W_{gate}"][:, :n_h], reference.lstm.weight_hh_l0.grad[rows].numpy())
        np.testing.assert_array_equal(grads[f"W_{gate}"][:, n_h:], reference.lstm.weight_ih_l0.grad[rows].numpy())
        np.testing.assert_array_equal(grads[f"b_{gate}"], reference.lstm.bias_ih_l0.grad[rows].numpy())
    # PyTorch's two biases get the same gradient (summed in another order): one of them counts
    np.testing.assert_allclose(reference.lstm.bias_ih_l0.grad, reference.lstm.bias_hh_l0.grad, rtol=0, atol=1e-15)
    # again after zero_grad: gradients do not accumulate
    reference.zero_grad()
    reference.loss(xs, mask, labels).backward()
    for name, value in reference.gradients().items():
        np.testing.assert_array_equal(value, grads[name])
    with pytest.raises(ValueError, match=r"xs must have shape \(T, B, 4\), got shape \(5, 2, 3\)"):
        reference.loss(xs[:, :, :3], mask, labels)
    with pytest.raises(ValueError, match="model must be a bptt.Model, got LSTMParams"):
        torch_reference.bptt_loss(model.lstm, xs, mask, labels)


@pytest.mark.parametrize(
    "call,message",
    [
        (
            lambda m, x, k, y: loss_and_grads(m, x[:, :, :2], k, y),
            r"xs must have shape \(T, B, 4\), got shape \(6, 3, 2\)",
        ),
        (lambda m, x, k, y: loss_and_grads(m, x, k[:3], y), r"mask must have shape \(6, 3\), got shape \(3, 3\)"),
        (lambda m, x, k, y: loss_and_grads(m, x, k, y[:, :2]), r"labels must have shape \(6, 3\), got shape \(6, 2\)"),
        (lambda m, x, k, y: loss_and_grads(m, x, np.zeros_like(k), y), r"mask selects no position"),
        (lambda m, x, k, y: loss_and_grads(m, x, 2 * k, y), r"mask and labels must hold only 0 and 1"),
        (lambda m, x, k, y: loss_and_grads(m.lstm, x, k, y), r"model must be a bptt.Model, got LSTMParams"),
        (lambda m, x, k, y: forward(m, x[0]), r"xs must have shape \(T, B, 4\), got shape \(3, 4\)"),
    ],
)
def test_bad_input(call, message):
    with pytest.raises(ValueError, match=message):
        call(*problem(0))


def test_model_is_validated():
    with pytest.raises(ValueError, match=r"w must have shape \(5,\), got shape \(4,\)"):
        Model(LSTMParams.random(5, 4), np.zeros(4), 0.0)
    with pytest.raises(ValueError, match="b must be finite"):
        Model(LSTMParams.random(5, 4), np.zeros(5), float("nan"))
    with pytest.raises(ValueError, match="lstm must be LSTMParams, got CIFGParams"):
        Model(CIFGParams.from_lstm(LSTMParams.random(5, 4)), np.zeros(5), 0.0)
