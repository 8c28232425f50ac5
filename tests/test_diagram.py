"""The cell diagram (lstm_book.diagram): its numbers are the step's, its ids
are unique per ident, its highlight lights the right parts, and its notebook
output is the same on every run."""

import math
import re
import xml.etree.ElementTree as ET

import numpy as np
import pytest

from lstm_book import diagram, handset
from lstm_calc import trace

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def mary_step():
    tr = handset.gender_trace()
    return tr.step(handset.TOKENS.index("Mary"))


def numbers(svg):
    root = ET.fromstring(svg)
    return [float(t.text) for t in root.iter(SVG + "text") if "lstm-diagram-num" in t.get("class", "")]


def test_the_wires_carry_the_steps_values(mary_step):
    u = handset.GENDER_UNIT
    shown = numbers(diagram.cell_svg(step=mary_step, unit=u))
    s = mary_step
    expected = [s.c_prev[u], s.f[u], s.kept[u], s.i[u], s.g[u], s.write[u], s.o[u], s.c[u], s.h[u], s.z[u]]
    expected.append(np.tanh(s.c[u]))
    # Every wire value is one of the step's (to the 3 decimals drawn), and all are drawn.
    assert len(shown) == len(expected)
    for value in expected:
        assert any(abs(value - x) <= 0.5e-4 for x in shown), value  # drawn to 4 decimals, like the tables


def test_tanh_of_the_cell_is_drawn_even_when_the_output_gate_underflows():
    params = handset.gender_params()
    st = trace.step(params, handset.embed(["Mary"])[0])
    # With o = 0 (sigma underflows for a pre-activation below about -745), the
    # drawn tanh(C_t) must still be tanh(C_t), not h/o = 0/0.
    tiny = st._replace(o=np.full_like(st.o, 0.0), h=np.zeros_like(st.h))
    svg = diagram.cell_svg(step=tiny, unit=handset.GENDER_UNIT)
    assert "nan" not in svg and "inf" not in svg
    assert f"{np.tanh(st.c[handset.GENDER_UNIT]):+.4f}" in svg


@pytest.mark.parametrize("gate", sorted(diagram.PATHS))
def test_highlight_lights_exactly_its_path(gate):
    svg = diagram.cell_svg(highlight=gate)
    lit = len(re.findall(r'class="lstm-diagram-hl"', svg))
    assert lit == len(diagram.PATHS[gate])
    assert diagram.NAMES[gate] in svg  # the title says what is lit


def test_ids_follow_the_ident():
    a, b = diagram.cell_svg(ident="one"), diagram.cell_svg(ident="two")
    ids_a, ids_b = set(re.findall(r'id="([^"]+)"', a)), set(re.findall(r'id="([^"]+)"', b))
    assert ids_a and not ids_a & ids_b


def test_notebook_output_has_no_memory_address():
    """The text/plain output is stored in the built site's _sources/*.ipynb; a
    default repr (with 0x…) made two clean builds differ."""
    d = diagram.cell_diagram(highlight="f", caption="The forget gate")
    assert repr(d) == repr(diagram.cell_diagram(highlight="f", caption="The forget gate"))
    assert "0x" not in repr(d)
    assert "<figcaption>The forget gate</figcaption>" in d._repr_html_()


@pytest.mark.parametrize(
    "kwargs",
    [
        {"highlight": "x"},
        {"highlight": 3},
        {"step": "Mary"},
        {"ident": "a b"},
        {"ident": 5},
    ],
)
def test_bad_arguments_are_refused(kwargs):
    with pytest.raises(ValueError):
        diagram.cell_svg(**kwargs)


def test_unit_out_of_range_is_refused(mary_step):
    with pytest.raises(ValueError, match="unit"):
        diagram.cell_svg(step=mary_step, unit=mary_step.f.shape[-1])


# Which wire each number describes: (the wire's data-part, which of its sub-paths). wire-tanh has two
# sub-paths: C_t going down into tanh, and tanh(C_t) coming out of it towards × o.
NUMBER_WIRES = {
    "c_prev": ("wire-c-prev", 0),
    "f": ("wire-f", 0),
    "kept": ("wire-kept", 0),
    "i": ("wire-i", 0),
    "g": ("wire-g", 0),
    "write": ("wire-write", 0),
    "c": ("wire-c", 0),
    "o": ("wire-o", 0),
    "tanh_c": ("wire-tanh", 1),
    "h": ("wire-h", 0),
}


def segments(d: str):
    """The straight segments of an SVG path made of M, H and V commands, by sub-path."""
    out, sub, x, y = [], -1, 0.0, 0.0
    tokens = d.split()
    for k in range(0, len(tokens), 1):
        command = tokens[k]
        if command == "M":
            x, y, sub = float(tokens[k + 1]), float(tokens[k + 2]), sub + 1
        elif command == "H":
            out.append((sub, (x, y), (float(tokens[k + 1]), y)))
            x = float(tokens[k + 1])
        elif command == "V":
            out.append((sub, (x, y), (x, float(tokens[k + 1]))))
            y = float(tokens[k + 1])
    return out


def gap(box, a, b) -> float:
    """The distance between a text's box (x0, y0, x1, y1) and the segment from a to b."""
    x0, y0, x1, y1 = box
    points = [(a[0] + (b[0] - a[0]) * k / 100, a[1] + (b[1] - a[1]) * k / 100) for k in range(101)]
    return min(math.hypot(max(x0 - px, 0, px - x1), max(y0 - py, 0, py - y1)) for px, py in points)


def test_each_number_sits_beside_the_wire_it_describes(mary_step):
    """A number is read as the value of the wire nearest to it: that must be its own wire
    (tanh(C_t) beside the wire out of tanh, not the one carrying C_t into it)."""
    root = ET.fromstring(diagram.cell_svg(step=mary_step, unit=handset.GENDER_UNIT))
    wires = [
        (path.get("data-part"), sub, a, b)
        for path in root.iter(SVG + "path")
        if (path.get("data-part") or "").startswith("wire-")
        for sub, a, b in segments(path.get("d"))
    ]
    for text in root.iter(SVG + "text"):
        key = text.get("data-num")
        if key not in NUMBER_WIRES:
            continue
        width = 7.0 * len(text.text)  # about 7 px a character at the diagram's font size, 10 px high
        x, y = float(text.get("x")), float(text.get("y"))
        x0 = x - width if text.get("text-anchor") == "end" else x
        nearest = min(wires, key=lambda w: gap((x0, y - 10, x0 + width, y), w[2], w[3]))
        assert nearest[:2] == NUMBER_WIRES[key], (key, nearest)
