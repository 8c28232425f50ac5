"""How many parameters each recurrent layer has."""

from __future__ import annotations

# How many "RNN layers" (a matrix acting on [h; x] plus a bias) each model has.
LAYERS = {"rnn": 1, "lstm": 4}


def count_params(model: str, n_h: int, n_in: int, torch_biases: bool = False) -> int:
    """Weights and biases of one layer of ``model`` ("rnn" or "lstm").

    Each gate is a matrix of n_h × (n_h + n_in) and a bias of n_h. PyTorch
    keeps two bias vectors per gate (``bias_ih`` and ``bias_hh``), which only
    ever act as their sum: ``torch_biases=True`` counts them both.
    """
    if model not in LAYERS:
        raise ValueError(f"model must be one of {sorted(LAYERS)}, got {model!r}")
    for name, value in (("n_h", n_h), ("n_in", n_in)):
        if not isinstance(value, int) or value < 1:
            raise ValueError(f"{name} must be a positive int, got {value!r}")
    biases = 2 if torch_biases else 1
    return LAYERS[model] * (n_h * (n_h + n_in) + biases * n_h)
