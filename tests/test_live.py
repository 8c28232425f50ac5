"""The live sentence explorer's data and its Python reading (lstm_book.live): the
names and professions of the hand-set reader, the models exported as the library
has them, the reading of any text (tokens, flags, notes, the trace, the readout),
and bad arguments refused. The browser tests check the script against this."""

from __future__ import annotations

import json
import re
from dataclasses import fields

import numpy as np
import pytest
from test_handset import gender_unit_by_hand, topic_unit_by_hand

import lstm_calc as lc
from lstm_book import analysis, corpus, diagram, handset, live, tables
from lstm_book.pages import explorables as page
from lstm_book.pages import learning
from lstm_book.text import tokenize

NEW = "Mary is here. John is a pilot."  # a sentence that appears nowhere in the book


@pytest.fixture(scope="module")
def hand():
    return live.handset_model()


@pytest.fixture(scope="module")
def trained():
    return page.live_models()[1]


# -- The names and professions beside the hand-set weights ------------------------------


def test_at_least_twenty_names_of_each_gender():
    male, female = handset.MALE_NAMES, handset.FEMALE_NAMES
    assert len(male) >= 20 and len(female) >= 20
    assert len(set(male)) == len(male) and len(set(female)) == len(female) and not set(male) & set(female)
    assert all(re.fullmatch(r"[A-Z][a-z]+", n) for n in male + female)


def test_the_reader_holds_every_name_and_profession_of_the_trained_corpus():
    assert set(corpus.MALE_TRAIN + corpus.MALE_HELD_OUT) <= set(handset.MALE_NAMES)
    assert set(corpus.FEMALE_TRAIN + corpus.FEMALE_HELD_OUT) <= set(handset.FEMALE_NAMES)
    assert set(corpus.PROFESSIONS) == set(handset.PROFESSIONS)


def test_reader_vectors_are_the_worked_examples():
    reader = handset.READER_EMBEDDING
    for word, vector in handset.EMBEDDING.items():  # the worked example's words keep their vectors
        assert reader[word] == vector
    assert {reader[n] for n in handset.MALE_NAMES} == {(1.0, 1.0, 0.0, 0.0)}  # new subject, male
    assert {reader[n] for n in handset.FEMALE_NAMES} == {(1.0, 0.0, 1.0, 0.0)}  # new subject, female
    assert {reader[p] for p in handset.PROFESSIONS} == {(0.0, 0.0, 0.0, 1.0)}  # profession
    assert handset.FEATURES == ("new subject", "male", "female", "profession")


# -- The reading, against the book and against first principles ---------------------------


def test_the_worked_sentence_is_the_worked_example(hand):
    got = live.reference(handset.SENTENCE, hand)
    want = handset.gender_trace()
    assert got["tokens"] == list(handset.TOKENS) and got["flagged"] == []
    for name in want.names:
        assert np.array_equal(getattr(got["trace"], name), getattr(want, name)), name
    assert got["readout"]["words"] == [handset.pronoun(h) for h in want.h[:, handset.GENDER_UNIT]]
    assert got["notes"] == [("read", {"T": 10, "model": "hand-set"})]


def test_a_new_sentence_by_hand(hand):
    """Mary, John and pilot are read as the worked example reads Mary, John and doctor."""
    got = live.reference(NEW, hand)
    assert got["tokens"] == ["Mary", "is", "here", ".", "John", "is", "a", "pilot", "."]
    spaced = " ".join(got["tokens"])
    gender = gender_unit_by_hand(spaced, positive="John", negative="Mary")
    topic = topic_unit_by_hand(spaced, professions=("pilot",))
    trace = got["trace"]
    for k, name in enumerate(("f", "i", "g", "o", "c", "h")):
        np.testing.assert_allclose(getattr(trace, name)[:, handset.GENDER_UNIT], gender[:, k], rtol=0, atol=1e-15)
        np.testing.assert_allclose(getattr(trace, name)[:, handset.TOPIC_UNIT], topic[:, k], rtol=0, atol=1e-15)
    assert got["readout"]["words"] == ["she"] * 4 + ["he"] * 5


def test_an_unknown_name_is_an_ordinary_word(hand):
    got = live.reference("Bob is a doctor. Mary is here.", hand)
    assert got["flagged"] == ["Bob"]
    assert ("flag_capitalised", {"words": ["Bob"]}) in got["notes"]
    assert np.array_equal(live.encode(["Bob"], hand), np.zeros((1, 4)))
    assert got["readout"]["words"][0] == "–"  # h is exactly 0: nothing written before a subject
    assert live.flags(["bob", "Bob", "John", "Zoë", "Élodie", "42", "."], hand) == ["Bob", "Zoë", "Élodie"]


def test_the_trained_model_is_the_learning_chapters(trained):
    model, embedding = learning.trained().model, learning.setup()[0]
    assert trained.params is model.lstm and trained.unit == learning.unit()
    assert trained.readout == {"kind": "logistic", "w": model.w.tolist(), "b": model.b}
    assert set(trained.vocabulary) == set(embedding.vectors)
    for word, vector in embedding.vectors.items():
        assert np.array_equal(np.array(trained.vocabulary[word]), vector)
    assert trained.words == corpus.PRONOUNS and trained.flag == "unknown"
    assert trained.orientation == (1.0 if learning.unit_sign() == "positive" else -1.0)


def test_the_trained_readout_is_the_models(trained):
    model, embedding = learning.trained().model, learning.setup()[0]
    got = live.reference(handset.SENTENCE, trained)
    assert got["flagged"] == []
    assert got["readout"]["p"][-1] == pytest.approx(analysis.p_she(model, handset.TOKENS, embedding), rel=0, abs=1e-15)
    want = lc.run(model.lstm, embedding.encode(handset.TOKENS))
    assert np.array_equal(got["trace"].c, want.c)
    assert got["readout"]["words"] == [corpus.PRONOUNS[int(p > 0.5)] for p in got["readout"]["p"]]


def test_words_outside_the_trained_vocabulary_are_flagged_and_zero(trained):
    got = live.reference("Bob is a doctor . mary is a doctor", trained)
    assert got["flagged"] == ["Bob", "mary"]
    assert ("flag_case", {"words": ["mary"], "known": ["Mary"]}) in got["notes"]  # a name known capitalised
    assert ("flag_unknown", {"words": ["Bob"]}) in got["notes"]
    xs = live.encode(got["tokens"], trained)
    assert np.array_equal(xs[0], np.zeros(8)) and np.array_equal(xs[1], np.array(trained.vocabulary["is"]))


# -- What a reader reported -----------------------------------------------------------------


@pytest.mark.parametrize("which", ["hand", "trained"])
def test_lowercase_names_are_flagged(request, which):
    """Names are known only capitalised: "john" is read as the zero vector, and the page says why."""
    model = request.getfixturevalue(which)
    got = live.reference("john is a doctor. mary is a teacher.", model)
    assert got["flagged"] == ["john", "mary"]
    assert ("flag_case", {"words": ["john", "mary"], "known": ["John", "Mary"]}) in got["notes"]
    said = [live.message(k, v) for k, v in got["notes"]]
    assert said[-1] == (
        "john, mary: this model knows these words only as John, Mary (capitals matter), so here they are read "
        "as the zero vector."
    )
    assert not live.encode(["john", "mary"], model).any()
    assert live.flags(["JOHN", "Doctor"], model) == ["JOHN", "Doctor"]  # any other spelling of a known word
    assert [k for k, _ in live.notes("JOHN", model)] == ["read", "flag_case"]


def test_a_capitalised_word_is_not_called_a_name(hand):
    """A sentence's first word is capitalised: the message must be true of it too."""
    said = [live.message(k, v) for k, v in live.notes("The doctor is here. She is kind.", hand)]
    assert said == [
        "9 tokens, read by the hand-set model.",
        "Not names this model knows; read as ordinary words (the zero vector): The, She.",
    ]
    assert live.message("flag_capitalised", {"words": ["Bob"]}) == (
        "Not a name this model knows; read as an ordinary word (the zero vector): Bob."
    )
    # "Is" differs from "is" only in case, but "is" is the zero vector too: nothing to point out but the capital
    assert live.notes("Is", hand)[1] == ("flag_capitalised", {"words": ["Is"]})


def test_one_token_is_singular(hand):
    assert live.message(*live.notes("Mary", hand)[0]) == "1 token, read by the hand-set model."
    assert live.message(*live.notes("Mary is", hand)[0]) == "2 tokens, read by the hand-set model."
    one = live.message("symbols", {"tokens": ["😀"]})
    assert one == "Not a word but a token of its own, read as the zero vector: 😀."
    with pytest.raises(ValueError, match=r"^key must be one of"):
        live.message("nothing", {})


def test_invisible_characters_are_ignored_and_named(hand):
    got = live.reference("Mary\u200b is\u2060 here.\ufeff\u200b", hand)
    assert got["tokens"] == ["Mary", "is", "here", "."]
    assert got["notes"] == [
        ("read", {"T": 4, "model": "hand-set"}),
        ("invisible", {"codes": ["U+200B", "U+2060", "U+FEFF"]}),
    ]
    assert live.message(*got["notes"][1]) == (
        "Invisible characters are ignored, as if they were not there: U+200B, U+2060, U+FEFF."
    )
    assert live.notes("\u200b", hand) == [("empty", {})]  # a box that looks empty is empty
    assert live.notes("<\u200bb>", hand)[1] == ("html", {})  # read as it looks


# -- Bad input: a note, never an error ----------------------------------------------------

LONG = "John is a doctor. " * 2000  # 36,000 characters, 10,000 tokens


@pytest.mark.parametrize(
    "text,keys",
    [
        ("", ["empty"]),
        ("   \n\t ", ["empty"]),
        (LONG[:10_000], ["read", "too_long"]),
        ("...!?", ["read", "no_words"]),
        ("😀 🎉", ["read", "no_words", "symbols"]),
        ("Mary 😀 is here", ["read", "symbols"]),
        ("<script>alert(1)</script>", ["read", "html", "symbols"]),  # < and > are symbols, not punctuation
        ('<img src="x" onerror="alert(1)">Mary', ["read", "html", "symbols"]),
        ("a < b and c > d", ["read", "symbols"]),  # comparisons are not tags
        ("\u200b", ["empty"]),
        ("\u200b.\u00ad", ["read", "invisible", "no_words"]),
        ("❤\ufe0f", ["read", "invisible", "no_words", "symbols"]),
    ],
)
def test_notes_of_bad_input(hand, text, keys):
    said = live.notes(text, hand)
    assert [k for k, _ in said] == keys
    for key, values in said:
        assert "{" not in live.message(key, values)  # every message has its values


def test_the_token_limit(hand):
    text = LONG[:10_000]
    got = live.reference(text, hand)
    assert len(got["tokens"]) == live.MAX_TOKENS == 200
    assert got["notes"][1] == ("too_long", {"n": len(tokenize(text))})
    assert got["trace"].T == 200


def test_html_is_read_as_plain_text(hand):
    got = live.reference("<script>alert(1)</script>", hand)
    assert got["tokens"] == ["<", "script", ">", "alert", "(", "1", ")", "<", "/", "script", ">"]
    assert got["flagged"] == []


# -- The data of the page ---------------------------------------------------------------


@pytest.fixture(scope="module")
def data(hand):
    return live.live_explorer([hand]).data


def test_data_are_plain_json(data):
    assert json.loads(json.dumps(data, allow_nan=False)) == data


def test_model_data_are_the_library(data, hand):
    m = data["models"][0]
    p = hand.params
    assert (m["n_h"], m["n_in"]) == (3, 4)
    for g in lc.GATES:
        assert m["W"][g] == getattr(p, f"W_{g}").tolist() and m["b"][g] == getattr(p, f"b_{g}").tolist()
    assert m["vocabulary"] == {w: list(v) for w, v in handset.READER_EMBEDDING.items()}
    assert m["readout"] == {"kind": "sign", "unit": handset.GENDER_UNIT, "zero": "–", "words": ["he", "she"]}
    assert m["units"] == tables.unit_names(3) and m["unit"] == handset.GENDER_UNIT
    editable = m["editable"]
    assert editable["unit"] == handset.GENDER_UNIT
    assert [c["index"] for c in editable["columns"]] == [3, 4, 5, 6]
    low, high, step = editable["range"]
    for g in lc.GATES:  # every weight and bias of the unit starts on the sliders' grid
        row = [*getattr(p, f"W_{g}")[handset.GENDER_UNIT, 3:], getattr(p, f"b_{g}")[handset.GENDER_UNIT]]
        assert all(low <= v <= high and (v - low) / step == int((v - low) / step) for v in row)


def test_labels_and_colours_are_the_books(data):
    from lstm_book.charts import COLOURS

    assert data["memory"] == [[k, v] for k, v in tables.MEMORY_ROWS.items()]
    assert data["unit_rows"] == [[k, tables.SHORT[k]] for k in ("f", "i", "g", "o", "c", "h")]
    assert all(data["labels"][k] == tables.LABELS[k] for k in data["labels"])
    assert set(data["colours"].values()) <= set(COLOURS.values())
    symbols = [p["text"] for eq in data["equations"] for p in eq if isinstance(p, dict)]
    assert set(symbols) == {tables.LABELS[k].split(" ")[0] for k in ("f", "i", "g", "o", "c", "h", "kept", "write")}


def test_the_diagram_links_name_its_parts(data):
    svg = data["diagram"]["svg"]
    parts = set(re.findall(r'data-part="([^"]+)"', svg))
    nums = set(re.findall(r'data-num="([^"]+)"', svg))
    assert {p for links in data["diagram"]["links"].values() for p in links} <= parts
    assert set(data["diagram"]["links"]) <= nums
    assert parts >= {p for path in diagram.PATHS.values() for p in path}


def test_sizes(trained):
    s = live.size(trained)
    assert s == {"n_h": 8, "n_in": 8, "weights": 544, "readout": 9, "words": 81, "vector_numbers": 648}
    values = page.live_values()
    assert values["live_limit"] == 200 and values["live_male"] == len(handset.MALE_NAMES)
    assert 20 < values["live_kb"] < 60  # both models, with the labels


# -- Bad arguments -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "call,message",
    [
        (lambda h: live.live_explorer([]), r"^models must hold at least one model"),
        (lambda h: live.live_explorer(h), r"^models must be a list of live.LiveModel, got LiveModel"),
        (lambda h: live.live_explorer([h, h]), r"^models must hold .* distinct names"),
        (lambda h: live.live_explorer(["x"]), r"^model must be a live.LiveModel, got str"),
        (lambda h: live.live_explorer([h], sentence=""), r"^sentence must be a non-empty str"),
        (lambda h: live.live_explorer([h], sentence=3), r"^sentence must be a non-empty str, got int 3"),
        (lambda h: live.live_explorer([h], start=10), r"^start must be"),
        (lambda h: live.notes(None, h), r"^text must be a str, got NoneType"),
        (lambda h: live.reference("John", "hand-set"), r"^model must be a live.LiveModel, got str"),
        (lambda h: live.trained_model("model", None, 0, 1.0), r"^model must be an lstm_calc.bptt.Model, got str"),
    ],
)
def test_bad_arguments_are_refused(hand, call, message):
    with pytest.raises(ValueError, match=message):
        call(hand)


@pytest.mark.parametrize(
    "change,message",
    [
        ({"flag": "all"}, r"^flag must be 'capitalised' or 'unknown', got 'all'"),
        ({"unit": 3}, r"^unit must be"),
        ({"vocabulary": {}}, r"^vocabulary must be a non-empty dict"),
        ({"vocabulary": {"John": (1.0, 0.0)}}, r"^vocabulary\['John'\]"),
        ({"readout": {"kind": "softmax"}}, r"^readout must be of kind"),
        ({"orientation": 0.5}, r"^orientation must be 1.0 or -1.0, got 0.5"),
        ({"params": "weights"}, r"^params must be LSTMParams, got str"),
    ],
)
def test_a_bad_model_is_refused(hand, change, message):
    kwargs = {f.name: getattr(hand, f.name) for f in fields(hand)}
    with pytest.raises(ValueError, match=message):
        live.LiveModel(**(kwargs | change))


def test_the_chapters_claims_hold():
    claims = page.live_claims()
    assert len(claims) == 4 and all(v is True for v in claims.values()), claims
