"""Name folding: the keys under which the gazetteer stores and finds names.

Two keys, from fine to coarse:

:func:`fold` is the *exact* key. Two spellings with the same fold are the
same name written differently: upper/lower case, diacritics, hyphen or dash
or space, apostrophes, dots, Cyrillic or Latin script.

>>> fold("Tört-Köchö"), fold("Торт-Кочо"), fold("Төрт-Көчө")
('tort kocho', 'tort kocho', 'tort kocho')
>>> fold("U.S."), fold("Qoʻqon") == fold("Qo'qon") == fold("Qoqon")
('us', True)

:func:`variant_key` is the coarser *transliteration* key: spellings that
differ only by a common romanisation choice (q/k, kh/h, dzh/j, ye/e, o/u ...)
meet there, so "Kondoz" finds Kunduz and "Mazari Sharif" finds
Mazar-i-Sharif.

>>> variant_key("Mazar-i-Sharif") == variant_key("Mazar-e Sharif") == variant_key("Mazari Sharif")
True
>>> variant_key("Kunduz") == variant_key("Kondoz") == variant_key("Qunduz")
True

:func:`split_generic` strips a generic term such as "province", "district"
or "city of" and says which feature kind it points to.

>>> split_generic("balkh province")
('balkh', 'admin1')
"""

from __future__ import annotations

import itertools
import re
import unicodedata

__all__ = ["GENERIC_TERMS", "fold", "split_generic", "variant_key", "variant_key_folded"]

# --- fold ----------------------------------------------------------------

#: Cyrillic (Russian, Kyrgyz, Tajik, Kazakh, Uzbek, Ukrainian, Belarusian)
#: to Latin, close to the BGN/PCGN romanisations the press uses. Soft and
#: hard signs vanish. Letters that Unicode decomposes into a base letter and
#: a mark (й, ё, ӣ, ӯ, ў, ї) are listed so the mark is not just dropped.
_CYRILLIC: dict[str, str] = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e",
    "ж": "zh", "з": "z", "и": "i", "й": "y", "к": "k", "л": "l", "м": "m",
    "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u",
    "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch",
    "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya",
    # Kyrgyz
    "ө": "o", "ү": "u", "ң": "ng",
    # Tajik
    "ғ": "gh", "қ": "q", "ҳ": "h", "ҷ": "j", "ӣ": "i", "ӯ": "u",
    # Kazakh, Uzbek, Bashkir, Tatar
    "ә": "a", "і": "i", "ұ": "u", "һ": "h", "ў": "u", "ҙ": "z", "ҫ": "s",
    "ҡ": "q", "ӊ": "ng", "җ": "zh", "ӑ": "a", "ӗ": "e",
    # Ukrainian, Belarusian, Serbian, Macedonian
    "є": "ye", "ї": "yi", "ґ": "g", "ђ": "dj", "ј": "j", "љ": "lj", "њ": "nj",
    "ћ": "c", "џ": "dz", "ѓ": "gj", "ќ": "kj", "ѕ": "dz",
}  # fmt: skip

#: Latin letters that do not decompose into a base letter plus marks.
_LATIN_SPECIAL: dict[str, str] = {
    "ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "ł": "l", "đ": "d", "ð": "d",
    "þ": "th", "ı": "i", "ħ": "h", "ŧ": "t", "ŀ": "l", "ĸ": "k", "ɨ": "i",
    "ə": "a", "ɵ": "o", "ʉ": "u", "ŋ": "ng",
}  # fmt: skip

#: Apostrophe-like characters: dropped, so Qoʻqon, Qo'qon and Qoqon meet.
_APOSTROPHES = "'’‘`´ʼʻʹʽʾʿ′‛"
#: Characters that separate words: hyphens and dashes, punctuation, symbols.
_SEPARATORS = '-‐‑‒–—―−﹘﹣－_/\\,;:()[]{}"“”„«»‹›!?*+=|~^<>@#$%&…·•'

_TABLE = str.maketrans(
    {
        **{ord(k): v for k, v in _CYRILLIC.items()},
        **{ord(k): v for k, v in _LATIN_SPECIAL.items()},
        **{ord(c): "" for c in _APOSTROPHES},
        ord("."): "",
        **{ord(c): " " for c in _SEPARATORS},
    }
)
_ASCII_TABLE = str.maketrans(
    {
        **{ord(c): "" for c in _APOSTROPHES if c.isascii()},
        ord("."): "",
        **{ord(c): " " for c in _SEPARATORS if c.isascii()},
    }
)


def fold(name: str) -> str:
    """Return the exact-normalisation key of ``name``.

    Unicode NFKC, case folding, Cyrillic transliterated to Latin, diacritics
    stripped, apostrophes and dots dropped, hyphens, dashes and other
    punctuation turned into spaces, white space collapsed. Scripts other than
    Latin and Cyrillic pass through case-folded. ``fold`` is idempotent and
    never raises on text.

    >>> fold("  Mazār-e   Sharīf ")
    'mazar e sharif'
    >>> fold("Хуҷанд"), fold("ISFANA")
    ('khujand', 'isfana')
    """
    if name.isascii():
        return " ".join(name.lower().translate(_ASCII_TABLE).split())
    text = unicodedata.normalize("NFKC", name).casefold()
    text = unicodedata.normalize("NFKC", text).translate(_TABLE)
    if not text.isascii():
        text = _COMMON_MARKS.sub("", unicodedata.normalize("NFD", text))
        if not text.isascii():
            text = "".join(ch for ch in text if not unicodedata.combining(ch))
        text = unicodedata.normalize("NFC", text).translate(_TABLE)
    return " ".join(text.split())


#: The combining diacritics of Latin and Cyrillic (removed with one regex
#: before the general, slower check of every character).
_COMMON_MARKS = re.compile("[\u0300-\u036f]+")


# --- variant key -----------------------------------------------------------

#: Variant rules, step 1: letter groups, replaced one after the other in
#: this order (``str.replace``) in the folded name with spaces removed. Each entry says which
#: romanisation choice it neutralises.
VARIANT_DIGRAPHS: dict[str, str] = {
    "dzh": "j",  # Джалал-Абад: Dzhalal-Abad / Jalal-Abad
    "dj": "j",  # Djalalabad
    "zh": "j",  # Kyrgyz ж: Zhalal-Abad / Jalal-Abad
    "kh": "h",  # Khujand / Hujand
    "gh": "g",  # Tajik ғ: Ghafurov / Gafurov
    "ck": "k",
    "ch": "sh",  # Kyrgyz ч heard as sh: Tort-Kocho / Tort-Kosho
    "ph": "f",
    "ya": "a",  # iotated Cyrillic vowels written with or without y:
    "ye": "e",  # Kulyab / Kulab, Yevpatoriya / Evpatoriya
    "yo": "o",
    "yu": "u",
    "ou": "u",  # French-style ou: Kondouz
    "oo": "u",  # Dari long u written oo
    "ee": "i",  # English-style ee
    "ey": "i",  # Sheberghan / Shibirghan, -ey / -i
    "ei": "i",
    "iy": "i",  # Russian -iy / -y endings
    "yi": "i",
}
#: Variant rules, step 2: single letters. q and c (not before h) are k
#: (Qunduz / Kunduz, Qo'qon / Kokand); Uzbek Latin x is kh (Xiva / Khiva);
#: w is v (Wardak / Vardak); the front vowels e, i, y become i (Mazar-e /
#: Mazar-i / Mazari, Chir / Chyr); the back vowels o, u become u
#: (Kondoz / Kunduz, Khorog / Khorugh). a stays a: merging it with o/u
#: doubles the collisions between distinct Central Asian towns.
VARIANT_LETTERS: dict[str, str] = {
    "q": "k", "c": "k", "x": "h", "w": "v",
    "e": "i", "y": "i", "o": "u",
}  # fmt: skip
#: Variant rules, step 3: the Tajik/Uzbek suffix -obod is Persian/Russian
#: -abad (Jalolobod / Jalalabad); after step 2 it reads "ubud".
VARIANT_SUFFIXES: dict[str, str] = {"ubud": "abad"}
#: Variant rules, step 4: doubled letters count once (Talass / Talas).
_DIGRAPH_ITEMS = tuple(VARIANT_DIGRAPHS.items())
_LETTER_TABLE = str.maketrans(VARIANT_LETTERS)
_DOUBLE_RE = re.compile(r"(.)\1+")


def variant_key(name: str) -> str:
    """Return the coarse romanisation-variant key of ``name``.

    It is :func:`fold` with spaces removed, then :data:`VARIANT_DIGRAPHS`,
    :data:`VARIANT_LETTERS` and :data:`VARIANT_SUFFIXES`, then doubled
    letters collapsed. Two names with the same variant key *may* be the same
    name; the gazetteer scores such matches below exact (folded) ones.

    >>> variant_key("Tort-Kocho") == variant_key("Tört-Köshö")
    True
    >>> variant_key("Dzhalal-Abad") == variant_key("Jalal-Abad") == variant_key("Zhalal-Abad")
    True
    >>> variant_key("Isfana") == variant_key("Isfara")
    False
    """
    return variant_key_folded(fold(name))


def variant_key_folded(folded: str) -> str:
    """Return :func:`variant_key` of an already folded name (the fast path).

    >>> variant_key_folded("kondoz")
    'kunduz'
    """
    text = folded.replace(" ", "")
    for old, new in _DIGRAPH_ITEMS:
        if old in text:
            text = text.replace(old, new)
    text = text.translate(_LETTER_TABLE)
    for old, new in VARIANT_SUFFIXES.items():
        text = text.replace(old, new)
    if _DOUBLE_RE.search(text) is None:
        return text
    return "".join(letter for letter, _ in itertools.groupby(text))


# --- generic terms ----------------------------------------------------------

#: Folded generic terms that may precede or follow a name, and the feature
#: kind they point to ("Balkh Province", "province of Maidan Wardak",
#: "Kaldor district", "city of Mazar-i-Sharif", "Batken oblast").
GENERIC_TERMS: dict[str, str] = {
    "country": "country",
    "republic": "country",
    "province": "admin1",
    "region": "admin1",
    "oblast": "admin1",
    "oblasty": "admin1",
    "oblusu": "admin1",
    "viloyati": "admin1",
    "viloyat": "admin1",
    "vilayat": "admin1",
    "velayat": "admin1",
    "wilayat": "admin1",
    "welayaty": "admin1",
    "district": "admin2",
    "county": "admin2",
    "rayon": "admin2",
    "raion": "admin2",
    "nohiya": "admin2",
    "nohiyai": "admin2",
    "tumani": "admin2",
    "tuman": "admin2",
    "city": "populated_place",
    "town": "populated_place",
    "village": "populated_place",
    "settlement": "populated_place",
    "kishlak": "populated_place",
    "qishloq": "populated_place",
    "border crossing": "border_crossing",
    "crossing": "border_crossing",
    "checkpoint": "border_post",
    "border post": "border_post",
    "outpost": "border_post",
    "river": "river",
    "enclave": "enclave",
}
#: Generic terms that a looked-up name keeps: "Laurel County" is the county's own
#: name in the registries (GeoNames, the US county table), so a lookup of it is not
#: widened to every "Laurel"; in running text the recogniser still reads the word as
#: a kind ("Jackson and Barrow counties").
NAME_PART_TERMS: frozenset[str] = frozenset({"county"})
_SPLIT_TERMS = sorted(
    (re.escape(t) for t in GENERIC_TERMS if t not in NAME_PART_TERMS), key=len, reverse=True
)
_GENERIC_PREFIX = re.compile(r"^(?:the )?(" + "|".join(_SPLIT_TERMS) + r") of (.+)$")
_GENERIC_SUFFIX = re.compile(r"^(.+?) (" + "|".join(_SPLIT_TERMS) + r")$")


def split_generic(folded: str) -> tuple[str, str | None]:
    """Split a folded name into (core name, feature kind of its generic term).

    Returns ``(folded, None)`` when there is no generic term. Only one term is
    stripped, at the end ("balkh province") or as "<term> of" at the start
    ("province of maidan wardak").

    >>> split_generic("province of maidan wardak")
    ('maidan wardak', 'admin1')
    >>> split_generic("kaldor district")
    ('kaldor', 'admin2')
    >>> split_generic("kunduz")
    ('kunduz', None)
    >>> split_generic("laurel county")
    ('laurel county', None)
    """
    match = _GENERIC_PREFIX.match(folded)
    if match:
        return match.group(2), GENERIC_TERMS[match.group(1)]
    match = _GENERIC_SUFFIX.match(folded)
    if match:
        return match.group(1), GENERIC_TERMS[match.group(2)]
    return folded, None
