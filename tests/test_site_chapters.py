"""The key numbers of the chapters "Why an LSTM", "Two states", "The gates",
"Variants" and "Learning the weights", as the built HTML shows them, against
the library."""

from __future__ import annotations

import math
import re

import numpy as np
import pytest
from conftest import dataframe_tables, paragraph_with, plotly_specs, soup_of, table_named

import lstm_calc as lc
from lstm_book import analysis, handset, learning, reach
from lstm_book.pages import learning as learning_page
from lstm_book.text import tokenize
from lstm_calc.counting import count_params

HALF_ULP_4 = 0.5e-4 + 1e-12  # a value shown with 4 decimals is within this of the true one


def sigma(a: float) -> float:
    """The logistic function, written out here so the test does not reuse the library's."""
    return 1.0 / (1.0 + math.exp(-a))


def columns(table):
    """The column names of a table with one row of column headers."""
    return table["names"][-len(table["rows"][0][1]) :]


def shown_numbers(text: str) -> list[float]:
    """The numbers of a comma-separated list as the page shows it ("0.8, −0.4, 0.6")."""
    return [float(v.replace("−", "-")) for v in text.split(",")]


def answer(page, section: str, k: int) -> str:
    """The whitespace-normalised text of the ``k``-th hidden answer of a chapter's exercises."""
    dropdown = page.select_one(f"section#{section}").select("details.sd-dropdown")[k]
    return " ".join(" ".join(p.get_text().split()) for p in dropdown.select("p"))


def torch_lstm_count(n_h: int, n_in: int) -> int:
    torch = pytest.importorskip("torch")
    return sum(p.numel() for p in torch.nn.LSTM(n_in, n_h).parameters())


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


# -- Why an LSTM ------------------------------------------------------------------------


# The settings of the reach table, in the order the chapter discusses them.
REACH_ORDER = [
    "RNN, gain 1",
    "RNN, gain 0.5",
    "RNN, gain 2",
    "LSTM, gain 1, forget bias 0",
    "LSTM, gain 1, forget bias 1",
    "LSTM, gain 1, forget bias 3",
    "LSTM, gain 2, forget bias 1",
    "LSTM, gain 0.5, forget bias 1",
]


def test_reach_table_and_chart(why, curves):
    table = table_named(why, "setting")
    assert table["names"][1:] == ["0 steps back", "1 step back", "10 steps back", "50 steps back", "99 steps back"]
    expected = reach.at_distances(curves, (0, 1, 10, 50, 99)).loc[REACH_ORDER]
    assert [labels[0] for labels, _ in table["rows"]] == REACH_ORDER
    shown = np.array([[float(c) for c in cells] for _, cells in table["rows"]])
    np.testing.assert_allclose(shown, expected.to_numpy(), rtol=0.006)  # 3 significant digits
    (spec,) = [s for s in plotly_specs(why) if s["layout"]["title"]["text"].startswith("How far back")]
    assert spec["layout"]["yaxis"]["type"] == "log"
    for line in spec["data"]:
        want = curves[curves["label"] == line["name"]]
        assert line["y"] == want["norm"].tolist() and line["x"] == want["distance"].tolist()
    assert len(spec["data"]) == 8


def share(curves, label, distance):
    """What is left at ``distance`` steps back, as a share of the value at 0."""
    norm = curves[curves["label"] == label].set_index("distance")["norm"]
    return norm[distance] / norm[0]


def test_reach_prose(why, curves):
    text = paragraph_with(why, "The RNN’s gradient fades geometrically.")
    assert f"about {reach.decay_per_step(curves, 'RNN, gain 1'):.2f} per step" in text
    assert f"{share(curves, 'RNN, gain 1', 50):.1e} of its value at 0 steps back is left after 50 steps" in text
    gap = paragraph_with(why, "(A token is a word or a punctuation mark")
    review = tokenize("The acting was very bad, direction was OK, but I loved the movie.")
    cat = tokenize("The cat, which ate already, was full.")
    gaps = review.index("loved") - review.index("bad"), cat.index("was") - cat.index("cat")
    assert f"These gaps, {gaps[0]} and {gaps[1]} tokens" in gap
    bias = paragraph_with(why, "The forget bias sets the LSTM’s memory.")
    ratio = share(curves, "LSTM, gain 1, forget bias 1", 50) / share(curves, "RNN, gain 1", 50)
    assert f"{ratio:,.0f} times the share the gain-1 RNN keeps" in bias
    factor = reach.decay_per_step(curves, "LSTM, gain 1, forget bias 3")
    assert f"Its fitted factor, {factor:.3f}, is just above 1" in bias
    gain2 = paragraph_with(why, "A bigger RNN gain delays the fading")
    assert f"a factor of {reach.decay_per_step(curves, 'RNN, gain 2', start=30):.2f} per step" in gain2


# -- Two states, vectors and shapes -----------------------------------------------------


def test_shapes_and_counts(anatomy):
    text = paragraph_with(anatomy, "So \\(W_f\\) is a")
    assert "3 × 7 matrix: 21 weights, plus 3 biases in \\(b_f\\), for 24 parameters" in text
    counts = table_named(anatomy, "LSTM in PyTorch")
    assert len(counts["rows"]) == 5
    for labels, cells in counts["rows"]:
        n_h, n_in = (int(label.replace(",", "")) for label in labels)
        assert all(re.fullmatch(r"\d{1,3}(,\d{3})*", cells[k]) for k in (0, 1, 3))  # thousands separated
        cells = [c.replace(",", "") for c in cells]
        assert [int(cells[0]), int(cells[1]), float(cells[2]), int(cells[3])] == [
            count_params("rnn", n_h, n_in),
            count_params("lstm", n_h, n_in),
            4.0,
            count_params("lstm", n_h, n_in, torch_biases=True),
        ]
        assert int(cells[3]) == torch_lstm_count(n_h, n_in)  # what the prose says PyTorch reports
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
    assert columns(table) == ["o (unit 3)", "Cₜ (unit 3)", "hₜ (unit 3)"]
    (_, open_), (_, shut) = table["rows"]
    assert open_[1] == shut[1]  # the same cell
    assert float(shut[0]) == pytest.approx(sigma(-3.0), abs=0.5e-4)
    assert float(open_[0]) == pytest.approx(sigma(handset.B_O), abs=0.5e-4)
    for o, c, h in (map(float, open_), map(float, shut)):
        assert h == pytest.approx(o * math.tanh(c), abs=2e-3)  # from the shown (rounded) o and C
    assert float(open_[2]) != float(shut[2])


def test_exercise_parameter_count(anatomy):
    question = paragraph_with(anatomy, "How many parameters has an LSTM layer")
    n_h, n_in = map(
        int, re.search(r"\\\(n_h\\\) = (\d+) units .* \\\(n_\\text\{in\}\\\) = (\d+) numbers", question).groups()
    )
    shown = answer(anatomy, "sec-anatomy-exercises", 0)
    assert shown.startswith(f"{4 * (n_h * (n_h + n_in) + n_h)} here, {torch_lstm_count(n_h, n_in)} in PyTorch")
    assert f"four gates of {n_h} × ({n_h} + {n_in}) weights and {n_h} biases each" in shown


def test_exercise_quarter_of_the_memory(anatomy):
    """The answer is a quarter of the old cell the question gives, unit by unit."""
    question = paragraph_with(anatomy, "With the old cell")
    (old,) = re.findall(r"\\\(C_\{t-1\}\\\) = \[([^\]]+)\]", question)
    c_prev = np.array(shown_numbers(old))
    assert c_prev.size == 3
    shown = answer(anatomy, "sec-anatomy-exercises", 1)
    assert "\\(f_t = 1/4\\) everywhere" in shown
    (new,) = re.findall(r"\\\(C_t\\\) = \[([^\]]+)\]", shown)
    np.testing.assert_allclose(shown_numbers(new), 0.25 * c_prev, rtol=1e-6, atol=0)  # shown with :g


# -- The gates one by one ---------------------------------------------------------------


def test_sigmoid_of_20_is_short_of_one(gates):
    text = paragraph_with(gates, "Both flatten out:")
    short = re.search(r"σ\(20\) = \S+ is still (\S+) short of 1", text)
    assert short is not None, text
    gap = 1.0 / (1.0 + math.exp(20.0))  # 1 − σ(20), without the cancellation of 1 − 0.99999…
    assert short.group(1) == f"{gap:.1e}"
    assert float(short.group(1)) == pytest.approx(gap, rel=0.05 / 2.0)  # half a unit of the shown digit
    assert f"σ(3) = {sigma(3.0):.4f} and σ(−2) = {sigma(-2.0):.4f}" in text
    assert f"tanh(5) = {math.tanh(5.0):.4f}" in text
    assert "ten decimals" not in gates.get_text()


def test_four_regimes_table(gates):
    table = table_named(gates, "behaviour")
    assert columns(table) == ["xₜ", "f", "i", "C̃", "f⊙Cₜ₋₁", "i⊙C̃", "C", "behaviour"]
    one = np.ones((1, 2))
    zero = np.zeros(1)
    params = lc.LSTMParams(W_f=one, W_i=one, W_g=one, W_o=one, b_f=zero, b_i=zero, b_g=zero, b_o=zero)
    for _, cells in table["rows"]:
        x = float(cells[0])  # h_{t-1} = 0: a hidden state lies in (-1, 1), the strong signals are inputs
        s = lc.step(params, [x], [0.0], [1.0])
        shown = [float(c) for c in cells[1:7]]
        np.testing.assert_allclose(shown, [s.f[0], s.i[0], s.g[0], s.kept[0], s.write[0], s.c[0]], atol=HALF_ULP_4)
        assert s.f[0] == pytest.approx(sigma(x)) and s.kept[0] == pytest.approx(sigma(x))  # old cell 1
    assert [labels[0] for labels, _ in table["rows"]] == [
        "strongly positive",
        "weakly positive",
        "weakly negative",
        "strongly negative",
    ]


def test_gate_examples_and_number_agreement(gates):
    trace = handset.gender_trace()
    mary, is_ = handset.TOKENS.index("Mary"), handset.TOKENS.index("is")
    g = handset.GENDER_UNIT
    text = paragraph_with(gates, "In the worked example, at “is”")
    assert f"unit 3’s forget gate is {trace.f[is_, g]:.4f}: keep" in text
    assert f"At “Mary” (a new subject) it is {trace.f[mary, g]:.4f}" in text
    assert f"the old “male” value {trace.c_prev[mary, g]:.4f} shrinks to {trace.kept[mary, g]:.4f}" in text
    number = handset.number_trace()
    table = table_named(gates, "readout")
    assert [cells[-1] for _, cells in table["rows"]] == [handset.verb(h) for h in number.h[:, g]]
    shown_h = [float(cells[5]) for _, cells in table["rows"]]
    np.testing.assert_allclose(shown_h, number.h[:, g], rtol=0, atol=HALF_ULP_4)
    titles = [spec["layout"]["title"]["text"] for spec in plotly_specs(gates)]
    assert "The two squashing functions" in titles and "Unit 3 carrying the subject's number" in titles


# -- Variants on the same sentence ------------------------------------------------------


@pytest.fixture(scope="module")
def variants(site):
    return soup_of(site / "book" / "variants.html")


def test_variant_tables_in_tabs(variants):
    traces = handset.variant_traces()
    tabs = variants.select("div.sd-tab-set div.sd-tab-content")
    labels = [label.get_text(strip=True) for label in variants.select("div.sd-tab-set label")]
    assert labels == list(traces)
    g = handset.GENDER_UNIT
    for tab, (name, trace) in zip(tabs, traces.items(), strict=True):
        (table,) = dataframe_tables(tab)
        names = columns(table)
        shown_h = [float(cells[names.index("h")]) for _, cells in table["rows"]]
        np.testing.assert_allclose(shown_h, trace.h[:, g], rtol=0, atol=HALF_ULP_4)
        assert [cells[-1] for _, cells in table["rows"]] == ["he"] * 5 + ["she"] * 5
        if name == "GRU":  # a GRU has no cell and no forget, input or output gate
            assert {"r", "u", "n"} <= set(names) and not {"f", "i", "o", "C"} & set(names)
            shown_u = [float(cells[names.index("u")]) for _, cells in table["rows"]]
            np.testing.assert_allclose(shown_u, trace.u[:, g], rtol=0, atol=HALF_ULP_4)
        else:
            shown_c = [float(cells[names.index("C")]) for _, cells in table["rows"]]
            np.testing.assert_allclose(shown_c, trace.c[:, g], rtol=0, atol=HALF_ULP_4)
            assert "o" in names


def test_variant_chart_and_peephole_contrast(variants):
    traces = handset.variant_traces()
    (spec,) = plotly_specs(variants)
    assert [line["name"] for line in spec["data"]] == list(traces)
    g = handset.GENDER_UNIT
    for line, trace in zip(spec["data"], traces.values(), strict=True):
        assert line["y"] == trace.h[:, g].tolist()
    mary = handset.TOKENS.index("Mary")
    peep = traces["peephole LSTM"]
    flip = np.ones(handset.N_H)
    flip[g] = -1.0
    x = handset.embed(["Mary"])[0]
    flipped = lc.step(handset.peephole_params(), x, peep.h[mary - 1], peep.c[mary - 1] * flip)
    text = paragraph_with(variants, "The LSTM’s forget gate is")
    assert (
        f"The peephole LSTM’s is {peep.f[mary, g]:.4f} when unit 3’s slot holds “male” and {flipped.f[g]:.4f}" in text
    )
    assert f"The LSTM’s forget gate is {traces['LSTM'].f[mary, g]:.4f} in both runs" in text


def test_variant_counts_table(variants):
    """The counts, with thousands separators, as lstm_calc counts them (one bias per gate);
    the prose names the convention, the RNN row, and PyTorch's own counts."""
    table = table_named(variants, "model")
    assert [labels[0] for labels, _ in table["rows"]] == ["RNN", "LSTM", "peephole LSTM", "CIFG", "GRU"]
    keys = ["rnn", "lstm", "peephole", "cifg", "gru"]
    for (_, cells), key in zip(table["rows"], keys, strict=True):
        assert cells == [f"{count_params(key, n_h, n_in):,}" for n_h, n_in in ((3, 3), (128, 64), (1024, 512))]
    convention = paragraph_with(variants, "Every count here has one weight matrix and one bias vector per gate")
    assert "The first row is the vanilla RNN" in convention
    assert f"exactly {count_params('lstm', 128, 64) // count_params('rnn', 128, 64)} times" in convention
    quoted = paragraph_with(variants, "Peepholes add three vectors")
    assert f"the CIFG has {count_params('cifg', 128, 64):,} parameters" in quoted
    assert f"LSTM’s {count_params('lstm', 128, 64):,}" in quoted
    torch = pytest.importorskip("torch")
    text = paragraph_with(variants, "PyTorch’s modules keep two bias vectors")
    for module, key in ((torch.nn.RNN, "rnn"), (torch.nn.LSTM, "lstm"), (torch.nn.GRU, "gru")):
        held = sum(p.numel() for p in module(64, 128).parameters())
        assert f"nn.{module.__name__} {held:,}" in text or f"nn.{module.__name__} holds {held:,}" in text
        assert f"{held - count_params(key, 128, 64)} more" in text
    saves = answer(variants, "sec-variants-exercises", 1)
    lstm, gru = torch.nn.LSTM(3, 3).parameters(), torch.nn.GRU(3, 3).parameters()
    torch_saves = sum(p.numel() for p in lstm) - sum(p.numel() for p in gru)
    assert saves.startswith(f"{count_params('lstm', 3, 3) - count_params('gru', 3, 3)} as the table counts them")
    assert f"it is {torch_saves}: one gate matrix and both its biases" in saves


def test_variants_name_greffs_vanilla_lstm_rightly(variants):
    """Greff et al.'s "vanilla" LSTM has peepholes; the book's LSTM, without them, is their NP.
    (The page once called the book's LSTM the vanilla form.)"""
    intro = paragraph_with(variants, "The book’s LSTM (")
    assert "variant “NP” (no peepholes); the LSTM they call “vanilla” has peepholes" in intro
    found = paragraph_with(variants, "Greff et al. [2017] compared eight variants")
    assert "their “vanilla” LSTM, which has peepholes" in found and "(their “NP”, the form of this book’s LSTM" in found
    text = variants.get_text()
    assert "common “vanilla” form" not in text and "the vanilla LSTM" not in text


def test_variants_compare_the_gru_with_the_cifg_after_john(variants):
    """After "John" the GRU shows what it wrote, and the CIFG, which wrote the same number
    into unit 3's slot, shows its tanh: a like-for-like comparison (the LSTM's cell differs)."""
    traces = handset.variant_traces()
    g = handset.GENDER_UNIT
    gru_h, cifg_c = traces["GRU"].h[0, g], traces["CIFG"].c[0, g]
    assert gru_h == pytest.approx(cifg_c, abs=1e-12)
    assert round(traces["CIFG"].h[0, g], 4) == round(math.tanh(cifg_c), 4)
    text = paragraph_with(variants, "What differs is what is shown")
    assert f"= {gru_h:+.4f}. The CIFG writes the same number into unit 3’s slot" in text
    assert f"\\(\\tanh\\)({cifg_c:+.4f}) = {math.tanh(cifg_c):+.4f}" in text


# -- Learning the weights ---------------------------------------------------------------


@pytest.fixture(scope="module")
def learning_html(site):
    return soup_of(site / "book" / "learning.html")


@pytest.fixture(scope="module")
def trained():
    """The chapter's model, trained once (the page's cached training), its embedding
    and the held-out stories."""
    embedding, _, test_stories = learning.learning_setup()
    return learning_page.trained(), embedding, test_stories


def test_learning_chapter_reports_the_trained_model(learning_html, trained):
    result, embedding, test = trained
    held_out = learning.accuracy(learning.predictions(result.model, test, embedding))
    text = paragraph_with(learning_html, "On the held-out stories")
    assert f"right pronoun {100 * held_out:.1f} percent of the time" in text and held_out >= 0.99
    states = analysis.states(result.model, test, embedding)
    unit = analysis.gender_unit(states)
    sep = analysis.separation(states)
    d_prime = sep["d'"].iloc[unit]
    text = paragraph_with(learning_html, "\\(d'\\) is the distance")
    assert f"The best unit is unit {unit + 1}: \\(d'\\) = {d_prime:.2f}" in text
    assert f"its sign is right {100 * sep['sign accuracy'].iloc[unit]:.1f} percent of the time" in text
    table = table_named(learning_html, "sign accuracy (%)")
    shown = [float(cells[columns(table).index("sign accuracy (%)")]) for _, cells in table["rows"]]
    np.testing.assert_allclose(shown, 100 * sep["sign accuracy"], atol=0.05)  # percent, one decimal
    gates = analysis.forget_at_subjects(states, unit)
    text = paragraph_with(learning_html, "Partly.")
    assert f"forget gate averages {gates.loc['subject tokens', 'mean f']:.3f}" in text
    assert f"against {gates.loc['all other tokens', 'mean f']:.3f} at every other token" in text


def test_learning_chapter_charts_and_heatmap(learning_html, trained):
    result, _, _ = trained
    (loss,) = [s for s in plotly_specs(learning_html) if s["layout"]["title"]["text"].startswith("Training loss")]
    assert loss["data"][0]["y"] == result.losses.tolist()
    heat = learning_html.select("figure.lstm-book-heatmap span.lstm-book-heat")
    assert [s.get_text() for s in heat][:5] == ["Sophie", "is", "a", "nurse", "."]
    assert all(s.get("title", "").startswith(s.get_text() + ":") for s in heat)
    assert len(learning_html.select("figure.lstm-book-heatmap div.lstm-book-heat-line")) == 4
