"""Plotly charts of a trace. Data go in as plain lists, so the figure's JSON
holds the exact float64 values lstm_calc computed (no binary encoding)."""

from __future__ import annotations

import html

import plotly.graph_objects as go

from .presets import pronoun
from .trace import Trace

HE_COLOUR = "#1f6fb2"
SHE_COLOUR = "#b2361f"


def gender_chart(trace: Trace, unit: int, title: str = "The gender cell, token by token") -> go.Figure:
    """C_t and h_t of ``unit`` (0-based) per token, with the he/she readout of h_t.

    The background is split at 0: above, the readout says "he"; below, "she".
    """
    table = trace.unit_table(unit)
    steps = list(range(1, trace.T + 1))
    labels = [html.escape(tok) for tok in trace.tokens]  # plotly renders tick text as HTML
    c, h = table["C"].tolist(), table["h"].tolist()
    said = [pronoun(v) for v in h]
    top = 1.15 * max(1.0, *(abs(v) for v in c + h))

    fig = go.Figure()
    fig.add_hrect(y0=0, y1=top, fillcolor=HE_COLOUR, opacity=0.08, line_width=0)
    fig.add_hrect(y0=-top, y1=0, fillcolor=SHE_COLOUR, opacity=0.08, line_width=0)
    fig.add_annotation(x=0.01, y=0.97, xref="paper", yref="paper", text="h > 0: “he”", showarrow=False,
                       xanchor="left", yanchor="top", font_color=HE_COLOUR)
    fig.add_annotation(x=0.01, y=0.03, xref="paper", yref="paper", text="h < 0: “she”", showarrow=False,
                       xanchor="left", yanchor="bottom", font_color=SHE_COLOUR)
    fig.add_trace(go.Scatter(
        x=steps, y=c, name=f"C (cell of unit {unit + 1})", mode="lines+markers",
        line=dict(color="#555555", dash="dot"), customdata=labels,
        hovertemplate="%{customdata}: C = %{y:.4f}<extra></extra>",
    ))
    fig.add_trace(go.Scatter(
        x=steps, y=h, name=f"h (hidden state of unit {unit + 1})", mode="lines+markers+text",
        line=dict(color="#222222"), text=said, textposition=["bottom center" if s == "he" else "top center" for s in said],
        marker=dict(size=10, color=[HE_COLOUR if s == "he" else SHE_COLOUR if s == "she" else "#888888" for s in said]),
        customdata=labels, hovertemplate="%{customdata}: h = %{y:.4f} → %{text}<extra></extra>",
    ))
    fig.update_layout(
        title=title, template="plotly_white", height=420, margin=dict(l=60, r=20, t=60, b=60),
        legend=dict(orientation="h", yanchor="bottom", y=-0.3, x=0),
        xaxis=dict(tickmode="array", tickvals=steps, ticktext=labels, title="token"),
        yaxis=dict(range=[-top, top], zeroline=True, zerolinecolor="#444444", title="value"),
    )
    return fig
