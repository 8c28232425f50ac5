"""Golden values of the worked example, derived here from first principles.

The gender unit's and the topic unit's pre-activations are sums of a bias and
at most one weight, so every value below is sigma or tanh of a small integer,
worked out by hand with `math` and never with lstm_calc.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from lstm_book import analysis, handset
from lstm_book.pages import learning, memory
from lstm_book.tables import unit_table
from lstm_book.text import tokenize


def sigma(a):
    return 1 / (1 + math.exp(-a))


def gender_unit_by_hand(sentence="John is a doctor . Mary is a teacher .", positive="John", negative="Mary"):
    """f, i, g, o, c, h of unit 3 at each token of ``sentence``: ``positive``
    is a new subject with x = (1, 1, 0), ``negative`` one with x = (1, 0, 1)."""
    rows, c = [], 0.0
    for tok in sentence.split():
        new_subject = tok in (positive, negative)
        f = sigma(3 - 5) if new_subject else sigma(3)  # b_f = 3, W_f on x1 = -5
        i = sigma(-2 + 5) if new_subject else sigma(-2)  # b_i = -2, W_i on x1 = +5
        g = math.tanh(5) if tok == positive else math.tanh(-5) if tok == negative else 0.0
        o = sigma(20)
        c = f * c + i * g
        rows.append((f, i, g, o, c, o * math.tanh(c)))
    return np.array(rows)


def topic_unit_by_hand(sentence="John is a doctor . Mary is a teacher .", professions=("doctor", "teacher")):
    """f, i, g, o, c, h of unit 1 at each token of ``sentence``: a token of
    ``professions`` has x4 = 1, and no input reaches unit 1's forget gate."""
    rows, c = [], 0.0
    for tok in sentence.split():
        profession = tok in professions
        f = sigma(3)  # b_f = 3 and no weight: "Mary" does not erase the topic
        i = sigma(-2 + 5) if profession else sigma(-2)  # b_i = -2, W_i on x4 = +5
        g = math.tanh(5) if profession else 0.0  # W_g on x4 = +5
        o = sigma(20)
        c = f * c + i * g
        rows.append((f, i, g, o, c, o * math.tanh(c)))
    return np.array(rows)


def variants_by_hand():
    """h of unit 3 at each token of the worked example, for each variant of the
    variants chapter, from the equations with the hand-set numbers."""
    out = {}
    for name in ("peephole LSTM", "CIFG", "GRU"):
        hs, c, h = [], 0.0, 0.0
        for tok in "John is a doctor . Mary is a teacher .".split():
            x1 = 1.0 if tok in ("John", "Mary") else 0.0
            x2, x3 = float(tok == "John"), float(tok == "Mary")
            g = math.tanh(5 * x2 - 5 * x3)  # the LSTM's candidate, and the GRU's n
            if name == "GRU":  # u takes the forget gate's numbers; W_n reads no h, so r changes nothing
                u = sigma(3 - 5 * x1)
                h = u * h + (1 - u) * g
            else:
                if name == "peephole LSTM":  # p_f = p_i = 1 read the old cell, p_o = 0
                    f, i = sigma(3 - 5 * x1 + c), sigma(-2 + 5 * x1 + c)
                else:  # CIFG: i = 1 - f
                    f = sigma(3 - 5 * x1)
                    i = 1 - f
                c = f * c + i * g
                h = sigma(20) * math.tanh(c)
            hs.append(h)
        out[name] = np.array(hs)
    return out


def test_sentence_and_tokens():
    assert handset.TOKENS == ("John", "is", "a", "doctor", ".", "Mary", "is", "a", "teacher", ".")
    np.testing.assert_array_equal(
        handset.embed(["John", "Mary", "is", "doctor"]), [[1, 1, 0, 0], [1, 0, 1, 0], [0, 0, 0, 0], [0, 0, 0, 1]]
    )
    assert handset.FEATURES == ("new subject", "male", "female", "profession")


def test_the_gender_example_weights():
    p = handset.gender_params()
    assert (p.n_h, p.n_in) == (3, 4)
    # columns: h1 h2 h3 x1 x2 x3 x4; the gender unit's weights are the source's, 0 on x4
    np.testing.assert_array_equal(p.W_f[2], [0, 0, 0, -5, 0, 0, 0])
    np.testing.assert_array_equal(p.W_i[2], [0, 0, 0, 5, 0, 0, 0])
    np.testing.assert_array_equal(p.W_g[2], [0, 0, 0, 0, 5, -5, 0])
    np.testing.assert_array_equal(p.W_o[2], [0, 0, 0, 0, 0, 0, 0])
    # the topic unit reads "profession" only, in its input gate and candidate
    np.testing.assert_array_equal(p.W_f[0], [0, 0, 0, 0, 0, 0, 0])
    np.testing.assert_array_equal(p.W_i[0], [0, 0, 0, 0, 0, 0, 5])
    np.testing.assert_array_equal(p.W_g[0], [0, 0, 0, 0, 0, 0, 5])
    np.testing.assert_array_equal(p.W_o[0], [0, 0, 0, 0, 0, 0, 0])
    for W in (p.W_f, p.W_i, p.W_g, p.W_o):
        assert not W[1].any(), "unit 2 has no weights"
        assert not W[:, :3].any(), "no gate reads h: the hand-set gates are blind to the cell"
    for b, value in ((p.b_f, 3), (p.b_i, -2), (p.b_g, 0), (p.b_o, 20)):
        np.testing.assert_array_equal(b, [value] * 3)


def test_gender_unit_golden_values():
    trace = handset.gender_trace()
    table = unit_table(trace, handset.GENDER_UNIT)
    np.testing.assert_allclose(
        table[["f", "i", "C̃", "o", "C", "h"]].to_numpy(), gender_unit_by_hand(), rtol=1e-14, atol=1e-15
    )
    mary = handset.TOKENS.index("Mary")
    assert trace.f[mary, 2] == pytest.approx(sigma(-2), abs=1e-16)
    # what is kept of "male" at Mary: sigma(-2) times the cell after "."
    assert trace.kept[mary, 2] == pytest.approx(sigma(-2) * trace.c[mary - 1, 2], abs=1e-16)
    assert trace.kept[mary, 2] > 0.09  # far from the cartoon's 0


def test_topic_unit_golden_values():
    """Unit 1 is written at "doctor" and "teacher" and kept everywhere else, "Mary" included."""
    trace = handset.gender_trace()
    table = unit_table(trace, handset.TOPIC_UNIT)
    np.testing.assert_allclose(
        table[["f", "i", "C̃", "o", "C", "h"]].to_numpy(), topic_unit_by_hand(), rtol=1e-14, atol=1e-15
    )
    mary, g, k = handset.TOKENS.index("Mary"), handset.GENDER_UNIT, handset.TOPIC_UNIT
    # the same step keeps one unit and clears the other
    assert trace.f[mary, k] == pytest.approx(sigma(3), abs=1e-15)
    assert trace.f[mary, g] == pytest.approx(sigma(-2), abs=1e-16)
    # after "doctor" and "." the topic is sigma(3)^2 tanh(5); "Mary" keeps sigma(3) of it
    assert trace.c_prev[mary, k] == pytest.approx(sigma(3) ** 2 * math.tanh(5), abs=1e-15)
    assert trace.kept[mary, k] == pytest.approx(sigma(3) ** 3 * math.tanh(5), abs=1e-15)
    assert trace.kept[mary, k] / trace.c_prev[mary, k] > 0.95 > 0.12 > trace.kept[mary, g] / trace.c_prev[mary, g]


def test_number_example_golden_values():
    """The same weights read number instead of gender: "cat" writes +, "cats" writes -."""
    trace = handset.number_trace()
    assert trace.tokens == tuple(tokenize(handset.NUMBER_SENTENCE))
    by_hand = gender_unit_by_hand(" ".join(trace.tokens), positive="cat", negative="cats")
    np.testing.assert_allclose(
        unit_table(trace, 2)[["f", "i", "C̃", "o", "C", "h"]].to_numpy(), by_hand, rtol=1e-14, atol=1e-15
    )
    verbs = [handset.verb(h) for h in trace.h[:, handset.GENDER_UNIT]]
    assert verbs == ["–"] + ["was"] * 10 + ["were"] * 9  # nothing to say before the first subject


def test_variants_golden_values_and_readouts():
    traces = handset.variant_traces()
    assert list(traces) == list(handset.VARIANTS) == ["LSTM", "peephole LSTM", "CIFG", "GRU"]
    np.testing.assert_array_equal(traces["LSTM"].h, handset.gender_trace().h)
    for name, h in variants_by_hand().items():
        np.testing.assert_allclose(traces[name].h[:, handset.GENDER_UNIT], h, rtol=1e-14, atol=1e-15, err_msg=name)
    for name, trace in traces.items():
        said = [handset.pronoun(h) for h in trace.h[:, handset.GENDER_UNIT]]
        assert said == ["he"] * 5 + ["she"] * 5, name
    assert "c" not in traces["GRU"].names and "o" not in traces["GRU"].names


def test_idle_unit_stays_empty():
    trace = handset.gender_trace()
    idle = handset.IDLE_UNIT
    np.testing.assert_array_equal(trace.c[:, idle], 0.0)
    np.testing.assert_array_equal(trace.h[:, idle], 0.0)
    np.testing.assert_allclose(trace.f[:, idle], sigma(3), rtol=1e-15)
    np.testing.assert_array_equal(handset.number_trace().c[:, handset.TOPIC_UNIT], 0.0)  # no profession there


def test_readout_uses_the_sign_of_h():
    trace = handset.gender_trace()
    said = [handset.pronoun(h) for h in trace.h[:, handset.GENDER_UNIT]]
    assert said == ["he"] * 5 + ["she"] * 5
    assert handset.pronoun(0.3) == "he"  # below a 0.5 threshold, still "he": the sign decides
    assert handset.pronoun(-1e-9) == "she"
    assert handset.pronoun(0.0) == "–"


def test_scale_multiplies_every_weight():
    p, q = handset.gender_params(), handset.gender_params(scale=2.0)
    for name in ("W_f", "W_i", "W_g", "W_o", "b_f", "b_i", "b_g", "b_o"):
        np.testing.assert_array_equal(getattr(q, name), 2 * getattr(p, name))


@pytest.mark.parametrize(
    "call,message",
    [
        (lambda: handset.gender_params("2"), "scale must be a finite number, got '2'"),
        (lambda: handset.gender_params(True), "scale must be a finite number, got True"),
        (lambda: handset.gender_params(float("inf")), "scale must be a finite number, got inf"),
        (lambda: handset.pronoun("0.3"), "h_gender must be a number, got str '0.3'"),
        (lambda: handset.pronoun(float("nan")), "h_gender must be finite, got nan"),
        (lambda: handset.verb(None), "h_number must be a real number, got NoneType None"),
        (lambda: handset.embed("John is"), "tokens must be a list of str tokens, got str 'John is'"),
        (lambda: handset.embed(["John", 3]), r"unknown tokens \[3\]"),
        (lambda: handset.gender_trace(None), "sentence must be a str, got NoneType"),
    ],
)
def test_bad_input_is_refused(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_tokenize_splits_punctuation():
    assert tokenize("John is a doctor.") == ["John", "is", "a", "doctor", "."]


def test_exercise_answers_of_the_memory_chapter():
    """Each answer from the function that receives the question's given, and by hand."""
    # exercise 2: the gender unit's forget gate at "Mary" with its weight on "new subject" at -8
    assert memory.forget_at_mary(-8.0) == pytest.approx(sigma(3 - 8), abs=1e-15)
    # exercise 3: unit 1's forget gate given the weight -5 on "new subject": what it keeps of
    # the topic at "Mary" (written at "doctor", kept through ".")
    topic_before = sigma(3) ** 2 * math.tanh(5)
    assert memory.topic_kept_at_mary(-5.0) == pytest.approx(sigma(3 - 5) * topic_before, abs=1e-15)
    assert memory.topic_kept_at_mary(0.0) == pytest.approx(sigma(3) * topic_before, abs=1e-15)  # as the example is
    with pytest.raises(ValueError, match="w_f_subject must be a real number, got str '-5'"):
        memory.topic_kept_at_mary("-5")
    with pytest.raises(ValueError, match="w_f_subject must be finite, got nan"):
        memory.forget_at_mary(float("nan"))


def test_the_trained_forget_gate_reads_the_cell_through_h():
    """The memory chapter's contrast: the trained model's f at "Mary", recomputed with numpy
    from its weights, for its own states, its cell flipped alone and its cell and h flipped."""
    model, u, embedding = learning.trained().model, learning.unit(), learning.setup()[0]
    p, t = model.lstm, handset.TOKENS.index("Mary")
    fwd = analysis.run_tokens(model, handset.TOKENS, embedding)
    h, c, o = fwd.h[t - 1, 0].copy(), fwd.c[t - 1, 0], fwd.o[t - 1, 0]
    x = embedding.encode(["Mary"])[0]

    def f_of(h_prev):
        return 1 / (1 + np.exp(-(p.W_f[u] @ np.concatenate([h_prev, x]) + p.b_f[u])))

    h_flipped = h.copy()
    h_flipped[u] = o[u] * np.tanh(-c[u])  # the h a run gives for the flipped cell
    got = memory.trained_forget()
    assert got["tr_unit"] == u + 1
    assert got["tr_f_mary"] == pytest.approx(f_of(h), abs=1e-12)
    assert got["tr_f_flip_alone"] == pytest.approx(f_of(h), abs=1e-12)  # C alone: the gate cannot tell
    assert got["tr_f_flip_both"] == pytest.approx(f_of(h_flipped), abs=1e-12)
    assert abs(got["tr_f_flip_both"] - got["tr_f_mary"]) > 1e-3  # through h it can
    assert got["tr_h_mary"] == pytest.approx(p.W_f[u, : p.n_h] @ h, abs=1e-12)
