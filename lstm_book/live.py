"""The live sentence explorer: any sentence, either model, computed in the page.

The reader types a sentence. The page tokenises it as the book does
(``text.tokenize``: words and punctuation marks are separate tokens), reads
each token with the chosen model's word vectors (a token the model has no
vector for is the zero vector) and runs the LSTM with the one JavaScript port
of ``lstm_calc``'s step in ``_static/lstm-book-explorables.js``. The script
holds nothing of the example: the models' weights and word vectors, every
label, colour and message come from the data built here (``live_explorer``).

``reference`` is the same reading in Python, with ``lstm_calc.run``; the
browser tests check the script against it.
"""

from __future__ import annotations

import json
import re
import string
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from lstm_calc import GATES, LSTMParams, Trace, _check, run, sigmoid
from lstm_calc.bptt import Model

from . import diagram, handset
from .charts import COLOURS
from .corpus import Embedding
from .explorables import Explorable, params_data
from .tables import LABELS, MEMORY_ROWS, SHORT, unit_names
from .text import invisible, tokenize, visible

MAX_TOKENS = 200  # the longest sentence the page reads; the rest of a longer text is ignored, and the page says so
CAPITALISED = ("Lu", "Lt")  # the Unicode categories of a capitalised word's first letter
HTML_LIKE = re.compile(r"</?[A-Za-z!]")  # text that looks like an HTML tag (the script tests the same pattern)
WEIGHT_RANGE = (-20.0, 20.0, 0.5)  # the weight sliders: min, max, step (every hand-set weight is on this grid)
SUBSCRIPTS = "₀₁₂₃₄₅₆₇₈₉"  # x₁, x₂, … as the chapter writes the features
STEP_FIELDS = ("c_prev", "f", "kept", "i", "g", "write", "c", "o", "h")
UNIT_ROWS = ("f", "i", "g", "o", "c", "h")  # the rows of the table of the unit on the diagram

# What each symbol of the equations, row of the tables and number of the diagram
# lights up in the diagram (the parts of ``diagram.cell_svg``).
LINKS = {
    "c_prev": ("wire-c-prev",),
    "f": ("box-f", "wire-f"),
    "kept": ("mul-f", "wire-kept"),
    "i": ("box-i", "wire-i"),
    "g": ("box-g", "wire-g"),
    "write": ("mul-i", "wire-write"),
    "c": ("add", "wire-c"),
    "o": ("box-o", "wire-o"),
    "h": ("tanh-c", "wire-tanh", "mul-o", "wire-h"),
}


def symbol(key: str) -> str:
    """The symbol of a quantity, as the labels write it: "fₜ" of "fₜ (forget gate)"."""
    key = _check.one_of("key", key, tuple(LABELS))
    return LABELS[key].split(" ")[0]


# The six equations, as the chapter writes them; each linked symbol is {"key", "text"}.
EQUATIONS = [
    [{"key": "f", "text": symbol("f")}, " = σ(W_f·zₜ + b_f)"],
    [{"key": "i", "text": symbol("i")}, " = σ(W_i·zₜ + b_i)"],
    [{"key": "g", "text": symbol("g")}, " = tanh(W_g·zₜ + b_g)"],
    [{"key": "o", "text": symbol("o")}, " = σ(W_o·zₜ + b_o)"],
    [
        {"key": "c", "text": symbol("c")},
        " = ",
        {"key": "kept", "text": symbol("kept")},
        " + ",
        {"key": "write", "text": symbol("write")},
    ],  # fmt: skip
    [
        {"key": "h", "text": symbol("h")},
        " = ",
        {"key": "o", "text": symbol("o")},
        "⊙tanh(",
        {"key": "c", "text": symbol("c")},
        ")",
    ],  # fmt: skip
]

# Every word the page shows, by name; "{name}" is filled in by the script.
TEXT = {
    "box": "Your sentence",
    "box_help": f"Type any text. Words and punctuation marks are separate tokens, capitals matter and invisible "
    f"characters are ignored; at most {MAX_TOKENS} tokens are read.",
    "model": "Model",
    "unit": "Unit on the diagram",
    "choice": "{label} ({n_h} units)",
    "known": "What the {label} model knows",
    "size": "its size",
    "tokens": "The tokens; flagged ones are marked",
    "flagged": "flagged",
    "prev": "◀ previous token",
    "next": "next token ▶",
    "step": "token",
    "current": "Token {t} of {T}: “{token}”; readout: {answer}",
    "probability": "{answer} (p(“{word}”) = {p}; trained only at a period before a pronoun)",
    "equations": "The equations (focus or hover a symbol to find it in the diagram and the tables)",
    "memory": "The memory update at this token, every unit",
    "unit_table": "{unit} at this token",
    "weights": "Edit the weights of {unit} (the hand-set model)",
    "weights_help": "Every weight on an input feature and every bias of {unit}. The whole sentence is recomputed "
    "as you move one.",
    "bias": "bias",
    "reset": "Reset the weights",
    "chart": "{unit} per token: its cell C and hidden state h, the readout at each point, the current token "
    "marked. The tables hold the values.",
    "chart_c": "C (cell)",
    "chart_h": "h (hidden state)",
    "diagram": "The step at token {t}, “{token}”, {unit}: ",
    "side": "“{word}” side",
}
# What the page says about a text, by key. A message is a template, or two ("one" and "other")
# chosen by how many the value named by "count" holds (a number, or the length of a list).
MESSAGES = {
    "read": {
        "count": "T",
        "one": "{T} token, read by the {model} model.",
        "other": "{T} tokens, read by the {model} model.",
    },
    "empty": "The box is empty: type a sentence. The views still show the last sentence read.",
    "too_long": f"Your text has {{n}} tokens; this explorable reads at most {MAX_TOKENS}, so only the first "
    f"{MAX_TOKENS} are read and the rest is ignored.",
    "html": "This looks like HTML. It is read as plain text: every <, > and / is a token of its own.",
    "invisible": {
        "count": "codes",
        "one": "An invisible character is ignored, as if it were not there: {codes}.",
        "other": "Invisible characters are ignored, as if they were not there: {codes}.",
    },
    "no_words": "There is no word here, only punctuation marks or symbols. Each is a token all the same.",
    "symbols": {
        "count": "tokens",
        "one": "Not a word but a token of its own, read as the zero vector: {tokens}.",
        "other": "Not words but tokens of their own, read as the zero vector: {tokens}.",
    },
    "flag_case": {
        "count": "words",
        "one": "{words}: this model knows the word only as {known} (capitals matter), so here it is read as "
        "the zero vector.",
        "other": "{words}: this model knows these words only as {known} (capitals matter), so here they are "
        "read as the zero vector.",
    },
    "flag_capitalised": {
        "count": "words",
        "one": "Not a name this model knows; read as an ordinary word (the zero vector): {words}.",
        "other": "Not names this model knows; read as ordinary words (the zero vector): {words}.",
    },
    "flag_unknown": "Outside the trained model's vocabulary, read as the zero vector: {words}.",
}


def message(key: str, values: Mapping) -> str:
    """The sentence the page shows for the note ``(key, values)`` of ``notes``: the message's
    template (its "one" or "other" form by the count), with lists joined by ", "."""
    key = _check.one_of("key", key, tuple(MESSAGES))
    values = _check.mapping("values", values)
    template = MESSAGES[key]
    forms = [template] if isinstance(template, str) else [template["one"], template["other"]]
    needed = {name for form in forms for _, name, _, _ in string.Formatter().parse(form) if name}
    if not needed <= set(values):
        raise ValueError(f"values must hold {sorted(needed)} for the message {key!r}, got {_check.describe(values)}")
    for name in needed:
        value = values[name]
        if isinstance(value, list):
            _check.texts(f"values[{name!r}]", value)
        elif isinstance(value, bool) or not isinstance(value, (str, int, float)):
            raise ValueError(f"values[{name!r}] must be a str, a number or a list of str, got {_check.describe(value)}")
    if not isinstance(template, str):
        count = values[template["count"]]
        if not isinstance(count, (int, list)):
            raise ValueError(f"values[{template['count']!r}] must be a count or a list, got {_check.describe(count)}")
        template = template["one" if (len(count) if isinstance(count, list) else count) == 1 else "other"]
    return template.format(**{k: ", ".join(values[k]) if isinstance(values[k], list) else values[k] for k in needed})


@dataclass(frozen=True)
class LiveModel:
    """A model the live explorer can switch to: an LSTM, its word vectors and its readout.

    ``vocabulary`` maps a token to its input vector (n_in,); any other token is the
    zero vector. ``flag`` says which words outside it the page points out:
    "capitalised" (names it does not know) or "unknown" (every one); a word that
    differs only in case from a word with a non-zero vector ("john" for "John") is
    pointed out with either. ``unit`` is the
    unit the chart follows and the diagram shows first (0-based), ``orientation``
    the sign of "he" in its cell. ``readout`` is {"kind": "sign", "unit": u} (the sign
    of h_t[u] chooses, as ``handset.pronoun``) or {"kind": "logistic", "w": (n_h,),
    "b": b} (p = σ(w·h_t + b) is the probability of the second of ``words``).
    ``known`` lists the words it knows by kind, for the page; ``editable`` says
    whether the reader may move the unit's weights.
    """

    name: str
    label: str
    params: LSTMParams
    vocabulary: dict  # token -> input vector (n_in,)
    flag: str
    unit: int
    readout: dict
    words: tuple[str, str]  # the readout's two answers: (positive, negative) for "sign", (label 0, label 1)
    known: tuple = ()
    orientation: float = 1.0
    editable: bool = False
    features: tuple = ()

    def __post_init__(self):
        _check.text("name", self.name)
        _check.text("label", self.label)
        _check.instance("params", self.params, LSTMParams)
        if not isinstance(self.flag, str) or self.flag not in ("capitalised", "unknown"):
            raise ValueError(f"flag must be 'capitalised' or 'unknown', got {self.flag!r}")
        _check.integer("unit", self.unit)
        if not 0 <= self.unit < self.params.n_h:
            raise ValueError(
                f"unit must be in [0, {self.params.n_h}) (params has n_h={self.params.n_h}), got {self.unit}"
            )
        if not isinstance(self.vocabulary, Mapping) or not self.vocabulary:
            raise ValueError(
                f"vocabulary must be a non-empty dict of token -> vector, got {_check.describe(self.vocabulary)}"
            )
        for word, vector in self.vocabulary.items():
            _check.text(f"vocabulary key {word!r}", word)
            try:
                _check.vector(f"vocabulary[{word!r}]", vector, self.params.n_in)
            except ValueError as err:
                raise ValueError(f"{err} (params has n_in={self.params.n_in})") from None
        _check_readout(self.readout, self.params.n_h)
        words = _check.texts("words", self.words)
        if len(words) != 2:
            raise ValueError(f"words must be two str, got {_check.describe(self.words)}")
        for k, pair in enumerate(_check.items("known", self.known, empty=True)):
            if not isinstance(pair, tuple) or len(pair) != 2:
                raise ValueError(f"known[{k}] must be a pair (label, words), got {_check.describe(pair)}")
            _check.text(f"known[{k}] label", pair[0])
            _check.texts(f"known[{k}] words", pair[1])
        if _check.real("orientation", self.orientation) not in (1.0, -1.0):
            raise ValueError(f"orientation must be 1.0 or -1.0, got {self.orientation!r}")
        _check.flag("editable", self.editable)
        features = _check.texts("features", self.features, empty=not self.editable)
        if self.editable and len(features) != self.params.n_in:
            raise ValueError(f"features must name the {self.params.n_in} inputs, got {_check.describe(self.features)}")


def _check_readout(readout, n_h: int) -> None:
    """A readout of ``LiveModel``: {"kind": "sign", "unit": u, "zero": word} or {"kind": "logistic", "w", "b"}."""
    if not isinstance(readout, Mapping) or readout.get("kind") not in ("sign", "logistic"):
        raise ValueError(f"readout must be of kind 'sign' or 'logistic', got {readout!r}")
    if readout["kind"] == "sign":
        _check.integer("readout unit", readout.get("unit"), low=0, high=n_h)
        _check.text("readout zero", readout.get("zero"))
    else:
        _check.vector("readout w", readout.get("w"), n_h)
        _check.real("readout b", readout.get("b"))


def handset_model(params: LSTMParams | None = None) -> LiveModel:
    """The worked example's LSTM (``handset.gender_params()`` unless ``params``), reading
    ``handset.READER_EMBEDDING``: the listed names and professions, every other token 0."""
    hand = handset.gender_params()
    if params is None:
        params = hand
    _check.instance("params", params, LSTMParams)
    if (params.n_h, params.n_in) != (hand.n_h, hand.n_in):
        raise ValueError(
            f"params must have n_h={hand.n_h} and n_in={hand.n_in} as the hand-set weights, "
            f"got n_h={params.n_h}, n_in={params.n_in}"
        )
    words = (handset.pronoun(1.0), handset.pronoun(-1.0))
    return LiveModel(
        name="handset",
        label="hand-set",
        params=params,
        vocabulary=handset.READER_EMBEDDING,
        flag="capitalised",
        unit=handset.GENDER_UNIT,
        readout={"kind": "sign", "unit": handset.GENDER_UNIT, "zero": handset.pronoun(0.0)},
        words=words,
        known=(
            ("male names (a new subject, male)", handset.MALE_NAMES),
            ("female names (a new subject, female)", handset.FEMALE_NAMES),
            ("professions", handset.PROFESSIONS),
            ("every other token", ("the zero vector",)),
        ),
        editable=True,
        features=handset.FEATURES,
    )


def trained_model(model, embedding, unit: int, orientation: float, words=("he", "she")) -> LiveModel:
    """The learning chapter's model (an ``lstm_calc.bptt.Model`` and its ``corpus.Embedding``):
    its gender unit ``unit`` (0-based), whose cell is positive for "he" if ``orientation``
    is 1.0, and its readout p("she") = σ(w·h_t + b)."""
    _check.instance("model", model, Model, "an lstm_calc.bptt.Model")
    _check.instance("embedding", embedding, Embedding, "a corpus.Embedding")
    if embedding.dim != model.lstm.n_in:
        raise ValueError(
            f"embedding must have vectors of {model.lstm.n_in} numbers (the model's n_in), got {embedding.dim}"
        )
    _check.integer("unit", unit, low=0, high=model.lstm.n_h)
    if _check.real("orientation", orientation) not in (1.0, -1.0):
        raise ValueError(f"orientation must be 1.0 or -1.0, got {orientation!r}")
    orientation = float(orientation)
    if len(_check.texts("words", words)) != 2:
        raise ValueError(f"words must be two str, got {_check.describe(words)}")
    vectors = embedding.vectors
    return LiveModel(
        name="trained",
        label="trained",
        params=model.lstm,
        vocabulary={w: tuple(float(v) for v in vec) for w, vec in sorted(vectors.items())},
        flag="unknown",
        unit=unit,
        readout={"kind": "logistic", "w": model.w.tolist(), "b": float(model.b)},
        words=tuple(words),
        known=(("its vocabulary", tuple(sorted(vectors))),),
        orientation=orientation,
    )


def size(model: LiveModel) -> dict:
    """How many numbers the model is: its weights and biases, its readout's, and its word vectors."""
    p = _model(model).params
    readout = len(model.readout["w"]) + 1 if model.readout["kind"] == "logistic" else 0
    return {
        "n_h": p.n_h,
        "n_in": p.n_in,
        "weights": sum(getattr(p, f"W_{g}").size + getattr(p, f"b_{g}").size for g in GATES),
        "readout": readout,
        "words": len(model.vocabulary),
        "vector_numbers": len(model.vocabulary) * p.n_in,
    }


# -- The reading, in Python: what the script must compute ------------------------------


def is_word(token: str) -> bool:
    """A token of letters, digits or "_" (``text.tokenize``'s ``\\w+``), not a mark or symbol."""
    _check.text("token", token)
    return bool(re.match(r"\w", token))


def is_capitalised(token: str) -> bool:
    """Whether ``token``'s first character is a capital letter (Unicode categories ``CAPITALISED``)."""
    _check.text("token", token)
    return unicodedata.category(token[0]) in CAPITALISED


def _model(model) -> LiveModel:
    return _check.instance("model", model, LiveModel, "a live.LiveModel")


def notes(text: str, model: LiveModel) -> list[tuple[str, dict]]:
    """What the page says about ``text`` read by ``model``: (message key, its values), in order."""
    text = _check.text("text", text, empty=True)
    model = _model(model)
    try:
        every = tokenize(text)
    except ValueError:
        return [("empty", {})]
    tokens = every[:MAX_TOKENS]
    out = [("read", {"T": len(tokens), "model": model.label})]
    if len(every) > MAX_TOKENS:
        out.append(("too_long", {"n": len(every)}))
    if HTML_LIKE.search(visible(text)):
        out.append(("html", {}))
    hidden = _distinct(f"U+{ord(ch):04X}" for ch in invisible(text))
    if hidden:
        out.append(("invisible", {"codes": hidden}))
    if not any(is_word(tok) for tok in tokens):
        out.append(("no_words", {}))
    symbols = _distinct(t for t in tokens if not is_word(t) and not unicodedata.category(t).startswith("P"))
    if symbols:
        out.append(("symbols", {"tokens": symbols}))
    flagged = _distinct(flags(tokens, model))
    spellings = _spellings(model)
    cased = [t for t in flagged if t.lower() in spellings]
    if cased:
        known = _distinct(w for t in cased for w in spellings[t.lower()])
        out.append(("flag_case", {"words": cased, "known": known}))
    rest = [t for t in flagged if t.lower() not in spellings]
    if rest:
        out.append((f"flag_{model.flag}", {"words": rest}))
    return out


def _distinct(tokens) -> list[str]:
    return list(dict.fromkeys(tokens))


def _spellings(model: LiveModel) -> dict[str, list[str]]:
    """The words of the vocabulary with a non-zero vector, by their lower case: "john" -> ["John"]."""
    out: dict[str, list[str]] = {}
    for word, vector in model.vocabulary.items():
        if any(v != 0 for v in vector):
            out.setdefault(word.lower(), []).append(word)
    return out


def flags(tokens, model: LiveModel) -> list[str]:
    """The tokens the page points out, in order, with repeats: words outside the vocabulary
    (capitalised ones only if ``model.flag`` is "capitalised"), and with either flag a word
    outside it that differs only in case from a word with a non-zero vector ("john")."""
    model = _model(model)
    tokens = _check.texts("tokens", tokens, empty=True)
    vocabulary, spellings = model.vocabulary, _spellings(model)
    outside = [t for t in tokens if is_word(t) and t not in vocabulary]
    if model.flag == "unknown":
        return outside
    return [t for t in outside if is_capitalised(t) or t.lower() in spellings]


def encode(tokens, model: LiveModel) -> np.ndarray:
    """xs (T, n_in): each token's vector, the zero vector for a token outside the vocabulary."""
    model = _model(model)
    tokens = _check.texts("tokens", tokens, empty=True)
    zero = np.zeros(model.params.n_in)
    return np.array([model.vocabulary.get(t, zero) for t in tokens], dtype=np.float64).reshape(-1, model.params.n_in)


def readout(trace: Trace, model: LiveModel) -> dict:
    """The readout at every token: the answer (one of ``model.words``, or the sign readout's
    "–" at exactly 0) and, for a logistic readout, the probability of the second answer."""
    r = _model(model).readout
    _check.instance("trace", trace, Trace)
    if "h" not in trace.names or trace.h.ndim != 2 or trace.h.shape[1] != model.params.n_h:
        raise ValueError(f"trace must be a run of an LSTM of {model.params.n_h} units, got {_check.describe(trace)}")
    if r["kind"] == "sign":
        h = trace.h[:, r["unit"]]
        words = [model.words[0] if v > 0 else model.words[1] if v < 0 else r["zero"] for v in h]
        return {"words": words, "p": None}
    p = sigmoid(trace.h @ np.asarray(r["w"]) + r["b"])
    return {"words": [model.words[int(v > 0.5)] for v in p], "p": p}


def reference(text: str, model: LiveModel) -> dict:
    """``text`` read by ``model`` as the page reads it: the tokens (at most ``MAX_TOKENS``),
    the flagged words, the notes, the trace and the readout; no trace for an empty text."""
    text = _check.text("text", text, empty=True)
    model = _model(model)
    said = notes(text, model)
    if said[0][0] == "empty":
        return {"tokens": [], "notes": said, "trace": None, "readout": None, "flagged": []}
    tokens = tokenize(text)[:MAX_TOKENS]
    trace = run(model.params, encode(tokens, model), tokens=tokens)
    return {
        "tokens": tokens,
        "notes": said,
        "flagged": flags(tokens, model),
        "trace": trace,
        "readout": readout(trace, model),
    }


# -- The data of the page -----------------------------------------------------------------


def _model_data(model: LiveModel) -> dict:
    p = model.params
    units = unit_names(p.n_h)
    data = {
        "name": model.name,
        "label": model.label,
        **params_data(p),
        "vocabulary": {w: [float(v) for v in vec] for w, vec in model.vocabulary.items()},
        "flag": model.flag,
        "unit": model.unit,
        "units": units,
        "orientation": model.orientation,
        "readout": model.readout | {"words": list(model.words)},
        "known": [{"label": label, "words": list(words)} for label, words in model.known],
        "size": _size_text(model),
        "editable": None,
    }
    if model.editable:
        n_h = p.n_h
        data["editable"] = {
            "unit": model.unit,
            "gates": [{"key": g, "label": LABELS[g]} for g in GATES],
            "columns": [
                {"index": n_h + k, "label": f"x{SUBSCRIPTS[k + 1]} ({name})"} for k, name in enumerate(model.features)
            ],
            "range": list(WEIGHT_RANGE),
        }
    return data


def _size_text(model: LiveModel) -> str:
    s = size(model)
    readout = f" and {s['readout']} in its readout" if s["readout"] else ""
    return (
        f"{s['n_h']} units, {s['n_in']} inputs: {s['weights']} weights and biases{readout}; "
        f"{s['words']} word vectors of {s['n_in']} numbers"
    )


def live_explorer(models, sentence: str = handset.SENTENCE, start: int = 0) -> Explorable:
    """The live sentence explorer over ``models`` (``LiveModel``s; the first is shown
    first), starting on ``sentence`` at token ``start`` (0-based)."""
    if isinstance(models, (LiveModel, str, bytes, Mapping)) or not hasattr(models, "__iter__"):
        raise ValueError(f"models must be a list of live.LiveModel, got {_check.describe(models)}")
    for k, m in enumerate(models):
        if not isinstance(m, LiveModel):
            raise ValueError(f"model must be a live.LiveModel, got {_check.describe(m)} (models[{k}])")
    models = list(models)
    if not models or len({m.name for m in models}) != len(models):
        raise ValueError(f"models must hold at least one model, with distinct names, got {[m.name for m in models]}")
    if not isinstance(sentence, str) or not sentence.strip():
        raise ValueError(f"sentence must be a non-empty str, got {_check.describe(sentence)}")
    first = reference(sentence, models[0])
    start = _check.integer("start", start, low=0, high=len(first["tokens"]))
    step = first["trace"].step(start)
    svg = diagram.cell_svg(step=step, unit=models[0].unit, ident="live")
    return Explorable(
        "live",
        "Live sentence explorer: type a sentence and watch the memory",
        {
            "models": [_model_data(m) for m in models],
            "start": {"text": sentence, "model": 0, "t": start + 1},
            "limit": MAX_TOKENS,
            "html_like": HTML_LIKE.pattern,
            "memory": [[k, v] for k, v in MEMORY_ROWS.items()],
            "unit_rows": [[k, SHORT[k]] for k in UNIT_ROWS],
            "labels": {k: LABELS[k] for k in (*STEP_FIELDS, "h_prev")},
            "equations": EQUATIONS,
            "diagram": {"svg": svg, "links": {k: list(v) for k, v in LINKS.items()}},
            "colours": {k: COLOURS[k] for k in ("he", "she", "cell", "hidden", "neutral")},
            "text": TEXT,
            "messages": MESSAGES,
        },
    )


def data_bytes(explorable: Explorable) -> int:
    """The size of an explorable's data as the page stores it (compact JSON, UTF-8)."""
    _check.instance("explorable", explorable, Explorable, "an explorables.Explorable")
    return len(json.dumps(explorable.data, ensure_ascii=False, separators=(",", ":")).encode())
