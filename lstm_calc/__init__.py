"""lstm_calc: an LSTM computed equation by equation, with numpy alone.

The equations (``cell``), parameter sets and PyTorch's layout (``params``), a
validated step and a traced run (``trace``), the peephole LSTM, the CIFG and
the GRU (``variants``), the vanilla RNN (``rnn``), Jacobians (``jacobians``),
backpropagation through time and training (``bptt``, ``train``) and parameter
counts (``counting``). This module only re-exports.
"""

from .cell import (
    LSTMStep,
    candidate,
    cell_state,
    concat,
    forget_gate,
    hidden_state,
    input_gate,
    lstm_step,
    output_gate,
    sigmoid,
)
from .params import GATES, TORCH_GATE_ORDER, LSTMParams, Params
from .rnn import RNNParams, rnn_run, rnn_step
from .trace import Trace, run, step
from .variants import CIFGParams, GRUParams, GRUStep, PeepholeParams, with_peepholes

__all__ = [
    "CIFGParams",
    "GATES",
    "GRUParams",
    "GRUStep",
    "LSTMParams",
    "LSTMStep",
    "Params",
    "PeepholeParams",
    "RNNParams",
    "TORCH_GATE_ORDER",
    "Trace",
    "candidate",
    "cell_state",
    "concat",
    "forget_gate",
    "hidden_state",
    "input_gate",
    "lstm_step",
    "output_gate",
    "rnn_run",
    "rnn_step",
    "run",
    "sigmoid",
    "step",
    "with_peepholes",
]
