"""A small learned sentence-level event detector: sentence → {event type: probability}.

The trigger table (:mod:`geo.events.classify`) says *why* a sentence reports an
event; this detector only says *how likely* it is that a sentence reports a
new event of each sitmap type, from features computed offline from the text:

* word stems (lower-cased, a light suffix stripper) and stem bigrams;
* whether the sentence names a place (a toponym below country level), a
  country, a number, a date word, an actor of :func:`geo.events.actors.find_actors`;
* the candidates of the rules (:func:`geo.events.classify.classify`), one
  feature per type, and whether any trigger key occurs at all.

The model is one-vs-rest L2-regularised logistic regression, fitted with
SciPy's L-BFGS on the gold of the open evaluation sets
(``tools/train_event_detector.py``); the weights live in
``geo/data/events/detector.json`` with their provenance. Nothing here names a
region or a conflict: the weights are learned from the gold.

>>> det = Detector.from_dict({"types": ["armed_clash"], "bias": [-2.0],
...     "weights": {"shell": [3.0], "#place": [1.0]}, "meta": {}})
>>> round(det.predict("Troops shelled the village.", place=True)["armed_clash"], 3)
0.881
>>> det.trigger("Troops shelled the village.", "armed_clash")
(7, 14)
"""

from __future__ import annotations

import functools
import itertools
import json
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from geo.situation import EVENT_TYPES

#: The sitmap event types the detector scores (the gold's ``type`` vocabulary): the
#: situation's types but arrests and abductions, which the gold types by their kind.
TYPES: tuple[str, ...] = tuple(t for t in EVENT_TYPES if t not in ("arrest", "abduction"))

DATA_FILE = "detector.json"

_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*[A-Za-z]|[A-Za-z]|\d[\d,.]*")
_NUMBER_WORD = re.compile(
    r"\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozens?|scores"
    r"|hundreds?|thousands?|several|a few)\b",
    re.IGNORECASE,
)
_SUFFIXES = ("ings", "ing", "edly", "ied", "ies", "ed", "es", "ly", "s")
_QUOTE = re.compile(r"[\"“”]|\b(?:said|says|told|according to|claimed|stated)\b", re.IGNORECASE)


def stem(word: str) -> str:
    """A light stem: lower case, one common English suffix stripped, a doubled consonant undone.

    >>> [stem(w) for w in ["Shelled", "shelling", "shells", "clashes", "fled", "killed"]]
    ['shell', 'shell', 'shell', 'clash', 'fled', 'kill']
    >>> stem("deployed")
    'deploy'
    >>> [stem(w) for w in ["seized", "stopped", "ceasefire", "bus", "12"]]
    ['seiz', 'stop', 'ceasefire', 'bus', '#num']
    """
    w = word.lower().replace("’", "'")
    if w[0].isdigit():
        return "#num"
    if w.endswith("'s"):
        w = w[:-2]
    for suf in _SUFFIXES:
        if w.endswith(suf) and len(w) - len(suf) >= 3 and not w.endswith(("ss", "us", "is")):
            w = w[: -len(suf)]
            if suf in ("ied", "ies"):
                w += "y"
            elif len(w) > 3 and w[-1] == w[-2] and w[-1] not in "lsaeiou":
                w = w[:-1]
            break
    return w


def tokens(text: str) -> list[tuple[str, int, int]]:
    """The stems of ``text`` with their character spans.

    >>> tokens("Guards fled.")
    [('guard', 0, 6), ('fled', 7, 11)]
    """
    return [(stem(m.group(0)), m.start(), m.end()) for m in _WORD.finditer(text)]


def sentence_features(
    text: str,
    *,
    place: bool = False,
    country: bool = False,
    rules: Iterable[str] = (),
    cue: bool = False,
    actor: bool = False,
) -> list[str]:
    """The binary features of one sentence (sorted, no repeats).

    ``place``/``country``: the sentence names a place below country level / a
    country; ``rules``: the event types :func:`~geo.events.classify.classify`
    proposes; ``cue``: a trigger key occurs; ``actor``: an actor is named.

    >>> sentence_features("Guards fled.", place=True, rules=["forces_cross_border"])
    ['#place', 'fled', 'guard', 'guard fled', 'rule:any', 'rule:forces_cross_border']
    """
    stems = [t for t, _, _ in tokens(text)]
    feats = set(stems)
    feats.update(f"{a} {b}" for a, b in itertools.pairwise(stems))
    if place:
        feats.add("#place")
    if country:
        feats.add("#country")
    if "#num" in feats or _NUMBER_WORD.search(text):
        feats.add("#number")
    from geo.events.extract import has_date_word

    if has_date_word(text):
        feats.add("#date")
    if _QUOTE.search(text):
        feats.add("#speech")
    if cue:
        feats.add("#cue")
    if actor:
        feats.add("#actor")
    rules = list(rules)
    for r in rules:
        feats.add(f"rule:{r}")
    if rules:
        feats.add("rule:any")
    return sorted(feats)


def text_features(
    text: str, article_context: bool = True, place: bool = False, country: bool = False
) -> list[str]:
    """:func:`sentence_features` with the rule, cue and actor features computed here.

    >>> "rule:armed_clash" in text_features("Border guards exchanged fire near the post.")
    True
    """
    from geo.events.actors import find_actors
    from geo.events.classify import classify, has_cue, word_starts

    starts = word_starts(text)
    return sentence_features(
        text,
        place=place,
        country=country,
        rules=[c.event_type for c in classify(text, starts, article_context)],
        cue=has_cue(text, starts),
        actor=bool(find_actors(text)),
    )


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 0.5 * (1.0 + np.tanh(0.5 * z))


@dataclass(frozen=True)
class Detector:
    """One-vs-rest logistic regression over sparse binary features.

    ``weights`` maps a feature to its weight per type (in ``types`` order).
    """

    types: tuple[str, ...]
    bias: tuple[float, ...]
    weights: Mapping[str, tuple[float, ...]]
    meta: Mapping[str, Any] = field(default_factory=dict)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Detector:
        """A detector from its JSON form (``types``, ``bias``, ``weights``, ``meta``)."""
        return cls(
            tuple(data["types"]),
            tuple(float(b) for b in data["bias"]),
            {k: tuple(float(x) for x in v) for k, v in data["weights"].items()},
            dict(data.get("meta", {})),
        )

    def to_dict(self) -> dict[str, Any]:
        """The JSON form (features sorted, so that the file is stable)."""
        return {
            "meta": dict(self.meta),
            "types": list(self.types),
            "bias": list(self.bias),
            "weights": {k: list(self.weights[k]) for k in sorted(self.weights)},
        }

    def scores(self, features: Iterable[str]) -> dict[str, float]:
        """Probability per type of a sentence given its features."""
        z = list(self.bias)
        for f in features:
            w = self.weights.get(f)
            if w is not None:
                z = [a + b for a, b in zip(z, w, strict=True)]
        return {t: 1.0 / (1.0 + math.exp(-v)) for t, v in zip(self.types, z, strict=True)}

    def predict(
        self,
        text: str,
        *,
        place: bool = False,
        country: bool = False,
        article_context: bool = True,
    ) -> dict[str, float]:
        """Probability per type that ``text`` reports a new event of that type."""
        return self.scores(text_features(text, article_context, place, country))

    def trigger(self, text: str, event_type: str) -> tuple[int, int] | None:
        """The span of the word with the highest weight for ``event_type`` (None: no word).

        >>> det = Detector(("capture",), (0.0,), {"seiz": (2.0,), "town": (0.5,)})
        >>> det.trigger("Rebels seized the town.", "capture")
        (7, 13)
        """
        k = self.types.index(event_type)
        best: tuple[float, int, int] | None = None
        for st, s, e in tokens(text):
            w = self.weights.get(st)
            if w is not None and w[k] > 0 and (best is None or w[k] > best[0]):
                best = (w[k], s, e)
        return None if best is None else (best[1], best[2])


def fit(
    features: Sequence[Sequence[str]],
    labels: Sequence[Iterable[str]],
    *,
    types: Sequence[str] = TYPES,
    l2: float = 1.0,
    min_count: int = 2,
    digits: int = 4,
    meta: Mapping[str, Any] | None = None,
) -> Detector:
    """Fit one L2 logistic regression per type (L-BFGS, deterministic); weights rounded.

    ``features[i]`` are the features of sentence ``i`` and ``labels[i]`` the
    types it reports. Features seen in fewer than ``min_count`` sentences are
    dropped, and so are weights that round to zero.

    >>> feats = [["shell", "#place"], ["shell"], ["talk"], ["talk", "#place"]] * 3
    >>> labs = [["armed_clash"], ["armed_clash"], [], []] * 3
    >>> det = fit(feats, labs, types=["armed_clash"], l2=0.1)
    >>> det.scores(["shell"])["armed_clash"] > 0.9 > 0.1 > det.scores(["talk"])["armed_clash"]
    True
    """
    from scipy.optimize import minimize
    from scipy.sparse import csr_matrix

    counts: dict[str, int] = {}
    for fs in features:
        for f in set(fs):
            counts[f] = counts.get(f, 0) + 1
    vocab = sorted(f for f, c in counts.items() if c >= min_count)
    index = {f: i for i, f in enumerate(vocab)}
    rows, cols = [], []
    for i, fs in enumerate(features):
        for j in sorted({index[f] for f in fs if f in index}):
            rows.append(i)
            cols.append(j)
    n, d = len(features), len(vocab)
    x = csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(n, d))
    label_sets = [set(lab) for lab in labels]
    w_all = np.zeros((len(types), d))
    b_all = np.zeros(len(types))
    for k, t in enumerate(types):
        y = np.array([t in lab for lab in label_sets], dtype=float)

        def loss(theta: np.ndarray, y: np.ndarray = y) -> tuple[float, np.ndarray]:
            w, b = theta[:-1], theta[-1]
            z = x @ w + b
            p = _sigmoid(z)
            # log(1 + e^z) - y z, stable
            nll = float(np.sum(np.logaddexp(0.0, z) - y * z)) + 0.5 * l2 * float(w @ w)
            g = p - y
            grad = np.concatenate([x.T @ g + l2 * w, [g.sum()]])
            return nll, grad

        res = minimize(
            loss, np.zeros(d + 1), jac=True, method="L-BFGS-B", options={"maxiter": 2000}
        )
        w_all[k] = res.x[:-1]
        b_all[k] = res.x[-1]
    w_all = np.round(w_all, digits)
    weights = {
        f: tuple(float(v) for v in w_all[:, j])
        for f, j in index.items()
        if np.any(w_all[:, j] != 0.0)
    }
    return Detector(
        tuple(types),
        tuple(float(v) for v in np.round(b_all, digits)),
        weights,
        dict(meta or {}),
    )


def load_detector(path: str | Path | None = None) -> Detector:
    """The shipped detector (``geo/data/events/detector.json``), or the one at ``path``.

    >>> det = load_detector()
    >>> det.types == TYPES and det.meta["model"].startswith("one-vs-rest")
    True
    """
    if path is None:
        return _shipped()
    return Detector.from_dict(json.loads(Path(path).read_text(encoding="utf-8")))


@functools.lru_cache(maxsize=1)
def _shipped() -> Detector:
    res = resources.files("geo") / "data" / "events" / DATA_FILE
    return Detector.from_dict(json.loads(res.read_text(encoding="utf-8")))
