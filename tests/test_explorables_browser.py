"""The explorables in headless Chromium, from file:// with the network blocked:
the JavaScript port agrees with lstm_calc, every control moves with the
keyboard and shows lstm_calc's values for its new setting."""

from __future__ import annotations

import itertools
import json

import numpy as np
import pytest

from lstm_calc import explorables, presets

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def page(browser, site):
    context = browser.new_context()
    tab = context.new_page()
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
    tab.goto((site / "book" / "explorables.html").as_uri())
    tab.wait_for_selector("div.lstm-explorable[data-kind=saturation] .lstm-x-chart svg.main-svg")
    tab.errors, tab.blocked = errors, blocked
    yield tab
    assert errors == [] and blocked == []
    context.close()


def test_javascript_port_agrees_with_lstm_calc_on_a_grid(page):
    params = explorables.cell_explorer_params()
    grid = list(itertools.product(np.linspace(-5, 5, 11), np.linspace(-1, 1, 5), np.linspace(-3, 3, 7)))
    choices = [{}, {"f": 0.0}, {"f": 0.3, "i": 0.8}, {"g": -0.4}, {"o": 0.1}, {"f": 1.0, "i": 0.0, "g": 1.0, "o": 0.5}]
    cases = [(x, h, c, o) for (x, h, c) in grid for o in choices]
    weights = explorables.cell_explorer().data["weights"]
    got = page.evaluate("([w, cases]) => cases.map(([x, h, c, o]) => window.lstmBook.cellStep(w, x, h, c, o))",
                        [weights, [[float(x), float(h), float(c), o] for x, h, c, o in cases]])
    worst = 0.0
    for (x, h, c, o), js in zip(cases, got):
        py = explorables.cell_explorer_step(params, x, h, c, o)
        worst = max(worst, max(abs(js[k] - py[k]) for k in py))
    assert len(cases) == 2310 and worst <= 1e-9


def state(page):
    return json.loads(page.locator("div.lstm-explorable[data-kind=cell]").get_attribute("data-state"))


def shown(page, root, key):
    return float(page.locator(f"{root} [data-value='{key}']").text_content())


CELL = "div.lstm-explorable[data-kind=cell]"


@pytest.mark.parametrize("control,key", [("h_prev", "End"), ("x", "ArrowRight"), ("c_prev", "Home")])
def test_each_cell_slider_moves_with_the_keyboard(page, control, key):
    slider = page.locator(f"{CELL} input[data-control={control}]")
    before = state(page)["inputs"][control]
    slider.focus()
    page.keyboard.press(key)
    s = state(page)
    assert s["inputs"][control] != before
    want = explorables.cell_explorer_step(explorables.cell_explorer_params(), s["inputs"]["x"], s["inputs"]["h_prev"],
                                          s["inputs"]["c_prev"])
    for k, v in want.items():
        assert abs(shown(page, CELL, k) - v) <= 0.5e-4
        assert abs(s["result"][k] - v) <= 1e-9


def test_a_gate_override_with_the_keyboard(page):
    check = page.locator(f"{CELL} input[data-control=override-f]")
    check.focus()
    page.keyboard.press("Space")
    assert check.is_checked()
    page.keyboard.press("Tab")  # to the override's own slider
    focused = page.evaluate("document.activeElement.dataset.control")
    assert focused == "override-value-f"
    page.keyboard.press("Home")
    s = state(page)
    assert s["overrides"]["f"] == 0.0 and shown(page, CELL, "f") == 0.0
    want = explorables.cell_explorer_step(explorables.cell_explorer_params(), s["inputs"]["x"], s["inputs"]["h_prev"],
                                          s["inputs"]["c_prev"], {"f": 0.0})
    assert abs(shown(page, CELL, "c") - want["c"]) <= 0.5e-4
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Space")  # back to computed
    assert state(page)["overrides"]["f"] is None


@pytest.mark.parametrize("regime", list(explorables.REGIMES))
def test_regime_buttons(page, regime):
    page.locator(f"{CELL} button[data-regime='{regime}']").focus()
    page.keyboard.press("Enter")
    s = state(page)
    assert s["inputs"]["x"] == explorables.REGIMES[regime] and s["inputs"]["h_prev"] == 0.0
    want = explorables.cell_explorer_step(explorables.cell_explorer_params(), s["inputs"]["x"], 0.0, s["inputs"]["c_prev"])
    assert abs(shown(page, CELL, "f") - want["f"]) <= 0.5e-4


STEPPER = "div.lstm-explorable[data-kind=stepper]"


def stepper_matches_trace(page, t):
    trace = presets.gender_trace()
    assert page.locator(STEPPER).get_attribute("data-t") == str(t)
    s = t - 1
    for row in ("c_prev", "f", "erased", "write", "c"):
        for k in range(3):
            assert abs(shown(page, STEPPER, f"{row}-{k}") - getattr(trace, row)[s, k]) <= 0.5e-4
    assert page.locator(f"{STEPPER} [data-value=readout]").text_content() == presets.pronoun(trace.h[s, 2])
    x0 = page.evaluate(f"document.querySelector('{STEPPER} .lstm-x-chart').layout.shapes[0].x0")
    assert x0 == t


def test_stepper_buttons_and_slider_with_the_keyboard(page):
    page.locator(f"{STEPPER} button[data-control=next]").focus()
    for t in (2, 3, 4, 5, 6):
        page.keyboard.press("Enter")
        stepper_matches_trace(page, t)
    slider = page.locator(f"{STEPPER} input[data-control=t]")
    slider.focus()
    page.keyboard.press("End")
    stepper_matches_trace(page, 10)
    assert page.locator(f"{STEPPER} button[data-control=next]").is_disabled()
    page.keyboard.press("ArrowLeft")
    stepper_matches_trace(page, 9)


SATURATION = "div.lstm-explorable[data-kind=saturation]"


@pytest.mark.parametrize("key,scale", [("End", 4.0), ("Home", 0.5), ("ArrowRight", 0.75)])
def test_saturation_slider_with_the_keyboard(page, key, scale):
    page.locator(f"{SATURATION} input[data-control=scale]").focus()
    page.keyboard.press(key)
    assert float(page.locator(SATURATION).get_attribute("data-scale")) == scale
    trace = presets.gender_trace(scale=scale)
    mary = presets.TOKENS.index("Mary")
    assert abs(shown(page, SATURATION, "f-Mary") - trace.f[mary, 2]) <= 0.5e-4
    assert abs(shown(page, SATURATION, "male_left") - trace.erased[mary, 2]) <= 0.5e-4


def test_every_control_is_reachable_with_tab(page):
    controls = page.locator("div.lstm-explorable input, div.lstm-explorable button")
    page.locator(f"{CELL} input").first.focus()
    reached = set()
    for _ in range(80):
        reached.add(page.evaluate("document.activeElement.id || document.activeElement.dataset.regime "
                                  "|| document.activeElement.dataset.control"))
        page.keyboard.press("Tab")
    enabled = [c for c in controls.all() if c.is_enabled()]
    names = {c.get_attribute("id") or c.get_attribute("data-regime") or c.get_attribute("data-control") for c in enabled}
    assert names <= reached


def test_page_weight(site):
    html = (site / "book" / "explorables.html").read_bytes()
    assert html.count(b"plotly.min.js") == 1
    assert len(html) < 300_000  # the page with all three explorables' data
