"""Three small corpora for the map tests: nine land borders on four continents.

The sentences are written for these tests; the events are made up. Place
coordinates are approximate public geography; country-level places use the
conventional points of ``geo/data/countries/country_points.csv`` (what the
pipeline gives a bare country name). See README.md in this folder.
"""

from __future__ import annotations

import csv
from datetime import date
from functools import cache
from pathlib import Path

from geo.situation import ArticleInfo, Event, EventLocation, Situation, SourceRef, Toponym

REPO = Path(__file__).resolve().parents[3]

# name → (lat, lon, iso2, admin1, feature, precision)
PLACES: dict[str, tuple[float, float, str, str | None, str, int]] = {
    "Preah Vihear": (14.39, 104.68, "KH", "Preah Vihear", "historic_site", 1),
    "Ta Muen Thom": (14.35, 103.26, "TH", "Surin", "historic_site", 1),
    "Chong Chom": (14.43, 103.70, "TH", "Surin", "border_crossing", 1),
    "Surin": (14.88, 103.49, "TH", "Surin", "populated_place", 1),
    "Anlong Veng": (14.23, 104.08, "KH", "Oddar Meanchey", "populated_place", 1),
    "Galwan": (34.75, 78.20, "IN", "Ladakh", "valley", 2),
    "Pangong Tso": (33.70, 78.70, "IN", "Ladakh", "lake", 2),
    "Leh": (34.16, 77.58, "IN", "Ladakh", "populated_place", 1),
    "Jermuk": (39.84, 45.67, "AM", "Vayots Dzor", "populated_place", 1),
    "Sotk": (40.20, 45.93, "AM", "Gegharkunik", "populated_place", 1),
    "Metula": (33.28, 35.58, "IL", "Northern District", "populated_place", 1),
    "Kfar Kila": (33.28, 35.55, "LB", "Nabatieh", "populated_place", 1),
    "Naqoura": (33.12, 35.14, "LB", "South Governorate", "populated_place", 1),
    "Goma": (-1.68, 29.22, "CD", "North Kivu", "populated_place", 1),
    "Gisenyi": (-1.70, 29.26, "RW", "Western Province", "populated_place", 1),
    "Bukavu": (-2.51, 28.86, "CD", "South Kivu", "populated_place", 1),
    "Abyei": (9.59, 28.44, "SD", "Abyei Area", "populated_place", 1),
    "Heglig": (10.00, 29.40, "SD", "West Kordofan", "oil_field", 2),
    "Eteringbang": (6.42, -61.13, "GY", "Cuyuni-Mazaruni", "populated_place", 1),
    "Anacoco": (7.23, -60.52, "VE", "Bolívar", "island", 2),
    "Tumeremo": (7.30, -61.50, "VE", "Bolívar", "populated_place", 1),
    "Cúcuta": (7.89, -72.50, "CO", "Norte de Santander", "populated_place", 1),
    "San Antonio del Táchira": (7.81, -72.44, "VE", "Táchira", "populated_place", 1),
    "Kuźnica": (53.51, 23.65, "PL", "Podlaskie", "border_crossing", 1),
    "Bruzgi": (53.52, 23.72, "BY", "Grodno", "border_crossing", 1),
}


@cache
def country_points() -> dict[str, tuple[str, float, float]]:
    """iso2 → (name, lat, lon): the conventional country points the pipeline uses."""
    path = REPO / "geo" / "data" / "countries" / "country_points.csv"
    with path.open(encoding="utf-8") as fh:
        return {
            r["iso2"]: (r["name"], float(r["lat"]), float(r["lon"])) for r in csv.DictReader(fh)
        }


def place(name: str, border: str | None = None) -> EventLocation:
    """A named place as an event location."""
    lat, lon, cc, a1, _feature, prec = PLACES[name]
    return EventLocation(name, lat, lon, prec, cc, a1, None, border, 2.0 if border else None)


def country(iso2: str, border: str | None = None) -> EventLocation:
    """A bare country as an event location: its conventional point, precision 3."""
    name, lat, lon = country_points()[iso2]
    return EventLocation(name, lat, lon, 3, iso2, None, None, border, None)


class Corpus:
    """Articles written sentence by sentence; events cite their sentences."""

    def __init__(self) -> None:
        self.articles: list[ArticleInfo] = []
        self.toponyms: list[Toponym] = []
        self.events: list[Event] = []
        self._text: dict[str, list[tuple[int, int, str]]] = {}

    def article(self, doc: str, outlet: str, day: date, sentences: list[str]) -> None:
        """Add an article; every known place name (and country name) becomes a toponym."""
        self.articles.append(ArticleInfo(doc, f"{outlet} report", outlet, None, day))
        spans, pos = [], 0
        text = " ".join(sentences)
        for s in sentences:
            spans.append((pos, pos + len(s), s))
            pos += len(s) + 1
        self._text[doc] = spans
        names = {n: (v[0], v[1], v[2], v[3], v[4], v[5]) for n, v in PLACES.items()}
        for iso2, (cname, lat, lon) in country_points().items():
            names.setdefault(cname, (lat, lon, iso2, None, "country", 3))
        for name, (lat, lon, cc, a1, feature, prec) in names.items():
            start = text.find(name)
            while start >= 0:
                before = text[start - 1] if start else " "
                after = text[start + len(name)] if start + len(name) < len(text) else " "
                if not before.isalpha() and not after.isalpha():
                    self.toponyms.append(
                        Toponym(
                            doc,
                            start,
                            start + len(name),
                            name,
                            name,
                            lat,
                            lon,
                            cc,
                            a1,
                            None,
                            feature,
                            None,
                            f"t:{name}",
                            prec,
                            0.9,
                        )
                    )
                start = text.find(name, start + 1)

    def source(self, doc: str, index: int) -> SourceRef:
        start, end, sentence = self._text[doc][index]
        art = next(a for a in self.articles if a.id == doc)
        return SourceRef(doc, sentence, start, end, art.published, None, art.outlet)

    def event(
        self,
        eid: str,
        kind: str,
        day: date,
        loc: EventLocation | None,
        doc: str,
        index: int,
        **kw: object,
    ) -> None:
        self.events.append(
            Event(
                id=eid,
                event_type=kind,
                event_date=day,
                time_precision=1,
                location=loc,
                sources=(self.source(doc, index),),
                **kw,
            )  # type: ignore[arg-type]
        )

    def situation(self) -> Situation:
        return Situation(
            articles=tuple(self.articles),
            toponyms=tuple(sorted(self.toponyms, key=lambda t: (t.document, t.start))),
            events=tuple(self.events),
        )


def _thai_cambodia(c: Corpus) -> None:
    c.article(
        "th1",
        "Bangkok Wire",
        date(2025, 7, 24),
        [
            "Thai and Cambodian troops traded artillery fire near Ta Muen Thom at dawn.",
            "Villagers from Surin moved to shelters after shells fell near Chong Chom.",
            "Cambodia said Thai aircraft struck positions close to Preah Vihear.",
            "Officials in Anlong Veng reported two soldiers wounded.",
        ],
    )
    c.event(
        "th-1",
        "armed_clash",
        date(2025, 7, 24),
        place("Ta Muen Thom", "KHM–THA"),
        "th1",
        0,
        actor1="Thai army",
        actor2="Cambodian army",
        confidence=0.8,
    )
    c.event(
        "th-2",
        "displacement",
        date(2025, 7, 24),
        place("Surin"),
        "th1",
        1,
        origin=place("Chong Chom"),
        destination=place("Surin"),
        confidence=0.7,
    )
    c.event(
        "th-3",
        "armed_clash",
        date(2025, 7, 25),
        place("Preah Vihear", "KHM–THA"),
        "th1",
        2,
        actor1="Thai air force",
        claimant="Cambodia",
        claim_status="claimed",
        confidence=0.5,
    )
    c.event(
        "th-4",
        "armed_clash",
        date(2025, 7, 25),
        place("Anlong Veng"),
        "th1",
        3,
        actor1="Cambodian army",
        confidence=0.6,
    )
    c.event(
        "th-5",
        "blockade",
        date(2025, 7, 26),
        place("Chong Chom", "KHM–THA"),
        "th1",
        1,
        actor1="Thai army",
        confidence=0.7,
    )
    c.event(
        "th-6",
        "armed_clash",
        date(2025, 7, 27),
        place("Ta Muen Thom", "KHM–THA"),
        "th1",
        0,
        actor1="Cambodian army",
        actor2="Thai army",
        confidence=0.9,
    )


def _guyana_venezuela(c: Corpus) -> None:
    c.article(
        "gy1",
        "Georgetown Herald",
        date(2024, 2, 10),
        [
            "Guyanese soldiers on patrol near Eteringbang came under fire from across the river.",
            "Venezuela moved armoured vehicles to Anacoco, satellite pictures suggested.",
            "Troops were also seen gathering at Tumeremo.",
        ],
    )
    c.event(
        "gy-1",
        "armed_clash",
        date(2024, 2, 9),
        place("Eteringbang", "GUY–VEN"),
        "gy1",
        0,
        actor1="Guyana Defence Force",
        confidence=0.7,
    )
    c.event(
        "gy-2",
        "deployment",
        date(2024, 2, 8),
        place("Anacoco", "GUY–VEN"),
        "gy1",
        1,
        actor1="Venezuelan army",
        claim_status="disputed",
        confidence=0.4,
    )
    c.event(
        "gy-3",
        "deployment",
        date(2024, 2, 9),
        place("Tumeremo"),
        "gy1",
        2,
        actor1="Venezuelan army",
        confidence=0.5,
    )
    c.event(
        "gy-4",
        "deployment",
        date(2024, 2, 10),
        place("Anacoco", "GUY–VEN"),
        "gy1",
        1,
        actor1="Venezuelan army",
        confidence=0.6,
    )


def _others(c: Corpus) -> None:
    c.article(
        "in1",
        "Delhi Desk",
        date(2020, 6, 16),
        [
            "Soldiers clashed with clubs and stones in the Galwan valley overnight.",
            "Both sides later pulled back a few kilometres from Pangong Tso, officers in Leh said.",
        ],
    )
    c.event(
        "in-1",
        "armed_clash",
        date(2020, 6, 15),
        place("Galwan", "CHN–IND"),
        "in1",
        0,
        actor1="Indian army",
        actor2="Chinese army",
        confidence=0.9,
    )
    c.event(
        "in-2",
        "ceasefire_or_talks",
        date(2020, 6, 20),
        place("Pangong Tso", "CHN–IND"),
        "in1",
        1,
        actor1="Indian army",
        actor2="Chinese army",
        confidence=0.6,
    )
    c.article(
        "am1",
        "Yerevan Notes",
        date(2022, 9, 14),
        [
            "Shelling hit the outskirts of Jermuk and the village of Sotk.",
        ],
    )
    c.event(
        "am-1",
        "armed_clash",
        date(2022, 9, 13),
        place("Jermuk", "ARM–AZE"),
        "am1",
        0,
        actor1="Azerbaijani army",
        confidence=0.8,
    )
    c.event(
        "am-2",
        "armed_clash",
        date(2022, 9, 13),
        place("Sotk", "ARM–AZE"),
        "am1",
        0,
        actor1="Azerbaijani army",
        confidence=0.8,
    )
    c.article(
        "il1",
        "Galilee Post",
        date(2023, 11, 2),
        [
            "Rockets launched from Kfar Kila landed in open ground outside Metula.",
            "Peacekeepers in Naqoura urged restraint.",
        ],
    )
    c.event(
        "il-1",
        "armed_clash",
        date(2023, 11, 1),
        place("Metula", "ISR–LBN"),
        "il1",
        0,
        actor1="Hezbollah",
        confidence=0.8,
    )
    c.event(
        "il-2",
        "ceasefire_or_talks",
        date(2023, 11, 2),
        place("Naqoura", "ISR–LBN"),
        "il1",
        1,
        actor1="UNIFIL",
        confidence=0.6,
    )
    c.article(
        "cd1",
        "Kivu Radio",
        date(2025, 1, 27),
        [
            "Fighters entered Goma as residents fled towards Gisenyi.",
            "Fighting was also reported on the road to Bukavu.",
        ],
    )
    c.event(
        "cd-1",
        "capture",
        date(2025, 1, 27),
        place("Goma", "COD–RWA"),
        "cd1",
        0,
        actor1="M23",
        confidence=0.8,
    )
    c.event(
        "cd-2",
        "displacement",
        date(2025, 1, 27),
        place("Gisenyi", "COD–RWA"),
        "cd1",
        0,
        origin=place("Goma"),
        destination=place("Gisenyi"),
        confidence=0.8,
    )
    c.event(
        "cd-3",
        "armed_clash",
        date(2025, 1, 28),
        place("Bukavu"),
        "cd1",
        1,
        actor1="M23",
        confidence=0.5,
    )
    c.article(
        "sd1",
        "Khartoum Monitor",
        date(2012, 4, 12),
        [
            "Troops seized the Heglig oil field after days of fighting.",
            "Tension also rose around Abyei.",
        ],
    )
    c.event(
        "sd-1",
        "capture",
        date(2012, 4, 10),
        place("Heglig", "SDN–SSD"),
        "sd1",
        0,
        actor1="SPLA",
        confidence=0.8,
    )
    c.event(
        "sd-2", "deployment", date(2012, 4, 12), place("Abyei", "SDN–SSD"), "sd1", 1, confidence=0.4
    )
    c.article(
        "co1",
        "Andes Daily",
        date(2019, 2, 23),
        [
            "Crowds crossed the bridge from San Antonio del Táchira into Cúcuta.",
        ],
    )
    c.event(
        "co-1",
        "displacement",
        date(2019, 2, 23),
        place("Cúcuta", "COL–VEN"),
        "co1",
        0,
        origin=place("San Antonio del Táchira"),
        destination=place("Cúcuta"),
        confidence=0.8,
    )
    c.article(
        "pl1",
        "Baltic Line",
        date(2021, 11, 8),
        [
            "Hundreds of migrants gathered at Bruzgi and tried to cross towards Kuźnica.",
        ],
    )
    c.event(
        "pl-1",
        "blockade",
        date(2021, 11, 8),
        place("Kuźnica", "BLR–POL"),
        "pl1",
        0,
        actor1="Polish border guard",
        confidence=0.8,
    )


def world_situation() -> Situation:
    """Events on nine borders on four continents."""
    c = Corpus()
    _thai_cambodia(c)
    _guyana_venezuela(c)
    _others(c)
    return c.situation()


def two_theatres() -> Situation:
    """Cambodia–Thailand (6 events) and Guyana–Venezuela (4 events): far apart."""
    c = Corpus()
    _thai_cambodia(c)
    _guyana_venezuela(c)
    return c.situation()


def country_only() -> Situation:
    """Events located only to a country, with and without finer places in the article.

    * ``co-rw``: "Rwanda" only, but the article names Goma and Gisenyi → the
      COD–RWA border near them.
    * ``co-sd``: "South Sudan" accused "Sudan", no finer place → the whole SDN–SSD line.
    * ``co-gy``: "Guyana" only and no other country → its outline (an area).
    * ``co-cam``: "Cambodia" only, the article also names Thailand and Chong Chom → the
      KHM–THA border near Chong Chom.
    * ``mv-ve``: people crossed from Venezuela into Colombia, the article names Cúcuta →
      a short arrow across COL–VEN near Cúcuta.
    * ``mv-am``: forces crossed from Armenia into Azerbaijan, no finer place → listed only.
    * ``mv-pl``: migrants from Belarus (country only) reached Kuźnica → a stub across BLR–POL.
    """
    c = Corpus()
    c.article(
        "k1",
        "Lake Kivu Report",
        date(2025, 2, 3),
        [
            "The Democratic Republic of the Congo accused Rwanda of shelling its territory.",
            "Witnesses in Goma and Gisenyi heard explosions through the night.",
        ],
    )
    c.event(
        "co-rw",
        "armed_clash",
        date(2025, 2, 2),
        country("RW"),
        "k1",
        0,
        actor1="Rwandan army",
        claimant="Democratic Republic of the Congo",
        claim_status="claimed",
        confidence=0.4,
    )
    c.article(
        "k2",
        "Juba Weekly",
        date(2012, 4, 2),
        [
            "South Sudan said Sudan had bombed its territory again.",
        ],
    )
    c.event(
        "co-sd",
        "armed_clash",
        date(2012, 4, 1),
        country("SS", "SDN–SSD"),
        "k2",
        0,
        actor1="Sudanese air force",
        claimant="South Sudan",
        claim_status="claimed",
        confidence=0.5,
    )
    c.article(
        "k3",
        "Caribbean Brief",
        date(2023, 12, 5),
        [
            "Guyana put its forces on alert.",
        ],
    )
    c.event(
        "co-gy",
        "deployment",
        date(2023, 12, 5),
        country("GY"),
        "k3",
        0,
        actor1="Guyana Defence Force",
        confidence=0.6,
    )
    c.article(
        "k4",
        "Mekong Times",
        date(2025, 7, 28),
        [
            "Thailand said Cambodia fired rockets overnight.",
            "The crossing at Chong Chom stayed shut.",
        ],
    )
    c.event(
        "co-cam",
        "armed_clash",
        date(2025, 7, 28),
        country("KH"),
        "k4",
        0,
        actor1="Cambodian army",
        claimant="Thailand",
        claim_status="claimed",
        confidence=0.5,
    )
    c.article(
        "k5",
        "Frontera Hoy",
        date(2019, 2, 24),
        [
            "Thousands of people left Venezuela for Colombia over the weekend.",
            "Shelters in Cúcuta were full.",
        ],
    )
    c.event(
        "mv-ve",
        "displacement",
        date(2019, 2, 24),
        country("CO"),
        "k5",
        0,
        origin=country("VE"),
        destination=country("CO"),
        confidence=0.7,
    )
    c.article(
        "k6",
        "Caucasus Line",
        date(2022, 9, 15),
        [
            "Azerbaijan said troops from Armenia crossed into Azerbaijan.",
        ],
    )
    c.event(
        "mv-am",
        "forces_cross_border",
        date(2022, 9, 15),
        country("AZ"),
        "k6",
        0,
        origin=country("AM"),
        destination=country("AZ"),
        claimant="Azerbaijan",
        claim_status="claimed",
        confidence=0.4,
    )
    c.article(
        "k7",
        "Podlasie News",
        date(2021, 11, 9),
        [
            "Groups of migrants walked from Belarus to the fence at Kuźnica.",
        ],
    )
    c.event(
        "mv-pl",
        "forces_cross_border",
        date(2021, 11, 9),
        place("Kuźnica", "BLR–POL"),
        "k7",
        0,
        origin=country("BY"),
        destination=place("Kuźnica", "BLR–POL"),
        confidence=0.6,
    )
    # one precise event, so the map has a point to frame too
    c.event(
        "pt-goma",
        "armed_clash",
        date(2025, 2, 2),
        place("Goma", "COD–RWA"),
        "k1",
        1,
        confidence=0.6,
    )
    return c.situation()
