"""The learning chapter's values, claims and exercises (lstm_book.pages.learning).

The gender unit's update on the worked sentence is checked against PyTorch; the
"he positive" orientation against a mirrored model; the exercises' answers are
recomputed by hand from the numbers their questions show; the statement that the
weights are the same to the last bit on one machine, and differ only in their last
digits under another OpenBLAS kernel, is checked by training twice.
"""

from __future__ import annotations

import dataclasses
import os
import platform
import subprocess
import sys
import textwrap

import numpy as np
import pytest
import torch
from conftest import soup_of, table_named

from lstm_book import analysis, corpus, handset, learning
from lstm_book.pages import learning as page
from lstm_calc import LSTMParams
from lstm_calc.bptt import Model


@pytest.fixture(scope="module")
def model():
    return page.trained().model


@pytest.fixture(scope="module")
def embedding():
    return page.setup()[0]


def torch_steps(model: Model, tokens, embedding) -> dict:
    """The worked sentence through a float64 torch.nn.LSTMCell, one step at a time:
    the gates' pre-activations (torch's i, f, g, o layout) and c, every unit."""
    cell = model.lstm.to_torch(cell=True)
    xs = torch.from_numpy(embedding.encode(list(tokens)))
    n_h = model.lstm.n_h
    h = c = torch.zeros(1, n_h, dtype=torch.float64)
    out = {"pre": [], "c": [], "h_prev": []}
    with torch.no_grad():
        for x in xs:
            pre = x[None] @ cell.weight_ih.T + cell.bias_ih + h @ cell.weight_hh.T + cell.bias_hh
            out["pre"].append(pre[0].numpy())
            out["h_prev"].append(h[0].numpy())
            h, c = cell(x[None], (h, c))
            out["c"].append(c[0].numpy())
    pre = np.array(out["pre"])
    return {
        "f": pre[:, n_h : 2 * n_h],
        "i": pre[:, :n_h],
        "g": pre[:, 2 * n_h : 3 * n_h],
        "o": pre[:, 3 * n_h :],
        "c": np.array(out["c"]),
        "h_prev": np.array(out["h_prev"]),
    }


def sigmoid(a):
    return 1 / (1 + np.exp(-a))


# -- The gender unit on the worked sentence -----------------------------------------------


def test_the_unit_and_its_orientation_golden():
    """The labels bug (a subject's gender taken from the next pronoun) had picked unit 5."""
    cell = page.gender_cell()
    assert page.unit() == 3 and cell["unit"] == 4 and page.unit_sign() == "positive"
    assert cell["d_prime"] == pytest.approx(4.6877, abs=1e-4)
    assert cell["sign_acc"] == pytest.approx(98.6075, abs=1e-4)
    assert cell["n_separating"] == 7 and cell["n_units"] == learning.TRAIN_CONFIG.n_h


def test_unit_steps_agree_with_torch(model, embedding):
    ref = torch_steps(model, handset.TOKENS, embedding)
    u, sign = page.unit(), page._orientation()
    steps = page.unit_steps()
    f, i, g = sigmoid(ref["f"][:, u]), sigmoid(ref["i"][:, u]), np.tanh(ref["g"][:, u])
    c = ref["c"][:, u]
    c_prev = np.r_[0.0, c[:-1]]
    atol = 1e-12
    np.testing.assert_allclose(steps["f"], f, rtol=0, atol=atol)
    np.testing.assert_allclose(steps["i"], i, rtol=0, atol=atol)
    np.testing.assert_allclose(steps["g"], sign * g, rtol=0, atol=atol)
    np.testing.assert_allclose(steps["c"], sign * c, rtol=0, atol=atol)
    np.testing.assert_allclose(steps["c_prev"], sign * c_prev, rtol=0, atol=atol)
    np.testing.assert_allclose(steps["kept"], sign * f * c_prev, rtol=0, atol=atol)
    np.testing.assert_allclose(steps["write"], sign * i * g, rtol=0, atol=atol)
    assert list(steps.index) == [f"{t + 1} · {tok}" for t, tok in enumerate(handset.TOKENS)]


def test_forget_contributions_agree_with_torch(model, embedding):
    """The API the memory chapter uses: W_f[unit]·[h; x] + b_f split by source."""
    ref = torch_steps(model, handset.TOKENS, embedding)
    u, n_h = page.unit(), model.lstm.n_h
    cell = model.lstm.to_torch(cell=True)
    w_hh = cell.weight_hh.detach().numpy()[n_h + u]  # the forget rows come second in torch's layout
    w_ih = cell.weight_ih.detach().numpy()[n_h + u]
    xs = embedding.encode(list(handset.TOKENS))
    parts = page.forget_contributions()
    assert list(parts.columns) == ["own h", "other units' h", "h", "x", "bias", "pre-activation", "value"]
    np.testing.assert_allclose(parts["pre-activation"], ref["f"][:, u], rtol=0, atol=1e-12)
    np.testing.assert_allclose(parts["h"], ref["h_prev"] @ w_hh, rtol=0, atol=1e-12)
    np.testing.assert_allclose(parts["own h"], ref["h_prev"][:, u] * w_hh[u], rtol=0, atol=1e-12)
    np.testing.assert_allclose(parts["x"], xs @ w_ih, rtol=0, atol=1e-12)
    np.testing.assert_allclose(parts["bias"], model.lstm.b_f[u], rtol=0, atol=0)
    np.testing.assert_allclose(parts["value"], page.unit_steps()["f"], rtol=0, atol=1e-15)
    cand = page.contributions("g")
    np.testing.assert_allclose(cand["pre-activation"], page._orientation() * ref["g"][:, u], rtol=0, atol=1e-12)
    with pytest.raises(ValueError, match="gate must be one of"):
        page.contributions("c")


def mirrored(model: Model, unit: int) -> Model:
    """The same network with ``unit``'s cell and hidden state negated: its candidate row
    and bias flip, every weight that reads its h flips, and so does the readout's."""
    p = model.lstm
    arrays = {k: np.array(v) for k, v in p.arrays().items()}
    arrays["W_g"][unit] *= -1
    arrays["b_g"][unit] *= -1
    for gate in "figo":
        arrays[f"W_{gate}"][:, unit] *= -1
    w = np.array(model.w)
    w[unit] *= -1
    return Model(LSTMParams(**arrays), w, model.b)


def test_he_positive_readings_do_not_depend_on_how_the_unit_stores_he(model, embedding):
    u, sign = page.unit(), page._orientation()
    twin = mirrored(model, u)
    tokens = handset.TOKENS
    np.testing.assert_allclose(
        analysis.run_tokens(twin, tokens, embedding).logits, analysis.run_tokens(model, tokens, embedding).logits
    )
    a = analysis.effective_weights(model, u, embedding, sign)
    b = analysis.effective_weights(twin, u, embedding, -sign)
    np.testing.assert_allclose(a.to_numpy(), b.to_numpy(), rtol=0, atol=1e-12)
    np.testing.assert_allclose(
        analysis.unit_steps(model, tokens, embedding, u, sign).to_numpy(),
        analysis.unit_steps(twin, tokens, embedding, u, -sign).to_numpy(),
        rtol=0,
        atol=1e-12,
    )
    for gate in "fg":
        np.testing.assert_allclose(
            analysis.gate_contributions(model, tokens, embedding, u, gate, sign).to_numpy(),
            analysis.gate_contributions(twin, tokens, embedding, u, gate, -sign).to_numpy(),
            rtol=0,
            atol=1e-12,
        )


# -- The prose's values -----------------------------------------------------------------


def test_refresh_values_from_the_table():
    steps = page.unit_steps()
    t_john, t_mary = handset.TOKENS.index("John"), handset.TOKENS.index("Mary")
    v = page.refresh()
    fs = steps["f"].to_numpy()[t_john + 1 : t_mary]
    assert v["n_between"] == len(fs) == 4
    product = 1.0
    for f in fs:
        product *= f
    assert v["f_prod"] == pytest.approx(product, rel=1e-14)
    assert v["left_no_write"] == pytest.approx(steps["c"].iloc[t_john] * product, rel=1e-14)
    assert v["decay_long"] == pytest.approx(page.forget()["f_other"] ** 40, rel=1e-12)
    # golden values of this model: the prose's story
    assert v["c_john"] == pytest.approx(0.8645, abs=1e-4) and v["c_peak"] == pytest.approx(1.1502, abs=1e-4)
    assert v["left_no_write"] < v["c_john"] < v["c_before_mary"] < v["c_peak"]
    assert v["g_others_is"] > v["g_own_is"] > 0 > v["g_x_is"]
    cand = page.contributions("g").iloc[t_john + 1 : t_mary]
    assert v["g_h_over_x_min"] == min(h - abs(x) for h, x in zip(cand["h"], cand["x"], strict=True))
    assert v["g_others_over_own_min"] == min(cand["other units' h"] - cand["own h"])
    assert v["write_sum"] > v["erased_sum"]
    hand = handset.gender_trace()
    assert v["hand_f_is"] == pytest.approx(sigmoid(handset.B_F), rel=1e-12)
    assert v["hand_c_john"] == hand.c[0, handset.GENDER_UNIT]


def test_the_mary_step():
    m, t = page.mary(), handset.TOKENS.index("Mary")
    steps = page.unit_steps()
    assert m["kept_mary"] == steps["kept"].iloc[t] and m["c_mary"] == steps["c"].iloc[t]
    assert m["c_mary"] == pytest.approx(-0.1132, abs=1e-4)
    assert m["kept_mary"] + m["write_mary"] == pytest.approx(m["c_mary"], abs=1e-15)
    assert m["g_x_mary"] < 0 < m["g_h_mary"] and m["g_others_next"] < 0
    turn = page.turn()
    assert turn["turn_lag"] == 0 and page.turn_token() == "Mary" and turn["c_turn"] == m["c_mary"]


def test_forget_and_long_distance_values():
    fg = page.forget()
    table = page.gates_at_subjects()
    assert fg["f_subj"] == table.loc["subject tokens", "mean f"]
    assert fg["f_he_subj"] < fg["f_she_subj"] < fg["f_other"]
    far = page.long_distance()
    acc_40 = page.carry()["acc_40"]
    assert 100 * (1 - far["n_wrong_long"] / far["n_long"]) == pytest.approx(acc_40, rel=1e-12)
    assert far["n_long"] == page.by_gap().loc[40, "predictions"]
    assert far["n_she_wrong_long"] <= far["n_wrong_long"] and far["n_flipped_long"] <= far["n_wrong_long"]
    assert page.flip_name() in corpus.MALE_HELD_OUT + corpus.FEMALE_HELD_OUT


def test_carry_values_are_read_from_the_table_of_each_length():
    table = page.by_gap()
    carry = page.carry()
    up_to = carry["high_up_to"]
    assert (table.loc[:up_to, "accuracy"] >= page.HIGH).all()
    assert table.loc[table.index > up_to].iloc[0]["accuracy"] < page.HIGH
    beyond = {int(k): 100 * v for k, v in table["accuracy"].items() if k > up_to}
    assert carry["beyond_min"] == min(beyond.values()) and beyond[carry["beyond_min_at"]] == carry["beyond_min"]
    assert carry["beyond_max"] == max(beyond.values()) and beyond[carry["beyond_max_at"]] == carry["beyond_max"]
    assert carry["acc_first_beyond"] == beyond[carry["first_beyond"]] == beyond[min(beyond)]
    assert carry["one_story"] * carry["most_asked"] == pytest.approx(100, rel=1e-12)
    assert carry["most_asked"] == max(int(n) for n in table["predictions"])


def test_saturation_and_weights():
    sat = page.saturation()
    assert sat["sat_f_shut"] + sat["sat_f_between"] + sat["sat_f_open"] == pytest.approx(100)
    s = page.states()
    assert sat["sat_f_open"] == pytest.approx(100 * np.mean(s.f > 0.9))
    w = page.weights()
    u = page.unit()
    # this unit stores "he" as positive: its readings are its raw weights
    assert w["lw_c_self"] == page.trained().model.lstm.W_g[u, u]


# -- Tables ---------------------------------------------------------------------------------


def shown(table) -> str:
    return table.to_html() if hasattr(table, "to_html") else str(table)


def test_tables_show_counts_as_integers_and_one_precision_per_column():
    gaps = page.by_gap_table()
    assert gaps["pronouns asked"].dtype.kind == "i"
    html = shown(gaps)
    assert ">161<" in html and "161.0" not in html and ">100.0<" in html and ">99.4<" in html
    for table in (page.transitions_table(), page.gates_at_subjects()):
        html = shown(table)
        assert ".0</td>" not in html and "e+" not in html
    html = shown(page.transitions_table())
    assert ">25<" in html and ">52<" in html
    html = shown(page.gates_at_subjects())
    assert ">1,246<" in html and "1246.0" not in html and "1,246.0" not in html
    steps = shown(page.unit_steps_table())
    assert "Cₜ₋₁" in steps and "fₜ⊙Cₜ₋₁ (kept)" in steps and "_{" not in steps and "\\" not in steps
    assert ">+0.864<" in steps and ">0.835<" in steps  # signed cells with a sign, gates without


def test_training_examples_are_whole_stories_with_the_asked_pronouns_in_bold():
    html = page.training_examples().data
    stories = page.setup()[1][:4]
    assert html.count("<li>") == 4
    for story in stories:
        plain = " ".join(story.tokens)
        assert plain in html.replace("<strong>", "").replace("</strong>", "")
    bold = html.count("<strong>")
    assert bold == sum(len(e.targets) for e in stories)
    with pytest.raises(ValueError, match="n must be >= 1, got 0"):
        page.training_examples(0)


def test_site_learning_tables(site):
    html = soup_of(site / "book" / "learning.html")
    steps = table_named(html, "fₜ⊙Cₜ₋₁ (kept)")
    values = page.unit_steps()
    for (_labels, cells), (_, row) in zip(steps["rows"], values.iterrows(), strict=True):
        assert [float(v) for v in cells] == pytest.approx(
            row[["c_prev", "f", "kept", "i", "g", "write", "c"]].round(3).tolist(), abs=1e-12
        )
    stories = [" ".join(li.get_text().split()) for li in html.select("ol.lstm-book-stories li")]
    assert stories == [" ".join(e.tokens) for e in page.setup()[1][:4]]
    gaps = table_named(html, "pronouns asked")
    assert [cells[1] for _, cells in gaps["rows"]] == [str(n) for n in page.by_gap()["predictions"]]
    subjects = table_named(html, "mean i")
    assert [cells[-1] for _, cells in subjects["rows"]] == [f"{n:,d}" for n in page._gates_at_subjects()["tokens"]]
    article = html.select_one("article").get_text(" ")
    assert "$" not in " ".join(th.get_text() for th in html.select("table.dataframe th"))
    assert "unit 4" in article


# -- Exercises: the answers, recomputed by hand from the givens the questions show ---------------


def test_exercise_1_by_hand():
    ex = page.exercises()
    steps, t = page.unit_steps(), handset.TOKENS.index("John") + 1
    # the givens are the table's shown values
    for k, column in (("c_prev", "c_prev"), ("f", "f"), ("i", "i"), ("g", "g")):
        assert ex[f"ex1_{k}"] == round(steps[column].iloc[t], 3)
    c_prev, f, i, g = 0.864, 0.835, 0.250, 0.868  # as the question shows them
    assert (ex["ex1_c_prev"], ex["ex1_f"], ex["ex1_i"], ex["ex1_g"]) == (c_prev, f, i, g)
    assert ex["ex1_kept_answer"] == pytest.approx(0.72144, abs=1e-12)  # 0.835 × 0.864
    assert ex["ex1_write_answer"] == pytest.approx(0.217, abs=1e-12)  # 0.250 × 0.868
    assert ex["ex1_c_answer"] == pytest.approx(0.93844, abs=1e-12)


def test_exercise_2_by_hand():
    ex = page.exercises()
    givens = [ex["ex2_c0"], ex["ex2_f1"], ex["ex2_f2"], ex["ex2_f3"], ex["ex2_f4"], ex["ex2_f_avg"], ex["ex2_steps"]]
    assert givens == [0.864, 0.835, 0.651, 0.823, 0.787, 0.711, 40]
    assert ex["ex2_left"] == pytest.approx(0.864 * 0.835 * 0.651 * 0.823 * 0.787, rel=1e-12)  # 0.30420
    fraction = 1.0
    for _ in range(40):
        fraction *= 0.711
    assert ex["ex2_fraction"] == pytest.approx(fraction, rel=1e-12)  # 1.19e-06
    assert ex["ex2_c_actual"] == 0.987


def test_exercise_functions_refuse_bad_givens():
    with pytest.raises(ValueError, match=r"f is a gate and must lie in \(0, 1\), got 1.5"):
        page.step_answer(0.5, 1.5, 0.5, 0.5)
    with pytest.raises(ValueError, match="c_prev must be a real number"):
        page.step_answer("0.5", 0.5, 0.5, 0.5)
    with pytest.raises(ValueError, match="fs and f_avg are gates"):
        page.decay_answer(1.0, [0.5, 1.2], 0.5, 3)
    with pytest.raises(ValueError, match="steps must be >= 1, got 0"):
        page.decay_answer(1.0, [0.5], 0.5, 0)
    assert page.decay_answer(2.0, [0.5, 0.5], 0.5, 3) == {"left": 0.5, "fraction_after": 0.125}
    assert page.step_answer(1.0, 0.5, 0.5, -1.0) == {"kept": 0.5, "write": -0.5, "c": 0.0}


# -- The same weights: bit for bit on one machine, last digits across BLAS kernels ------------

TRAIN_AND_SAVE = textwrap.dedent(
    """
    import sys, numpy as np
    from lstm_book import learning
    embedding, stories, _ = learning.learning_setup()
    model = learning.train_on(stories, embedding, learning.TRAIN_CONFIG).model
    np.save(sys.argv[1], np.concatenate([v.ravel() for v in model.arrays().values()]))
    """
)


def openblas() -> bool:
    config = np.show_config(mode="dicts")
    return "openblas" in str(config.get("Build Dependencies", {}).get("blas", {}).get("name", "")).lower()


@pytest.mark.skipif(platform.machine() not in ("x86_64", "AMD64"), reason="Prescott is an x86-64 OpenBLAS core")
def test_another_openblas_kernel_moves_the_weights_only_in_their_last_digits(tmp_path, model):
    if not openblas():
        pytest.skip("numpy is not linked to OpenBLAS")
    here = np.concatenate([v.ravel() for v in model.arrays().values()])
    out = tmp_path / "weights.npy"
    env = {**os.environ, "OPENBLAS_CORETYPE": "Prescott"}  # the oldest x86-64 kernels: other sums, same maths
    subprocess.run([sys.executable, "-c", TRAIN_AND_SAVE, str(out)], check=True, env=env, timeout=300)
    there = np.load(out)
    assert np.max(np.abs(here - there)) < 1e-9  # far below the 3 or 4 decimals the chapter shows


def test_same_weights_to_the_bit_in_one_process(model):
    embedding, stories, _ = learning.learning_setup()
    config = dataclasses.replace(learning.TRAIN_CONFIG, steps=50)
    a = learning.train_on(stories, embedding, config).model
    b = learning.train_on(stories, embedding, config).model
    for name, value in a.arrays().items():
        assert np.array_equal(value, b.arrays()[name]), name
