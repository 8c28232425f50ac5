"""The explorables' data: every number is lstm_calc's."""

from __future__ import annotations

import numpy as np
import pytest

import lstm_calc as lc
from lstm_calc import explorables, presets


def test_cell_explorer_step_is_lstm_calc_step_without_overrides():
    params = explorables.cell_explorer_params()
    for x in np.linspace(-5, 5, 7):
        for h in np.linspace(-1, 1, 5):
            for c in np.linspace(-3, 3, 5):
                ours = explorables.cell_explorer_step(params, x, h, c)
                s = lc.step(params, [x], [h], [c])
                assert ours == {"f": s.f[0], "i": s.i[0], "g": s.g[0], "o": s.o[0], "c": s.c[0], "h": s.h[0]}


def test_overrides_replace_a_gate_and_flow_into_the_cell():
    params = explorables.cell_explorer_params()
    r = explorables.cell_explorer_step(params, 0.5, 0.2, 2.0, {"f": 0.0, "o": 1.0})
    assert r["f"] == 0.0 and r["o"] == 1.0
    assert r["c"] == pytest.approx(r["i"] * r["g"], abs=1e-15) and r["h"] == pytest.approx(np.tanh(r["c"]), abs=1e-15)
    with pytest.raises(ValueError, match=r"overrides may set .*got \['z'\]"):
        explorables.cell_explorer_step(params, 0, 0, 0, {"z": 1.0})


def test_stepper_data_is_the_worked_example():
    data = explorables.sentence_stepper().data
    trace = presets.gender_trace()
    assert data["tokens"] == list(presets.TOKENS)
    for name, values in data["values"].items():
        assert values == getattr(trace, name).tolist()
    assert data["readout"] == ["he"] * 5 + ["she"] * 5


def test_saturation_data_scales_the_weights():
    data = explorables.saturation_explorer().data
    assert [r["scale"] for r in data["runs"]] == list(explorables.SCALES)
    assert data["runs"][data["start"]]["scale"] == 1.0
    mary = presets.TOKENS.index("Mary")
    for r in data["runs"]:
        trace = presets.gender_trace(scale=r["scale"])
        assert r["f"] == trace.f[:, 2].tolist() and r["male_left"] == trace.erased[mary, 2]


def test_mime_bundle():
    bundle = explorables.cell_explorer()._repr_mimebundle_()
    assert set(bundle) == {explorables.MIME, "text/plain"}
    assert bundle[explorables.MIME]["kind"] == "cell"
