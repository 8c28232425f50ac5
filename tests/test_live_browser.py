"""The live sentence explorer in headless Chromium, from file:// with every other
request blocked: the script's port of the LSTM step against lstm_calc on random
weights (n_h 1 to 16), its reading of random sentences against lstm_book.live
for both models, its tokeniser against the book's on every code point, the
worked sentence typed into the worked example's chapter reproducing that
chapter's table, a sentence the book never shows, bad input, the keyboard, the
links between equations, diagram and tables, the weight sliders, and axe-core.
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from dataclasses import replace

import numpy as np
import pytest
from conftest import COLOUR_RULES, dataframe_tables, soup_of, visit, wait_until_ready
from test_explorables_browser import open_tab
from theme_checks import wait_for_mode

import lstm_calc as lc
from lstm_book import handset, live, tables
from lstm_book.pages import explorables as page_values
from lstm_book.pages import memory as memory_page
from lstm_book.text import INVISIBLE_RANGES, tokenize, visible

# on one worker (`--dist loadgroup`): the tabs its module fixtures load are then loaded once, not once per worker
pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("live")]

LIVE = "div.lstm-explorable[data-kind=live]"
NEW = "Mary is here. John is a pilot."  # a sentence that appears nowhere in the book
FIELDS = ("z", "f", "i", "g", "o", "c_prev", "kept", "write", "c", "h")
TOL = 1e-9


def opened(browser, path):
    context, tab = open_tab(browser, path.as_uri())
    wait_until_ready(tab)
    assert tab.locator(LIVE).get_attribute("data-ready") == "true"
    return context, tab


@pytest.fixture(scope="module")
def page(browser, site):
    context, tab = opened(browser, site / "book" / "explorables.html")
    yield tab
    assert tab.errors == [] and tab.blocked == []
    context.close()


@pytest.fixture(autouse=True)
def arrival(request):
    """Each test that uses the shared tab starts from the explorer as a reader finds it (the tab
    is loaded once per module: a load costs seconds): the start sentence, the hand-set model and
    its unit, the weights as built, the first token, no pointer over it."""
    if "page" not in request.fixturenames:
        return
    tab = request.getfixturevalue("page")
    data = request.getfixturevalue("models")[0]
    start = data["start"]
    tab.mouse.move(0, 0)
    tab.locator(f"{LIVE} input[data-control=model-{data['models'][start['model']]['name']}]").check()
    tab.evaluate(f"document.querySelector('{LIVE} [data-control=reset]')?.click()")
    type_text(tab, start["text"])
    tab.locator(f"{LIVE} select[data-control=unit]").select_option(str(data["models"][start["model"]]["unit"]))
    tab.locator(f"{LIVE} input[data-control=t]").fill(str(start["t"]))
    tab.evaluate("document.activeElement && document.activeElement.blur()")
    root = tab.locator(LIVE)
    assert root.get_attribute("data-t") == str(start["t"]) and root.get_attribute("data-notes") == "read"


@pytest.fixture(scope="module")
def models(page):
    """The models as the page holds them (its JSON data), and as lstm_book.live builds them."""
    data = page.evaluate(f"JSON.parse(document.querySelector('{LIVE} script').textContent)")
    return data, page_values.live_models()


def type_text(page, text):
    box = page.locator(f"{LIVE} textarea")
    box.fill(text)  # replaces the text and fires one input event, as typing the last key does


def values(page):
    return page.evaluate(f"document.querySelector('{LIVE}').lstmLive.values")


# -- The port against the library ---------------------------------------------------------


def random_case(k, rng):
    n_h, n_in, T = 1 + k % 16, int(rng.integers(1, 13)), int(rng.integers(1, 21))
    params = lc.LSTMParams.random(n_h, n_in, seed=k, scale=float(rng.uniform(0.2, 3.0)))
    xs = rng.standard_normal((T, n_in)) * rng.uniform(0.5, 3.0)
    h0, c0 = rng.uniform(-1, 1, n_h), 2 * rng.standard_normal(n_h)
    return params, xs, h0, c0


def params_json(params):
    return {
        "n_h": params.n_h,
        "n_in": params.n_in,
        "W": {g: getattr(params, f"W_{g}").tolist() for g in lc.GATES},
        "b": {g: getattr(params, f"b_{g}").tolist() for g in lc.GATES},
    }


def evaluate_json(page, function: str, arg):
    """``function(arg)`` in the page, both ways as one JSON string: Playwright's own transfer of
    nested arrays and typed arrays, value by value, took ~14 s per 100 runs on a busy 2-core
    machine against ~12 ms of computing. JSON keeps every float64 exactly (shortest round trip)."""
    text = page.evaluate(
        f"s => JSON.stringify(({function})(JSON.parse(s)), (k, v) => ArrayBuffer.isView(v) ? Array.from(v) : v)",
        json.dumps(arg),
    )
    return json.loads(text)


def test_the_port_agrees_with_lstm_calc_on_a_thousand_random_weight_sets(page):
    rng = np.random.default_rng(2024)
    cases = [random_case(k, rng) for k in range(1000)]
    worst, sizes = 0.0, set()
    for start in range(0, len(cases), 100):
        batch = cases[start : start + 100]
        got = evaluate_json(
            page,
            "cases => cases.map(([p, xs, h0, c0]) => window.lstmBook.run(p, xs, h0, c0))",
            [[params_json(p), xs.tolist(), h0.tolist(), c0.tolist()] for p, xs, h0, c0 in batch],
        )
        for (params, xs, h0, c0), js in zip(batch, got, strict=True):
            want = lc.run(params, xs, h0, c0)
            sizes.add(params.n_h)
            for name in FIELDS:
                worst = max(worst, float(np.max(np.abs(np.array(js[name]) - getattr(want, name)))))
    assert sizes == set(range(1, 17))
    assert worst <= TOL, worst


def random_text(rng, model, k):
    words = list(model.vocabulary)
    pool = [
        lambda: words[rng.integers(len(words))],
        lambda: handset.MALE_NAMES[rng.integers(24)],
        lambda: handset.FEMALE_NAMES[rng.integers(24)],
        lambda: ("Bob", "Zoë", "Élodie", "Ana", "X")[rng.integers(5)],  # names no model knows
        lambda: ("xyzzy", "here", "met", "the", "she", "ÿes", "42")[rng.integers(7)],
        lambda: (".", ",", "!", "?", ";", "—", "(", ")")[rng.integers(8)],
        lambda: ("😀", "👍🏽", "<b>", "</i>", "&amp;", "<", "$")[rng.integers(7)],
        lambda: ("john", "MARY", "Doctor", "The", "She", "Is", "\u212aate")[rng.integers(7)],  # another case
        lambda: ("\u200b", "\u00ad", "\ufe0f", "\u2060", "\ufeff", "\u200d", "\U000e0067")[rng.integers(7)],
    ]
    odds = np.array([8, 2, 2, 1, 1, 2, 1, 1, 1], dtype=float)
    n = 210 + int(rng.integers(30)) if k % 97 == 0 else int(rng.integers(1, 40))  # now and then over the limit
    picks = rng.choice(len(pool), size=n, p=odds / odds.sum())
    glue = " " if rng.random() < 0.8 else ""
    text = glue.join(pool[j]() for j in picks)
    return text if re.search(r"[^\s]", visible(text)) else text + " ."  # never empty: an empty box has no trace


def compare_reading(js, text, model):
    want = live.reference(text, model)
    assert js["tokens"] == want["tokens"], text
    flagged = [t for t, f in zip(js["tokens"], js["flagged"], strict=True) if f]
    assert flagged == want["flagged"], text
    assert [n[0] for n in js["notes"]] == [n[0] for n in want["notes"]], text
    for (_, got), (_, expected) in zip(js["notes"], want["notes"], strict=True):
        assert got == expected, text
    worst = 0.0
    for name in FIELDS:
        worst = max(worst, float(np.max(np.abs(np.array(js["values"][name]) - getattr(want["trace"], name)))))
    if want["readout"]["p"] is not None:
        p = np.array(js["readout"]["p"])
        worst = max(worst, float(np.max(np.abs(p - want["readout"]["p"]))))
        sure = np.abs(want["readout"]["p"] - 0.5) > TOL
    else:
        sure = np.abs(want["trace"].h[:, model.readout["unit"]]) > TOL
    got_words, want_words = np.array(js["readout"]["words"]), np.array(want["readout"]["words"])
    assert (got_words[sure] == want_words[sure]).all(), text
    return worst


READ = """([m, texts, limit, html]) => texts.map(text => {
  const r = window.lstmBook.read(m, text, limit, html);
  const values = window.lstmBook.run(m, r.xs);
  return {tokens: r.tokens, flagged: r.flagged, notes: r.notes, values: values,
          readout: window.lstmBook.readout(m, values)};
})"""


@pytest.mark.parametrize("which", [0, 1], ids=["hand-set", "trained"])
def test_both_models_read_five_hundred_random_sentences_as_the_library(page, models, which):
    data, built = models
    model, js_model = built[which], data["models"][which]
    rng = np.random.default_rng(7 + which)
    texts = [random_text(rng, model, k) for k in range(500)]
    worst, long = 0.0, 0
    for start in range(0, len(texts), 50):
        batch = texts[start : start + 50]
        got = evaluate_json(page, READ, [js_model, batch, data["limit"], data["html_like"]])
        for text, js in zip(batch, got, strict=True):
            worst = max(worst, compare_reading(js, text, model))
            long += len(tokenize(text)) > live.MAX_TOKENS
    assert long >= 3  # the limit was exercised
    assert worst <= TOL, worst


# Every code point ch is probed in the text "a" + ch + "b": its tokens say what the tokeniser makes of ch.
# The probes go to each tokeniser at once, each followed by a separator, a punctuation mark (a token of its
# own in both, so no token spans two probes); the separator is probed alone. One call for 1.1 million probes:
# a call per probe took seconds.
SEPARATOR = "|"


def class_of(tokens: str, ch: str) -> str:
    """What the tokens of a probe "a" + ch + "b", joined by spaces, say of ch: "i" if they are "ab" (an
    invisible character, ignored), "s" if "a b" (a space), "w" if "a" + ch + "b" (ch joins the word),
    "o" if "a", ch, "b" (a token of its own); "?" if none of these."""
    if tokens in ("ab", "a b"):  # first: for a space, "a b" is also "a" + ch + "b"
        return "i" if tokens == "ab" else "s"
    return "w" if tokens == f"a{ch}b" else "o" if tokens == f"a {ch} b" else "?"


def classes(tokens_of) -> str:
    """``class_of`` for every code point, from the tokeniser ``tokens_of``; "-" for a surrogate."""
    probed = "".join(map(chr, [*range(0xD800), *range(0xE000, 0x110000)])).replace(SEPARATOR, "")
    tokens = tokens_of("a" + f"b{SEPARATOR}a".join(probed) + f"b{SEPARATOR}")
    per_probe = (" ".join(tokens) + " ").split(f" {SEPARATOR} ")
    assert len(per_probe) == len(probed) + 1 and per_probe[-1] == "", "the probes lost their separators"
    found = "".join(map(class_of, per_probe, probed))
    alone = class_of(" ".join(tokens_of(f"a{SEPARATOR}b")), SEPARATOR)
    at = ord(SEPARATOR)  # below the surrogates
    return found[:at] + alone + found[at : 0xD800 - 1] + "-" * 0x800 + found[0xD800 - 1 :]


# ``classes`` in the page, with its tokeniser
CLASSES = """(separator) => {
  const tokensOf = window.lstmBook.tokenize, probed = [], at = separator.codePointAt(0);  // below the surrogates
  const classOf = (tokens, ch) => tokens === "ab" ? "i" : tokens === "a b" ? "s"
    : tokens === "a" + ch + "b" ? "w" : tokens === "a " + ch + " b" ? "o" : "?";
  for (let cp = 0; cp < 0x110000; cp++) {
    if ((cp < 0xD800 || cp > 0xDFFF) && cp !== at) probed.push(String.fromCodePoint(cp));
  }
  const tokens = tokensOf("a" + probed.join("b" + separator + "a") + "b" + separator);
  const perProbe = (tokens.join(" ") + " ").split(" " + separator + " ");
  if (perProbe.length !== probed.length + 1 || perProbe[probed.length] !== "") {
    throw new Error("the probes lost their separators");
  }
  const found = probed.map((ch, k) => classOf(perProbe[k], ch)).join("");
  const alone = classOf(tokensOf("a" + separator + "b").join(" "), separator);
  return found.slice(0, at) + alone + found.slice(at, 0xD800 - 1) + "-".repeat(0x800) + found.slice(0xD800 - 1);
}"""


def test_the_tokeniser_is_the_books_on_every_code_point(page):
    def python(text):
        try:
            return tokenize(text)
        except ValueError:
            return []

    js = page.evaluate(CLASSES, SEPARATOR)
    py = classes(python)
    assert len(js) == len(py) == 0x110000 and "?" not in js + py, "a probe's tokens fit none of the classes"
    differ = [cp for cp in range(0x110000) if js[cp] != py[cp]]
    # Only code points Python's Unicode database (older than Chromium's) does not assign may differ.
    assigned = [cp for cp in differ if unicodedata.category(chr(cp)) != "Cn"]
    assert assigned == [], [f"U+{cp:04X} js={js[cp]} py={py[cp]}" for cp in assigned[:20]]
    assert py.count("w") > 100_000 and py.count("s") == 29  # letters of every script, and every kind of space
    assert py.count("i") == sum(b - a + 1 for a, b in INVISIBLE_RANGES)  # the invisible characters, ignored
    assert js[0x200B] == py[0x200B] == "i"  # the zero-width space of a reader's report
    assert (py[ord(SEPARATOR)], py[ord("a")], py[ord(" ")]) == ("o", "w", "s")


@pytest.mark.parametrize(
    "text",
    [
        "John is a doctor. Mary is a teacher.",
        "  Mary,who ate already,is a pilot…  ",
        "naïve café Zoë — 12.5% of 3_000",
        "e\u0301t\u00e9 \ufeffBOM \x1cfile\x85next",
        "😀👍🏽👨‍👩‍👧 日本語のテキスト ٣٤ Ⅻ",
        "<script>alert('x')</script>&amp;",
        "John\u200b is a doc\u00adtor\u2060.\ufeff \u200fMary\u200e",
        "❤\ufe0f 👨\u200d👩\u200d👧 🏴\U000e0067\U000e0062\U000e007f \u034f\u180e\U0001d173",
    ],
)
def test_the_tokeniser_on_sentences(page, text):
    assert page.evaluate("t => window.lstmBook.tokenize(t)", text) == tokenize(text)


# -- The worked sentence, typed into the worked example's chapter ------------------------------


@pytest.fixture(scope="module")
def memory(browser, site):
    context, tab = opened(browser, site / "book" / "memory.html")
    yield tab
    assert tab.errors == [] and tab.blocked == []
    context.close()


def chapter_memory_table(site):
    """The chapter's "every unit" table: per token, its five rows' cells as shown."""
    found = [t for t in dataframe_tables(soup_of(site / "book" / "memory.html")) if "step" in t["names"]]
    assert len(found) == 1
    blocks, current = [], None
    for labels, cells in found[0]["rows"]:
        if len(labels) == 2:
            current = []
            blocks.append(current)
        current.append((labels[-1], cells))
    return blocks


def test_typing_the_worked_sentence_reproduces_the_chapters_table(memory, site):
    blocks = chapter_memory_table(site)
    assert len(blocks) == len(handset.TOKENS)
    box = memory.locator(f"{LIVE} textarea")
    box.focus()
    memory.keyboard.press("Control+A")
    memory.keyboard.press("Delete")
    memory.keyboard.type(handset.SENTENCE)
    slider = memory.locator(f"{LIVE} input[data-control=t]")
    slider.focus()
    memory.keyboard.press("Home")
    for t, block in enumerate(blocks, 1):
        assert memory.locator(LIVE).get_attribute("data-t") == str(t)
        rows = memory.locator(f"{LIVE} table.lstm-live-memory tbody tr")
        shown = [
            (rows.nth(k).locator("th").text_content(), rows.nth(k).locator("td").all_text_contents())
            for k in range(rows.count())
        ]
        assert shown == block
        memory.keyboard.press("ArrowRight")


# -- A sentence the book never shows, both models ---------------------------------------------


def switch_model(page, name):
    radio = page.locator(f"{LIVE} input[data-control=model-{name}]")
    if not radio.is_checked():
        page.locator(f"{LIVE} input[type=radio]:checked").focus()
        page.keyboard.press("ArrowDown" if name == "trained" else "ArrowUp")
    assert radio.is_checked() and page.locator(LIVE).get_attribute("data-model") == name


def fmt(v):
    text = format(float(v), ".4f")
    return format(0.0, ".4f") if float(text) == 0 else text


@pytest.mark.parametrize("which", [0, 1], ids=["hand-set", "trained"])
def test_a_new_sentence_shows_the_librarys_numbers(page, models, which):
    model = models[1][which]
    switch_model(page, model.name)
    type_text(page, NEW)
    want = live.reference(NEW, model)
    trace, n = want["trace"], len(want["tokens"])
    assert page.locator(LIVE).get_attribute("data-tokens") == str(n)
    assert page.locator(f"{LIVE} ol.lstm-live-tokens li > span:first-child").all_text_contents() == want["tokens"]
    got = values(page)
    for name in FIELDS:
        assert np.max(np.abs(np.array(got[name]) - getattr(trace, name))) <= 1e-12
    unit = model.unit
    # the chart: one point per token, the tokens as its ticks, the unit's C and h as its two lines
    assert page.locator(f"{LIVE} svg.lstm-live-chart circle").count() == n
    ticks = page.locator(f"{LIVE} svg.lstm-live-chart .lstm-live-axis text").all_text_contents()
    assert ticks[-n:] == want["tokens"]
    for cls, name in (("lstm-live-c", "c"), ("lstm-live-h", "h")):
        d = page.locator(f"{LIVE} svg.lstm-live-chart path.{cls}").get_attribute("d")
        points = np.array(re.findall(r"[ML]([-\d.]+) ([-\d.]+)", d), dtype=float)
        assert len(points) == n
        # y is the library's value on a linear axis, upside down (drawn to 0.1 px)
        y, v = points[:, 1], getattr(trace, name)[:, unit]
        slope, offset = np.polyfit(v, y, 1) if np.ptp(v) > 0 else (-1.0, y[0])
        assert slope < 0 and np.max(np.abs(slope * v + offset - y)) <= 0.1
    slider = page.locator(f"{LIVE} input[data-control=t]")
    slider.focus()
    page.keyboard.press("Home")
    for t in range(n):
        assert page.locator(LIVE).get_attribute("data-t") == str(t + 1)
        for row in tables.MEMORY_ROWS:
            for k in range(model.params.n_h):
                cell = page.locator(f"{LIVE} [data-value='{row}-{k}']").text_content()
                assert cell == fmt(getattr(trace, row)[t, k])
        for row in ("f", "i", "g", "o", "c", "h"):
            assert page.locator(f"{LIVE} [data-value='{row}']").text_content() == fmt(getattr(trace, row)[t, unit])
        for key in ("c_prev", "f", "kept", "i", "g", "write", "c", "o", "h"):
            number = page.locator(f"{LIVE} svg.lstm-diagram [data-num='{key}']").text_content()
            assert number == f"{getattr(trace, key)[t, unit]:+.4f}"
        current = page.locator(f"{LIVE} .lstm-x-current").text_content()
        assert f"“{want['tokens'][t]}”" in current and f"readout: {want['readout']['words'][t]}" in current
        page.keyboard.press("ArrowRight")
    switch_model(page, "handset")


# -- Bad input: a message, never an error, nothing injected ------------------------------------

BAD = {
    "empty": "",
    "spaces": "   \n\t  ",
    "ten thousand characters": ("John is a doctor. Mary, who ate already, is a teacher! " * 200)[:10_000],
    "only punctuation": "...!?;:--",
    "emoji": "😀🎉 👍🏽",
    "script": "<script>window.__pwned = 1</script>",
    "html": '<img src="x" onerror="window.__pwned = 1"><b>Mary</b> is <i>here</i>',
    "one long word": "Mary" + "y" * 9_996,
    "zero-width space": "\u200b",
    "invisible characters": "Mary\u200b is\u2060 here\ufeff. ❤\ufe0f",
    "one token": "Mary",
}
message = live.message


@pytest.mark.parametrize("name", list(BAD))
def test_bad_input_gets_a_message(page, models, name):
    text = BAD[name]
    model = models[1][0]
    switch_model(page, "handset")
    type_text(page, handset.SENTENCE)
    scripts = page.evaluate("document.querySelectorAll('script').length")
    type_text(page, text)
    want = live.notes(text, model)
    root = page.locator(LIVE)
    assert root.get_attribute("data-notes") == " ".join(k for k, _ in want)
    said = page.locator(f"{LIVE} .lstm-live-status p").all_text_contents()
    assert said == [message(k, v) for k, v in want]
    assert page.evaluate("window.__pwned") is None
    assert page.evaluate("document.querySelectorAll('script').length") == scripts
    assert page.locator(f"{LIVE} img, {LIVE} b, {LIVE} i, {LIVE} script:not([type])").count() == 0
    tokens = page.locator(f"{LIVE} ol.lstm-live-tokens li > span:first-child").all_text_contents()
    if want[0][0] == "empty":  # the last sentence stays on view, and the page says so
        assert tokens == list(handset.TOKENS) and "last sentence" in said[0]
        # another model chosen meanwhile reads that sentence: never one model's numbers under another's name
        switch_model(page, "trained")
        trained = models[1][1]
        want_trained = live.reference(handset.SENTENCE, trained)["trace"]
        assert root.get_attribute("data-notes") == "empty"
        assert np.max(np.abs(np.array(values(page)["c"]) - want_trained.c)) <= 1e-12
    else:
        assert tokens == tokenize(text)[: live.MAX_TOKENS]
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    if name == "ten thousand characters":
        assert root.get_attribute("data-tokens") == "200" and str(len(tokenize(text))) in said[1]
    assert page.errors == []


# -- What a reader reported, as the page shows it ---------------------------------------------------

CAPITALS = (
    "john, mary: this model knows these words only as John, Mary (capitals matter), so here they are read as the "
    "zero vector."
)


REPORTED = {  # what the page said, written out: name -> (model, text, the notes, the flagged tokens)
    "lowercase names": (
        "handset",
        "john is a doctor. mary is a teacher.",
        ["10 tokens, read by the hand-set model.", CAPITALS],
        ["john", "mary"],
    ),
    "lowercase names, trained": (
        "trained",
        "john is a doctor. mary is a teacher.",
        ["10 tokens, read by the trained model.", CAPITALS],
        ["john", "mary"],
    ),
    "capitalised at a sentence's start": (
        "handset",
        "The doctor is here. She is kind.",
        [
            "9 tokens, read by the hand-set model.",
            "Not names this model knows; read as ordinary words (the zero vector): The, She.",
        ],
        ["The", "She"],
    ),
    "one token": ("handset", "Mary", ["1 token, read by the hand-set model."], []),
    "a zero-width space": (
        "handset",
        "Mary\u200b is here.",
        [
            "4 tokens, read by the hand-set model.",
            "An invisible character is ignored, as if it were not there: U+200B.",
        ],
        [],
    ),
}


@pytest.mark.parametrize("name", list(REPORTED))
def test_what_a_reader_reported(page, name):
    model, text, said, flagged = REPORTED[name]
    switch_model(page, model)
    type_text(page, text)
    assert page.locator(f"{LIVE} .lstm-live-status p").all_text_contents() == said
    tokens = page.locator(f"{LIVE} ol.lstm-live-tokens li > span:first-child").all_text_contents()
    assert tokens == tokenize(text) and all(t.strip() and t.isprintable() for t in tokens)  # none invisible
    marked = page.locator(f"{LIVE} ol.lstm-live-tokens li.lstm-live-flagged > span:first-child").all_text_contents()
    assert marked == flagged
    assert page.errors == []
    switch_model(page, "handset")


CUT = """root => {  // how far each caption of the live explorer's tables runs past an edge that hides it
  const out = [];
  for (const caption of root.querySelectorAll('.lstm-live-caption')) {
    const range = document.createRange();
    range.selectNodeContents(caption);
    const text = range.getBoundingClientRect();
    let edge = document.documentElement.clientWidth;
    for (let a = caption.parentElement; a; a = a.parentElement) {
      if (getComputedStyle(a).overflowX !== 'visible') edge = Math.min(edge, a.getBoundingClientRect().right);
    }
    out.push([caption.textContent, Math.max(0, Math.round(text.right - edge)), text.height > 0]);
  }
  return out;
}"""


def tables_captions_wrap(tab) -> None:
    """At 390 px the caption of "every unit" was cut mid-sentence by the table's scroll box: with
    either model, every caption of the live explorer's tables wraps inside its box. (Run on the
    memory chapter's load in tests/test_phone_browser.py's ``test_page_fits_a_phone``.)"""
    root = tab.locator(LIVE)
    data = json.loads(root.locator("script").first.text_content())
    for model in ("handset", "trained"):  # the trained model's table is the wider: 8 units
        tab.locator(f"{LIVE} input[data-control=model-{model}]").check()
        cut = root.evaluate(CUT)
        assert [c[0] for c in cut][0] == data["text"]["memory"]
        assert [(text, past) for text, past, _ in cut if past] == [] and all(c[2] for c in cut), cut
        # the captions still name their tables, for a screen reader
        assert tab.get_by_role("table", name=data["text"]["memory"]).count() == 1


# -- Keyboard, links, weights ---------------------------------------------------------------------


def lit_parts(page):
    return page.evaluate(
        f"Array.from(document.querySelectorAll('{LIVE} svg.lstm-diagram .lstm-diagram-hl'))"
        ".map(n => n.getAttribute('data-part')).sort()"
    )


def test_keyboard_only(page):
    page.mouse.move(0, 0)  # away from the explorer: a pointer left over a row by another test would light it
    switch_model(page, "handset")
    type_text(page, handset.SENTENCE)
    page.locator(f"{LIVE} input[data-control=t]").focus()
    page.keyboard.press("Home")  # the first token, whatever test ran before (the order is random)
    page.locator(f"{LIVE} textarea").focus()
    page.keyboard.press("Tab")  # the model: the checked radio
    assert page.evaluate("document.activeElement.dataset.control") == "model-handset"
    page.keyboard.press("ArrowDown")
    assert page.locator(LIVE).get_attribute("data-model") == "trained"
    page.keyboard.press("ArrowUp")
    assert page.locator(LIVE).get_attribute("data-model") == "handset"
    page.keyboard.press("Tab")  # the unit on the diagram
    assert page.evaluate("document.activeElement.dataset.control") == "unit"
    page.keyboard.press("ArrowUp")
    assert page.locator(LIVE).get_attribute("data-unit") == str(handset.GENDER_UNIT - 1)
    page.keyboard.press("ArrowDown")
    assert page.locator(LIVE).get_attribute("data-unit") == str(handset.GENDER_UNIT)
    page.keyboard.press("Tab")  # what the model knows
    assert page.evaluate("document.activeElement.tagName") == "SUMMARY"
    page.keyboard.press("Tab")  # next: at the first token, previous is disabled and skipped
    assert page.locator(LIVE).get_attribute("data-t") == "1"
    assert page.evaluate("document.activeElement.dataset.control") == "next"
    page.keyboard.press("Enter")
    assert page.locator(LIVE).get_attribute("data-t") == "2"
    page.keyboard.press("Tab")  # the token slider
    page.keyboard.press("End")
    assert page.locator(LIVE).get_attribute("data-t") == str(len(handset.TOKENS))
    page.keyboard.press("ArrowLeft")
    assert page.locator(LIVE).get_attribute("data-t") == str(len(handset.TOKENS) - 1)
    page.keyboard.press("Tab")  # the first symbol of the equations: f
    assert page.evaluate("document.activeElement.dataset.link") == "f"
    assert lit_parts(page) == sorted(live.LINKS["f"])
    assert page.locator(f"{LIVE} tr.lstm-live-hl th").all_text_contents() == [
        tables.MEMORY_ROWS["f"],
        tables.SHORT["f"],
    ]
    # on through the equations and the diagram's numbers to the tables' rows, each lighting its own
    seen = []
    for _ in range(40):
        page.keyboard.press("Tab")
        key = page.evaluate("document.activeElement.dataset.link || ''")
        if not key:
            continue
        seen.append((page.evaluate("document.activeElement.tagName"), key))
        assert page.locator(LIVE).get_attribute("data-lit") == key
        assert lit_parts(page) == sorted(live.LINKS[key])
    kinds = {tag for tag, _ in seen}
    assert {"BUTTON", "text", "TH"} <= kinds, seen


def test_hovering_links_equations_diagram_and_tables(page):
    switch_model(page, "handset")
    page.locator(f"{LIVE} button.lstm-live-symbol[data-link=kept]").hover()
    assert lit_parts(page) == sorted(live.LINKS["kept"])
    assert page.locator(f"{LIVE} tr.lstm-live-hl th").all_text_contents() == [tables.MEMORY_ROWS["kept"]]
    page.locator(f"{LIVE} svg.lstm-diagram [data-part=box-i]").hover()  # a gate's box: its symbol and rows light up
    assert page.locator(LIVE).get_attribute("data-lit") == "i"
    lit = page.locator(f"{LIVE} .lstm-live-hl")
    assert "lstm-live-symbol" in lit.first.get_attribute("class")
    page.locator(f"{LIVE} table.lstm-live-unit th[data-link=h]").hover()
    assert lit_parts(page) == sorted(live.LINKS["h"])


def sigma(a):
    return 1 / (1 + math.exp(-a))


def test_the_weight_sliders_answer_what_if_w_f_were_minus_eight(page, models):
    switch_model(page, "handset")
    type_text(page, handset.SENTENCE)
    summary = page.locator(f"{LIVE} details.lstm-live-weights summary")
    summary.focus()
    page.keyboard.press("Enter")
    x1 = handset.N_H + handset.FEATURES.index("new subject")
    slider = page.locator(f"{LIVE} input[data-control=w-f-{x1}]")
    assert float(slider.input_value()) == handset.W_F_X[0]
    slider.focus()
    for _ in range(6):  # -5 to -8 in steps of 0.5
        page.keyboard.press("ArrowLeft")
    assert float(slider.input_value()) == -8.0
    params = handset.gender_params()
    W_f = params.W_f.copy()
    W_f[handset.GENDER_UNIT, x1] = -8.0
    edited = lc.run(replace(params, W_f=W_f), handset.embed(handset.TOKENS))
    got = values(page)
    for name in FIELDS:
        assert np.max(np.abs(np.array(got[name]) - getattr(edited, name))) <= 1e-12
    mary = handset.TOKENS.index("Mary")
    f_mary = got["f"][mary][handset.GENDER_UNIT]
    assert f_mary == pytest.approx(sigma(handset.B_F - 8), abs=1e-15)
    assert f_mary == pytest.approx(memory_page.exercises()["ex_f_minus8"], abs=1e-15)
    page.locator(f"{LIVE} button[data-control=reset]").focus()
    page.keyboard.press("Enter")
    assert float(slider.input_value()) == handset.W_F_X[0]
    assert np.max(np.abs(np.array(values(page)["f"]) - handset.gender_trace().f)) <= 1e-15  # as written again
    summary.focus()
    page.keyboard.press("Enter")  # closed again


# -- Accessibility in the states a reader brings it to ---------------------------------------------


def test_axe_after_use(tab, site):
    """The live explorable used, with either model: every axe-core rule in light mode; then the system
    turns dark and the rules the colours decide run again (the markup is the same in both modes)."""
    with visit(tab, (site / "book" / "explorables.html").as_uri()) as v:
        use_the_explorer(v.page)
        assert axe_with_each_model(v.page) == {"handset": [], "trained": []}
        v.page.emulate_media(color_scheme="dark")
        wait_for_mode(v.page, "dark")
        assert axe_with_each_model(v.page, COLOUR_RULES) == {"handset": [], "trained": []}
        assert v.errors == []


def use_the_explorer(tab) -> None:
    """A sentence typed, its details opened, a symbol focused."""
    tab.locator(f"{LIVE} textarea").fill("Bob met Mary 😀. <b>John</b> is a pilot!")
    tab.locator(f"{LIVE} details.lstm-live-weights summary").click()
    tab.locator(f"{LIVE} details.lstm-live-known summary").click()
    tab.locator(f"{LIVE} button.lstm-live-symbol[data-link=c]").first.focus()


def axe_with_each_model(tab, rules: list[str] | None = None) -> dict[str, list[str]]:
    """axe-core (every rule, or those of ``rules``) on the live explorable with either model: the
    violations found with each."""
    from axe_playwright_python.sync_playwright import Axe

    found = {}
    for model in ("handset", "trained"):
        tab.locator(f"{LIVE} input[data-control=model-{model}]").check()
        tab.wait_for_function("document.getAnimations().every(a => a.playState !== 'running')")
        options = {"preload": False}
        if rules is not None:
            options["runOnly"] = {"type": "rule", "values": rules}
        violations = Axe().run(tab, context=LIVE, options=options).response["violations"]
        found[model] = [f"{v['id']}: {[n['target'] for n in v['nodes'][:3]]}" for v in violations]
    return found
