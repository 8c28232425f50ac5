"""The PyTorch reference of ``lstm_calc.bptt``: the same model, loss and
gradients computed by ``torch.nn.LSTM`` and autograd in float64.

The tests check ``lstm_calc.bptt.loss_and_grads`` against it, and ``make bench``
times it beside lstm_calc. It needs torch, which only the tests and the
benchmark install.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass

import numpy as np
import torch

from lstm_calc import LSTMParams, _check
from lstm_calc.bptt import Model


@dataclass(frozen=True)
class TorchModel:
    """A ``bptt.Model`` as torch tensors that autograd follows: the LSTM as a
    float64 ``torch.nn.LSTM``, the readout's ``w`` (n_h,) and ``b`` (a scalar)."""

    lstm: torch.nn.LSTM
    w: torch.Tensor
    b: torch.Tensor

    @classmethod
    def from_model(cls, model: Model) -> TorchModel:
        if not isinstance(model, Model):
            raise ValueError(f"model must be a bptt.Model, got {type(model).__name__}")
        w = torch.tensor(model.w, dtype=torch.float64, requires_grad=True)
        b = torch.tensor(model.b, dtype=torch.float64, requires_grad=True)
        return cls(model.lstm.to_torch(), w, b)

    def parameters(self) -> list[torch.Tensor]:
        return [*self.lstm.parameters(), self.w, self.b]

    def zero_grad(self) -> None:
        """Forget the gradients of an earlier ``backward()``."""
        for p in self.parameters():
            p.grad = None

    def loss(self, xs, mask, labels) -> torch.Tensor:
        """The mean binary cross-entropy of the masked predictions, from zero
        states: xs (T, B, n_in), mask and labels (T, B) of 0 and 1. The same
        loss as ``bptt.loss_and_grads``, as a tensor to call ``backward()`` on."""
        xs = _check.array("xs", xs, ("T", "B", self.lstm.input_size))
        mask = _check.array("mask", mask, xs.shape[:2])
        labels = _check.array("labels", labels, xs.shape[:2])
        # torch.tensor copies: the validated arrays are read-only, torch's tensors are writable
        h, _ = self.lstm(torch.tensor(xs))  # (T, B, n_h)
        logits = h @ self.w + self.b  # (T, B)
        m, y = torch.tensor(mask), torch.tensor(labels)
        return (m * torch.nn.functional.binary_cross_entropy_with_logits(logits, y, reduction="none")).sum() / m.sum()

    def gradients(self) -> dict:
        """After ``loss(...).backward()``: the gradient of every parameter in
        lstm_calc's layout, by ``bptt.PARAM_NAMES``. PyTorch's ``bias_ih`` and
        ``bias_hh`` each receive dL/db of the one bias lstm_calc has, so one of
        them counts."""
        if any(p.grad is None for p in self.parameters()):
            raise ValueError("no gradients: call loss(...).backward() first")
        grads = copy.deepcopy(self.lstm)
        with torch.no_grad():
            for (name, slot), param in zip(grads.named_parameters(), self.lstm.parameters()):
                slot.copy_(torch.zeros_like(slot) if name.startswith("bias_hh") else param.grad)
        return {
            **LSTMParams.from_torch(grads).arrays(),
            "w": self.w.grad.numpy().copy(),
            "b": np.array(self.b.grad.item()),
        }


def bptt_loss(model: Model, xs, mask, labels) -> tuple[torch.Tensor, TorchModel]:
    """The loss of ``model`` on the batch, computed by torch, and the torch
    model it was computed with (whose ``gradients()`` hold dL/dθ after
    ``loss.backward()``)."""
    reference = TorchModel.from_model(model)
    return reference.loss(xs, mask, labels), reference


def loss_and_grads(model: Model, xs, mask, labels) -> tuple[float, dict]:
    """torch's answer to ``lstm_calc.bptt.loss_and_grads``: the loss, and the
    gradient of every parameter by ``bptt.PARAM_NAMES``."""
    loss, reference = bptt_loss(model, xs, mask, labels)
    loss.backward()
    return loss.item(), reference.gradients()
