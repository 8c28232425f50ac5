"""From text to input vectors: tokens and one-hot encodings."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd


def tokenize(sentence: str) -> list[str]:
    """Words and punctuation marks as separate tokens: "a doctor." -> ["a", "doctor", "."]."""
    if not isinstance(sentence, str):
        raise ValueError(f"sentence must be a str, got {type(sentence).__name__}")
    tokens = re.findall(r"\w+|[^\w\s]", sentence)
    if not tokens:
        raise ValueError(f"sentence is empty: {sentence!r} has no tokens")
    return tokens


def one_hot(tokens, vocabulary) -> pd.DataFrame:
    """One row per token, one column per vocabulary word, 1.0 where they match.

    tokens (T,), vocabulary (V,) -> (T, V) table; ``.to_numpy()`` gives the xs.
    """
    tokens, vocabulary = list(tokens), list(vocabulary)
    if not tokens:
        raise ValueError("tokens is empty: shape (0,); a sentence needs at least one token")
    if len(set(vocabulary)) != len(vocabulary) or not vocabulary:
        raise ValueError(f"vocabulary must hold distinct words, got {vocabulary}")
    unknown = sorted({str(tok) for tok in tokens if tok not in vocabulary})
    if unknown:
        raise ValueError(f"tokens contains unknown tokens {unknown}; known tokens are {sorted(vocabulary)}")
    xs = np.array([[1.0 if tok == word else 0.0 for word in vocabulary] for tok in tokens])
    return pd.DataFrame(xs, index=pd.Index(tokens, name="token"), columns=vocabulary)
