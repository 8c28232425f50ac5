"""The explorables in headless Chromium, from file:// with the network blocked:
the JavaScript port agrees with the book layer's cell, every control moves with
the keyboard and shows the library's values for its new setting, the labels on
screen are the data's, and another sentence draws without a change to the script.
The live sentence explorer has its own file, test_live_browser.py.

Every test waits for the ready signal the script sets (``data-ready`` on each
explorable, ``data-explorables-ready`` on <html>), never for the network or a
fixed time; on the built page, also for the site's own signal (MathJax included).
LSTM_BOOK_SITE points the tests at another build than ``_build/html`` (see conftest).
"""

from __future__ import annotations

import itertools
import json
import re

import numpy as np
import pytest
from conftest import soup_of, table_named, wait_until_ready

from lstm_book import explorables, handset, live, tables
from lstm_book.pages import gates as gates_page
from lstm_book.sphinx.mime import explorable_html

# on one worker (`--dist loadgroup`): the tabs its module fixtures load are then loaded once, not once per worker
pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("explorables")]

TIMEOUT = 60_000  # ms: generous, for a loaded two-core machine
KINDS = ("cell", "live", "saturation")
CELL = "div.lstm-explorable[data-kind=cell]"
LIVE = "div.lstm-explorable[data-kind=live]"
SATURATION = "div.lstm-explorable[data-kind=saturation]"
UNIT = handset.GENDER_UNIT


def open_tab(browser, url: str):
    """A tab on ``url`` with every non-file request blocked, once the explorables say they are drawn."""
    context = browser.new_context()
    tab = context.new_page()
    tab.set_default_timeout(TIMEOUT)
    errors, blocked = [], []

    def route(r):
        if r.request.url.startswith("file://"):
            r.continue_()
        else:
            blocked.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    tab.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    tab.on("pageerror", lambda e: errors.append(str(e)))
    tab.goto(url)
    tab.wait_for_function("document.documentElement.dataset.explorablesReady !== undefined", timeout=TIMEOUT)
    ready = tab.evaluate("document.documentElement.dataset.explorablesReady")
    assert ready == "true", errors
    tab.errors, tab.blocked = errors, blocked
    return context, tab


@pytest.fixture(scope="module")
def page(browser, site):
    context, tab = open_tab(browser, (site / "book" / "explorables.html").as_uri())
    wait_until_ready(tab)
    yield tab
    assert tab.errors == [] and tab.blocked == []
    context.close()


def test_every_explorable_signals_ready(page):
    ready = page.evaluate(
        "Array.from(document.querySelectorAll('div.lstm-explorable')).map(r => [r.dataset.kind, r.dataset.ready])"
    )
    assert ready == [[kind, "true"] for kind in KINDS]
    assert page.locator(".lstm-explorable-fallback").count() == 0
    assert page.locator("div.lstm-explorable .lstm-x-chart svg.main-svg").count() >= 2
    assert page.locator(f"{LIVE} svg.lstm-live-chart circle").count() == len(handset.TOKENS)


def test_javascript_port_agrees_with_the_book_layer_on_a_grid(page):
    params = explorables.cell_explorer_params()
    grid = list(itertools.product(np.linspace(-5, 5, 11), np.linspace(-1, 1, 5), np.linspace(-3, 3, 7)))
    choices = [{}, {"f": 0.0}, {"f": 0.3, "i": 0.8}, {"g": -0.4}, {"o": 0.1}, {"f": 1.0, "i": 0.0, "g": 1.0, "o": 0.5}]
    cases = [(x, h, c, o) for (x, h, c) in grid for o in choices]
    p = explorables.cell_explorer().data["params"]
    got = page.evaluate(
        "([p, cases]) => cases.map(([x, h, c, o]) => window.lstmBook.step(p, [x], [h], [c], o))",
        [p, [[float(x), float(h), float(c), o] for x, h, c, o in cases]],
    )
    worst = 0.0
    for (x, h, c, o), js in zip(cases, got, strict=True):
        py = explorables.cell_explorer_step(params, x, h, c, o)
        worst = max(worst, max(abs(js[k][0] - py[k]) for k in py))
    assert len(cases) == 2310 and worst <= 1e-9


def test_the_labels_on_screen_are_the_data(page):
    cell = explorables.cell_explorer().data
    assert page.locator(f"{CELL} table th[scope=row]").all_text_contents() == [d["label"] for d in cell["outputs"]]
    assert page.locator(f"{LIVE} table.lstm-live-memory tbody th[scope=row]").all_text_contents() == list(
        tables.MEMORY_ROWS.values()
    )
    assert page.locator(f"{LIVE} table.lstm-live-memory thead th[scope=col]").all_text_contents()[1:] == (
        tables.unit_names(handset.N_H)
    )
    saturation = explorables.saturation_explorer().data
    assert page.locator(f"{SATURATION} table th[scope=row]").all_text_contents() == [
        r["label"] for r in saturation["rows"]
    ]
    assert page.locator(f"{SATURATION} table caption").text_content() == saturation["caption"]


def state(page):
    return json.loads(page.locator(CELL).get_attribute("data-state"))


def shown(page, root, key):
    return float(page.locator(f"{root} [data-value='{key}']").text_content())


def cell_step(s, overrides=None):
    inputs = s["inputs"]
    return explorables.cell_explorer_step(
        explorables.cell_explorer_params(), inputs["x"], inputs["h_prev"], inputs["c_prev"], overrides
    )


@pytest.mark.parametrize("control,key", [("h_prev", "End"), ("x", "ArrowRight"), ("c_prev", "Home")])
def test_each_cell_slider_moves_with_the_keyboard(page, control, key):
    slider = page.locator(f"{CELL} input[data-control={control}]")
    start = {d["name"]: d["range"][3] for d in explorables.cell_explorer().data["inputs"]}[control]
    slider.evaluate("(s, v) => { s.value = v; s.dispatchEvent(new Event('input')); }", start)  # as on arrival
    before = state(page)["inputs"][control]
    slider.focus()
    page.keyboard.press(key)
    s = state(page)
    assert s["inputs"][control] != before
    for k, v in cell_step(s).items():
        assert abs(shown(page, CELL, k) - v) <= 0.5e-4
        assert abs(s["result"][k] - v) <= 1e-9


@pytest.mark.parametrize("gate,key,value", [("f", "Home", 0.0), ("g", "Home", -1.0), ("o", "End", 1.0)])
def test_a_gate_override_with_the_keyboard(page, gate, key, value):
    check = page.locator(f"{CELL} input[data-control=override-{gate}]")
    check.focus()
    page.keyboard.press("Space")
    assert check.is_checked()
    page.keyboard.press("Tab")  # to the override's own slider
    assert page.evaluate("document.activeElement.dataset.control") == f"override-value-{gate}"
    page.keyboard.press(key)
    s = state(page)
    assert s["overrides"][gate] == value and shown(page, CELL, gate) == value
    want = cell_step(s, {gate: value})
    assert abs(shown(page, CELL, "c") - want["c"]) <= 0.5e-4 and abs(s["result"]["h"] - want["h"]) <= 1e-9
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Space")  # back to computed
    assert state(page)["overrides"][gate] is None


def built_regime_rows(site) -> dict:
    """The regime table of "The gates" as the built page shows it: regime -> {column: cell text}."""
    table = table_named(soup_of(site / "book" / "gates.html"), "behaviour")
    names = table["names"][-len(table["rows"][0][1]) :]
    return {labels[0]: dict(zip(names, cells, strict=True)) for labels, cells in table["rows"]}


def shown_text(page, selector):
    return page.locator(f"{CELL} {selector}").text_content()


@pytest.mark.parametrize("regime", list(explorables.REGIMES))
def test_a_regime_button_shows_the_regime_tables_row(page, site, regime):
    """ "The gates" says its regime table holds h_{t-1} = 0 and an old cell of 1, "as the regime
    buttons of the cell explorer set it": a button pressed after the old cell was moved and a gate
    was set by hand shows that row, every value within 1e-4 of lstm_calc's as shown."""
    for control, key in (("c_prev", "End"), ("h_prev", "Home")):  # away from the regime's state
        page.locator(f"{CELL} input[data-control={control}]").focus()
        page.keyboard.press(key)
    for gate in ("f", "g"):
        check = page.locator(f"{CELL} input[data-control=override-{gate}]")
        if not check.is_checked():
            check.focus()
            page.keyboard.press("Space")
        page.locator(f"{CELL} input[data-control=override-value-{gate}]").focus()
        page.keyboard.press("End")
    assert state(page)["inputs"]["c_prev"] == 3.0 and state(page)["overrides"]["f"] == 1.0
    page.locator(f"{CELL} button[data-regime='{regime}']").focus()
    page.keyboard.press("Enter")

    want = gates_page.regime_steps()[regime]  # lstm_calc.step, as the chapter's table
    s = state(page)
    assert s["inputs"] == {"h_prev": 0.0, "x": float(want.z[1]), "c_prev": 1.0}
    assert s["overrides"] == dict.fromkeys(explorables.GATES)  # every gate computed again
    for gate in explorables.GATES:
        assert not page.locator(f"{CELL} input[data-control=override-{gate}]").is_checked()
        assert page.locator(f"{CELL} input[data-control=override-value-{gate}]").is_disabled()
    for name, value in (("h_prev", want.z[0]), ("x", want.z[1]), ("c_prev", want.c_prev[0])):
        assert float(shown_text(page, f"output[data-shows={name}]")) == value
    for name in ("f", "i", "g", "o", "c", "h"):
        value = getattr(want, name)[0]
        assert abs(shown(page, CELL, name) - value) <= 1e-4, name
        if name in explorables.GATES:  # the disabled override shows the same computed value
            assert shown_text(page, f"output[data-shows=override-value-{name}]") == shown_text(
                page, f"[data-value='{name}']"
            )
    row = built_regime_rows(site)[regime]
    for name in ("f", "i", "g", "c"):  # the columns of the chapter's table that the explorer shows
        assert abs(shown(page, CELL, name) - float(row[tables.SHORT[name]])) <= 1e-4, name
    assert float(row["xₜ"]) == float(shown_text(page, "output[data-shows=x]"))


def test_a_disabled_override_shows_the_computed_gate(page):
    """A "set … by hand" slider that is off showed 0.50 beside a computed gate of another value."""
    slider = page.locator(f"{CELL} input[data-control=x]")
    slider.evaluate("s => { s.value = -0.5; s.dispatchEvent(new Event('input')); }")
    for gate in explorables.GATES:
        check = page.locator(f"{CELL} input[data-control=override-{gate}]")
        if check.is_checked():
            check.click()
    s = state(page)
    want = cell_step(s)
    for gate in explorables.GATES:
        out = shown_text(page, f"output[data-shows=override-value-{gate}]")
        assert out == shown_text(page, f"[data-value='{gate}']") and abs(float(out) - want[gate]) <= 0.5e-4
    # ticked, the slider starts at the computed value (to its step of 0.01) and shows what it sets
    check = page.locator(f"{CELL} input[data-control=override-f]")
    check.click()
    s = state(page)
    assert abs(s["overrides"]["f"] - want["f"]) <= 0.005
    assert shown_text(page, "output[data-shows=override-value-f]") == f"{s['overrides']['f']:.2f}"
    check.click()
    assert state(page)["overrides"]["f"] is None


def saturation_matches_trace(page, scale, data, root=SATURATION):
    assert float(page.locator(root).get_attribute("data-scale")) == scale
    trace = handset.gender_trace(" ".join(data["tokens"]), scale=scale)
    for r in data["rows"]:
        assert abs(shown(page, root, r["key"]) - getattr(trace, r["name"])[r["t"], UNIT]) <= 0.5e-4
    change = data["positions"]["subject_change"]
    status = page.locator(f"{root} .lstm-x-current").text_content()
    assert f"“{data['tokens'][change]}”" in status and f"{trace.kept[change, UNIT]:.4f}" in status


@pytest.mark.parametrize("key,scale", [("End", 4.0), ("Home", 0.5), ("ArrowRight", 0.75)])
def test_saturation_slider_with_the_keyboard(page, key, scale):
    page.locator(f"{SATURATION} input[data-control=scale]").focus()
    page.keyboard.press("Home")  # from the first scale, whatever test ran before (the order is random)
    page.keyboard.press(key)
    saturation_matches_trace(page, scale, explorables.saturation_explorer().data)


def test_every_control_is_reachable_with_tab(page):
    controls = page.locator("div.lstm-explorable input, div.lstm-explorable button, div.lstm-explorable select")
    page.locator(f"{CELL} input").first.focus()
    reached = set()
    for _ in range(150):
        reached.add(
            page.evaluate(
                "document.activeElement.id || document.activeElement.dataset.regime "
                "|| document.activeElement.dataset.control"
            )
        )
        page.keyboard.press("Tab")
    enabled = [c for c in controls.all() if c.is_enabled() and c.is_visible()]  # a closed panel's are hidden
    # one radio of a group is a tab stop; the arrow keys move within the group
    enabled = [c for c in enabled if c.get_attribute("type") != "radio" or c.is_checked()]
    names = {
        c.get_attribute("id") or c.get_attribute("data-regime") or c.get_attribute("data-control") for c in enabled
    }
    assert names <= reached


# -- Another sentence: the same script, new data -----------------------------------------

OTHER = "Mary is a doctor. John is a teacher. Mary is a doctor."  # three subjects, 15 tokens


@pytest.fixture(scope="module")
def other_page(browser, site, tmp_path_factory):
    """A page of the live explorer (hand-set model only) and the saturation explorer built from another sentence."""
    static = site / "_static"
    bodies = [
        explorable_html(
            live.live_explorer([live.handset_model()], sentence=OTHER)._repr_mimebundle_()[explorables.MIME], "other-1"
        ),
        explorable_html(
            explorables.saturation_explorer(sentence=OTHER)._repr_mimebundle_()[explorables.MIME], "other-2"
        ),
    ]
    scripts = [(static / "vendor" / "plotly-basic.min.js").as_uri(), (static / "lstm-book-explorables.js").as_uri()]
    html = (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>another sentence</title>'
        + "".join(f'<script defer src="{src}"></script>' for src in scripts)
        + "</head><body>"
        + "".join(bodies)
        + "</body></html>"
    )
    path = tmp_path_factory.mktemp("other") / "other.html"
    path.write_text(html, encoding="utf-8")
    context, tab = open_tab(browser, path.as_uri())
    yield tab
    assert tab.errors == [] and tab.blocked == []
    context.close()


def live_matches_trace(page, t, trace, root=LIVE):
    assert page.locator(root).get_attribute("data-t") == str(t)
    s = t - 1
    for row in tables.MEMORY_ROWS:
        for k in range(trace.n_h):
            assert shown(page, root, f"{row}-{k}") == float(f"{getattr(trace, row)[s, k]:.4f}")
    for name in ("f", "i", "g", "o", "c", "h"):
        assert shown(page, root, name) == float(f"{getattr(trace, name)[s, UNIT]:.4f}")
    assert f"“{trace.tokens[s]}”" in page.locator(f"{root} .lstm-x-current").text_content()


def test_another_sentence_draws_its_own_tokens_and_values(other_page):
    trace = handset.gender_trace(OTHER)
    assert trace.T == 15 and trace.tokens[5] == "John"
    live_matches_trace(other_page, 1, trace)
    assert other_page.locator(f"{LIVE} ol.lstm-live-tokens li").all_text_contents() == list(trace.tokens)
    other_page.locator(f"{LIVE} input[data-control=t]").focus()
    other_page.keyboard.press("End")
    live_matches_trace(other_page, 15, trace)
    for t in (14, 13, 12, 11, 10, 9, 8):
        other_page.keyboard.press("ArrowLeft")
        live_matches_trace(other_page, t, trace)
    assert other_page.locator(f"{LIVE} .lstm-x-current").text_content().endswith("readout: he")  # "John" leads


def test_another_sentence_in_the_saturation_explorer(other_page):
    data = explorables.saturation_explorer(sentence=OTHER).data
    labels = other_page.locator(f"{SATURATION} table th[scope=row]").all_text_contents()
    assert labels == [r["label"] for r in data["rows"]] and "“Mary”" in labels[0] and "“John”" in labels[-1]
    saturation_matches_trace(other_page, 1.0, data)
    other_page.locator(f"{SATURATION} input[data-control=scale]").focus()
    other_page.keyboard.press("End")
    saturation_matches_trace(other_page, 4.0, data)
    ticks = other_page.evaluate(f"document.querySelector('{SATURATION} .lstm-x-chart').layout.xaxis.ticktext")
    assert ticks == list(handset.gender_trace(OTHER).tokens)


# -- Weight ------------------------------------------------------------------------------


@pytest.mark.parametrize("chapter", ["explorables", "memory"])
def test_page_weight(site, chapter):
    """The two pages with the live explorer stay within 150 kB of HTML, its data included."""
    html = (site / "book" / f"{chapter}.html").read_bytes()
    # plotly.js and the explorables' script are loaded by the chart script, which the page names once
    scripts = re.findall(rb'<script[^>]*src="([^"]+)"', html)
    assert sum(b"lstm-book-plotly.js" in s for s in scripts) == 1 and html.count(b"data-plotly=") == 1
    assert len(html) <= 150_000


def test_explorable_and_script_weight(site):
    sizes = {
        name: len(explorable_html(make()._repr_mimebundle_()[explorables.MIME], "x").encode())
        for name, make in (
            ("cell", explorables.cell_explorer),
            ("live, hand-set", lambda: live.live_explorer([live.handset_model()])),
            ("saturation", explorables.saturation_explorer),
        )
    }
    assert sizes["cell"] < 4_000 and sizes["live, hand-set"] < 16_000 and sizes["saturation"] < 20_000, sizes
    script = (site / "_static" / "lstm-book-explorables.js").read_bytes()
    assert len(script) < 40_000
