"""Tokens and one-hot vectors."""

from __future__ import annotations

import numpy as np
import pytest

from lstm_book.text import one_hot, tokenize


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
