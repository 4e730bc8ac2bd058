"""Synthetic but realistic situation and boundaries for the layer and map tests.

Everything here is made up for testing, modelled on public reporting of the
Afghan–Tajik border in summer 2021 and the Kyrgyz–Tajik clash of January 2022
(coordinates approximate). Boundaries are coarse hand-drawn polygons and lines,
not real borders. ``HOSTILE`` strings exercise HTML escaping.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

import geopandas as gpd
from shapely.geometry import LineString, MultiLineString, Polygon

from geo.situation import (
    ArticleInfo,
    ControlClaim,
    Count,
    Event,
    EventLocation,
    Situation,
    SourceRef,
    Toponym,
)

HOSTILE_SENTENCE = (
    'Militants near Khorog wrote <script>alert("xss")</script> and '
    '"><img src=x onerror=alert(1)> on the post.'
)
HOSTILE_OUTLET = '"><img src=x onerror=alert(2)>Evil Daily'

# (id, outlet, url, published, sentences)
ARTICLES = [
    (
        "a1",
        "Reuters",
        "https://example.org/reuters/afghan-soldiers",
        date(2021, 7, 5),
        [
            "More than 1,000 Afghan soldiers fled from Kunduz across the border into Panj, "
            "Tajikistan said.",
            "Taliban fighters seized the Sher Khan Bandar crossing in June.",
            "Tajikistan called up 20,000 reservists to reinforce the border in Khatlon.",
        ],
    ),
    (
        "a2",
        "TASS",
        "https://example.org/tass/zakharova",
        date(2021, 7, 9),
        [
            "Russian Foreign Ministry spokeswoman Maria Zakharova said the Taliban controls "
            "about two-thirds of the Afghan–Tajik border.",
            "The Taliban captured Ishkashim district on the Panj river.",
            "Fighting for Badakhshan province remained contested through July.",
            "Russian troops at the 201st Military Base in Dushanbe held drills at Harb-Maidon.",
        ],
    ),
    (
        "a3",
        "AKIpress",
        "https://example.org/akipress/tort-kocho",
        date(2022, 1, 28),
        [
            "Two people were killed and 11 injured in a shootout near Tort-Kocho.",
            "Border guards exchanged fire near Vorukh on the same day.",
            "About 10,000 residents were evacuated from Tort-Kocho to Batken.",
            "Kyrgyzstan closed the Kyzyl-Bel crossing until 30 January.",
            "The sides agreed a ceasefire at the Kulundu border post.",
        ],
    ),
    ("a4", HOSTILE_OUTLET, "javascript:alert(3)", date(2021, 7, 20), [HOSTILE_SENTENCE]),
]

# name → (lat, lon, country, admin1, admin2, feature, precision)
PLACES = {
    "Kunduz": (36.728, 68.857, "AF", "Kunduz", None, "admin1", 3),
    "Panj": (37.237, 69.098, "TJ", "Khatlon", "Panj", "populated_place", 1),
    "Sher Khan Bandar": (37.20, 68.60, "AF", "Kunduz", "Imam Sahib", "border_crossing", 1),
    "Khatlon": (37.9, 69.3, "TJ", "Khatlon", None, "admin1", 3),
    "Afghan–Tajik border": (37.5, 70.0, "AF", None, None, "country", 3),
    "Ishkashim": (36.71, 71.61, "AF", "Badakhshan", "Ishkashim", "admin2", 2),
    "Badakhshan": (36.9, 71.0, "AF", "Badakhshan", None, "admin1", 3),
    "201st Military Base": (38.58, 68.78, "TJ", "Dushanbe", None, "military_base", 1),
    "Dushanbe": (38.56, 68.77, "TJ", "Dushanbe", None, "populated_place", 1),
    "Harb-Maidon": (37.56, 68.77, "TJ", "Khatlon", None, "training_ground", 1),
    "Tort-Kocho": (39.95, 70.53, "KG", "Batken", "Batken", "village", 1),
    "Vorukh": (39.85, 70.58, "TJ", "Sughd", "Isfara", "enclave", 2),
    "Batken": (40.06, 70.82, "KG", "Batken", "Batken", "populated_place", 1),
    "Kyzyl-Bel": (39.97, 70.50, "KG", "Batken", "Batken", "border_crossing", 1),
    "Kulundu": (40.10, 70.62, "TJ", "Sughd", "Isfara", "border_post", 1),
    "Khorog": (37.49, 71.55, "TJ", "GBAO", "Khorog", "populated_place", 1),
}


def _loc(name: str, border: str | None = None, precision: int | None = None) -> EventLocation:
    lat, lon, cc, a1, a2, _feature, prec = PLACES[name]
    return EventLocation(
        name=name,
        lat=lat,
        lon=lon,
        precision=precision or prec,
        country_code=cc,
        admin1=a1,
        admin2=a2,
        border=border,
        border_distance_km=1.5 if border else None,
    )


@dataclass(frozen=True)
class _Doc:
    id: str
    outlet: str
    url: str
    published: date
    text: str
    offsets: tuple[tuple[int, int], ...]


def _docs() -> dict[str, _Doc]:
    docs = {}
    for doc_id, outlet, url, published, sentences in ARTICLES:
        offsets, pos = [], 0
        for sentence in sentences:
            offsets.append((pos, pos + len(sentence)))
            pos += len(sentence) + 1
        docs[doc_id] = _Doc(doc_id, outlet, url, published, " ".join(sentences), tuple(offsets))
    return docs


def _src(docs: dict[str, _Doc], doc_id: str, index: int) -> SourceRef:
    doc = docs[doc_id]
    start, end = doc.offsets[index]
    return SourceRef(
        document=doc_id,
        sentence=doc.text[start:end],
        start=start,
        end=end,
        published=doc.published,
        url=doc.url,
        outlet=doc.outlet,
    )


def _toponyms(docs: dict[str, _Doc]) -> tuple[Toponym, ...]:
    out = []
    for doc in docs.values():
        for name, (lat, lon, cc, a1, a2, feature, prec) in PLACES.items():
            start = doc.text.find(name)
            while start >= 0:
                out.append(
                    Toponym(
                        document=doc.id,
                        start=start,
                        end=start + len(name),
                        text=name,
                        name=name,
                        lat=lat,
                        lon=lon,
                        country_code=cc,
                        admin1=a1,
                        admin2=a2,
                        feature=feature,
                        geonameid=None,
                        place_id="cur:" + name.lower().replace(" ", "-"),
                        precision=prec,
                        score=0.9,
                    )
                )
                start = doc.text.find(name, start + 1)
    return tuple(sorted(out, key=lambda t: (t.document, t.start)))


def make_situation() -> Situation:
    """A dozen events of every type on the AFG–TJK and KGZ–TJK borders."""
    docs = _docs()
    s = lambda d, i: (_src(docs, d, i),)  # noqa: E731
    events = (
        Event(
            id="e-flee",
            event_type="forces_cross_border",
            event_date=date(2021, 7, 5),
            time_precision=1,
            location=_loc("Panj", "AFG–TJK"),
            actor1="Afghan army",
            origin=_loc("Kunduz", precision=2),
            destination=_loc("Panj", "AFG–TJK"),
            counts={"soldiers": (Count(1037, "more than", "More than 1,000", "a1"),)},
            claimant="Tajikistan",
            confidence=0.8,
            sources=s("a1", 0),
        ),
        Event(
            id="e-shk",
            event_type="capture",
            event_date=date(2021, 6, 22),
            time_precision=2,
            location=_loc("Sher Khan Bandar", "AFG–TJK"),
            actor1="Taliban",
            actor2="Afghan army",
            confidence=0.7,
            sources=s("a1", 1),
            claim=ControlClaim("Taliban", "Sher Khan Bandar", "crossing", {"status": "seized"}),
        ),
        Event(
            id="e-mob",
            event_type="deployment",
            event_date=date(2021, 7, 7),
            time_precision=1,
            location=_loc("Khatlon", "AFG–TJK"),
            actor1="Tajik army",
            counts={"reservists": (Count(20000, None, "20,000", "a1"),)},
            confidence=0.8,
            sources=s("a1", 2),
        ),
        Event(
            id="e-claim",
            event_type="control_claim",
            event_date=date(2021, 7, 9),
            time_precision=1,
            location=_loc("Afghan–Tajik border", "AFG–TJK"),
            claimant="Russian MFA",
            claim_status="claimed",
            confidence=0.6,
            sources=s("a2", 0),
            claim=ControlClaim(
                "Taliban",
                "Afghan–Tajik border",
                "border",
                {"fraction": 0.67, "text": "about two-thirds"},
            ),
        ),
        Event(
            id="e-ish",
            event_type="capture",
            event_date=date(2021, 7, 4),
            time_precision=1,
            location=_loc("Ishkashim", "AFG–TJK"),
            actor1="Taliban",
            confidence=0.7,
            sources=s("a2", 1),
            claim=ControlClaim("Taliban", "Ishkashim", "district", {"status": "captured"}),
        ),
        Event(
            id="e-bad",
            event_type="control_claim",
            event_date=date(2021, 7, 1),
            end_date=date(2021, 7, 31),
            time_precision=3,
            location=_loc("Badakhshan"),
            actor1="Taliban",
            actor2="Afghan army",
            claim_status="disputed",
            confidence=0.4,
            sources=s("a2", 2),
            claim=ControlClaim("Taliban", "Badakhshan", "province", {"status": "contested"}),
        ),
        Event(
            id="e-201",
            event_type="assistance",
            event_date=date(2021, 7, 1),
            time_precision=3,
            location=_loc("201st Military Base"),
            actor1="Russia",
            confidence=0.6,
            sources=s("a2", 3),
        ),
        Event(
            id="e-tk",
            event_type="armed_clash",
            event_date=date(2022, 1, 27),
            time_precision=1,
            location=_loc("Tort-Kocho", "KGZ–TJK"),
            actor1="Kyrgyz border guards",
            actor2="Tajik border guards",
            counts={
                "killed": (Count(2, None, "Two", "a3"),),
                "injured": (Count(11, None, "11", "a3"),),
            },
            confidence=0.9,
            sources=s("a3", 0),
        ),
        Event(
            id="e-vor",
            event_type="armed_clash",
            event_date=date(2022, 1, 27),
            time_precision=1,
            location=_loc("Vorukh", "KGZ–TJK"),
            actor1="Kyrgyz border guards",
            actor2="Tajik border guards",
            confidence=0.6,
            sources=s("a3", 1),
        ),
        Event(
            id="e-evac",
            event_type="displacement",
            event_date=date(2022, 1, 28),
            time_precision=1,
            location=_loc("Batken", "KGZ–TJK"),
            origin=_loc("Tort-Kocho", "KGZ–TJK"),
            destination=_loc("Batken"),
            counts={"evacuated": (Count(10000, "about", "About 10,000", "a3"),)},
            confidence=0.7,
            sources=s("a3", 2),
        ),
        Event(
            id="e-kb",
            event_type="blockade",
            event_date=date(2022, 1, 27),
            end_date=date(2022, 1, 30),
            time_precision=1,
            location=_loc("Kyzyl-Bel", "KGZ–TJK"),
            actor1="Kyrgyzstan",
            confidence=0.7,
            sources=s("a3", 3),
            claim=ControlClaim("Kyrgyzstan", "Kyzyl-Bel", "crossing", {"status": "closed"}),
        ),
        Event(
            id="e-cf",
            event_type="ceasefire_or_talks",
            event_date=date(2022, 1, 28),
            time_precision=1,
            location=_loc("Kulundu", "KGZ–TJK"),
            actor1="Kyrgyzstan",
            actor2="Tajikistan",
            confidence=0.8,
            sources=s("a3", 4),
        ),
        Event(
            id="e-evil",
            event_type="armed_clash",
            event_date=date(2021, 7, 20),
            time_precision=1,
            location=_loc("Khorog", "AFG–TJK"),
            actor1='<b onmouseover="alert(4)">Militants</b>',
            confidence=0.3,
            sub_event_type="<i>hostile</i>",
            sources=s("a4", 0),
        ),
    )
    articles = tuple(
        ArticleInfo(
            id=d.id, title=f"Article {d.id}", outlet=d.outlet, url=d.url, published=d.published
        )
        for d in docs.values()
    )
    return Situation(articles=articles, toponyms=_toponyms(docs), events=events)


def make_large_situation(n: int = 10_000, seed: int = 7) -> Situation:
    """*n* random events along the two borders (for the benchmark and scaling tests)."""
    rng = random.Random(seed)
    types = (
        "armed_clash",
        "capture",
        "deployment",
        "assistance",
        "blockade",
        "ceasefire_or_talks",
        "displacement",
        "forces_cross_border",
    )
    base = date(2021, 6, 1)
    events = []
    for i in range(n):
        lat, lon = rng.uniform(36.5, 40.3), rng.uniform(67.5, 73.5)
        kind = rng.choice(types)
        precision = rng.choice((1, 1, 2, 3))
        loc = EventLocation(
            name=f"Place {i}",
            lat=lat,
            lon=lon,
            precision=precision,
            country_code=rng.choice(("AF", "TJ", "KG")),
            # precision 3 is a province here (never a whole country: see layers.placement)
            admin1=f"Province {i % 7}" if precision == 3 else None,
            border=rng.choice(("AFG–TJK", "KGZ–TJK")),
        )
        moving = kind in ("displacement", "forces_cross_border")
        dest = (
            EventLocation(
                name=f"Dest {i}",
                lat=lat + rng.uniform(-0.3, 0.3),
                lon=lon + rng.uniform(-0.3, 0.3),
                precision=1,
            )
            if moving
            else None
        )
        sentence = f"Report {i}: an incident at Place {i} involving {rng.randint(1, 500)} people."
        events.append(
            Event(
                id=f"x-{i}",
                event_type=kind,
                event_date=base + timedelta(days=rng.randint(0, 240)),
                time_precision=rng.choice((1, 1, 1, 2, 3)),
                location=loc,
                origin=loc if moving else None,
                destination=dest,
                actor1="Actor A",
                actor2="Actor B",
                counts={"people": (Count(rng.randint(1, 5000), None, "", None),)},
                confidence=round(rng.random(), 2),
                sources=(
                    SourceRef(
                        document=f"d{i}",
                        sentence=sentence,
                        start=0,
                        end=len(sentence),
                        published=base,
                        url=f"https://example.org/{i}",
                        outlet="Wire",
                    ),
                ),
            )
        )
    return Situation(events=tuple(events))


@dataclass(frozen=True)
class FakeBoundaries:
    """The shape of ``geo.boundaries.load_boundaries()`` with hand-drawn geometry."""

    admin0: gpd.GeoDataFrame
    admin1: gpd.GeoDataFrame
    admin2: gpd.GeoDataFrame
    borders: gpd.GeoDataFrame


AFG_TJK = [
    (67.8, 37.25),
    (68.6, 37.15),
    (69.3, 37.1),
    (70.2, 37.5),
    (71.0, 37.9),
    (71.5, 37.0),
    (72.5, 37.0),
    (74.9, 37.2),
]
KGZ_TJK = [(69.3, 40.1), (70.0, 40.2), (70.5, 39.92), (71.0, 39.6), (72.5, 39.4), (73.6, 39.4)]


def make_boundaries() -> FakeBoundaries:
    """Coarse polygons for AFG, TJK, KGZ and a few admin units; two border dyads."""
    afg = Polygon([(60.5, 29.4), (75.0, 29.4), *reversed(AFG_TJK), (67.8, 37.25), (60.5, 36.0)])
    tjk = Polygon([*AFG_TJK, (74.9, 39.4), *reversed(KGZ_TJK), (67.4, 40.0), (67.8, 37.25)])
    kgz = Polygon([*KGZ_TJK, (80.2, 42.0), (69.3, 42.5)])
    crs = "EPSG:4326"
    admin0 = gpd.GeoDataFrame(
        {
            "iso_a2": ["AF", "TJ", "KG"],
            "iso_a3": ["AFG", "TJK", "KGZ"],
            "name": ["Afghanistan", "Tajikistan", "Kyrgyzstan"],
        },
        geometry=[afg, tjk, kgz],
        crs=crs,
    )
    admin1 = gpd.GeoDataFrame(
        {
            "iso_a2": ["AF", "AF", "TJ", "TJ", "KG"],
            "code": ["AF-BDS", "AF-KDZ", "TJ-KT", "TJ-SU", "KG-B"],
            "name": ["Badakhshan", "Kunduz", "Khatlon", "Sughd", "Batken"],
        },
        geometry=[
            afg.intersection(Polygon([(69.9, 35.5), (75, 35.5), (75, 39), (69.9, 39)])),
            afg.intersection(Polygon([(68.0, 36.0), (69.9, 36.0), (69.9, 38), (68.0, 38)])),
            tjk.intersection(Polygon([(67.5, 37), (70.2, 37), (70.2, 38.6), (67.5, 38.6)])),
            tjk.intersection(Polygon([(67.4, 39.2), (71, 39.2), (71, 40.5), (67.4, 40.5)])),
            kgz.intersection(Polygon([(69.3, 39.3), (72, 39.3), (72, 40.4), (69.3, 40.4)])),
        ],
        crs=crs,
    )
    admin2 = gpd.GeoDataFrame(
        {"iso_a2": ["AF"], "admin1": ["Badakhshan"], "name": ["Ishkashim"]},
        geometry=[Polygon([(71.2, 36.4), (71.9, 36.4), (71.9, 36.95), (71.2, 36.95)])],
        crs=crs,
    )
    borders = gpd.GeoDataFrame(
        {
            "dyad": ["AFG–TJK", "KGZ–TJK"],
            "a3_a": ["AFG", "KGZ"],
            "a3_b": ["TJK", "TJK"],
            "length_km": [1357.0, 972.0],
        },
        geometry=[MultiLineString([LineString(AFG_TJK)]), MultiLineString([LineString(KGZ_TJK)])],
        crs=crs,
    )
    return FakeBoundaries(admin0, admin1, admin2, borders)
