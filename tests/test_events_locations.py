"""Event locations, border dyads and control-claim objects on real-geoparser-like toponyms.

Own sentences from other conflicts; toponyms are placed where the words occur,
as the geoparser would give them (countries, a dateline, a border line).
"""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

from geo.events import extract_events
from geo.events.lexicon import border_countries, land_border
from geo.situation import Toponym

#: word → (name, lat, lon, country, feature, precision)
PLACES = {
    "Yemen": ("Yemen", 15.5, 47.5, "YE", "country", 3),
    "Saudi Arabia": ("Saudi Arabia", 24.0, 45.0, "SA", "country", 3),
    "U.S.": ("United States", 39.8, -98.6, "US", "country", 3),
    "Congo": ("Democratic Republic of the Congo", -2.9, 23.6, "CD", "country", 3),
    "Rwanda": ("Rwanda", -2.0, 29.9, "RW", "country", 3),
    "France": ("France", 46.0, 2.0, "FR", "country", 3),
    "Mali": ("Mali", 17.5, -4.0, "ML", "country", 3),
    "Niger": ("Niger", 17.6, 8.1, "NE", "country", 3),
    "KABUL": ("Kabul", 34.53, 69.17, "AF", "populated_place", 1),
    "Herat province": ("Herat", 34.5, 62.0, "AF", "admin1", 3),
    "Armenian-Azerbaijani border": ("ARM–AZE", 40.2, 45.6, None, "border", 2),
    "Sudan": ("Sudan", 15.0, 30.0, "SD", "country", 3),
    "Ethiopia": ("Ethiopia", 9.0, 39.0, "ET", "country", 3),
    "Tessalit": ("Tessalit", 20.2, 1.01, "ML", "populated_place", 1),
    "Assamaka": ("Assamaka", 19.35, 5.77, "NE", "populated_place", 1),
}


def _toponyms(doc: str, text: str, places: dict | None = None) -> list[Toponym]:
    """Each occurrence of a word of ``places`` (default :data:`PLACES`) as a toponym.

    An occurrence inside an earlier, longer one is left out ("Korvat" in "KORVAT").
    """
    out: list[Toponym] = []
    for word, (name, lat, lon, cc, feature, prec) in (places or PLACES).items():
        start = text.find(word)
        while start >= 0:
            end = start + len(word)
            if not any(t.start <= start < t.end for t in out):
                out.append(
                    Toponym(doc, start, end, word, name, lat, lon, cc, None, None, feature,
                            None, "", prec, 1.0)
                )  # fmt: skip
            start = text.find(word, end)
    return sorted(out, key=lambda t: t.start)


def _events(text: str, published: date = date(2024, 3, 8)) -> list:
    art = SimpleNamespace(id="t", text=text, published=published, outlet=None, url=None)
    return extract_events(art, _toponyms("t", text), join=None)


def _one(events: list, event_type: str):
    found = [e for e in events if e.event_type == event_type]
    assert len(found) == 1, [(e.event_type, e.sources[0].sentence) for e in events]
    return found[0]


def test_land_border_table() -> None:
    assert land_border("SA", "YE") and land_border("CD", "RW")
    assert not land_border("US", "YE") and not land_border("FR", "ML")
    assert border_countries("COD–RWA") == ("CD", "RW")


def test_attributive_country_is_not_the_location_and_dyad_pairs_with_the_near_side() -> None:
    ev = _one(
        _events(
            "Houthi fighters said Sunday they had seized a key border crossing with Saudi Arabia, "
            "days after the U.S. strikes on Yemen."
        ),
        "capture",
    )
    assert ev.location.name == "Yemen"
    assert ev.location.border == "SAU–YEM"


def test_far_side_of_a_border_with_x_is_replaced_by_the_articles_focus_country() -> None:
    text = (
        "Fighting spread across eastern Congo this week. "
        "Rebels overran a border post with Rwanda on Tuesday, officials in France said."
    )
    ev = _one(_events(text), "capture")
    assert ev.location.border == "COD–RWA"
    assert ev.location.country_code == "CD"


def test_border_with_x_never_pairs_with_a_non_neighbour() -> None:
    text = (
        "France pledged aid on Monday. "
        "Jihadists captured a border crossing with Niger, the army of Mali said."
    )
    ev = _one(_events(text), "capture")
    assert ev.location.border == "MLI–NER"


def test_counted_object_is_a_clean_noun_with_its_country() -> None:
    ev = _one(
        _events(
            "Jihadists have taken control of dozens of villages in recent months as French "
            "troops pulled out of Mali."
        ),
        "control_claim",
    )
    assert ev.claim.object == "villages of Mali"
    assert ev.claim.object_kind == "territory"
    assert ev.claim.extent["count"] == 24


def test_two_claims_in_one_sentence_and_the_border_from_the_headline() -> None:
    text = (
        "Ethiopia Says Rebels Hold Half of Ethiopian-Sudanese Border\n\n"
        "Ethiopia on Friday said rebels hold about half of the Ethiopian-Sudanese border. "
        '"The rebels swiftly overran a large part of the frontier districts and now hold about '
        'half of the border," government spokesman Legesse Tulu said.'
    )
    claims = [e for e in _events(text, date(2021, 11, 5)) if e.event_type == "control_claim"]
    border = [e for e in claims if e.claim.object == "ETH–SDN"]
    districts = [e for e in claims if e.claim.object_kind == "district"]
    assert len(border) == 1, [(e.claim, e.sources[0].sentence) for e in claims]
    assert border[0].claim.extent["fraction"] == 0.5
    assert len(border[0].sources) == 3  # headline, body, quote: one claim
    assert "Legesse Tulu" in border[0].claimant
    assert len(districts) == 1
    assert districts[0].claim.object.startswith("frontier districts")
    assert districts[0].claim.extent["text"] == "a large part"


def test_border_line_location_has_no_country_and_zero_distance() -> None:
    ev = _one(
        _events("Troops exchanged fire on the Armenian-Azerbaijani border on Tuesday."),
        "armed_clash",
    )
    assert ev.location.country_code is None
    assert ev.location.border == "ARM–AZE"
    assert ev.location.border_distance_km == 0.0


def test_dateline_city_is_not_the_event_location() -> None:
    ev = _one(
        _events("KABUL (Reuters) - Taliban fighters captured a district in Herat province."),
        "capture",
    )
    assert ev.location.name == "Herat"


def test_a_country_before_a_time_word_or_its_region_stays_locative() -> None:
    from geo.events.extract import _attributive

    def top(text: str, word: str) -> Toponym:
        i = text.index(word)
        return Toponym("d", i, i + len(word), word, word, 0.0, 0.0, None, None, None,
                       "country", None, "", 3, 1.0)  # fmt: skip

    for text, word, expected in [
        ("Shelling resumed in Lebanon yesterday.", "Lebanon", False),
        ("Militants attacked posts in Niger's west.", "Niger", False),
        ("Critics of the Ethiopia offensive spoke out.", "Ethiopia", True),
        ("Officials at Sudan's embassy left.", "Sudan", True),
        ("Rwanda denies backing the rebels.", "Rwanda", False),
    ]:
        assert _attributive(text, top(text, word)) is expected, text


def test_a_border_toponym_keeps_its_dyad_against_other_actors() -> None:
    text = (
        "Kabul accused Pakistani troops of building posts on the border with Pakistan, while "
        "China urged both sides to show restraint."
    )
    i = text.index("border with Pakistan")
    j = text.index("China")
    tops = [
        Toponym("t", i, i + 20, "border with Pakistan", "AFG–PAK", 34.1, 71.1, None, None, None,
                "border", None, "", 2, 1.0),
        Toponym("t", j, j + 5, "China", "China", 35.0, 103.0, "CN", None, None,
                "country", None, "", 3, 1.0),
    ]  # fmt: skip
    art = SimpleNamespace(id="t", text=text, published=date(2023, 9, 7), outlet=None, url=None)
    ev = _one(extract_events(art, tops, join=None), "ceasefire_or_talks")
    assert ev.location.border == "AFG–PAK"
    assert ev.location.country_code is None


def _exact(text: str, words: list[str]) -> list[Toponym]:
    """Toponyms for whole-word occurrences only (demonyms such as 'Ethiopian' are not places)."""
    import re

    out = []
    for word in words:
        name, lat, lon, cc, feature, prec = PLACES[word]
        for m in re.finditer(rf"\b{re.escape(word)}\b", text):
            out.append(
                Toponym(
                    "t",
                    m.start(),
                    m.end(),
                    word,
                    name,
                    lat,
                    lon,
                    cc,
                    None,
                    None,
                    feature,
                    None,
                    "",
                    prec,
                    1.0,
                )
            )
    return sorted(out, key=lambda t: t.start)


def _crossing(text: str, words: list[str]):
    art = SimpleNamespace(id="t", text=text, published=date(2024, 3, 8), outlet=None, url=None)
    return _one(extract_events(art, _exact(text, words), join=None), "forces_cross_border")


def test_crossing_into_the_country_gets_both_ends() -> None:
    text = (
        "Sudan's army said on Tuesday that 60 Ethiopian soldiers fled into the country "
        "after heavy fighting. Ethiopia has not commented."
    )
    ev = _crossing(text, ["Sudan", "Ethiopia"])
    assert ev.destination is not None and ev.destination.country_code == "SD"
    assert ev.origin is not None and ev.origin.country_code == "ET"


def test_crossing_origin_not_invented_without_a_mention() -> None:
    # The fleeing forces' country is never named as a place: no origin is made up.
    text = "Dozens of Malian soldiers fled into Niger on Monday, officials in Niger said."
    ev = _crossing(text, ["Niger"])
    assert ev.destination is not None and ev.destination.country_code == "NE"
    assert ev.origin is None


def test_a_wire_dateline_with_a_date_is_where_the_story_was_filed() -> None:
    text = "KABUL, March 7 (Wire) - Gunmen attacked a checkpoint in Herat province on Thursday."
    (ev,) = _events(text)
    assert ev.location is not None and ev.location.name == "Herat"


def test_a_flagged_guess_does_not_locate_an_event() -> None:
    text = "Troops clashed near Pashtunabad in Herat province on Thursday."
    guess = Toponym("t", 20, 31, "Pashtunabad", "Pashtunabad", 61.9, 5.1, "NO", None, None,
                    "populated_place", None, "", 1, 0.3)  # fmt: skip
    tops = sorted([*_toponyms("t", text), guess], key=lambda t: t.start)
    art = SimpleNamespace(id="t", text=text, published=date(2024, 3, 8), outlet=None, url=None)
    (ev,) = extract_events(art, tops, join=None)
    assert ev.location is not None and ev.location.name == "Herat"


def test_the_crossing_refers_back_to_the_crossing_named_before() -> None:
    text = (
        "Guards closed the Hairatan crossing with Uzbekistan on Monday. "
        "The crossing was reopened on Friday after talks."
    )
    crossing = Toponym("t", 17, 25, "Hairatan", "Hairatan", 37.23, 67.42, "AF", None, None,
                       "border_crossing", None, "", 1, 0.9)  # fmt: skip
    art = SimpleNamespace(id="t", text=text, published=date(2024, 3, 8), outlet=None, url=None)
    events = extract_events(art, [crossing], join=None)
    reopened = [e for e in events if e.sub_event_type == "road reopened"]
    assert reopened and reopened[0].location is not None
    assert reopened[0].location.name == "Hairatan"


def test_the_village_of_x_is_not_an_anaphor() -> None:
    text = "Troops shelled the village of Nowhereabad on Monday, officials said."
    art = SimpleNamespace(id="t", text=text, published=date(2024, 3, 8), outlet=None, url=None)
    (ev,) = extract_events(art, [], join=None)
    assert ev.location is None


def test_the_speakers_place_and_a_capital_for_its_government_are_not_the_event(
    monkeypatch,
) -> None:
    monkeypatch.setitem(PLACES, "Juba", ("Juba", 4.85, 31.58, "SS", "populated_place", 1))
    monkeypatch.setitem(PLACES, "Islamabad", ("Islamabad", 33.7, 73.06, "PK", "populated_place", 1))
    ev = _one(
        _events(
            "A rebel spokesman told reporters in Juba that his fighters had captured the "
            "oil field on Tuesday."
        ),
        "capture",
    )
    assert ev.location is None or ev.location.name != "Juba"
    ev = _one(
        _events(
            "Pakistan closed the crossing on Monday after border guards built a new post, "
            "which Islamabad objected to."
        ),
        "blockade",
    )
    assert ev.location is None or ev.location.name != "Islamabad"


def test_a_deployment_is_where_the_forces_go(monkeypatch) -> None:
    monkeypatch.setitem(
        PLACES, "Pacaraima", ("Pacaraima", 4.48, -61.15, "BR", "populated_place", 1)
    )
    monkeypatch.setitem(
        PLACES, "Boa Vista", ("Boa Vista", 2.82, -60.67, "BR", "populated_place", 1)
    )
    ev = _one(
        _events("The army sent extra troops from Boa Vista to Pacaraima on Friday."),
        "deployment",
    )
    assert ev.location.name == "Pacaraima"


def test_fire_from_a_on_b_is_at_b_with_a_as_origin() -> None:
    """ "Mortar rounds fired from A landed in B": the event is at B; A is where fire came from."""
    text = "Mortar rounds fired from Tessalit landed in Assamaka on Monday, officials said."
    ev = _one(_events(text), "armed_clash")
    assert ev.location is not None and ev.location.name == "Assamaka"
    assert ev.origin is not None and ev.origin.name == "Tessalit"
    # Only the origin named: the event keeps it as its place (no other place is told).
    ev = _one(_events("Gunmen firing from Tessalit wounded two guards on Monday."), "armed_clash")
    assert ev.location is not None and ev.location.name == "Tessalit"


def test_two_coordinated_clauses_with_their_own_places_are_two_clashes() -> None:
    """ "Rockets hit A on Monday, and drones struck B": two happenings, each at its place."""
    text = (
        "Rockets hit a fuel depot in Tessalit on Monday, officials said, and drones "
        "struck a convoy near Assamaka on Tuesday."
    )
    clashes = [e for e in _events(text) if e.event_type == "armed_clash"]
    got = sorted((e.location.name, e.event_date) for e in clashes if e.location)
    assert got == [("Assamaka", date(2024, 3, 5)), ("Tessalit", date(2024, 3, 4))]
    # A clause that only goes on about the same happening adds none.
    text = "Gunmen attacked the police post in Tessalit on Monday, and the guards fired back."
    assert len([e for e in _events(text) if e.event_type == "armed_clash"]) == 1


def test_shooting_down_an_aircraft_is_a_clash_from_the_air() -> None:
    text = "Rebels said they shot down an army helicopter near Tessalit."
    ev = _one(_events(text), "armed_clash")
    assert ev.sub_event_type == "air or drone strike"
