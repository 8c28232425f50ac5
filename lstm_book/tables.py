"""pandas tables of the library's arrays, with the book's labels and formats.

Every label of a quantity is written here once (``LABELS``), and the
explorables' script receives the same labels as data.

Every table of the book is a ``Table``: a DataFrame that shows each column with
one format, set here (``formatted``), rather than with pandas' own choice per
column (which writes 0.80 beside -0.4, or 1.9865e+00 beside 0.9933). Floats get
a fixed number of decimals, integers are shown as integers, and the numbers
themselves are untouched, so code and tests read the exact values.
"""

from __future__ import annotations

import numbers
import re

import numpy as np
import pandas as pd

from lstm_calc import GATES, LSTMParams, Trace, _check, cell_state

DECIMALS = 4  # the book's default: every float of a table to four decimals
NEGLIGIBLE = 0.5e-4  # a cell below this in magnitude shows as 0.0000 at four decimals

# One label per quantity, as the tables, charts and explorables show it.
LABELS = {
    "c_prev": "Cₜ₋₁ (old cell)",
    "f": "fₜ (forget gate)",
    "i": "iₜ (input gate)",
    "g": "C̃ₜ (candidate)",
    "o": "oₜ (output gate)",
    "kept": "fₜ⊙Cₜ₋₁ (kept)",
    "write": "iₜ⊙C̃ₜ (write)",
    "c": "Cₜ (new cell)",
    "h": "hₜ (hidden state)",
    "h_prev": "hₜ₋₁ (old state)",
    "r": "rₜ (reset gate)",
    "u": "uₜ (update gate)",
    "n": "nₜ (candidate)",
}
# Short column names of a unit's table over time.
SHORT = {
    "f": "f",
    "i": "i",
    "g": "C̃",
    "o": "o",
    "c": "C",
    "h": "h",
    "r": "r",
    "u": "u",
    "n": "n",
    "c_prev": "Cₜ₋₁",
    "kept": "f⊙Cₜ₋₁",
    "write": "i⊙C̃",
    "h_prev": "hₜ₋₁",
}
# The rows of a memory table: the old cell, × f, = what is kept, + the write, = the new cell.
MEMORY_ROWS = {
    "c_prev": "Cₜ₋₁ (old cell)",
    "f": "× fₜ (forget gate)",
    "kept": "= fₜ⊙Cₜ₋₁ (kept)",
    "write": "+ iₜ⊙C̃ₜ (write)",
    "c": "= Cₜ (new cell)",
}
GATE_TITLES = {"f": "forget W_f", "i": "input W_i", "g": "candidate W_g", "o": "output W_o"}
# The columns of a unit in the focused memory table, one row per token: the gate, what it keeps,
# what is written, and the new cell (the old one is the row above's Cₜ).
FOCUS_COLUMNS = {"f": "f", "kept": "f⊙Cₜ₋₁", "write": "i⊙C̃", "c": "Cₜ"}


# -- Formats --------------------------------------------------------------------------------


class Table(pd.DataFrame):
    """A DataFrame shown with one format per column.

    ``formats`` maps a column's label to a format spec (``".4f"``, ``"+.2f"``,
    ``"d"``); every other float column gets ``decimals`` decimals and every integer
    column is shown as an integer. Only the display changes: the values stay exact.
    Made by ``formatted``; slicing, renaming or adding a column keeps the formats.
    """

    _metadata = ["formats", "decimals"]

    def __init__(self, *args, **kwargs):
        """As ``pandas.DataFrame``; ``formatted`` sets the formats."""
        super().__init__(*args, **kwargs)

    @property
    def _constructor(self):
        return Table

    def column_formatters(self) -> list:
        """One function per column, from value to the text shown."""
        formats = getattr(self, "formats", None) or {}
        decimals = getattr(self, "decimals", None)
        default = f".{DECIMALS if decimals is None else decimals}f"
        out = []
        for k, label in enumerate(self.columns):
            dtype = self.dtypes.iloc[k]
            if label in formats:
                spec = formats[label]
            elif pd.api.types.is_bool_dtype(dtype):
                spec = None
            elif pd.api.types.is_integer_dtype(dtype):
                spec = "d"
            else:
                spec = default
            out.append(_formatter(spec, default))
        return out

    def to_html(self, *args, **kwargs):
        """As ``pandas.DataFrame.to_html``, with this table's formats unless ``formatters`` is given;
        the cells and header of a column of text carry the class ``text`` (left-aligned by the
        site's CSS, where numbers are right-aligned)."""
        kwargs.setdefault("formatters", self.column_formatters())
        html = super().to_html(*args, **kwargs)
        text = {k for k in range(self.shape[1]) if self._is_text(k)}
        return _mark_text_columns(html, text, self.index.nlevels) if text and self.columns.nlevels == 1 else html

    def _is_text(self, k: int) -> bool:
        column = self.iloc[:, k]
        return not (pd.api.types.is_numeric_dtype(column.dtype) or column.map(_is_number).all())

    def to_string(self, *args, **kwargs):
        """As ``pandas.DataFrame.to_string``, with this table's formats unless ``formatters`` is given."""
        kwargs.setdefault("formatters", self.column_formatters())
        return super().to_string(*args, **kwargs)

    def _repr_html_(self) -> str:
        """As pandas shows a DataFrame in a notebook, with this table's formats."""
        option = pd.get_option
        return self.to_html(
            notebook=True,
            max_rows=option("display.max_rows"),
            max_cols=option("display.max_columns"),
            show_dimensions=option("display.show_dimensions"),
        )


def _formatter(spec: str | None, float_spec: str):
    """Value -> text. Integers as integers; floats with ``spec`` (``float_spec`` in an
    integer column); a float that rounds to zero without a minus sign; anything else as str."""
    int_spec = spec if spec is not None and spec.endswith("d") else "d"
    real_spec = float_spec if spec is None or spec.endswith("d") else spec

    def show(value) -> str:
        if spec is None or isinstance(value, (bool, np.bool_)):
            return str(value)
        if isinstance(value, (numbers.Integral, np.integer)):
            return format(int(value), int_spec)
        if isinstance(value, (numbers.Real, np.floating)) and np.isfinite(value):
            text = format(float(value), real_spec)
            return format(0.0, real_spec) if float(text) == 0.0 else text  # -0.0000 is 0.0000
        return str(value)

    return show


def _is_number(value) -> bool:
    return isinstance(value, (numbers.Real, np.number)) and not isinstance(value, (bool, np.bool_))


def _mark_text_columns(html: str, columns: set[int], index_levels: int) -> str:
    """pandas' HTML with ``class="text"`` on the cells and the header of the ``columns`` (0-based)."""

    def mark(tag: str, positions: set[int]):
        def row(match: re.Match) -> str:
            k = -1

            def cell(m: re.Match) -> str:
                nonlocal k
                k += 1
                return f'<{tag} class="text">' if k in positions else m.group(0)

            return re.sub(rf"<{tag}>", cell, match.group(0))

        return row

    head, sep, body = html.partition("</thead>")
    first_row = re.compile(r"<tr[^>]*>.*?</tr>", flags=re.S)
    head = first_row.sub(mark("th", {index_levels + c for c in columns}), head, count=1)
    body = re.sub(r"<tr>.*?</tr>", mark("td", columns), body, flags=re.S)
    return head + sep + body


def exact_decimals(values, most: int = DECIMALS) -> int:
    """The fewest decimals, at most ``most``, that show every number of ``values`` exactly
    (0.8, -0.4, 0.6 need one; 3, -2, 20 none), or ``most`` if some need more."""
    most = _check.integer("most", most, low=0, high=16)
    a = _check.array("values", values, None, finite=False).ravel()
    a = a[np.isfinite(a)]  # NaN and inf show as text, with no decimals
    for d in range(most + 1):
        if np.all(np.abs(np.round(a, d) - a) <= 1e-9 * np.maximum(1.0, np.abs(a))):
            return d
    return most


def formatted(frame: pd.DataFrame, decimals: int = DECIMALS, formats: dict | None = None) -> Table:
    """``frame`` as a ``Table``: every float shown with ``decimals`` decimals, every
    integer as an integer, and the columns named in ``formats`` with their own spec
    (``{"LSTM / RNN": ".2f"}``; a spec ending in ``d``, such as ``",d"`` for thousands
    separators, formats the column's integers). The values are unchanged."""
    if not isinstance(frame, pd.DataFrame):
        raise ValueError(f"frame must be a pandas DataFrame, got {type(frame).__name__}")
    decimals = _check.integer("decimals", decimals, low=0, high=16)
    formats = {} if formats is None else formats
    if not isinstance(formats, dict):
        raise ValueError(f"formats must be a dict of column -> format spec, got {type(formats).__name__}")
    for label, spec in formats.items():
        if label not in frame.columns:
            raise ValueError(
                f"formats names a column the table does not have: {label!r}; columns: {list(frame.columns)}"
            )
        try:
            format(1 if isinstance(spec, str) and spec.endswith("d") else 1.5, spec)
        except (TypeError, ValueError):
            raise ValueError(f"formats[{label!r}] must be a format spec for a number, got {spec!r}") from None
    table = Table(frame)
    table.formats, table.decimals = dict(formats), decimals
    return table


# -- Tables of a trace ---------------------------------------------------------------------


def unit_names(n_h: int) -> list[str]:
    """The columns of n_h units: "unit 1", "unit 2", …"""
    return [f"unit {k + 1}" for k in range(_check.integer("n_h", n_h, low=1))]


def memory_update_table(f, c_prev, i, g, columns=None, name="update", decimals: int = DECIMALS) -> Table:
    """The memory update C_t = f ⊙ C_{t-1} + i ⊙ C̃ of any vectors of one shape,
    as a table: the old cell, × f, = what is kept, + the write, = the new cell.

    ``columns`` names the slots (default "unit 1", …); ``name`` titles the rows (default "update");
    every number is shown with ``decimals`` decimals.
    """
    f = _check.array("f", f, ("n",))
    n = f.shape[0]
    c_prev, i, g = (_check.vector(label, v, n) for label, v in (("c_prev", c_prev), ("i", i), ("g", g)))
    columns = unit_names(n) if columns is None else _check.texts("columns", columns)
    if len(columns) != n:
        raise ValueError(f"columns must name {n} slots, got {len(columns)}: {columns}")
    if name is not None:
        _check.text("name", name, empty=True)
    decimals = _check.integer("decimals", decimals, low=0, high=16)
    rows = {"c_prev": c_prev, "f": f, "kept": f * c_prev, "write": i * g, "c": cell_state(f, c_prev, i, g)}
    index = pd.Index([MEMORY_ROWS[row] for row in rows], name=name)
    return formatted(pd.DataFrame(np.array(list(rows.values())), index=index, columns=columns), decimals)


def _trace(trace) -> Trace:
    if not isinstance(trace, Trace):
        raise ValueError(f"trace must be an lstm_calc.Trace, got {type(trace).__name__}")
    if "c" not in trace.names:
        raise ValueError(f"a memory table needs a cell C: this trace holds {list(trace.names)}")
    return trace


def _units(trace: Trace, units) -> list[int]:
    """``units`` (0-based) checked against the trace: a non-empty list of distinct units."""
    if isinstance(units, (numbers.Integral, str)) or not hasattr(units, "__iter__"):
        raise ValueError(f"units must be a list of 0-based unit indices, got {type(units).__name__} {units!r}")
    units = [_check.integer("units", u, low=0, high=trace.n_h) for u in units]
    if not units or len(set(units)) != len(units):
        raise ValueError(f"units must name distinct units, at least one, got {units}")
    return units


def memory_table(trace: Trace, t: int) -> Table:
    """Step ``t``'s (0-based) memory update for every unit."""
    s = _trace(trace).step(t)
    return memory_update_table(s.f, s.c_prev, s.i, s.g, unit_names(trace.n_h), f"t={t + 1} · {trace.tokens[t]}")


def memory_tables(trace: Trace, units=None) -> Table:
    """Every step's ``memory_table`` stacked, indexed by (token, row); only the
    ``units`` listed (0-based, in that order) if given, else every unit."""
    units = None if units is None else _units(_trace(trace), units)
    frames = {f"{t + 1} · {tok}": memory_table(trace, t) for t, tok in enumerate(_trace(trace).tokens)}
    table = pd.concat(frames, names=["token", "step"])
    if units is not None:
        table = table.iloc[:, units]
    return formatted(table)


def carrying_units(trace: Trace, tol: float = NEGLIGIBLE) -> list[int]:
    """The units (0-based) whose cell is at least ``tol`` in magnitude at some step,
    before or after it: the units that carry something. The others hold (nearly) 0
    throughout, and their rows of a memory table say nothing."""
    tol = _check.real("tol", tol, positive=True)
    reach = np.maximum(np.abs(_trace(trace).c_prev).max(axis=0), np.abs(trace.c).max(axis=0))
    return [int(u) for u in np.flatnonzero(reach >= tol)]


def focused_memory_table(trace: Trace, units=None, tol: float = NEGLIGIBLE, unit_labels=None) -> Table:
    """The memory update at every token, one row per token, for the units that carry
    something (``carrying_units(trace, tol)``) or the ``units`` given (0-based).

    Each unit has four columns, read left to right as the update: f, what it keeps
    (f⊙Cₜ₋₁), what is written (i⊙C̃), and the new cell Cₜ, which is the next row's
    old cell. ``unit_labels`` ({0-based unit: label}) renames the units' headers
    ("unit 3 (gender)"); ``memory_tables`` holds every unit and every row.
    """
    _trace(trace)
    tol = _check.real("tol", tol, positive=True)
    if units is None:
        units = carrying_units(trace, tol)
        if not units:
            top = float(np.max(np.abs(trace.c)))
            raise ValueError(f"no unit's cell reaches tol={tol:g} (the largest |C| is {top:.3g}): pass units")
    units = _units(trace, units)
    names = dict(enumerate(unit_names(trace.n_h)))
    if unit_labels is not None:
        if not isinstance(unit_labels, dict) or not all(
            isinstance(u, int) and u in names and isinstance(label, str) for u, label in unit_labels.items()
        ):
            raise ValueError(f"unit_labels must map 0-based units of the trace to labels, got {unit_labels!r}")
        names |= {u: str(label) for u, label in unit_labels.items()}
    data = {(names[u], label): getattr(trace, field)[:, u] for u in units for field, label in FOCUS_COLUMNS.items()}
    return formatted(pd.DataFrame(data, index=pd.Index(trace.tokens, name="token")))


def unit_table(trace: Trace, unit: int, decimals: int = DECIMALS) -> Table:
    """One unit over time: each of the model's gates and states per token
    (f, i, C̃, o, C, h for an LSTM; r, u, n, h for a GRU). ``unit`` is 0-based."""
    if not isinstance(trace, Trace):
        raise ValueError(f"trace must be an lstm_calc.Trace, got {type(trace).__name__}")
    unit = _check.integer("unit", unit, low=0, high=trace.n_h)
    shown = [name for name in ("f", "i", "g", "o", "r", "u", "n", "c", "h") if name in trace.names]
    table = pd.DataFrame(
        {SHORT[name]: getattr(trace, name)[:, unit] for name in shown}, index=pd.Index(trace.tokens, name="token")
    )
    return formatted(table, decimals)


def frame(trace: Trace, name: str, decimals: int = DECIMALS) -> Table:
    """One intermediate (``"f"``, ``"c"``, …) for all units, one row per token."""
    if not isinstance(trace, Trace):
        raise ValueError(f"trace must be an lstm_calc.Trace, got {type(trace).__name__}")
    names = [n for n in trace.names if n != "z"]
    if not isinstance(name, str) or name not in names:
        raise ValueError(f"name must be one of {names}, got {name!r}")
    table = pd.DataFrame(
        getattr(trace, name), index=pd.Index(trace.tokens, name="token"), columns=unit_names(trace.n_h)
    )
    return formatted(table, decimals)


def weights_table(params: LSTMParams, unit: int, input_names=None, decimals: int | None = None) -> Table:
    """One unit's row of every gate matrix, and its biases: one row per gate,
    one column per entry of z = [h; x], then the bias. Shown with ``decimals``
    decimals, by default the fewest (at most four) that show every weight exactly."""
    if not isinstance(params, LSTMParams):
        raise ValueError(f"params must be LSTMParams, got {type(params).__name__}")
    unit = _check.integer("unit", unit, low=0, high=params.n_h)
    input_names = (
        [f"x{k + 1}" for k in range(params.n_in)] if input_names is None else _check.texts("input_names", input_names)
    )
    if decimals is not None:
        decimals = _check.integer("decimals", decimals, low=0, high=16)
    if len(input_names) != params.n_in:
        raise ValueError(f"input_names must name {params.n_in} inputs, got {len(input_names)}: {input_names}")
    columns = [f"h{k + 1}" for k in range(params.n_h)] + input_names + ["bias"]
    rows = [np.append(getattr(params, f"W_{g}")[unit], getattr(params, f"b_{g}")[unit]) for g in GATES]
    index = pd.Index([GATE_TITLES[g] for g in GATES], name=f"unit {unit + 1}")
    table = pd.DataFrame(rows, index=index, columns=columns)
    return formatted(table, exact_decimals(rows) if decimals is None else decimals)
