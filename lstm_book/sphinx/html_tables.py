"""Accessible pandas tables, and glued numbers that stay whole.

pandas writes a table's index names in a header row of their own whose other
cells are empty, and leaves the corner cells of the header empty. Screen
readers then announce columns without names, and axe reports every such cell
("empty-table-header"). This moves the index names up into the corner cells
and gives each remaining empty header cell a name that only assistive
technology sees.

On a phone a table can be wider than the screen. Each table sits in a box of
its own that scrolls sideways (``lstm-table-scroll`` in ``_static/lstm-book.css``),
so the page itself never does. A region that scrolls must be reachable from the
keyboard (axe's "scrollable-region-focusable"): the box is focusable and named
after the table's header, after Adrian Roselli's "Under-Engineered Responsive
Tables" (a group rather than his landmark region: two tables of a page may have
the same header, and landmarks need names of their own).

A number glued into the prose (``{glue:text}``) may hold a hyphen ("2.1e-09"),
where a browser is free to break the line: ``whole_glued_values`` marks every
glued value without a space (``lstm-whole``), and the stylesheet never breaks one.
"""

from __future__ import annotations

from bs4 import BeautifulSoup
from docutils import nodes

SCROLL_BOX = "lstm-table-scroll"
WHOLE = "lstm-whole"
LABEL_LENGTH = 80  # characters of the header kept in a table's label


def accessible_tables(html: str) -> str:
    soup = BeautifulSoup(html, "html.parser")
    for table in soup.select("table.dataframe"):
        table.attrs.pop("border", None)  # presentational; the theme styles tables
        thead = table.find("thead")
        first_body_row = table.select_one("tbody tr")
        if thead is None or first_body_row is None:
            continue
        levels = len(first_body_row.find_all("th", recursive=False))  # index levels
        rows = thead.find_all("tr", recursive=False)
        if len(rows) >= 2 and levels:
            names = rows[-1].find_all("th", recursive=False)
            corner = rows[0].find_all("th", recursive=False)
            if (
                len(names) > levels
                and all(not c.get_text(strip=True) for c in names[levels:])
                and len(corner) >= levels
                and all(not c.get_text(strip=True) for c in corner[:levels])
            ):
                for target, source in zip(corner[:levels], names[:levels]):
                    target.string = source.get_text(strip=True)
                rows[-1].decompose()
        for th in table.select("tbody th"):
            th["scope"] = "row"
        for th in thead.find_all("th"):
            th["scope"] = "col"
            if not th.get_text(strip=True):
                th.clear()
                hidden = soup.new_tag("span", attrs={"class": "visually-hidden"})
                hidden.string = "row label"
                th.append(hidden)
        box = soup.new_tag(
            "div", attrs={"class": SCROLL_BOX, "role": "group", "tabindex": "0", "aria-label": table_label(table)}
        )
        table.wrap(box)
    return str(soup)


def table_label(table) -> str:
    """A table's name for assistive technology: "Table: " and its first header row's names."""
    first = table.select_one("thead tr")
    names = [] if first is None else [th.get_text(" ", strip=True) for th in first.find_all("th", recursive=False)]
    text = ", ".join(name for name in names if name and name != "row label") or "numbers"
    if len(text) > LABEL_LENGTH:
        text = text[: LABEL_LENGTH - 1].rsplit(", ", 1)[0] + ", …"
    return f"Table: {text}"


def whole_glued_values(app, doctree, docname) -> None:
    """Mark every glued value without a space (a number, a word) so that no line breaks inside it."""
    for node in doctree.findall(nodes.inline):
        if "pasted-text" in node["classes"] and not any(c.isspace() for c in node.astext()):
            node["classes"].append(WHOLE)
