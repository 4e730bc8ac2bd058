"""The unit-name index answers exactly what a scan of the whole table answered."""

from __future__ import annotations

import unicodedata

import geopandas as gpd
from hypothesis import given, settings
from hypothesis import strategies as st
from shapely.geometry import Point

from layers import units as unit_index

NAMES = st.sampled_from(["Vose", "Vosé", "VOSE ", "Isfara", "Isfará", "Ḩirāt", "Herat", "", None])


def _scan_key(name: object) -> str:
    text = unicodedata.normalize("NFKD", name if isinstance(name, str) else "")
    return "".join(c for c in text if not unicodedata.combining(c)).casefold().strip()


def _frame(names: list[object], alts: list[object]) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {"name": names, "name_alt": alts}, geometry=[Point(0, 0)] * len(names), crs="EPSG:4326"
    )


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(NAMES, NAMES), min_size=1, max_size=8), NAMES.filter(bool))
def test_index_matches_a_full_scan(rows: list[tuple[object, object]], want: str) -> None:
    units = _frame([n for n, _ in rows], [a for _, a in rows])
    key = _scan_key(want)
    by_name = [i for i, n in enumerate(units["name"]) if _scan_key(n) == key]
    by_alt = [
        i
        for i, v in enumerate(units["name_alt"].fillna(""))
        if key in {_scan_key(x) for x in str(v).split("|")}
    ]
    by_case = [
        i
        for i, n in enumerate(units["name"])
        if isinstance(n, str) and n.casefold() == want.casefold()
    ]
    assert list(unit_index.unit_rows(units, want)) == by_name
    assert list(unit_index.unit_rows(units, want, alternates=True)) == by_alt
    assert list(unit_index.unit_rows(units, want, exact_case=True)) == by_case


def test_a_frame_is_indexed_once_and_forgotten_with_it(monkeypatch) -> None:
    built = []
    real = unit_index._build
    monkeypatch.setattr(unit_index, "_build", lambda u: built.append(1) or real(u))
    units = _frame(["Vose", "Isfara"], [None, None])
    assert unit_index.unit_rows(units, "isfara") == (1,)
    assert unit_index.unit_rows(units, "VOSE") == (0,)
    assert len(built) == 1
    key = id(units)
    del units
    assert key not in unit_index._CACHE
