"""The cell diagram: one picture of an LSTM step, drawn as SVG by the book.

The cell line runs across the top (C_{t-1} in, C_t out); h_{t-1} and x_t
enter at the bottom and meet as z_t; the three gates and the candidate read z_t;
the forget gate's ⊙, the write's ⊙ and the + update the cell; the output gate
and tanh(C_t) give h_t. ``cell_svg`` can highlight one gate's path, as colah's
"Understanding LSTM Networks" does step by step, and can write one unit's
numbers on the wires (from an ``LSTMStep``): nothing in the picture is typed by
hand. Colours come from the site's CSS (``currentColor`` and the class
``lstm-diagram-hl``), so the picture follows light and dark mode.
"""

from __future__ import annotations

import html

import numpy as np

from lstm_calc import LSTMStep, _check

PARTS = ("f", "i", "g", "o")
# Which elements each gate's path lights up.
PATHS = {
    "f": {"box-f", "wire-f", "mul-f", "wire-kept", "wire-c-prev"},
    "i": {"box-i", "wire-i", "mul-i", "wire-write"},
    "g": {"box-g", "wire-g", "mul-i", "wire-write"},
    "o": {"box-o", "wire-o", "mul-o", "tanh-c", "wire-tanh", "wire-h"},
    "c": {"wire-c-prev", "mul-f", "wire-kept", "add", "wire-write", "wire-c"},
}
NAMES = {
    "f": "the forget gate f",
    "i": "the input gate i",
    "g": "the candidate C̃",
    "o": "the output gate o",
    "c": "the cell line",
}


def _cls(key: str, lit: set) -> str:
    """The part's name (``data-part``, which the live explorable links to the equations
    and tables) and, if it is lit, the highlight class."""
    return f' data-part="{key}"' + (' class="lstm-diagram-hl"' if key in lit else "")


def _unit_count(step: LSTMStep) -> int:
    """The number of units of ``step``, once every field it shows is a finite vector of that length."""
    n_h = _check.array("step.f", step.f, ("n_h",)).shape[0]
    for name in ("c_prev", "kept", "i", "g", "write", "o", "c", "h"):
        _check.vector(f"step.{name}", getattr(step, name), n_h)
    _check.array("step.z", step.z, ("n_h + n_in",))
    if len(step.z) <= n_h:
        raise ValueError(f"step.z must be [h_prev; x], longer than n_h = {n_h}, got length {len(step.z)}")
    return n_h


def cell_svg(
    highlight: str | None = None,
    step: LSTMStep | None = None,
    unit: int = 0,
    title: str | None = None,
    ident: str = "cell",
) -> str:
    """The SVG of one LSTM step. ``highlight`` is one of "f", "i", "g", "o", "c"
    (the cell line) or None; with ``step``, unit ``unit``'s values are written
    on the wires. ``ident`` makes the ids of the title and description unique on
    a page."""
    if highlight is not None and (not isinstance(highlight, str) or highlight not in PATHS):
        raise ValueError(f"highlight must be one of {sorted(PATHS)} or None, got {highlight!r}")
    if step is not None and not isinstance(step, LSTMStep):
        raise ValueError(f"step must be an lstm_calc.LSTMStep, got {type(step).__name__}")
    unit = _check.integer("unit", unit, low=0, high=None if step is None else _unit_count(step))
    if title is not None:
        _check.text("title", title, empty=True)
    if not isinstance(ident, str) or not ident.replace("-", "").isalnum():
        raise ValueError(f"ident must be letters, digits and dashes, got {ident!r}")
    lit = PATHS.get(highlight, set())
    v = (
        {}
        if step is None
        else {k: float(getattr(step, k)[unit]) for k in ("c_prev", "f", "kept", "i", "g", "write", "o", "c", "h")}
    )
    if step is not None:
        v["h_prev"] = float(step.z[unit])
        v["tanh_c"] = float(np.tanh(step.c[unit]))

    def num(key, x, y, anchor="start"):
        if key not in v:
            return ""
        return (
            f'<text x="{x}" y="{y}" class="lstm-diagram-num" data-num="{key}" '
            f'text-anchor="{anchor}">{v[key]:+.4f}</text>'
        )

    def box(key, x, label):
        return (
            f'<g{_cls("box-" + key, lit)}><rect x="{x - 29}" y="165" width="58" height="30" rx="5"/>'
            f'<text x="{x}" y="185" text-anchor="middle">{label}</text></g>'
        )

    def op(key, x, y, sign):
        return (
            f'<g{_cls(key, lit)}><circle cx="{x}" cy="{y}" r="11"/>'
            f'<text x="{x}" y="{y + 5}" text-anchor="middle">{sign}</text></g>'
        )

    def wire(key, d):
        return f'<path{_cls(key, lit)} d="{d}"/>'

    title = title or ("An LSTM step" + (f", with {NAMES[highlight]} highlighted" if highlight else ""))
    desc = (
        "The cell line runs across the top: C_{t-1} is multiplied by the forget gate f, then the write "
        "i times C-tilde is added, giving C_t. Below, h_{t-1} and x_t are joined into z_t, which the forget "
        "gate, the input gate, the candidate and the output gate all read. h_t is the output gate times "
        "tanh(C_t)."
    )
    if v:
        desc += " Unit " + str(unit + 1) + ": " + ", ".join(f"{k} = {x:+.4f}" for k, x in v.items()) + "."
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 640 310" class="lstm-diagram" role="img" '
        f'aria-labelledby="{ident}-title {ident}-desc">',
        f'<title id="{ident}-title">{html.escape(title)}</title><desc id="{ident}-desc">{html.escape(desc)}</desc>',
        '<g class="lstm-diagram-wires" fill="none">',
        wire("wire-c-prev", "M 20 60 H 169"),
        wire("wire-kept", "M 191 60 H 309"),
        wire("wire-c", "M 331 60 H 620"),
        wire("wire-f", "M 180 165 V 71"),
        wire("wire-i", "M 250 165 V 120 H 309"),
        wire("wire-g", "M 320 165 V 131"),
        wire("wire-write", "M 320 109 V 71"),
        wire("wire-o", "M 420 165 V 150 H 469"),
        wire("wire-tanh", "M 480 60 V 96 M 480 118 V 139"),
        wire("wire-h", "M 491 150 H 560 V 270 H 620"),
        '<path d="M 20 250 H 420 M 100 295 V 250 M 180 250 V 195 M 250 250 V 195 M 320 250 V 195 M 420 250 V 195"/>',
        "</g>",
        '<g class="lstm-diagram-nodes">',
        box("f", 180, "σ  f"),
        box("i", 250, "σ  i"),
        box("g", 320, "tanh  C̃"),
        box("o", 420, "σ  o"),
        op("mul-f", 180, 60, "×"),
        op("add", 320, 60, "+"),
        op("mul-i", 320, 120, "×"),
        op("mul-o", 480, 150, "×"),
        f'<g{_cls("tanh-c", lit)}><rect x="455" y="96" width="50" height="22" rx="11"/>'
        '<text x="480" y="112" text-anchor="middle">tanh</text></g>',
        "</g>",
        '<g class="lstm-diagram-labels">',
        '<text x="20" y="48">Cₜ₋₁</text><text x="620" y="48" text-anchor="end">Cₜ</text>',
        '<text x="20" y="240">hₜ₋₁</text><text x="108" y="300">xₜ</text>',
        '<text x="620" y="262" text-anchor="end">hₜ</text>',
        '<text x="430" y="244">zₜ = [hₜ₋₁; xₜ]</text>',
        "</g>",
        num("c_prev", 60, 80),
        num("f", 186, 110),
        num("kept", 200, 80),
        num("i", 256, 140),
        num("g", 326, 155),
        num("write", 328, 95),
        num("c", 620, 80, "end"),
        num("o", 415, 145),
        num("tanh_c", 487, 134),
        num("h", 620, 290, "end"),
        num("h_prev", 20, 270),
        "</svg>",
    ]
    return "".join(parts)


class Diagram:
    """The diagram as a notebook output (HTML), with a caption under it."""

    def __init__(self, svg: str, caption: str = ""):
        self.svg, self.caption = _check.text("svg", svg), _check.text("caption", caption, empty=True)

    def __repr__(self) -> str:
        # The notebook stores this as the text/plain output beside the HTML;
        # the default repr holds a memory address, which made two clean
        # builds differ in _sources/*.ipynb.
        return f"Diagram(caption={self.caption!r})" if self.caption else "Diagram()"

    def _repr_html_(self) -> str:
        caption = f"<figcaption>{html.escape(self.caption)}</figcaption>" if self.caption else ""
        return f'<figure class="lstm-diagram-figure">{self.svg}{caption}</figure>'


def cell_diagram(
    highlight: str | None = None, step: LSTMStep | None = None, unit: int = 0, caption: str = "", ident: str = "cell"
) -> Diagram:
    """``cell_svg`` wrapped for display in a chapter."""
    _check.text("caption", caption, empty=True)
    return Diagram(cell_svg(highlight, step, unit, ident=ident), caption)
