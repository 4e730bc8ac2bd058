"""Events as an ACLED-compatible table.

ACLED's columns come first, then sitmap's extras. sitmap's event types map
to ACLED's where one exists:

=====================  ==========================  =====================================
sitmap ``event_type``  ACLED ``event_type``        ACLED ``sub_event_type``
=====================  ==========================  =====================================
armed_clash            Battles                     Armed clash
capture                Battles                     Non-state actor overtakes territory,
                                                   or Government regains territory when
                                                   actor1 is a government force
control_claim          Strategic developments      Other
forces_cross_border    Strategic developments      Other
deployment             Strategic developments      Change to group/activity
displacement           Strategic developments      Other
ceasefire_or_talks     Strategic developments      Agreement
assistance             Strategic developments      Other
blockade               Strategic developments      Other
=====================  ==========================  =====================================

sitmap's own type and free-text sub-type stay in ``sitmap_event_type`` and
``sitmap_sub_event_type``. ``fatalities`` is the *lowest* killed figure any
source gives (ACLED's conservative rule), 0 when none is reported.
``event_id_cnty`` is the ISO alpha-3 of the event's country plus a running
number in (date, id) order, so it is stable for the same events.

>>> from geo.situation import Event, EventLocation, Count
>>> from datetime import date
>>> ev = Event(id="e1", event_type="armed_clash", event_date=date(2022, 1, 27),
...            time_precision=1, location=EventLocation("Tort-Kocho", 39.95, 70.53, 1, "KG",
...            "Batken"), counts={"killed": (Count(2, None, "two", "a"), Count(1, None, "", "b"))})
>>> row = acled_frame([ev]).iloc[0]
>>> row["event_id_cnty"], row["event_type"], int(row["iso"]), int(row["fatalities"])
('KGZ1', 'Battles', 417, 1)
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

import pandas as pd

from geo.situation import Event

ACLED_COLUMNS: tuple[str, ...] = (
    "event_id_cnty", "event_date", "year", "time_precision", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "actor2", "assoc_actor_2", "iso", "country", "admin1",
    "admin2", "admin3", "location", "latitude", "longitude", "geo_precision", "source",
    "source_scale", "notes", "fatalities",
)  # fmt: skip
EXTRA_COLUMNS: tuple[str, ...] = (
    "sitmap_id", "sitmap_event_type", "sitmap_sub_event_type", "claimant", "claim_status",
    "confidence", "border", "border_distance_km", "counts", "claim", "source_sentences",
    "source_urls", "source_documents",
)  # fmt: skip

ACLED_TYPES: dict[str, tuple[str, str]] = {
    "armed_clash": ("Battles", "Armed clash"),
    "capture": ("Battles", "Non-state actor overtakes territory"),
    "control_claim": ("Strategic developments", "Other"),
    "forces_cross_border": ("Strategic developments", "Other"),
    "deployment": ("Strategic developments", "Change to group/activity"),
    "displacement": ("Strategic developments", "Other"),
    "ceasefire_or_talks": ("Strategic developments", "Agreement"),
    "assistance": ("Strategic developments", "Other"),
    "blockade": ("Strategic developments", "Other"),
}
_GOVERNMENT_WORDS = ("government", "army", "armed forces", "border guards", "police", "military")


def _country_info(code: str | None) -> tuple[str, int | None, str]:
    """ISO alpha-3, numeric code and English name for an alpha-2 code."""
    if not code:
        return "XXX", None, ""
    from geo.countries import country_by_alpha2

    info = country_by_alpha2(code)
    if info is None:
        return code, None, ""
    return info.alpha3, info.numeric, info.name


def _acled_type(event: Event) -> tuple[str, str]:
    kind, sub = ACLED_TYPES.get(event.event_type, ("Strategic developments", "Other"))
    if event.event_type == "capture" and any(
        word in (event.actor1 or "").lower() for word in _GOVERNMENT_WORDS
    ):
        sub = "Government regains territory"
    return kind, sub


def _fatalities(event: Event) -> int:
    killed = [c.value for c in event.counts.get("killed", ())]
    return min(killed) if killed else 0


def acled_frame(events: Iterable[Event]) -> pd.DataFrame:
    """One row per event: ACLED columns first, then sitmap's extras."""
    ordered = sorted(events, key=lambda e: (e.event_date.isoformat() if e.event_date else "", e.id))
    running: dict[str, int] = defaultdict(int)
    rows = []
    for ev in ordered:
        loc = ev.location
        alpha3, numeric, country = _country_info(loc.country_code if loc else None)
        running[alpha3] += 1
        kind, sub = _acled_type(ev)
        outlets = sorted({s.outlet or s.document for s in ev.sources})
        rows.append({
            "event_id_cnty": f"{alpha3}{running[alpha3]}",
            "event_date": ev.event_date.isoformat() if ev.event_date else None,
            "year": ev.event_date.year if ev.event_date else None,
            "time_precision": ev.time_precision,
            "event_type": kind,
            "sub_event_type": sub,
            "actor1": ev.actor1,
            "assoc_actor_1": None,
            "actor2": ev.actor2,
            "assoc_actor_2": None,
            "iso": numeric,
            "country": country or None,
            "admin1": loc.admin1 if loc else None,
            "admin2": loc.admin2 if loc else None,
            "admin3": None,
            "location": loc.name if loc else None,
            "latitude": loc.lat if loc else None,
            "longitude": loc.lon if loc else None,
            "geo_precision": loc.precision if loc else None,
            "source": "; ".join(outlets),
            "source_scale": None,
            "notes": ev.sources[0].sentence if ev.sources else "",
            "fatalities": _fatalities(ev),
            "sitmap_id": ev.id,
            "sitmap_event_type": ev.event_type,
            "sitmap_sub_event_type": ev.sub_event_type,
            "claimant": ev.claimant,
            "claim_status": ev.claim_status,
            "confidence": ev.confidence,
            "border": loc.border if loc else None,
            "border_distance_km": loc.border_distance_km if loc else None,
            "counts": "; ".join(
                f"{name}: {c.text or c.value} ({c.document})"
                for name, cs in sorted(ev.counts.items()) for c in cs
            ),
            "claim": (f"{ev.claim.controller} / {ev.claim.object} / "
                      f"{ev.claim.extent.get('text', '')}") if ev.claim else None,
            "source_sentences": " | ".join(s.sentence for s in ev.sources),
            "source_urls": " | ".join(s.url or "" for s in ev.sources),
            "source_documents": " | ".join(s.document for s in ev.sources),
        })
    frame = pd.DataFrame(rows, columns=[*ACLED_COLUMNS, *EXTRA_COLUMNS])
    return frame.astype({"iso": "Int64", "year": "Int64"})
