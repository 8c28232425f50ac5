"""The book's plotly charts, its cell heatmap, and its colours. Data go in as
plain lists, so the figure's JSON holds the exact float64 values lstm_calc
computed (no binary encoding). Colours come from ``lstm_book.palette`` (light values; the
site redraws every chart in the page's mode) and reach the explorables' script
as data (``COLOURS``). ``fit_narrow`` lays every chart out for a phone's screen
as well as a wide one."""

from __future__ import annotations

import html
import math
import textwrap

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from lstm_calc import Trace, _check, sigmoid

from .handset import pronoun
from .palette import LIGHT, SERIES
from .tables import unit_table

# -- The charts -------------------------------------------------------------------------

HE_COLOUR = LIGHT["he"]
SHE_COLOUR = LIGHT["she"]
CELL_COLOUR = LIGHT["cell"]  # C, dotted
HIDDEN_COLOUR = LIGHT["hidden"]  # h, solid
NEUTRAL_COLOUR = LIGHT["neutral"]  # a readout that says nothing yet
RULE_COLOUR = LIGHT["rule"]  # zero lines
GUIDE_COLOUR = LIGHT["guide"]  # dotted reference lines
COLOURS = {"he": HE_COLOUR, "she": SHE_COLOUR, "cell": CELL_COLOUR, "hidden": HIDDEN_COLOUR, "neutral": NEUTRAL_COLOUR}
# Every chart's layout starts from this: the site replaces the template with one in the
# page's mode (_static/lstm-book-plotly.js); the colorway holds no he/she colour.
LAYOUT = dict(template="plotly_white", colorway=SERIES)

# A chart on a 390 px phone is 358 px wide (326 px inside an explorable's frame). Plotly wraps
# no text itself, and rotates tick labels that do not fit, whatever lies beneath them.
LINE_CHARACTERS = 45  # a title line that fits the 338 px right of where a 358 px chart's title starts (~7.4 px each)
TITLE_LINE_PX = 22  # what each added line of the title adds to the top margin
SUBTITLE_LINE_PX = 20  # the height of each added line of a subplot's title (16 px)


def wrap_text(text: str, width: int = LINE_CHARACTERS) -> str:
    """``text`` on as few lines of at most ``width`` characters as it needs, of balanced
    lengths (two lines break after a colon or a semicolon where they can), joined by
    " <br>" (the space keeps two words apart where the tag is stripped, as in a chart's
    aria-label). Text of ``width`` characters or fewer, or already broken into lines, is
    returned as it is; a single word longer than ``width`` is not cut."""
    text = _check.text("text", text, empty=True)
    width = _check.integer("width", width, low=1)
    if len(text) <= width or "<br>" in text:
        return text
    fewest = len(textwrap.wrap(text, width, break_long_words=False))
    if fewest == 2:  # two lines: after a colon or a semicolon if both halves fit, the most even such split
        splits = [(text[: k + 1], text[k + 2 :]) for k in range(len(text) - 1) if text[k : k + 2] in (": ", "; ")]
        splits = [pair for pair in splits if max(map(len, pair)) <= width]
        if splits:
            return " <br>".join(min(splits, key=lambda pair: max(map(len, pair))))
    for w in range(math.ceil(len(text) / fewest), width + 1):  # the narrowest width still needing no more lines
        lines = textwrap.wrap(text, w, break_long_words=False)
        if len(lines) == fewest:
            return " <br>".join(lines)
    return " <br>".join(textwrap.wrap(text, width, break_long_words=False))


def fit_narrow(fig: go.Figure) -> go.Figure:
    """Lay ``fig`` out so that a phone's narrow chart keeps its title and labels (on a wide
    screen a long title takes two lines, and the legend sits at the figure's foot). Only
    the layout changes: the data are not touched.

    - the title and every annotation (a subplot's title) longer than a phone's line are
      wrapped (``wrap_text``), and the top margin and the figure grow by the lines added
      above the plot;
    - a horizontal legend below the plot is anchored to the bottom of the figure instead of
      the plot, so plotly keeps room for it below the tick labels, however tall these grow
      when a narrow chart turns them on their side.
    """
    _check.instance("fig", fig, go.Figure, "a plotly Figure")
    layout = fig.layout
    added = 0
    title = layout.title.text
    if title:
        layout.title.text = wrap_text(title)
        added += TITLE_LINE_PX * (layout.title.text.count("<br>") - title.count("<br>"))
    top_lines = 0
    for note in layout.annotations:
        if note.text:
            text = wrap_text(note.text)
            if note.yref == "paper" and note.y is not None and note.y >= 1 and note.yanchor == "bottom":
                top_lines = max(top_lines, text.count("<br>") - note.text.count("<br>"))
            note.text = text
    # plotly centres the title in the top margin: a line added to a subplot's title above the plot
    # must grow the margin twice over to keep the gap between the two
    added += 2 * SUBTITLE_LINE_PX * top_lines
    if added:  # the figure grows by what the title gained, so the plot keeps its height
        layout.margin.t = (80 if layout.margin.t is None else layout.margin.t) + added
        layout.height = (450 if layout.height is None else layout.height) + added
    legend = layout.legend
    if legend.orientation == "h" and legend.y is not None and legend.y < 0:
        layout.legend.update(yref="container", y=0, yanchor="bottom")
    return fig


def gender_chart(trace: Trace, unit: int, title: str = "The gender cell, token by token") -> go.Figure:
    """C_t and h_t of ``unit`` (0-based) per token, with the he/she readout of h_t."""
    _check.text("title", title, empty=True)
    return readout_chart(trace, unit, pronoun, ("he", "she"), title)


def readout_chart(trace: Trace, unit: int, readout, words: tuple[str, str], title: str) -> go.Figure:
    """C_t and h_t of ``unit`` (0-based) per token, with ``readout(h_t)`` written
    where it changes (at the first token and wherever it differs from the token
    before; every point's readout is in its hover text). The background is split
    at 0: above, the readout says ``words[0]``; below, ``words[1]``.
    """
    _check.function("readout", readout), _check.text("title", title, empty=True)
    if len(_check.texts("words", words)) != 2:
        raise ValueError(f"words must be two words (h > 0, h < 0), got {words!r}")
    table = unit_table(trace, unit)
    steps = list(range(1, trace.T + 1))
    labels = [html.escape(tok) for tok in trace.tokens]  # plotly renders tick text as HTML
    c, h = table["C"].tolist(), table["h"].tolist()
    said = [readout(v) for v in h]
    up, down = words
    top = 1.15 * max(1.0, *(abs(v) for v in c + h))

    fig = go.Figure()
    fig.add_hrect(y0=0, y1=top, fillcolor=HE_COLOUR, opacity=0.08, line_width=0)
    fig.add_hrect(y0=-top, y1=0, fillcolor=SHE_COLOUR, opacity=0.08, line_width=0)
    fig.add_annotation(
        x=0.01,
        y=0.97,
        xref="paper",
        yref="paper",
        text=f"h > 0: “{up}”",
        showarrow=False,
        xanchor="left",
        yanchor="top",
        font_color=HE_COLOUR,
    )
    fig.add_annotation(
        x=0.01,
        y=0.03,
        xref="paper",
        yref="paper",
        text=f"h < 0: “{down}”",
        showarrow=False,
        xanchor="left",
        yanchor="bottom",
        font_color=SHE_COLOUR,
    )
    fig.add_trace(
        go.Scatter(
            x=steps,
            y=c,
            name=f"C (cell of unit {unit + 1})",
            mode="lines+markers",
            line=dict(color=CELL_COLOUR, dash="dot"),
            customdata=labels,
            hovertemplate="%{customdata}: C = %{y:.4f}<extra></extra>",
        )
    )
    fig.add_trace(
        go.Scatter(
            x=steps,
            y=h,
            name=f"h (hidden state of unit {unit + 1})",
            mode="lines+markers+text",
            line=dict(color=HIDDEN_COLOUR),
            text=[word if t == 0 or word != said[t - 1] else "" for t, word in enumerate(said)],
            textposition=["bottom center" if s == up else "top center" for s in said],
            marker=dict(
                size=10, color=[HE_COLOUR if s == up else SHE_COLOUR if s == down else NEUTRAL_COLOUR for s in said]
            ),
            customdata=[[label, word] for label, word in zip(labels, said, strict=True)],
            hovertemplate="%{customdata[0]}: h = %{y:.4f} → %{customdata[1]}<extra></extra>",
        )
    )
    fig.update_layout(
        title=title,
        **LAYOUT,
        height=420,
        margin=dict(l=60, r=20, t=60, b=60),
        legend=dict(orientation="h", yanchor="bottom", y=-0.3, x=0),
        xaxis=dict(tickmode="array", tickvals=steps, ticktext=labels, title="token"),
        yaxis=dict(range=[-top, top], zeroline=True, zerolinecolor=RULE_COLOUR, title="value"),
    )
    return fit_narrow(fig)


def reach_chart(curves, title: str = "How far back the gradient reaches") -> go.Figure:
    """The norm ‖∂h_T/∂x_t‖ against the distance T-1-t on a log scale, one line per
    setting of ``reach.reach_curves``: RNNs solid, LSTMs dashed."""
    _frame("curves", curves, ("label", "model", "distance", "norm")), _check.text("title", title, empty=True)
    fig = go.Figure()
    for label, part in curves.groupby("label", sort=False):
        is_rnn = part["model"].iloc[0] == "RNN"
        fig.add_trace(
            go.Scatter(
                x=part["distance"].tolist(),
                y=part["norm"].tolist(),
                name=label,
                mode="lines",
                line=dict(dash="solid" if is_rnn else "dash", width=2),
                hovertemplate=label + "<br>%{x} steps back: %{y:.2e}<extra></extra>",
            )
        )
    return steps_back_layout(fig, title, "‖∂h_T / ∂x_t‖ (median of the draws)", height=640)


def _frame(name: str, value, columns) -> None:
    if not isinstance(value, pd.DataFrame) or not set(columns) <= set(value.columns):
        raise ValueError(f"{name} must be a table with the columns {list(columns)}, got {_check.describe(value)}")


def steps_back_layout(fig: go.Figure, title: str, y_title: str, height: int) -> go.Figure:
    """The layout of a chart over the distance T − t with a log y axis (the gradient's reach)."""
    _check.instance("fig", fig, go.Figure, "a plotly Figure")
    _check.text("title", title, empty=True), _check.text("y_title", y_title, empty=True)
    _check.integer("height", height, low=1)
    fig.update_layout(
        title=title,
        **LAYOUT,
        height=height,
        margin=dict(l=70, r=20, t=60, b=60),
        xaxis=dict(title="steps back, T − t"),
        yaxis=dict(title=y_title, type="log", exponentformat="power"),
        legend=dict(orientation="h", yanchor="top", y=-0.15, x=0),
    )
    return fit_narrow(fig)


def activation_chart(title: str = "The two squashing functions") -> go.Figure:
    """σ(a) in (0, 1) for the gates and tanh(a) in (-1, 1) for the candidate and the output."""
    _check.text("title", title, empty=True)
    a = np.linspace(-6.0, 6.0, 121)
    fig = go.Figure()
    fig.add_trace(
        go.Scatter(
            x=a.tolist(),
            y=sigmoid(a).tolist(),
            name="σ(a): gates f, i, o",
            mode="lines",
            line=dict(color=HE_COLOUR, width=3),
        )
    )
    fig.add_trace(
        go.Scatter(
            x=a.tolist(),
            y=np.tanh(a).tolist(),
            name="tanh(a): candidate C̃, and tanh(C)",
            mode="lines",
            line=dict(color=SHE_COLOUR, width=3),
        )
    )
    for y in (-1.0, 0.0, 1.0):
        fig.add_hline(y=y, line=dict(color=GUIDE_COLOUR, width=1, dash="dot"))
    fig.update_layout(
        title=title,
        **LAYOUT,
        height=400,
        margin=dict(l=60, r=20, t=60, b=60),
        xaxis=dict(title="pre-activation a"),
        yaxis=dict(title="value", range=[-1.15, 1.15]),
        legend=dict(orientation="h", yanchor="bottom", y=-0.35, x=0),
    )
    return fit_narrow(fig)


def variants_chart(
    traces: dict, unit: int, title: str = "The gender unit's hidden state in every variant"
) -> go.Figure:
    """h_t of ``unit`` per token for each named trace, overlaid."""
    if (
        not isinstance(traces, dict)
        or not traces
        or not all(isinstance(k, str) and isinstance(t, Trace) for k, t in traces.items())
    ):
        raise ValueError(f"traces must be a non-empty dict of name -> lstm_calc.Trace, got {_check.describe(traces)}")
    first = next(iter(traces.values()))
    _check.integer("unit", unit, low=0, high=min(t.n_h for t in traces.values()))
    _check.text("title", title, empty=True)
    steps = list(range(1, first.T + 1))
    fig = go.Figure()
    for (name, trace), dash in zip(traces.items(), ("solid", "dash", "dot", "dashdot", "longdash")):
        fig.add_trace(
            go.Scatter(
                x=steps,
                y=trace.h[:, unit].tolist(),
                name=name,
                mode="lines+markers",
                line=dict(dash=dash, width=2),
                hovertemplate=name + ": h = %{y:.4f}<extra></extra>",
            )
        )
    fig.add_hline(y=0, line=dict(color=RULE_COLOUR, width=1))
    fig.update_layout(
        title=title,
        **LAYOUT,
        height=440,
        margin=dict(l=60, r=20, t=60, b=60),
        xaxis=dict(tickmode="array", tickvals=steps, ticktext=[html.escape(t) for t in first.tokens], title="token"),
        yaxis=dict(title="h of the gender unit (> 0: “he”, < 0: “she”)", range=[-1.1, 1.1]),
        legend=dict(orientation="h", yanchor="bottom", y=-0.35, x=0),
    )
    return fit_narrow(fig)


def loss_chart(losses, title: str = "Training loss") -> go.Figure:
    """The loss of each training batch, on a log scale."""
    _check.array("losses", losses, ("steps",)), _check.text("title", title, empty=True)
    fig = go.Figure(
        go.Scatter(
            x=list(range(1, len(losses) + 1)),
            y=[float(v) for v in losses],
            mode="lines",
            name="batch loss",
            line=dict(color=HE_COLOUR),
        )
    )
    fig.update_layout(
        title=title,
        **LAYOUT,
        height=360,
        margin=dict(l=70, r=20, t=60, b=60),
        xaxis=dict(title="Adam step"),
        yaxis=dict(title="cross-entropy", type="log", exponentformat="power"),
    )
    return fit_narrow(fig)


def accuracy_chart(table, trained_up_to: int, title: str = "Held-out accuracy by distractor length") -> go.Figure:
    """Accuracy (column "accuracy", a fraction; drawn in percent) against distractor
    length (the index), with the lengths seen in training shaded."""
    _frame("table", table, ("accuracy",))
    _check.integer("trained_up_to", trained_up_to, low=0), _check.text("title", title, empty=True)
    fig = go.Figure(
        go.Scatter(
            x=[int(v) for v in table.index],
            y=(100 * table["accuracy"]).tolist(),
            mode="lines+markers",
            name="accuracy",
            line=dict(color=HE_COLOUR),
            hovertemplate="%{x} distractor tokens: %{y:.1f} percent<extra></extra>",
        )
    )
    fig.add_vrect(
        x0=-0.5,
        x1=trained_up_to + 0.5,
        fillcolor=NEUTRAL_COLOUR,
        opacity=0.12,
        line_width=0,
        annotation_text="lengths seen in training",
        annotation_position="bottom left",  # the data run along the top
    )
    fig.add_hline(y=50, line=dict(color=GUIDE_COLOUR, dash="dot"), annotation_text="chance")
    fig.update_layout(
        title=title,
        **LAYOUT,
        height=400,
        margin=dict(l=60, r=20, t=60, b=60),
        xaxis=dict(title="distractor tokens between subject and verb"),
        yaxis=dict(title="accuracy (%)", range=[40, 102]),
    )
    return fit_narrow(fig)


def cell_heatmap_html(rows, caption: str) -> str:
    """Tokens coloured by a cell's value, after Karpathy et al. (2015): blue for
    positive ("he"), red for negative ("she"), stronger for larger values of either sign.

    ``rows`` holds (tokens, values) pairs, one line each. Every token keeps its
    value in a ``title`` (hover). A chip's colour is the palette's ``heat-pos`` or
    ``heat-neg`` of the page's mode, at ``--heat`` percent over the page (the
    stylesheet mixes them), under the page's own text colour: readable in both modes.
    """
    _check.text("caption", caption, empty=True)
    for k, row in enumerate(_check.items("rows", rows)):
        if not isinstance(row, (tuple, list)) or len(row) != 2:
            raise ValueError(f"rows must hold (tokens, values) pairs, got {_check.describe(row)} at index {k}")
        n = len(_check.texts(f"rows[{k}] tokens", row[0]))
        _check.vector(f"rows[{k}] values", row[1], n)
    peak = max(max(abs(float(v)) for v in values) for _, values in rows) or 1.0
    lines = []
    for tokens, values in rows:
        spans = []
        for tok, v in zip(tokens, values):
            strength = round(100 * min(abs(float(v)) / peak, 1.0))
            sign = "pos" if v > 0 else "neg"
            spans.append(
                f'<span class="lstm-book-heat lstm-book-heat-{sign}" title="{html.escape(tok)}: {float(v):+.3f}" '
                f'style="--heat:{strength}%">{html.escape(tok)}</span>'
            )
        lines.append('<div class="lstm-book-heat-line">' + " ".join(spans) + "</div>")
    return (
        f'<figure class="lstm-book-heatmap"><figcaption>{html.escape(caption)}</figcaption>'
        + "".join(lines)
        + "</figure>"
    )


def two_cells_chart(tokens, hand_set, learned, title: str = "The hand-set and the learned gender cell") -> go.Figure:
    """Two panels over the same tokens: the hand-set cell and the learned cell."""
    n = len(_check.texts("tokens", tokens))
    (
        _check.vector("hand_set", hand_set, n),
        _check.vector("learned", learned, n),
        _check.text("title", title, empty=True),
    )

    steps = list(range(1, len(tokens) + 1))
    fig = make_subplots(
        rows=2,
        cols=1,
        shared_xaxes=True,
        vertical_spacing=0.12,
        subplot_titles=("hand-set LSTM, unit 3", "trained LSTM, its gender unit (he positive)"),
    )
    for row, values, colour in ((1, hand_set, CELL_COLOUR), (2, learned, HE_COLOUR)):
        fig.add_trace(
            go.Scatter(
                x=steps,
                y=[float(v) for v in values],
                mode="lines+markers",
                showlegend=False,
                line=dict(color=colour),
                hovertemplate="C = %{y:.3f}<extra></extra>",
            ),
            row=row,
            col=1,
        )
        fig.add_hline(y=0, line=dict(color=RULE_COLOUR, width=1), row=row, col=1)
    fig.update_xaxes(tickmode="array", tickvals=steps, ticktext=[html.escape(t) for t in tokens], row=2, col=1)
    fig.update_yaxes(title_text="C", row=1, col=1)
    fig.update_yaxes(title_text="C", row=2, col=1)
    fig.update_layout(title=title, **LAYOUT, height=520, margin=dict(l=60, r=20, t=80, b=60))
    return fit_narrow(fig)
