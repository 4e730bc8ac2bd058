"""Small hand-written situations (toponyms only) for the label and basemap tests.

Coordinates are the GeoNames points of well-known places (geonames.org), written
out here so the tests need no gazetteer.
"""

from __future__ import annotations

from datetime import date

from geo.situation import Event, EventLocation, Situation, Toponym

# name, lat, lon, country, feature
PLACES: dict[str, tuple[tuple[str, float, float, str, str], ...]] = {
    "thailand_cambodia": (
        ("Preah Vihear", 14.3914, 104.6804, "KH", "populated_place"),
        ("Aranyaprathet", 13.6928, 102.5065, "TH", "populated_place"),
        ("Poipet", 13.6594, 102.5647, "KH", "populated_place"),
        ("Cambodia", 12.5, 105.0, "KH", "country"),
    ),
    "drc_rwanda": (
        ("Goma", -1.6792, 29.2228, "CD", "populated_place"),
        ("Gisenyi", -1.7028, 29.2564, "RW", "populated_place"),
        ("Bukavu", -2.5083, 28.8608, "CD", "populated_place"),
        ("North Kivu", -0.7918, 29.0459, "CD", "admin1"),
    ),
    "fiji": (("Suva", -18.1416, 178.4415, "FJ", "populated_place"),),
    "peru_bolivia": (("Desaguadero", -16.5656, -69.0418, "PE", "populated_place"),),
}


def situation(key: str) -> Situation:
    """The toponyms of ``PLACES[key]``, and one clash at each town among them."""
    toponyms = tuple(
        Toponym(
            document=f"doc-{key}",
            start=i * 20,
            end=i * 20 + len(name),
            text=name,
            name=name,
            lat=lat,
            lon=lon,
            country_code=cc,
            admin1=None,
            admin2=None,
            feature=feature,
            geonameid=None,
            place_id=f"{key}-{i}",
            precision=1 if feature == "populated_place" else 3,
            score=1.0,
        )
        for i, (name, lat, lon, cc, feature) in enumerate(PLACES[key])
    )
    events = tuple(
        Event(
            id=f"{key}-e{i}",
            event_type="armed_clash",
            event_date=date(2024, 5, 1 + i),
            time_precision=1,
            location=EventLocation(t.name, t.lat, t.lon, 1, t.country_code),
        )
        for i, t in enumerate(toponyms)
        if t.feature == "populated_place"
    )
    return Situation(events=events, toponyms=toponyms)
