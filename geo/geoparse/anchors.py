"""Approximate placement: a name no gazetteer has, placed at what the text anchors it to.

News often names a village, post or crossing that no registry gazetteer
lists, but says where it is: "Kibumba, near Goma", "the village of Tort-Kocho
in Batken district", "a post 12 km north of Chaman", "X, in Y province". Such
a name is placed at its anchor — the place the same sentence ties it to, when
that place is itself resolved — with ACLED geo-precision 2 (near or inside a
town or district) or 3 (only a province or larger unit), a radius that says
how far off the point may be, and the reason, keeping its own name. A name
anchored only to a country, or not anchored at all, stays unresolved.

The patterns are plain English relations between two names, not any
article's wording:

* ``X, near Y`` / ``X near Y`` / ``X, outside Y`` / ``X on the outskirts of Y``
  / ``X, close to Y`` / ``X, not far from Y`` / ``X, a village near Y``;
* ``X in Y`` / ``X, Y district`` / ``X of Y province`` / ``X, in the Y region``
  (``in`` only when Y is a unit, or a town X is a part of);
* ``X, N km (direction) (of|from) Y`` and ``N km (direction) of Y`` right after X;
* ``X, a town east of Y`` (a direction, no distance: a wide radius);
* ``X, across the border from Y`` / ``X border post, across the Z river from Y`` /
  ``X, opposite Y``: a neighbour on the other side of a line, so its country
  and province are left open (the point is Y's, with Y's radius).

X's own kind word may stand between X and the relation ("the Kasindi border post,
near Y").

>>> from geo.model import Place
>>> goma = Place(id="gn:1", name="Goma", lat=-1.68, lon=29.22, country_code="CD",
...              feature="populated_place", admin1="North Kivu")
>>> text = "Rebels shelled Kibumba, about 20 km north of Goma, on Monday."
>>> a = find_anchor(text, 15, 22, [(45, 49, goma, 0.9)])
>>> a.place.name, a.precision, a.radius_km, a.reason
('Goma', 2, 24.0, 'about 20 km north of Goma')
>>> find_anchor("Fighting in Tanda, in Afghanistan.", 12, 17, [])
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from geo.model import Place

#: Radius (km) of the area a name anchored "near" or "in" a place of this kind may lie in.
RADIUS_KM: dict[str, float] = {
    "admin1": 100.0,
    "admin2": 30.0,
    "region": 150.0,
    "populated_place": 10.0,
    "village": 5.0,
}
DEFAULT_RADIUS_KM = 15.0
#: Radius (km) of a name said to lie to one side of a place, with no distance given
#: ("a town east of Erbil").
DIRECTION_RADIUS_KM = 75.0
#: Units a name can lie "in" (a town is a unit for its quarters and suburbs too).
_AREA_FEATURES = frozenset({"admin1", "admin2", "region", "populated_place"})
#: Anchors that say too little: a country or a continent is not a location.
_TOO_COARSE = frozenset({"country", "continent"})

_NUM = r"(?P<num>\d+(?:[.,]\d+)?)"
_UNIT = r"(?P<unit>km|kms|kilometres|kilometers|kilometre|kilometer|mi|miles|mile)\b\.?"
_DIR = (
    r"(?:(?:north|south|east|west|north-east|north-west|south-east|south-west|northeast"
    r"|northwest|southeast|southwest|northern|southern|eastern|western)(?:wards?)?\s+)?"
)
_APPROX = r"(?:(?:about|around|some|roughly|approximately|nearly|almost|just|barely|only)\s+)?"
#: X's own kind word, between X and the relation ("the Kasindi border post, near Y").
_KIND = (
    r"(?:(?:border\s+|frontier\s+)?(?:post|crossing|checkpoint|outpost|bridge|camp|village"
    r"|town|settlement)\s*)?"
)
#: Text between X and Y that ties X to Y: (pattern, relation).
_BETWEEN: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        re.compile(
            rf"^,?\s*(?:(?:a|an|the)\s+(?:\w+\s+){{0,3}})?{_APPROX}{_NUM}\s*{_UNIT}\s*"
            rf"(?:\([^)]{{0,20}}\)\s*)?{_DIR}(?:of|from|away\s+from|outside)\s+(?:the\s+)?$",
            re.IGNORECASE,
        ),
        "distance",
    ),
    (
        re.compile(
            rf"^\s*{_KIND},?\s*(?:(?:which\s+(?:is|lies)\s+|is\s+|lies\s+)?just\s+)?"
            r"(?:(?:which\s+(?:is|lies)\s+|is\s+|lies\s+)?(?:across\s+(?:the\s+)?"
            r"(?:[\w-]+\s+){0,2}?(?:border|frontier|river|bridge|line)\s+from"
            r"|opposite))\s+(?:the\s+)?(?:town\s+of\s+|city\s+of\s+|village\s+of\s+)?$",
            re.IGNORECASE,
        ),
        "across",
    ),
    (
        re.compile(
            rf"^\s*{_KIND},?\s*(?:(?:a|an|the)\s+(?:[\w-]+\s+){{0,3}})?(?:which\s+is\s+|is\s+)?"
            r"(?:near|nearby|outside|close\s+to|next\s+to|not\s+far\s+from|on\s+the\s+outskirts\s+of"
            r"|on\s+the\s+edge\s+of|adjacent\s+to|bordering)\s+(?:the\s+)?"
            r"(?:(?:border|frontier|market|district|provincial)\s+)?(?:town\s+of\s+|city\s+of"
            r"\s+|village\s+of\s+)?$",
            re.IGNORECASE,
        ),
        "near",
    ),
    (
        re.compile(
            r"^,?\s*(?:(?:a|an|the)\s+(?:[\w-]+\s+){0,3})?(?:which\s+is\s+|is\s+)?"
            r"(?:just\s+|due\s+|further\s+|farther\s+)?(?:north|south|east|west|north-east"
            r"|north-west|south-east|south-west|northeast|northwest|southeast|southwest)"
            r"\s+of\s+(?:the\s+)?(?:town\s+of\s+|city\s+of\s+)?$",
            re.IGNORECASE,
        ),
        "direction",
    ),
    (
        re.compile(
            r"^,?\s*(?:(?:a|an|the)\s+(?:[\w-]+\s+){0,3})?(?:in|inside|within|of)\s+(?:the\s+)?"
            r"(?:(?:town|city|district|province|region|county|state|municipality)\s+of\s+)?$",
            re.IGNORECASE,
        ),
        "in",
    ),
    (re.compile(r"^,\s*$"), "apposition"),
)


@dataclass(frozen=True, slots=True)
class Anchor:
    """Where an unknown name is placed: its anchor place, precision, radius and reason."""

    place: Place
    precision: int
    radius_km: float
    reason: str
    confidence: float
    #: False when X lies across a border or river from the anchor ("X, across the
    #: border from Y"): the point is near, the country and province are not known.
    same_side: bool = True


def _radius(place: Place) -> float:
    return RADIUS_KM.get(place.feature, DEFAULT_RADIUS_KM)


def _km(num: str, unit: str) -> float:
    value = float(num.replace(",", "."))
    return value * 1.609 if unit.lower().startswith("mi") else value


def find_anchor(
    text: str,
    start: int,
    end: int,
    resolved: Sequence[tuple[int, int, Place, float]],
) -> Anchor | None:
    """The anchor of the unknown name at ``text[start:end]``, or ``None``.

    ``resolved`` lists the article's placed mentions as (start, end, place,
    confidence). Only a mention that follows the name within the same
    sentence, tied to it by one of the module's relations, can anchor it.
    """
    for a_start, a_end, place, conf in sorted(resolved, key=lambda r: r[0]):
        if a_start < end:
            continue
        between = text[end:a_start]
        if len(between) > 60 or any(c in between for c in ".;:!?\n"):
            if a_start - end > 60:
                break
            continue
        if place.feature in _TOO_COARSE:
            continue
        written = text[a_start:a_end]
        for rx, relation in _BETWEEN:
            m = rx.match(between)
            if m is None:
                continue
            if relation == "distance":
                dist = _km(m.group("num"), m.group("unit"))
                radius = round(dist * 1.2, 1)
                phrase = between.lstrip(", ").strip()
                return Anchor(place, 2, radius, f"{phrase} {written}", conf * 0.7)
            if relation == "direction":
                # "Koya, a town east of Erbil": no distance given, so a wide radius
                radius = max(_radius(place), DIRECTION_RADIUS_KM)
                precision = 3 if place.feature in ("admin1", "region") else 2
                phrase = between.lstrip(", ").strip()
                return Anchor(place, precision, radius, f"{phrase} {written}", conf * 0.6)
            if relation == "across":
                radius = max(_radius(place), 10.0)
                phrase = between.strip(" ,")
                return Anchor(place, 2, radius, f"{phrase} {written}", conf * 0.6, False)
            if relation == "near":
                radius = max(_radius(place), 10.0)
                phrase = between.lstrip(", ").strip()
                return Anchor(place, 2, radius, f"{phrase} {written}", conf * 0.7)
            if relation in ("in", "apposition"):
                if place.feature not in _AREA_FEATURES:
                    break
                if relation == "apposition" and place.feature == "populated_place":
                    # "Kibumba, Goma" is a list more often than an address
                    break
                precision = 3 if place.feature in ("admin1", "region") else 2
                word = between.strip(", ").strip() or "in"
                return Anchor(place, precision, _radius(place), f"{word} {written}", conf * 0.6)
        break
    return None


#: Text between a placed name X and a later name Y that makes Y another name of X:
#: "X, which Djiboutians also call Y", "X, also known as Y", "X (locally called Y)".
_ALIAS = re.compile(
    r"^\s*[,(]?\s*(?:"
    r"(?:which|that)\s+(?:[\w-]+\s+){0,3}?(?:also\s+|sometimes\s+|locally\s+|still\s+)?"
    r"(?:calls?|call\s+it|know\s+as|knows\s+as|refers?\s+to\s+as)"
    r"|(?:also\s+|locally\s+|formerly\s+|otherwise\s+|sometimes\s+)"
    r"(?:known\s+as|called|named|spelt|spelled)"
    r"|known\s+(?:locally\s+|also\s+)?as"
    r")\s+(?:the\s+)?$",
    re.IGNORECASE,
)


#: "The village, which locals call ", "the crossing, known locally as ": another name of
#: the last place of that kind named before (the kind word refers back to it).
_KIND_ALIAS = re.compile(
    r"\b(?:the|this|that)\s+(?P<kind>village|town|settlement|hamlet|city|crossing|post)\s*,\s*"
    r"(?:(?:which|that)\s+(?:[\w'’-]+\s+){0,3}?(?:also\s+|sometimes\s+|locally\s+|still\s+)?"
    r"(?:calls?|call\s+it|know\s+as|knows\s+as)"
    r"|(?:also\s+|locally\s+)?known\s+(?:locally\s+)?as)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
#: Features a kind word of :data:`_KIND_ALIAS` may refer back to.
_KIND_FEATURES: dict[str, frozenset[str]] = {
    "crossing": frozenset({"border_crossing", "border_post"}),
    "post": frozenset({"border_crossing", "border_post"}),
}
_TOWN_FEATURES = frozenset({"populated_place", "village"})
#: How far back (characters) the place a kind word refers to may be named.
KIND_ALIAS_WINDOW = 800


def find_alias(
    text: str,
    start: int,
    end: int,
    resolved: Sequence[tuple[int, int, Place, float]],
) -> Anchor | None:
    """The placed name that ``text[start:end]`` is said to be another name of, or ``None``.

    >>> from geo.model import Place
    >>> hill = Place(id="c:1", name="Ras Doumeira", lat=12.71, lon=43.13, country_code="DJ",
    ...              feature="border_post")
    >>> text = "Ras Doumeira, which locals also call Mount Gabla, is a hill."
    >>> a = find_alias(text, 37, 48, [(0, 12, hill, 0.9)])
    >>> a.place.name, a.precision, a.reason
    ('Ras Doumeira', 1, 'another name of Ras Doumeira')
    >>> find_alias("Ras Doumeira and Mount Gabla were shelled.", 17, 28, [(0, 12, hill, 0.9)])
    """
    for a_start, a_end, place, conf in sorted(resolved, key=lambda r: -r[1]):
        if a_end > start:
            continue
        between = text[a_end:start]
        if len(between) > 60 or any(c in between for c in ".;:!?\n"):
            return None
        if place.feature in _TOO_COARSE or not _ALIAS.match(between):
            continue
        precision = 1 if place.feature not in _AREA_FEATURES - {"populated_place"} else 2
        reason = f"another name of {text[a_start:a_end]}"
        return Anchor(place, precision, _radius(place), reason, conf * 0.9)
    return _kind_alias(text, start, resolved)


def named_as_alias(text: str, start: int) -> bool:
    """Whether the name at ``start`` is introduced as another name of a place named before.

    >>> named_as_alias("The village, which locals call Voronkovo, is small.", 31)
    True
    >>> named_as_alias("Officials in Voronkovo said.", 13)
    False
    """
    window = text[max(0, start - 80) : start]
    return _ALIAS.search(window) is not None or _KIND_ALIAS.search(window) is not None


def _kind_alias(
    text: str, start: int, resolved: Sequence[tuple[int, int, Place, float]]
) -> Anchor | None:
    """The place "the village, which locals call Y" refers back to, or ``None``.

    >>> from geo.model import Place
    >>> v = Place("c:2", "Varancau", 47.9, 29.1, "MD", "village")
    >>> text = "Blasts hit Varancau. The village, which locals call Voronkovo, is small."
    >>> _kind_alias(text, 52, [(11, 19, v, 0.9)]).reason
    'another name of the village Varancau'
    >>> _kind_alias("Blasts hit Varancau. The crossing, which locals call Vor, shut.", 53,
    ...             [(11, 19, v, 0.9)])
    """
    m = _KIND_ALIAS.search(text, max(0, start - 80), start)
    if m is None:
        return None
    kind = m.group("kind").lower()
    fits = _KIND_FEATURES.get(kind, _TOWN_FEATURES)
    earlier = [r for r in resolved if r[1] <= m.start() and m.start() - r[1] <= KIND_ALIAS_WINDOW]
    for a_start, a_end, place, conf in sorted(earlier, key=lambda r: -r[1]):
        if place.feature in fits:
            reason = f"another name of the {kind} {text[a_start:a_end]}"
            return Anchor(place, 2, _radius(place), reason, conf * 0.8)
    return None


__all__ = [
    "DEFAULT_RADIUS_KM",
    "DIRECTION_RADIUS_KM",
    "RADIUS_KM",
    "Anchor",
    "find_alias",
    "find_anchor",
    "named_as_alias",
]
