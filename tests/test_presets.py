"""Golden values of the worked example, derived here from first principles.

The gender unit's pre-activations are sums of a bias and at most one weight,
so every value below is sigma or tanh of a small integer, worked out by hand
with `math` and never with lstm_calc.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from lstm_calc import presets


def sigma(a):
    return 1 / (1 + math.exp(-a))


def gender_unit_by_hand():
    """f, i, g, o, c, h of unit 3 at each of the ten tokens."""
    rows, c = [], 0.0
    for tok in "John is a doctor . Mary is a teacher .".split():
        new_subject = tok in ("John", "Mary")
        f = sigma(3 - 5) if new_subject else sigma(3)  # b_f = 3, W_f on x1 = -5
        i = sigma(-2 + 5) if new_subject else sigma(-2)  # b_i = -2, W_i on x1 = +5
        g = math.tanh(5) if tok == "John" else math.tanh(-5) if tok == "Mary" else 0.0
        o = sigma(20)
        c = f * c + i * g
        rows.append((f, i, g, o, c, o * math.tanh(c)))
    return np.array(rows)


def test_sentence_and_tokens():
    assert presets.TOKENS == ("John", "is", "a", "doctor", ".", "Mary", "is", "a", "teacher", ".")
    np.testing.assert_array_equal(presets.embed(["John", "Mary", "is"]), [[1, 1, 0], [1, 0, 1], [0, 0, 0]])


def test_weights_are_seed_000s():
    p = presets.gender_params()
    assert (p.n_h, p.n_in) == (3, 3)
    np.testing.assert_array_equal(p.W_f[2], [0, 0, 0, -5, 0, 0])
    np.testing.assert_array_equal(p.W_i[2], [0, 0, 0, 5, 0, 0])
    np.testing.assert_array_equal(p.W_c[2], [0, 0, 0, 0, 5, -5])
    np.testing.assert_array_equal(p.W_o[2], [0, 0, 0, 0, 0, 0])
    for W in (p.W_f, p.W_i, p.W_c, p.W_o):
        assert not W[:2].any(), "units 1 and 2 have no weights"
    for b, value in ((p.b_f, 3), (p.b_i, -2), (p.b_c, 0), (p.b_o, 20)):
        np.testing.assert_array_equal(b, [value] * 3)


def test_gender_unit_golden_values():
    trace = presets.gender_trace()
    table = trace.unit_table(presets.GENDER_UNIT)
    np.testing.assert_allclose(table[["f", "i", "C̃", "o", "C", "h"]].to_numpy(), gender_unit_by_hand(), rtol=1e-14, atol=1e-15)
    mary = presets.TOKENS.index("Mary")
    assert trace.f[mary, 2] == pytest.approx(sigma(-2), abs=1e-16)
    # what survives of "male" at Mary: sigma(-2) times the cell after "."
    assert trace.erased[mary, 2] == pytest.approx(sigma(-2) * trace.c[mary - 1, 2], abs=1e-16)
    assert trace.erased[mary, 2] > 0.09  # far from the cartoon's 0


def test_idle_units_stay_empty():
    trace = presets.gender_trace()
    np.testing.assert_array_equal(trace.c[:, :2], 0.0)
    np.testing.assert_array_equal(trace.h[:, :2], 0.0)
    np.testing.assert_allclose(trace.f[:, :2], sigma(3), rtol=1e-15)


def test_readout_uses_the_sign_of_h():
    trace = presets.gender_trace()
    said = [presets.pronoun(h) for h in trace.h[:, presets.GENDER_UNIT]]
    assert said == ["he"] * 5 + ["she"] * 5
    assert presets.pronoun(0.3) == "he"  # below the seed's 0.5 threshold, still "he"
    assert presets.pronoun(-1e-9) == "she"
    assert presets.pronoun(0.0) == "–"


def test_scale_multiplies_every_weight():
    p, q = presets.gender_params(), presets.gender_params(scale=2.0)
    for name in ("W_f", "W_i", "W_c", "W_o", "b_f", "b_i", "b_c", "b_o"):
        np.testing.assert_array_equal(getattr(q, name), 2 * getattr(p, name))


def test_tokenize_splits_punctuation():
    assert presets.tokenize("John is a doctor.") == ["John", "is", "a", "doctor", "."]
