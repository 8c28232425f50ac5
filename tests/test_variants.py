"""Peephole LSTM, CIFG and GRU: against PyTorch where it has the model, and
against references written here, independently of lstm_calc, where it has not;
and the values the variants chapter shows (``lstm_book.pages.variants``)."""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch

import lstm_calc as lc
from lstm_calc import CIFGParams, GRUParams, GRUStep, LSTMParams, LSTMStep, PeepholeParams, with_peepholes
from lstm_calc.counting import count_params

# (n_h, n_in, T, seed of the random draws, scale of the weights)
CASES = [(1, 1, 1, 0, 1.0), (3, 4, 10, 1, 1.0), (8, 3, 40, 2, 0.5), (16, 8, 80, 3, 1.5), (32, 16, 100, 4, 0.3)]


def sig(a):
    return 1.0 / (1.0 + math.exp(-a))


# -- GRU against PyTorch ----------------------------------------------------------------


@pytest.mark.parametrize("n_h,n_in,T,seed,scale", CASES)
def test_gru_matches_torch_at_every_step(n_h, n_in, T, seed, scale):
    rng = np.random.default_rng(seed)
    params = GRUParams.random(n_h, n_in, seed=seed, scale=scale)
    xs, h0 = rng.standard_normal((T, n_in)), rng.standard_normal(n_h) * 0.5
    trace = lc.run(params, xs, h0=h0)
    out, _ = params.to_torch()(torch.from_numpy(xs)[:, None, :], torch.from_numpy(h0)[None, None])
    assert np.max(np.abs(trace.h - out[:, 0].detach().numpy())) <= 1e-12
    # one state: the trace holds the GRU's own intermediates and no cell, no output gate
    assert trace.names == GRUStep._fields == ("z", "r", "u", "n", "h_prev", "kept", "write", "h")
    assert trace.step_type is GRUStep
    for missing in ("c", "c_prev", "o", "f", "i", "g"):
        assert missing not in trace.names
        with pytest.raises(AttributeError, match=f"a GRUStep trace has no '{missing}'"):
            getattr(trace, missing)
    np.testing.assert_array_equal(trace.h_prev[0], h0)
    np.testing.assert_array_equal(trace.h_prev[1:], trace.h[:-1])
    np.testing.assert_allclose(trace.h, trace.kept + trace.write, rtol=0, atol=1e-15)


@pytest.mark.parametrize("n_h,n_in,T,seed,scale", CASES[:3])
def test_gru_step_matches_torch_gru_cell(n_h, n_in, T, seed, scale):
    rng = np.random.default_rng(seed)
    params = GRUParams.random(n_h, n_in, seed=seed, scale=scale)
    cell = params.to_torch(cell=True)
    h = rng.standard_normal(n_h)
    for x in rng.standard_normal((T, n_in)):
        s = lc.step(params, x, h)  # no c_prev: a GRU has no cell
        assert isinstance(s, GRUStep)
        want = cell(torch.from_numpy(x)[None], torch.from_numpy(h)[None])[0].detach().numpy()
        assert np.max(np.abs(s.h - want)) <= 1e-12
        np.testing.assert_array_equal(s.kept, s.u * h)
        np.testing.assert_array_equal(s.write, (1.0 - s.u) * s.n)
        h = s.h


def test_gru_from_torch_with_its_own_biases():
    torch.manual_seed(3)
    for module in (torch.nn.GRU(3, 5, dtype=torch.float64), torch.nn.GRUCell(3, 5, dtype=torch.float64)):
        params = GRUParams.from_torch(module)
        x, h = torch.randn(3, dtype=torch.float64), torch.randn(5, dtype=torch.float64)
        if isinstance(module, torch.nn.GRUCell):
            want = module(x[None], h[None])[0]
        else:
            want = module(x[None, None], h[None, None])[0][0, 0]
        got = lc.step(params, x.numpy(), h.numpy()).h
        np.testing.assert_allclose(got, want.detach().numpy(), rtol=0, atol=1e-12)
        assert GRUParams.from_torch(params.to_torch()) == params
        assert GRUParams.from_torch(params.to_torch(cell=True)) == params
    with pytest.raises(ValueError, match="got LSTM"):
        GRUParams.from_torch(torch.nn.LSTM(2, 3))
    with pytest.raises(ValueError, match="num_layers=2"):
        GRUParams.from_torch(torch.nn.GRU(2, 3, num_layers=2))


# -- Peephole LSTM and CIFG against references written here ------------------------------


def peephole_reference(p: PeepholeParams, xs, h, c):
    """Element by element, in plain Python floats."""
    n_h = p.n_h
    hs, cs = [], []
    for x in xs:
        z = list(h) + list(x)

        def dot(W, k, z=z):
            return sum(W[k][j] * z[j] for j in range(len(z)))

        new_c, new_h = [], []
        for k in range(n_h):
            f = sig(dot(p.W_f, k) + p.p_f[k] * c[k] + p.b_f[k])
            i = sig(dot(p.W_i, k) + p.p_i[k] * c[k] + p.b_i[k])
            g = math.tanh(dot(p.W_g, k) + p.b_g[k])
            ck = f * c[k] + i * g
            o = sig(dot(p.W_o, k) + p.p_o[k] * ck + p.b_o[k])
            new_c.append(ck)
            new_h.append(o * math.tanh(ck))
        h, c = new_h, new_c
        hs.append(h)
        cs.append(c)
    return np.array(hs), np.array(cs)


def cifg_reference(p: CIFGParams, xs, h, c):
    hs, cs = [], []
    for x in xs:
        z = np.concatenate([h, x])
        f = 1 / (1 + np.exp(-(p.W_f @ z + p.b_f)))
        c = f * c + (1 - f) * np.tanh(p.W_g @ z + p.b_g)
        h = (1 / (1 + np.exp(-(p.W_o @ z + p.b_o)))) * np.tanh(c)
        hs.append(h)
        cs.append(c)
    return np.array(hs), np.array(cs)


@pytest.mark.parametrize("n_h,n_in,T,seed,scale", CASES[:4])
def test_peephole_and_cifg_against_references(n_h, n_in, T, seed, scale):
    rng = np.random.default_rng(seed)
    base = LSTMParams.random(n_h, n_in, seed=seed, scale=scale)
    peep = with_peepholes(base, *(rng.standard_normal((3, n_h))))
    cifg = CIFGParams.from_lstm(base)
    assert isinstance(peep, PeepholeParams) and isinstance(cifg, CIFGParams)
    xs, h0, c0 = rng.standard_normal((T, n_in)), rng.standard_normal(n_h) * 0.5, rng.standard_normal(n_h)
    for params, reference in ((peep, peephole_reference), (cifg, cifg_reference)):
        trace = lc.run(params, xs, h0=h0, c0=c0)
        assert trace.names == LSTMStep._fields
        hs, cs = reference(params, xs, h0, c0)
        assert np.max(np.abs(trace.h - hs)) <= 1e-12 and np.max(np.abs(trace.c - cs)) <= 1e-12
    trace = lc.run(cifg, xs)
    np.testing.assert_allclose(trace.i, 1 - trace.f, rtol=0, atol=0)


def test_variants_are_built_from_the_lstm():
    base = LSTMParams.random(4, 3, seed=5)
    cifg = CIFGParams.from_lstm(base)
    assert [f for f in cifg.arrays()] == ["W_f", "W_g", "W_o", "b_f", "b_g", "b_o"]
    for name, value in cifg.arrays().items():
        np.testing.assert_array_equal(value, getattr(base, name))
    peep = with_peepholes(base, p_f=0.5, p_i=[1.0, 2.0, 3.0, 4.0])
    np.testing.assert_array_equal(peep.p_f, np.full(4, 0.5))
    np.testing.assert_array_equal(peep.p_i, [1.0, 2.0, 3.0, 4.0])
    np.testing.assert_array_equal(peep.p_o, np.zeros(4))
    for name, value in base.arrays().items():
        np.testing.assert_array_equal(getattr(peep, name), value)


@pytest.mark.parametrize("draw", range(4))
def test_zero_peepholes_are_the_plain_lstm_exactly(draw):
    base = LSTMParams.random(5, 3, seed=draw)
    xs = np.random.default_rng(draw).standard_normal((20, 3))
    a, b = lc.run(base, xs), lc.run(with_peepholes(base), xs)
    assert a.names == b.names
    for name in a.names:
        np.testing.assert_array_equal(getattr(a, name), getattr(b, name))


def test_peephole_gate_reads_the_cell():
    peep = with_peepholes(LSTMParams.random(3, 2, seed=1), p_f=1.0)
    x, h = np.array([0.5, -0.5]), np.zeros(3)
    assert not np.allclose(lc.step(peep, x, h, [1.0, 1.0, 1.0]).f, lc.step(peep, x, h, [-1.0, -1.0, -1.0]).f)


# -- Parameter counts against PyTorch and the arrays ---------------------------------------


def numel(module):
    return sum(p.numel() for p in module.parameters())


@pytest.mark.parametrize("n_h,n_in", [(1, 1), (3, 3), (128, 64)])
def test_variant_counts_match_torch_and_the_arrays(n_h, n_in):
    def size(p):
        return sum(a.size for a in p.arrays().values())

    assert count_params("gru", n_h, n_in, torch_biases=True) == numel(torch.nn.GRU(n_in, n_h))
    assert count_params("gru", n_h, n_in) == size(GRUParams.random(n_h, n_in))
    assert count_params("gru", n_h, n_in) == size(GRUParams.from_torch(torch.nn.GRU(n_in, n_h)))
    base = LSTMParams.random(n_h, n_in)
    assert count_params("lstm", n_h, n_in) == size(base)
    assert count_params("cifg", n_h, n_in) == size(CIFGParams.from_lstm(base))
    assert count_params("peephole", n_h, n_in) == size(with_peepholes(base)) == size(base) + 3 * n_h


# -- Bad input ---------------------------------------------------------------------------

VARIANTS = {
    "peephole": with_peepholes(LSTMParams.random(3, 2), 0.5, 0.5, 0.5),
    "cifg": CIFGParams.from_lstm(LSTMParams.random(3, 2)),
    "gru": GRUParams.random(3, 2),
}


@pytest.mark.parametrize("name", VARIANTS)
@pytest.mark.parametrize(
    "call,message",
    [
        (lambda p: lc.step(p, np.zeros(3), np.zeros(3)), r"x must have shape \(2,\), got shape \(3,\)"),
        (lambda p: lc.step(p, np.zeros(2), np.zeros(2)), r"h_prev must have shape \(3,\), got shape \(2,\)"),
        (lambda p: lc.step(p, np.zeros(2, dtype=complex), np.zeros(3)), r"x must hold real numbers, got complex"),
        (lambda p: lc.step(p, np.zeros(2), np.zeros(3, dtype=bool)), r"h_prev must hold real numbers, got booleans"),
        (lambda p: lc.step(p, None, np.zeros(3)), r"x must be an array of numbers, got NoneType None"),
        (lambda p: lc.run(p, np.zeros((0, 2))), r"xs is empty: shape \(0, 2\)"),
        (lambda p: lc.run(p, [[0.0, np.nan]]), r"xs must be finite, got nan at index \(0, 1\)"),
        (lambda p: lc.run(p, [[1j, 0.0]]), r"xs must hold real numbers, got complex"),
        (lambda p: lc.run(p, [[True, False]]), r"xs must hold real numbers, got booleans"),
        (lambda p: lc.run(p, None), r"xs must be an array of numbers, got NoneType None"),
        (lambda p: lc.run(p, np.zeros((3, 2)), tokens=["a"]), r"got 1 tokens for xs of shape \(3, 2\)"),
    ],
)
def test_variants_refuse_bad_input_like_the_lstm(name, call, message):
    with pytest.raises(ValueError, match=message):
        call(VARIANTS[name])


@pytest.mark.parametrize(
    "call,message",
    [
        (lambda p: lc.step(p, np.zeros(2), np.zeros(3), np.zeros(3)), r"c_prev must be None: a GRUParams has no cell"),
        (lambda p: lc.run(p, np.zeros((2, 2)), c0=np.zeros(3)), r"c0 must be None: a GRUParams has no cell"),
        (lambda p: lc.run(p, np.zeros((2, 2)), h0=[0.0, 1j, 0.0]), r"h0 must hold real numbers, got complex"),
    ],
)
def test_a_gru_refuses_a_cell_state(call, message):
    with pytest.raises(ValueError, match=message):
        call(VARIANTS["gru"])


@pytest.mark.parametrize(
    "make,message",
    [
        (lambda: with_peepholes(LSTMParams.random(3, 2), np.zeros(2)), r"p_f must have shape \(3,\), got shape \(2,\)"),
        (lambda: with_peepholes("weights"), r"params must be LSTMParams, got str"),
        (lambda: with_peepholes(None), r"params must be LSTMParams, got NoneType"),
        (lambda: with_peepholes(GRUParams.random(3, 2)), r"params must be LSTMParams, got GRUParams"),
        (lambda: with_peepholes(LSTMParams.random(3, 2), p_i=1j), r"p_i must be a real number, got complex"),
        (lambda: with_peepholes(LSTMParams.random(3, 2), p_o=True), r"p_o must be a real number, got bool"),
        (lambda: with_peepholes(LSTMParams.random(3, 2), p_f=None), r"p_f must be an array of numbers, got NoneType"),
        (lambda: with_peepholes(LSTMParams.random(3, 2), p_f=np.inf), r"p_f must be finite"),
        (lambda: CIFGParams.from_lstm(None), r"params must be LSTMParams, got NoneType"),
        (lambda: CIFGParams.from_lstm(VARIANTS["cifg"]), r"params must be LSTMParams, got CIFGParams"),
        (
            lambda: CIFGParams(*(np.zeros((3, 5)),) * 3, np.zeros(3), np.zeros(3), np.zeros(4)),
            r"b_o must have shape \(3,\), got shape \(4,\)",
        ),
        (
            lambda: CIFGParams(*(np.zeros((3, 5), dtype=bool),) * 3, *(np.zeros(3),) * 3),
            r"W_f must hold real numbers, got booleans",
        ),
        (
            lambda: GRUParams(np.zeros((3, 5)), np.zeros((3, 5)), np.zeros((3, 4)), *(np.zeros(3),) * 4),
            r"W_n must have shape \(3, 5\), got shape \(3, 4\)",
        ),
        (lambda: GRUParams(*(np.full((3, 5), np.inf),) * 3, *(np.zeros(3),) * 4), r"W_r must be finite"),
        (
            lambda: GRUParams(*(np.zeros((3, 5)),) * 3, np.zeros(3, dtype=complex), *(np.zeros(3),) * 3),
            r"b_r must hold real numbers, got complex",
        ),
        (lambda: GRUParams(*(np.zeros((3, 5)),) * 3, None, *(np.zeros(3),) * 3), r"b_r must be an array of numbers"),
    ],
)
def test_variant_params_are_validated(make, message):
    with pytest.raises(ValueError, match=message):
        make()


def test_an_unknown_params_type_is_refused():
    with pytest.raises(ValueError, match=r"params must be LSTMParams or a variant's parameters .*got dict"):
        lc.run({"W": 1}, np.zeros((2, 2)))  # validation needs n_in: refused before any step
    with pytest.raises(ValueError, match=r"params must be LSTMParams or a variant's parameters .*got NoneType"):
        lc.step(None, np.zeros(2))


# -- The chapter's values ------------------------------------------------------------------


def test_the_chapter_tables_show_only_what_each_variant_has():
    from lstm_book import handset
    from lstm_book.pages import variants

    tables = variants.unit_tables()
    assert list(tables) == ["lstm", "peep", "cifg", "gru"]
    assert list(tables["lstm"].columns) == ["f", "i", "C̃", "o", "C", "h", "readout"]
    assert list(tables["peep"].columns) == ["f", "i", "C̃", "o", "C", "h", "readout"]
    assert list(tables["cifg"].columns) == ["f", "i = 1−f", "C̃", "o", "C", "h", "readout"]
    assert list(tables["gru"].columns) == ["r", "u", "n", "u⊙hₜ₋₁", "(1−u)⊙n", "h", "readout"]
    traces = handset.variant_traces()
    for key, name in zip(tables, traces, strict=True):
        np.testing.assert_array_equal(tables[key]["h"], traces[name].h[:, handset.GENDER_UNIT])
        assert list(tables[key]["readout"]) == ["he"] * 5 + ["she"] * 5
    gru = traces["GRU"]
    np.testing.assert_array_equal(tables["gru"]["u⊙hₜ₋₁"], gru.kept[:, 2])
    np.testing.assert_array_equal(tables["gru"]["(1−u)⊙n"], gru.write[:, 2])

    mary = variants.mary_table()
    assert list(mary["memory"]) == ["C", "C", "C", "h"]
    gru_row, cifg_row = mary.loc["GRU"], mary.loc["CIFG"]
    assert gru_row["after “Mary”"] == gru_row["hₜ"]  # a GRU's memory is its h
    assert gru_row["kept"] == pytest.approx(gru.u[5, 2] * gru.h[4, 2], abs=1e-15)
    for column in ("before “Mary”", "kept", "write", "after “Mary”"):  # same weights: the CIFG's cell update
        assert gru_row[column] == pytest.approx(cifg_row[column], abs=1e-12)

    v = variants.token_values()
    assert not any(name.startswith("gru_") and name[4:6] in ("f_", "i_", "o_", "c_") for name in v)
    assert v["gru_cifg_gap"] <= 1e-12 and v["gru_u_mary"] == pytest.approx(sig(-2.0), abs=1e-15)
    assert v["peep_f_mary"] > v["lstm_f_mary"] and v["cifg_i_mary"] < v["lstm_i_mary"]
    b = variants.blind()
    assert b["lstm_f_both"] == b["lstm_f_flipped"] == pytest.approx(sig(-2.0), abs=1e-15)
    assert b["peep_f_actual"] == v["peep_f_mary"] and b["peep_f_flipped"] < b["peep_f_actual"]
    e = variants.exercises()
    assert e["ex_pre_f"] == -2.0 and e["ex_no_peep_f"] == e["ex_lstm_f"] == pytest.approx(sig(-2.0), abs=1e-15)
    assert variants.counts() == {
        "count_n_h": 128,
        "count_n_in": 64,
        "count_rnn": 24704,
        "count_lstm": 98816,
        "count_cifg": 74112,
        "count_gru": 74240,
        "count_peep_extra": 384,
        "count_peep_vectors": 3,
        "count_lstm_over_rnn": 4,
        "count_rnn_torch": 24832,  # PyTorch: a second bias vector per gate
        "count_lstm_torch": 99328,
        "count_gru_torch": 74496,
        "count_rnn_torch_extra": 128,
        "count_lstm_torch_extra": 512,
        "count_gru_torch_extra": 256,  # r and u only: the candidate's two are counted already
    }
    assert variants.lstm_is_four_rnns() and variants.lstm_is_peephole_free()
    assert e["ex_gru_saves"] == 18 and e["ex_gru_saves_torch"] == 24
    assert v["lstm_fi_gap"] == pytest.approx(sig(3.0) + sig(-2.0) - 1.0, abs=1e-15)  # σ(3) + σ(-2) at every token
    gru = handset.gru_params()
    assert variants.gru_weights_only_in_gender_unit() == all(
        np.count_nonzero(getattr(gru, w)[k]) == 0 for w in ("W_r", "W_u", "W_n") for k in (0, 1)
    )
    assert variants.gru_weights_only_in_gender_unit()


def test_the_chapter_tables_read_cleanly():
    """Four decimals in every float column, integers as integers, headers without LaTeX,
    and "write" (the code's name) rather than "written"."""
    from lstm_book.pages import variants

    shown = list(variants.unit_tables().values()) + [
        variants.mary_table(),
        variants.blind_table(),
        variants.counts_table(),
    ]
    for table in shown:
        for name in list(table.columns) + list(table.index.names):
            assert "_" not in str(name) and "{" not in str(name) and "\\" not in str(name), name
        text = table.to_string()
        assert "e+" not in text and "e-" not in text  # no scientific notation
        for column, show in zip(table.columns, table.column_formatters(), strict=True):
            if table[column].dtype.kind == "f":
                assert {len(show(v).split(".")[1]) for v in table[column]} == {4}, column
            elif table[column].dtype.kind == "i":  # integers, with thousands separators
                assert all(show(v) == f"{int(v):,}" for v in table[column]), column
    assert list(variants.mary_table().columns) == ["memory", "before “Mary”", "kept", "write", "after “Mary”", "hₜ"]
    counts = variants.counts_table()
    assert list(counts.columns) == ["nₕ = 3, nᵢₙ = 3", "nₕ = 128, nᵢₙ = 64", "nₕ = 1024, nᵢₙ = 512"]
    assert all(counts[c].dtype.kind == "i" for c in counts.columns)
    assert counts.to_string().split("\n")[2].split()[-2:] == ["24,704", "1,573,888"]  # the RNN row


# -- The chapter's exercises, recomputed by hand --------------------------------------------


def _torch_states_before(params: LSTMParams, xs: np.ndarray, t: int):
    """h and c after the first ``t`` tokens, from torch.nn.LSTM (an independent forward pass)."""
    lstm = params.to_torch()
    with torch.no_grad():
        _, (h, c) = lstm(torch.from_numpy(xs[:t])[:, None, :])
    return h[0, 0].numpy(), c[0, 0].numpy()


@pytest.mark.parametrize("p", [0.0, 0.5, -1.0])
def test_exercise_peepholes_by_hand(p):
    """The peephole forget gate at "Mary" with every peephole weight p: written out here,
    f = σ(W_f [h; x] + p c + b_f), from the states torch computes for the tokens before."""
    from lstm_book import handset
    from lstm_book.pages import variants

    params = handset.gender_params()
    t, g = handset.TOKENS.index("Mary"), handset.GENDER_UNIT
    xs = handset.embed(handset.TOKENS)
    if p == 0.0:
        h_prev, c_prev = _torch_states_before(params, xs, t)  # zero peepholes: the plain LSTM's states
        z = np.concatenate([h_prev, xs[t]])
        want = sig(params.W_f[g] @ z + params.b_f[g])
        got = variants.exercise_peepholes(p, "Mary")
        assert got["ex_no_peep_f"] == pytest.approx(want, abs=1e-12)
        assert got["ex_lstm_f"] == pytest.approx(want, abs=1e-12)
        assert got["ex_pre_f"] == pytest.approx(params.W_f[g] @ z + params.b_f[g], abs=1e-12)
        assert got["ex_pre_f"] == pytest.approx(handset.W_F_X[0] + handset.B_F, abs=1e-12)
    else:  # the peephole run by hand, token by token
        h, c = np.zeros(handset.N_H), np.zeros(handset.N_H)
        for k in range(t + 1):
            z = np.concatenate([h, xs[k]])
            f = 1 / (1 + np.exp(-(params.W_f @ z + p * c + params.b_f)))
            i = 1 / (1 + np.exp(-(params.W_i @ z + p * c + params.b_i)))
            c_new = f * c + i * np.tanh(params.W_g @ z + params.b_g)
            o = 1 / (1 + np.exp(-(params.W_o @ z + p * c_new + params.b_o)))
            h, c = o * np.tanh(c_new), c_new
        assert variants.exercise_peepholes(p, "Mary")["ex_no_peep_f"] == pytest.approx(f[g], abs=1e-12)


@pytest.mark.parametrize("n_h,n_in", [(3, 3), (1, 1), (16, 8)])
def test_exercise_gru_saves_by_hand(n_h, n_in):
    """What a GRU saves against an LSTM, from the parameters PyTorch's modules hold: the LSTM's
    two biases per gate count once here, the GRU's candidate keeps both of its own."""
    from lstm_book.pages import variants

    lstm = 4 * n_h * (n_h + n_in) + 4 * n_h
    gru = 3 * n_h * (n_h + n_in) + 4 * n_h  # r, u: one bias each; n: b_in and b_hn
    torch_gru = sum(p.numel() for p in torch.nn.GRU(n_in, n_h).parameters())
    assert torch_gru == gru + 2 * n_h  # PyTorch's r and u have a second bias each, which act as their sum
    torch_lstm = sum(p.numel() for p in torch.nn.LSTM(n_in, n_h).parameters())
    assert variants.exercise_gru_saves(n_h, n_in) == {
        "ex_gru_saves": lstm - gru,
        "ex_gru_saves_torch": torch_lstm - torch_gru,
    }
    assert variants.exercise_gru_saves(**variants.EXERCISE_SAVES) == {"ex_gru_saves": 18, "ex_gru_saves_torch": 24}


def test_exercises_refuse_bad_givens():
    from lstm_book.pages import variants

    with pytest.raises(ValueError, match=r"token must be a token of the worked example .*got 'Bob'"):
        variants.exercise_peepholes(0.0, "Bob")
    with pytest.raises(ValueError, match=r"p must be a real number, got str"):
        variants.exercise_peepholes("0", "Mary")
    with pytest.raises(ValueError, match=r"n_h must be >= 1, got 0"):
        variants.exercise_gru_saves(0, 3)
