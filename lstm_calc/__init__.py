"""lstm_calc: an LSTM computed equation by equation, the single source of every
number in the book. This module only re-exports."""

from .cell import (
    Step,
    candidate,
    cell_state,
    concat,
    forget_gate,
    hidden_state,
    input_gate,
    output_gate,
    sigmoid,
    step,
)
from .params import LSTMParams
from .trace import Trace, run

__all__ = [
    "LSTMParams",
    "Step",
    "Trace",
    "candidate",
    "cell_state",
    "concat",
    "forget_gate",
    "hidden_state",
    "input_gate",
    "output_gate",
    "run",
    "sigmoid",
    "step",
]
