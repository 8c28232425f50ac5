"""From text to tokens, and one-hot encodings as tables.

This is the book's tokenisation: words and punctuation marks are separate
tokens, so a period is a token of its own.
"""

from __future__ import annotations

import re


def tokenize(sentence: str) -> list[str]:
    """Words and punctuation marks as separate tokens: "a doctor." -> ["a", "doctor", "."]."""
    if not isinstance(sentence, str):
        raise ValueError(f"sentence must be a str, got {type(sentence).__name__}")
    tokens = re.findall(r"\w+|[^\w\s]", sentence)
    if not tokens:
        raise ValueError(f"sentence is empty: {sentence!r} has no tokens")
    return tokens


def one_hot(tokens, vocabulary):
    """One row per token, one column per vocabulary word, 1 where they match.

    tokens (T,), vocabulary (V,) -> a (T, V) pandas table of ints; ``.to_numpy(float)`` gives the xs.
    """
    import pandas as pd

    for name, value in (("tokens", tokens), ("vocabulary", vocabulary)):
        if isinstance(value, (str, dict)) or not hasattr(value, "__iter__"):
            raise ValueError(f"{name} must be a list of str, got {type(value).__name__} {value!r}")
    tokens, vocabulary = list(tokens), list(vocabulary)
    if not tokens:
        raise ValueError("tokens is empty: shape (0,); a sentence needs at least one token")
    if not vocabulary or len(set(vocabulary)) != len(vocabulary) or not all(isinstance(w, str) for w in vocabulary):
        raise ValueError(f"vocabulary must hold distinct str words, got {vocabulary}")
    unknown = sorted({repr(tok) for tok in tokens if tok not in vocabulary})
    if unknown:
        raise ValueError(
            f"tokens contains unknown tokens [{', '.join(unknown)}]; known tokens are {sorted(vocabulary)}"
        )
    rows = [[int(tok == word) for word in vocabulary] for tok in tokens]
    return pd.DataFrame(rows, index=pd.Index(tokens, name="token"), columns=vocabulary)
