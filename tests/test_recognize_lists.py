"""Recognition of listed places, plural generic terms and names inside longer names.

Real gazetteer (session fixture); entities are given by hand, as spaCy would
return them, so the tests do not depend on the statistical model. Sentences
are written for these tests.
"""

from __future__ import annotations

from geo.geoparse.recognize import recognize


def ent(text: str, phrase: str, label: str) -> tuple[int, int, str]:
    start = text.index(phrase)
    return start, start + len(phrase), label


def found(gazetteer, text, ents=()):
    class Doc:  # the part of a spaCy Doc recognize() reads
        def __init__(self) -> None:
            self.ents = [
                type("Span", (), {"start_char": s, "end_char": e, "label_": lab})()
                for s, e, lab in ents
            ]

    rec = recognize(text, gazetteer, doc=Doc())
    return {m.text: m.feature_hint for m in rec.mentions}


def test_a_town_ner_calls_a_person_is_kept_when_listed_among_places(gazetteer):
    text = "Shells fell near Jermuk, Goris and Kapan overnight."
    ents = [ent(text, "Jermuk", "GPE"), ent(text, "Goris", "PERSON"), ent(text, "Kapan", "GPE")]
    assert {"Jermuk", "Goris", "Kapan"} <= set(found(gazetteer, text, ents))


def test_a_person_listed_among_people_is_still_vetoed(gazetteer):
    text = "The award went to Stanislav Zas, Goris and Petrov on Friday."
    ents = [ent(text, "Stanislav Zas", "PERSON"), ent(text, "Goris", "PERSON"),
            ent(text, "Petrov", "PERSON")]  # fmt: skip
    assert "Goris" not in found(gazetteer, text, ents)


def test_plural_generic_term_names_every_coordinated_place(gazetteer):
    text = (
        "Drones struck the Syunik and Vayots Dzor provinces, "
        "and the Osh, Batken, and Jalal-Abad regions."
    )
    hints = found(gazetteer, text)
    assert hints["Syunik"] == hints["Vayots Dzor"] == "admin1"
    assert hints["Osh"] == hints["Batken"] == hints["Jalal-Abad"] == "admin1"


def test_plural_generic_after_a_single_name_gives_no_kind(gazetteer):
    # "the Kunduz districts" are districts of Kunduz, not a district called Kunduz
    text = "Fighting spread to the Kunduz districts on Monday."
    assert found(gazetteer, text).get("Kunduz") is None


def test_common_word_inside_a_longer_place_name_is_not_a_place(gazetteer):
    text = "Troops met near Patrolling Point 14 on the Line of Actual Control."
    ents = [ent(text, "Patrolling Point 14", "LOC"), ent(text, "Line of Actual Control", "LOC")]
    names = found(gazetteer, text, ents)
    assert "Point" not in names and "Line" not in names
    # a longer name NER finds is a mention in its own right (placed or listed as
    # unresolved); one made only of common words ("Line of Actual Control") is not
    assert "Patrolling Point 14" in names


def test_a_short_name_inside_a_longer_place_entity_is_not_a_place(gazetteer):
    text = "Soldiers exchanged fire near the Ta Muen Thom temple in Surin province."
    ents = [ent(text, "Ta Muen Thom", "FAC"), ent(text, "Surin province", "GPE")]
    names = found(gazetteer, text, ents)
    assert "Ta" not in names and "Muen" not in names
    assert names.get("Surin") == "admin1"  # a generic term is not a longer name


def test_a_place_inside_a_locative_phrase_entity_is_kept(gazetteer):
    text = "Fighting was reported in northern Kunduz on Monday."
    ents = [ent(text, "northern Kunduz", "LOC")]
    assert "Kunduz" in found(gazetteer, text, ents)
