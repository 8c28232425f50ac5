"""The key numbers of the chapters "Why an LSTM", "Two states" and "The
gates", as the built HTML shows them, against lstm_calc."""

from __future__ import annotations

import numpy as np
import pytest

import lstm_calc as lc
from conftest import dataframe_tables, paragraph_with, plotly_specs, soup_of, table_named
from lstm_calc import presets, reach
from lstm_calc.counting import count_params


@pytest.fixture(scope="module")
def why(site):
    return soup_of(site / "book" / "why.html")


@pytest.fixture(scope="module")
def anatomy(site):
    return soup_of(site / "book" / "anatomy.html")


@pytest.fixture(scope="module")
def gates(site):
    return soup_of(site / "book" / "gates.html")


@pytest.fixture(scope="module")
def curves():
    return reach.reach_curves(T=100, n_h=16, n_in=4, seeds=range(5))


def test_reach_table_and_chart(why, curves):
    table = table_named(why, "setting")
    expected = reach.at_distances(curves)
    assert [labels[0] for labels, _ in table["rows"]] == list(expected.index)
    shown = np.array([[float(c) for c in cells] for _, cells in table["rows"]])
    np.testing.assert_allclose(shown, expected.to_numpy(), rtol=0.006)  # 3 significant digits
    (spec,) = plotly_specs(why)
    assert spec["layout"]["yaxis"]["type"] == "log"
    for line in spec["data"]:
        want = curves[curves["label"] == line["name"]]
        assert line["y"] == want["norm"].tolist() and line["x"] == want["distance"].tolist()
    assert len(spec["data"]) == 8


def test_reach_prose(why, curves):
    text = paragraph_with(why, "The RNN’s gradient fades geometrically.")
    assert f"about {reach.decay_per_step(curves, 'RNN, gain 1'):.2f} per step" in text
    gap = paragraph_with(why, "These gaps,")
    review = lc.presets.tokenize("The acting was very bad, direction was OK, but I loved the movie.")
    assert gap.startswith(f"These gaps, {review.index('loved') - review.index('bad')} and 6 tokens")
    bias = paragraph_with(why, "The forget bias sets the LSTM’s memory.")
    assert f"the factor is {reach.decay_per_step(curves, 'LSTM, gain 1, forget bias 3'):.3f}" in bias


def test_shapes_and_counts(anatomy):
    text = paragraph_with(anatomy, "So \\(W_f\\) is a")
    assert "3 × 7 matrix: 21 weights, plus 3 biases in \\(b_f\\), for 24 parameters" in text
    counts = table_named(anatomy, "LSTM in PyTorch")
    for labels, cells in counts["rows"]:
        n_h, n_in = map(int, labels)
        assert [int(cells[0]), int(cells[1]), float(cells[2]), int(cells[3])] == [
            count_params("rnn", n_h, n_in), count_params("lstm", n_h, n_in), 4.0,
            count_params("lstm", n_h, n_in, torch_biases=True)]
    assert "small LSTM has 96 parameters" in paragraph_with(anatomy, "Each of the four gates")


def test_one_hot_tables(anatomy):
    tables = [t for t in dataframe_tables(anatomy) if t["names"][:4] == ["token", "cat", "mat", "rat"]]
    shown = [[[float(c) for c in cells] for _, cells in t["rows"]] for t in tables]
    assert shown == [
        [[1, 0, 0], [0, 1, 0], [0, 0, 1]],
        [[1, 0, 0], [0, 0, 1], [0, 0, 1]],
        [[0, 1, 0], [0, 1, 0], [1, 0, 0]],
    ]


def test_output_gate_never_changes_the_cell(anatomy):
    table = table_named(anatomy, "hₜ (unit 3)")
    (_, open_), (_, shut) = table["rows"]
    assert open_[1] == shut[1]  # the same cell
    assert float(shut[0]) == pytest.approx(lc.sigmoid(-3.0), abs=0.5e-4)
    assert float(open_[2]) != float(shut[2])


def test_four_regimes_table(gates):
    table = table_named(gates, "behaviour")
    one = np.ones((1, 2))
    params = lc.LSTMParams(W_f=one, W_i=one, W_c=one, W_o=one, b_f=[0.0], b_i=[0.0], b_c=[0.0], b_o=[0.0])
    for labels, cells in table["rows"]:
        h_prev = float(cells[0])
        s = lc.step(params, [0.0], [h_prev], [1.0])
        shown = [float(c) for c in cells[1:7]]
        np.testing.assert_allclose(shown, [s.f[0], s.i[0], s.g[0], s.erased[0], s.write[0], s.c[0]], atol=0.5e-4)
    assert [labels[0] for labels, _ in table["rows"]] == [
        "strongly positive", "weakly positive", "weakly negative", "strongly negative"]


def test_gate_examples_and_number_agreement(gates):
    trace = presets.gender_trace()
    mary = presets.TOKENS.index("Mary")
    text = paragraph_with(gates, "In the worked example, at “is”")
    assert f"At “Mary” (a new subject) it is {trace.f[mary, 2]:.4f}" in text
    number = presets.number_trace()
    table = table_named(gates, "readout")
    assert [cells[-1] for _, cells in table["rows"]] == [presets.verb(h) for h in number.h[:, 2]]
    assert len(plotly_specs(gates)) == 2


@pytest.fixture(scope="module")
def variants(site):
    return soup_of(site / "book" / "variants.html")


def test_variant_tables_in_tabs(variants):
    traces = presets.variant_traces()
    tabs = variants.select("div.sd-tab-set div.sd-tab-content")
    labels = [label.get_text(strip=True) for label in variants.select("div.sd-tab-set label")]
    assert labels == list(traces)
    for tab, (name, trace) in zip(tabs, traces.items()):
        (table,) = dataframe_tables(tab)
        shown_h = [float(cells[5]) for _, cells in table["rows"]]
        np.testing.assert_allclose(shown_h, trace.h[:, 2], atol=0.5e-4)
        assert [cells[-1] for _, cells in table["rows"]] == ["he"] * 5 + ["she"] * 5
        if name == "GRU":
            assert "r" in table["names"]


def test_variant_chart_and_peephole_contrast(variants):
    traces = presets.variant_traces()
    (spec,) = plotly_specs(variants)
    assert [line["name"] for line in spec["data"]] == list(traces)
    for line, trace in zip(spec["data"], traces.values()):
        assert line["y"] == trace.h[:, 2].tolist()
    mary = presets.TOKENS.index("Mary")
    peep = traces["peephole LSTM"]
    flipped = lc.step(presets.peephole_params(), presets.embed(["Mary"])[0], peep.h[mary - 1], peep.c[mary - 1] * [1, 1, -1])
    text = paragraph_with(variants, "The LSTM’s forget gate is")
    assert f"The peephole LSTM’s is {peep.f[mary, 2]:.4f} when the cell holds “male” and {flipped.f[2]:.4f}" in text


def test_variant_counts_table(variants):
    table = table_named(variants, "model")
    assert [labels[0] for labels, _ in table["rows"]] == ["RNN", "LSTM", "peephole LSTM", "CIFG", "GRU"]
    keys = ["rnn", "lstm", "peephole", "cifg", "gru"]
    for (labels, cells), key in zip(table["rows"], keys):
        assert [int(c) for c in cells] == [count_params(key, 3, 3), count_params(key, 128, 64), count_params(key, 1024, 512)]


@pytest.fixture(scope="module")
def learning(site):
    return soup_of(site / "book" / "learning.html")


@pytest.fixture(scope="module")
def trained():
    from lstm_calc.train import train

    embedding, train_stories, test_stories = presets.learning_setup()
    return train(train_stories, embedding, presets.TRAIN_CONFIG), embedding, test_stories


def test_learning_chapter_reports_the_trained_model(learning, trained):
    from lstm_calc import analysis
    from lstm_calc.train import accuracy, predictions

    result, embedding, test = trained
    held_out = accuracy(predictions(result.model, test, embedding))
    text = paragraph_with(learning, "On the held-out names")
    assert f"right pronoun {100 * held_out:.1f} percent of the time" in text and held_out >= 0.99
    states = analysis.states(result.model, test, embedding)
    unit = analysis.gender_unit(states)
    sep = analysis.separation(states)
    d_prime = sep["d'"].iloc[unit]
    text = paragraph_with(learning, "\\(d'\\) is the distance")
    assert f"The best unit is unit {unit + 1}: \\(d'\\) = {d_prime:.2f}" in text
    table = table_named(learning, "sign accuracy")
    shown = [float(cells[3]) for _, cells in table["rows"]]
    np.testing.assert_allclose(shown, sep["sign accuracy"], atol=0.5e-3)
    gates = analysis.forget_at_subjects(states, unit)
    text = paragraph_with(learning, "Partly.")
    assert f"forget gate averages {gates.loc['subject tokens', 'mean f']:.3f}" in text


def test_learning_chapter_charts_and_heatmap(learning, trained):
    result, _, _ = trained
    specs = plotly_specs(learning)
    assert len(specs) == 3  # loss, accuracy by gap, the two cells
    assert specs[0]["data"][0]["y"] == result.losses.tolist()
    heat = learning.select("figure.lstm-book-heatmap span.lstm-book-heat")
    assert [s.get_text() for s in heat][:5] == ["Sophie", "is", "a", "nurse", "."]
    assert all(s.get("title", "").startswith(s.get_text() + ":") for s in heat)
    assert len(learning.select("figure.lstm-book-heatmap div.lstm-book-heat-line")) == 4
