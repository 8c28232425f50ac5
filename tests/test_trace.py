"""A traced run: a plain object of arrays, one row per token, and the chart built from it."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

import lstm_calc as lc
from lstm_book import handset
from lstm_book.charts import gender_chart


@pytest.fixture(scope="module")
def trace():
    return handset.gender_trace()


def test_a_trace_holds_every_intermediate_per_token(trace):
    assert isinstance(trace, lc.Trace)
    assert trace.tokens == handset.TOKENS and (trace.T, trace.n_h) == (10, 3)
    assert trace.names == lc.LSTMStep._fields and trace.step_type is lc.LSTMStep
    for name in trace.names:
        width = 3 + len(handset.FEATURES) if name == "z" else 3  # z = [h_{t-1}; x_t]
        assert trace.values[name].shape == (10, width), name
        assert getattr(trace, name) is trace.values[name]
    np.testing.assert_array_equal(trace.c_prev[1:], trace.c[:-1])
    np.testing.assert_array_equal(trace.z[1:, :3], trace.h[:-1])
    np.testing.assert_array_equal(trace.z[:, 3:], handset.embed(handset.TOKENS))


def test_step_t_is_the_model_step_of_that_token(trace):
    t = handset.TOKENS.index("Mary")
    s = trace.step(t)
    assert isinstance(s, lc.LSTMStep)
    again = lc.step(handset.gender_params(), trace.z[t, 3:], trace.h[t - 1], trace.c[t - 1])
    for name in lc.LSTMStep._fields:
        np.testing.assert_array_equal(getattr(s, name), getattr(again, name))
    with pytest.raises(ValueError, match=r"t must be in \[0, 10\), got 10"):
        trace.step(10)
    with pytest.raises(ValueError, match=r"t must be an int, got float 1.0"):
        trace.step(1.0)


def test_a_trace_is_read_only_and_names_what_it_lacks(trace):
    with pytest.raises(dataclasses.FrozenInstanceError):
        trace.tokens = ("a",)
    with pytest.raises(AttributeError, match=r"a LSTMStep trace has no 'r'; it has \['z', 'f'"):
        _ = trace.r
    gru = handset.variant_traces()["GRU"]
    assert gru.names == lc.GRUStep._fields and gru.step_type is lc.GRUStep
    for missing in ("c", "o", "f", "i"):
        with pytest.raises(AttributeError, match=f"a GRUStep trace has no '{missing}'"):
            getattr(gru, missing)
    assert isinstance(gru.step(0), lc.GRUStep)


def test_default_tokens_and_initial_states():
    params = lc.LSTMParams.random(2, 3, seed=1)
    xs = np.random.default_rng(1).standard_normal((4, 3))
    h0, c0 = np.array([0.5, -0.5]), np.array([2.0, -1.0])
    trace = lc.run(params, xs, h0=h0, c0=c0)
    assert trace.tokens == ("t=1", "t=2", "t=3", "t=4")
    np.testing.assert_array_equal(trace.z[0], np.concatenate([h0, xs[0]]))
    np.testing.assert_array_equal(trace.c_prev[0], c0)
    assert lc.run(params, xs, tokens=[1, 2, 3, 4]).tokens == ("1", "2", "3", "4")
    with pytest.raises(ValueError, match="tokens must be a sequence of T labels, got the str 'abcd'"):
        lc.run(params, xs, tokens="abcd")


def test_chart_holds_the_trace_values_exactly(trace):
    fig = gender_chart(trace, 2).to_plotly_json()
    c_line, h_line = fig["data"]
    assert list(c_line["y"]) == trace.c[:, 2].tolist()
    assert list(h_line["y"]) == trace.h[:, 2].tolist()
    assert list(h_line["text"]) == ["he"] + [""] * 4 + ["she"] + [""] * 4  # written where the readout changes
    assert [word for _, word in h_line["customdata"]] == ["he"] * 5 + ["she"] * 5  # every point's, on hover
    assert list(fig["layout"]["xaxis"]["ticktext"]) == list(handset.TOKENS)


def test_chart_escapes_markup_in_tokens():
    tokens = ["<b>John</b>", "is"]
    trace = lc.run(handset.gender_params(), handset.embed(["John", "is"]), tokens=tokens)
    fig = gender_chart(trace, 2).to_plotly_json()
    assert list(fig["layout"]["xaxis"]["ticktext"]) == ["&lt;b&gt;John&lt;/b&gt;", "is"]
