"""Parameter counts against PyTorch's modules and lstm_calc's own arrays."""

from __future__ import annotations

import pytest
import torch

from lstm_calc import LSTMParams
from lstm_calc.counting import count_params
from lstm_calc.rnn import RNNParams


def numel(module):
    return sum(p.numel() for p in module.parameters())


@pytest.mark.parametrize("n_h,n_in", [(1, 1), (3, 4), (16, 8), (128, 64), (7, 300)])
def test_counts_match_torch_and_lstm_calc(n_h, n_in):
    assert count_params("lstm", n_h, n_in, torch_biases=True) == numel(torch.nn.LSTM(n_in, n_h))
    assert count_params("rnn", n_h, n_in, torch_biases=True) == numel(torch.nn.RNN(n_in, n_h))
    p = LSTMParams.random(n_h, n_in)
    assert count_params("lstm", n_h, n_in) == sum(getattr(p, f).size for f in p.__dataclass_fields__)
    r = RNNParams.random(n_h, n_in)
    assert count_params("rnn", n_h, n_in) == r.W.size + r.b.size
    assert count_params("lstm", n_h, n_in) == 4 * count_params("rnn", n_h, n_in)


@pytest.mark.parametrize("n_h,n_in", [(1, 1), (3, 3), (128, 64)])
def test_variant_counts(n_h, n_in):
    from lstm_calc.variants import CIFGParams, GRUParams, with_peepholes

    assert count_params("gru", n_h, n_in, torch_biases=True) == numel(torch.nn.GRU(n_in, n_h))

    def sizes(p):
        return sum(a.size for a in p.arrays().values())

    assert count_params("gru", n_h, n_in) == sizes(GRUParams.random(n_h, n_in))
    assert count_params("cifg", n_h, n_in) == sizes(CIFGParams.from_lstm(LSTMParams.random(n_h, n_in)))
    peep = with_peepholes(LSTMParams.random(n_h, n_in))
    assert count_params("peephole", n_h, n_in) == sizes(peep) == count_params("lstm", n_h, n_in) + 3 * n_h


def test_the_parameter_count_example():
    """n_h = 3, n_in = 4: W_f is 3 × 7, 21 weights + 3 biases; 96 for the LSTM, 24 for the RNN."""
    assert count_params("rnn", 3, 4) == 21 + 3
    assert count_params("lstm", 3, 4) == 96


@pytest.mark.parametrize(
    "args,message",
    [
        (("transformer", 3, 4), "model must be one of"),
        (("peephole", 3, 4, True), "PyTorch has no peephole module"),
        (("lstm", 0, 4), "n_h must be >= 1, got 0"),
        (("lstm", 3, 2.5), "n_in must be an int, got float 2.5"),
        ((None, 3, 4), "model must be one of .*got None"),
    ],
)
def test_bad_arguments(args, message):
    with pytest.raises(ValueError, match=message):
        count_params(*args)
