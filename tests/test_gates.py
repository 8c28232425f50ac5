"""The gates chapter's exercises (lstm_book.pages.gates), recomputed by hand from the
questions' own givens."""

import math

import pytest

from lstm_book.pages import gates


def sigma(x: float) -> float:
    return 1 / (1 + math.exp(-x))


def test_exercise_1_the_input_gate_is_open_at_the_subjects():
    # unit 3's input gate: bias -2, weight +5 on "new subject" (lstm_book/handset.py)
    assert gates.open_input_tokens() == ["John", "Mary"]
    assert gates.exercises()["ex_open_value"] == pytest.approx(sigma(-2 + 5), abs=1e-15)


def test_exercise_2_the_regime_cell_from_its_givens():
    ex = gates.exercises()
    x, h_prev, c_prev = ex["ex_regime_x"], ex["ex_regime_h_prev"], ex["ex_regime_c_prev"]
    assert (x, h_prev, c_prev) == (1.0, 0.0, 0.0)
    # every weight 1, no bias: f = i = sigma(h + x), the candidate tanh(h + x)
    s = h_prev + x
    assert ex["ex_regime_c"] == pytest.approx(sigma(s) * c_prev + sigma(s) * math.tanh(s), abs=1e-15)


@pytest.mark.parametrize("h_prev", [1.0, -1.0, 2.5])
def test_the_regime_cell_refuses_an_h_no_lstm_produces(h_prev):
    with pytest.raises(ValueError, match="h_prev must lie in"):
        gates.regime_cell(x=0.0, h_prev=h_prev, c_prev=0.0)
