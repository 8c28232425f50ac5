"""How many parameters each recurrent layer has."""

from __future__ import annotations

from . import _check

# model: (matrices acting on [h; x], bias vectors here, bias vectors in PyTorch
# or None where PyTorch has no such module, other vectors of n_h)
MODELS = {
    "rnn": (1, 1, 2, 0),
    "lstm": (4, 4, 8, 0),
    "peephole": (4, 4, None, 3),  # + p_f, p_i, p_o
    "cifg": (3, 3, None, 0),  # no input gate
    "gru": (3, 4, 6, 0),  # r, u share a bias each; the candidate keeps b_in and b_hn apart
}


def count_params(model: str, n_h: int, n_in: int, torch_biases: bool = False) -> int:
    """Weights and biases of one layer of ``model`` (a key of ``MODELS``).

    Each gate is a matrix of n_h × (n_h + n_in) and a bias of n_h. PyTorch
    keeps two bias vectors per gate (``bias_ih`` and ``bias_hh``); for the
    LSTM and the RNN they only ever act as their sum. ``torch_biases=True``
    counts what PyTorch's module holds.
    """
    if not isinstance(model, str) or model not in MODELS:
        raise ValueError(f"model must be one of {sorted(MODELS)}, got {model!r}")
    n_h = _check.integer("n_h", n_h, low=1)
    n_in = _check.integer("n_in", n_in, low=1)
    torch_biases = _check.flag("torch_biases", torch_biases)
    matrices, biases, torch_bias_count, vectors = MODELS[model]
    if torch_biases:
        if torch_bias_count is None:
            raise ValueError(f"PyTorch has no {model} module to count: use torch_biases=False")
        biases = torch_bias_count
    return matrices * n_h * (n_h + n_in) + (biases + vectors) * n_h
