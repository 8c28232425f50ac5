"""Tokens and one-hot vectors."""

from __future__ import annotations

import unicodedata

import numpy as np
import pytest

from lstm_book.text import INVISIBLE_RANGES, invisible, one_hot, tokenize, visible


def test_one_hot_of_a_three_word_vocabulary():
    table = one_hot("cat rat rat".split(), ["cat", "mat", "rat"])
    np.testing.assert_array_equal(table.to_numpy(), [[1, 0, 0], [0, 0, 1], [0, 0, 1]])
    assert list(table.index) == ["cat", "rat", "rat"] and list(table.columns) == ["cat", "mat", "rat"]


def test_one_hot_refuses_bad_input():
    with pytest.raises(ValueError, match=r"unknown tokens \['rad'\]; known tokens are \['cat', 'mat', 'rat'\]"):
        one_hot(["cat", "rat", "rad"], ["cat", "mat", "rat"])
    with pytest.raises(ValueError, match="tokens is empty"):
        one_hot([], ["cat"])
    with pytest.raises(ValueError, match=r"vocabulary must hold distinct str words, got \['cat', 'cat'\]"):
        one_hot(["cat"], ["cat", "cat"])
    with pytest.raises(ValueError, match="vocabulary must hold distinct str words, got \\[\\]"):
        one_hot(["cat"], [])
    with pytest.raises(ValueError, match="tokens must be a list of str, got str 'cat'"):
        one_hot("cat", ["cat"])
    with pytest.raises(ValueError, match="vocabulary must be a list of str, got NoneType None"):
        one_hot(["cat"], None)


def test_tokenize():
    assert tokenize("The cat, which ate already, was full.") == [
        "The",
        "cat",
        ",",
        "which",
        "ate",
        "already",
        ",",
        "was",
        "full",
        ".",
    ]
    with pytest.raises(ValueError, match="sentence must be a str"):
        tokenize(None)
    with pytest.raises(ValueError, match=r"sentence is empty: ' \\t' has no tokens"):
        tokenize(" \t")


def test_invisible_characters_are_ignored():
    """A zero-width space, a joiner, a soft hyphen, a byte-order mark, a direction mark or a
    variation selector is never a token, and never splits a word: the text is read as it looks."""
    assert tokenize("John\u200b is a doc\u00adtor\u2060.\ufeff") == ["John", "is", "a", "doctor", "."]
    assert tokenize("\u200fMary\u200e is\u2066 here\u2069") == ["Mary", "is", "here"]
    assert tokenize("❤\ufe0f 👨\u200d👩\u200d👧") == ["❤", "👨", "👩", "👧"]
    assert tokenize("\U000e0067x\U000e007f") == ["x"]  # the tags of a flag sequence
    with pytest.raises(ValueError, match="sentence is empty"):
        tokenize("\u200b\u200c\ufeff")
    assert invisible("a\u200bb\u00adc\u200b") == ["\u200b", "\u00ad", "\u200b"]
    assert visible("a\u200bb") == "ab"


def test_the_invisible_ranges():
    """Every range is ordered and apart from the others, and none holds a letter, a digit, a space
    or a mark of punctuation (those stay tokens or separators)."""
    ranges = INVISIBLE_RANGES
    assert all(a <= b for a, b in ranges) and all(b1 < a2 - 1 for (_, b1), (a2, _) in zip(ranges, ranges[1:]))
    for a, b in ranges:
        for cp in range(a, b + 1):
            category = unicodedata.category(chr(cp))
            assert category in ("Cf", "Mn", "Cn"), (hex(cp), category)
    with pytest.raises(ValueError, match="sentence must be a str"):
        visible(None)
    with pytest.raises(ValueError, match="sentence must be a str"):
        invisible(b"x")
