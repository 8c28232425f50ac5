"""Accessible pandas tables.

pandas writes a table's index names in a header row of their own whose other
cells are empty, and leaves the corner cells of the header empty. Screen
readers then announce columns without names, and axe reports every such cell
("empty-table-header"). This moves the index names up into the corner cells
and gives each remaining empty header cell a name that only assistive
technology sees.
"""

from __future__ import annotations

from bs4 import BeautifulSoup


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
    return str(soup)
