"""From text to tokens, and one-hot encodings as tables.

This is the book's tokenisation: words and punctuation marks are separate
tokens, so a period is a token of its own. Invisible characters (a zero-width
space, a joiner, a soft hyphen, a byte-order mark, a direction mark, a variation
selector, …) are ignored: the text is read as it looks, so "doc\u00adtor" is
"doctor". The live explorer's script (``_static/lstm-book-explorables.js``)
holds the same ranges; the browser tests compare the two on every code point.
"""

from __future__ import annotations

import re

# The invisible characters, ignored: Unicode's default-ignorable code points
# (DerivedCoreProperties.txt) that are not letters (the Hangul fillers are, and stay
# in their words), as inclusive ranges of code points.
INVISIBLE_RANGES = (
    (0x00AD, 0x00AD),  # soft hyphen
    (0x034F, 0x034F),  # combining grapheme joiner
    (0x061C, 0x061C),  # Arabic letter mark
    (0x17B4, 0x17B5),  # Khmer inherent vowels
    (0x180B, 0x180F),  # Mongolian variation selectors and vowel separator
    (0x200B, 0x200F),  # zero-width space, non-joiner and joiner, direction marks
    (0x202A, 0x202E),  # direction embeddings and overrides
    (0x2060, 0x206F),  # word joiner, invisible operators, direction isolates, …
    (0xFE00, 0xFE0F),  # variation selectors
    (0xFEFF, 0xFEFF),  # byte-order mark (zero-width no-break space)
    (0x1BCA0, 0x1BCA3),  # shorthand format controls
    (0x1D173, 0x1D17A),  # musical symbol format controls
    (0xE0000, 0xE0FFF),  # tags and variation selectors supplement
)
INVISIBLE = re.compile("[" + "".join(f"{chr(a)}-{chr(b)}" for a, b in INVISIBLE_RANGES) + "]")


def invisible(sentence: str) -> list[str]:
    """The invisible characters of ``sentence``, which ``tokenize`` ignores, in order, with repeats."""
    if not isinstance(sentence, str):
        raise ValueError(f"sentence must be a str, got {type(sentence).__name__}")
    return INVISIBLE.findall(sentence)


def visible(sentence: str) -> str:
    """``sentence`` without its invisible characters: the text ``tokenize`` reads."""
    if not isinstance(sentence, str):
        raise ValueError(f"sentence must be a str, got {type(sentence).__name__}")
    return INVISIBLE.sub("", sentence)


def tokenize(sentence: str) -> list[str]:
    """Words and punctuation marks as separate tokens: "a doctor." -> ["a", "doctor", "."].
    Invisible characters are ignored (``INVISIBLE_RANGES``)."""
    tokens = re.findall(r"\w+|[^\w\s]", visible(sentence))
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
