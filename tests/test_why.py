"""The chapter "Why an LSTM": each exercise's answer recomputed from the
question's own givens (by hand, or with torch's autograd in float64), and the
route chart, tables and prose of the built page against the library."""

from __future__ import annotations

import math

import numpy as np
import pytest
from conftest import paragraph_with, plotly_specs, soup_of, table_named

from lstm_book import reach
from lstm_book.pages import why

torch = pytest.importorskip("torch")


def sigma(a: float) -> float:
    """The logistic function, written out so the tests do not reuse the library's."""
    return 1.0 / (1.0 + math.exp(-a))


# -- The exercises, from their givens ---------------------------------------------------


def test_steps_below_by_counting():
    for factor, threshold in ((0.73, 1e-6), (0.5, 1e-3), (0.99, 0.5), (0.1, 0.1), (0.9, 0.9)):
        k, left = 0, 1.0
        while left >= threshold:  # multiply until strictly below
            left *= factor
            k += 1
        assert why.steps_below(factor, threshold) == k
    assert why.steps_below(0.73, 1e-6) == 44


def test_cell_path_share_by_hand():
    assert why.cell_path_share(1.0, 50) == pytest.approx((1 / (1 + math.exp(-1))) ** 50, rel=1e-13)
    assert why.cell_path_share(1.0, 50) == pytest.approx(1.5761911545634347e-07, rel=1e-12)
    assert why.cell_path_share(3.0, 0) == 1.0


def test_compounded_by_repeated_products():
    value = 1.0
    for _ in range(99):
        value *= 1.007
    assert why.compounded(1.007, 99) == pytest.approx(value, rel=1e-13)
    assert why.compounded(1.007, 1000) == pytest.approx(math.exp(1000 * math.log(1.007)), rel=1e-12)


def _torch_off_cell_path(zeroed, n_h, n_in, T, seed, gain, forget_bias):
    """max over t of |∂C_T/∂C_t − diag(f_{t+1} ⋯ f_T)|, with ∂C_T/∂C_t from torch's
    autograd and the forget gates computed here from torch's weights (order i, f, g, o)."""
    params = reach.random_lstm(n_h, n_in, gain, forget_bias, seed)
    xs = reach.inputs(T, n_in, seed)
    module = params.to_torch()
    with torch.no_grad():
        rows = {"W_i": slice(0, n_h), "W_f": slice(n_h, 2 * n_h), "W_g": slice(2 * n_h, 3 * n_h)}
        rows["W_o"] = slice(3 * n_h, 4 * n_h)
        for name in zeroed:
            module.weight_hh_l0[rows[name]] = 0.0
    x = torch.from_numpy(xs)[:, None, :]
    with torch.no_grad():
        out, _ = module(x)
        hs = out[:, 0, :]
        W_if, W_hf = module.weight_ih_l0[rows["W_f"]], module.weight_hh_l0[rows["W_f"]]
        b_f = module.bias_ih_l0[rows["W_f"]] + module.bias_hh_l0[rows["W_f"]]
        h_prev = torch.zeros(n_h, dtype=torch.float64)
        fs = []
        for k in range(T):
            fs.append(torch.sigmoid(W_if @ x[k, 0] + W_hf @ h_prev + b_f))
            h_prev = hs[k]
        fs = torch.stack(fs).numpy()
    worst = 0.0
    for t in range(T - 1):
        with torch.no_grad():
            _, (h_t, c_t) = module(x[: t + 1])

        def c_last(c, t=t, h_t=h_t):
            return module(x[t + 1 :], (h_t, c.reshape(1, 1, n_h)))[1][1].reshape(n_h)

        J = torch.autograd.functional.jacobian(c_last, c_t.reshape(n_h)).numpy()
        worst = max(worst, float(np.max(np.abs(J - np.diag(np.prod(fs[t + 1 :], axis=0))))))
    return worst


@pytest.mark.parametrize("zeroed", [("W_f", "W_i", "W_g"), ("W_o",), ("W_f", "W_i", "W_g", "W_o"), ()])
def test_off_cell_path_against_torch(zeroed):
    givens = why.EXERCISE_ZERO
    expected = _torch_off_cell_path(zeroed, **givens)
    got = why.off_cell_path(zeroed, **givens)
    assert abs(got - expected) <= 1e-12 * max(1.0, expected)
    if set(zeroed) >= {"W_f", "W_i", "W_g"}:
        assert expected < 1e-15 and got == 0.0  # the cell path is all of ∂C_T/∂C_t
    else:
        assert expected > 0.1


def test_exercise_answers_come_from_the_givens_shown():
    ex = why.exercises()
    curves = why.curves()
    assert ex["ex_rnn_factor"] == round(reach.decay_per_step(curves, "RNN, gain 1"), 2)
    assert ex["ex_rnn_steps"] == math.ceil(math.log(1e-6) / math.log(ex["ex_rnn_factor"]))
    assert ex["ex_sigma1_50"] == pytest.approx(sigma(ex["ex_share_bias"]) ** ex["ex_share_steps"], rel=1e-13)
    assert ex["ex_growth_factor"] == round(reach.decay_per_step(curves, "LSTM, gain 1, forget bias 3"), 3)
    assert ex["ex_growth_factor"] > 1  # growth, as the answer says
    assert ex["ex_growth_far_value"] == pytest.approx(ex["ex_growth_factor"] ** ex["ex_growth_far"], rel=1e-13)
    assert ex["ex_cut_gates"] == 0.0 and ex["ex_cut_all"] == 0.0 and ex["ex_cut_output"] > 0.1


def test_exercise_functions_refuse_bad_givens():
    with pytest.raises(ValueError, match="factor must be < 1"):
        why.steps_below(1.007, 1e-6)
    with pytest.raises(ValueError, match="threshold must be < 1"):
        why.steps_below(0.5, 2.0)
    with pytest.raises(ValueError, match="steps must be >= 0, got -1"):
        why.cell_path_share(1.0, -1)
    with pytest.raises(ValueError, match="factor must be a real number"):
        why.compounded("1.007", 3)
    with pytest.raises(ValueError, match="zeroed must name matrices among W_f, W_i, W_g, W_o"):
        why.off_cell_path(("W_h",), **why.EXERCISE_ZERO)
    with pytest.raises(ValueError, match="distance must be in"):
        why.routes_table(100)


# -- The routes: the chapter's values against an independent computation ----------------


def test_the_routes_of_the_bias_3_network_against_torch():
    """One draw of the bias-3 LSTM, 50 steps back: ∂C_T/∂C_t from torch, the cell path
    from the forget gates computed here, against route_curves with that draw alone."""
    n_h, n_in, T, t = 16, 4, 100, 100 - 1 - why.PATH_DISTANCE
    params = reach.random_lstm(n_h, n_in, 1.0, 3.0, seed=2)
    xs = torch.from_numpy(reach.inputs(T, n_in, 2))[:, None, :]
    module = params.to_torch()
    with torch.no_grad():
        _, (h_t, c_t) = module(xs[: t + 1])
        hs = module(xs)[0][:, 0, :]
        W_if, W_hf = module.weight_ih_l0[n_h : 2 * n_h], module.weight_hh_l0[n_h : 2 * n_h]
        b_f = module.bias_ih_l0[n_h : 2 * n_h]
        fs = [torch.sigmoid(W_if @ xs[k, 0] + W_hf @ hs[k - 1] + b_f).numpy() for k in range(t + 1, T)]
    J = torch.autograd.functional.jacobian(
        lambda c: module(xs[t + 1 :], (h_t, c.reshape(1, 1, n_h)))[1][1].reshape(n_h), c_t.reshape(n_h)
    ).numpy()
    path = np.prod(fs, axis=0)
    one = reach.route_curves([(1.0, 3.0, None)], seeds=[2]).set_index("distance").loc[why.PATH_DISTANCE]
    assert one["full"] == pytest.approx(np.linalg.norm(J, 2), rel=1e-10)
    assert one["cell path"] == pytest.approx(np.max(path), rel=1e-12)
    assert one["through h"] == pytest.approx(np.linalg.norm(J - np.diag(path), 2), rel=1e-10)


def test_cell_path_values_tell_the_story():
    p = why.cell_path()
    for key in why.MEASURED:
        assert p[f"{key}_through_h"] > p[f"{key}_path"]  # every measured network: mostly through h
    assert p["lstm_3_path_decay"] < 1 < p["lstm_3_full_decay"]  # the cell path shrinks, the whole grows
    assert p["path_forget_50"] == pytest.approx(0.28859163603820226, rel=1e-9)  # golden: the chapter's draws
    assert p["path_dcdc_50"] == pytest.approx(1.850274418462246, rel=1e-9)
    assert p["sweep_zero_max"] == 0.0 and p["sweep_small_max"] < 1 < p["sweep_large_min"]


# -- The built page ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def page(site):
    return soup_of(site / "book" / "why.html")


def test_route_chart_is_route_curves(page):
    specs = [s for s in plotly_specs(page) if s["layout"]["title"]["text"].startswith("Which route carries")]
    assert len(specs) == 1
    (spec,) = specs
    assert spec["layout"]["yaxis"]["type"] == "log"
    routes = why.routes()
    assert len(spec["data"]) == 2 * len(why.CHART_ROUTES)
    for setting, line_pair in zip(why.CHART_ROUTES, zip(spec["data"][::2], spec["data"][1::2])):
        part = routes[routes["label"] == reach.lstm_label(*setting)]
        full, path = line_pair
        assert full["x"] == part["distance"].tolist() and full["y"] == part["full"].tolist()
        assert path["y"] == part["cell path"].tolist() and path["line"]["dash"] == "dot"


def test_route_tables_and_prose(page):
    p = why.cell_path()
    table = table_named(page, "forget bias")
    shown = {tuple(labels): cells for labels, cells in table["rows"]}
    assert list(shown) == [(f"{g:g}", f"{b:g}") for g, b, _ in why.MEASURED.values()]
    bias3 = shown["1", "3"]
    assert float(bias3[0]) == pytest.approx(p["lstm_3_path"], rel=0.006)
    assert float(bias3[2]) == pytest.approx(p["lstm_3_full"], rel=0.006)
    assert bias3[5] == "through h"
    sweep = table_named(page, "recurrent gain")
    assert [labels[0] for labels, _ in sweep["rows"]] == [f"{r:g}" for r in why.SWEEP_RECURRENT]
    text = paragraph_with(page, "With forget bias 3 the cell path shrinks while the whole grows.")
    assert f"keeps {p['path_forget_50']:.3f} over 50 steps" in text
    assert f"has norm {p['path_dcdc_50']:.2f} at 50 steps back, above 1" in text
    assert f"a factor of {p['lstm_3_full_decay']:.3f} per step" in text
