"""Nothing lost: every candidate place name ends up placed, unresolved, or set aside by design.

The invariant, checked on the seed corpus, on development articles and on
generated texts: every gazetteer name that starts with a capital letter and
every NER place entity (GPE, LOC) of the text overlaps a toponym of the
output or an entry of ``unresolved``, whose reason says why it was not
placed — or is a word the recogniser sets aside by design, by a lexicon
table (:data:`BY_DESIGN`: demonyms, month and weekday names, function words).
Reasons for names that were not taken as places come from
``geo.geoparse.DROP_REASONS``; names the text shows are something else
("not taken as a place") are told apart from names it neither confirms nor
rules out ("unconfirmed place"). The generated texts are our own templates.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

REPO = Path(__file__).resolve().parents[1]
DEV = REPO / "bench" / "dev"


def _by_design() -> dict[str, Callable[[str], bool]]:
    from geo.geoparse.lexicon import CALENDAR_WORDS, DEMONYMS, STOP_WORDS

    return {
        "a demonym (context for the story's countries)": lambda k: k in DEMONYMS,
        "a month or weekday name": lambda k: k in CALENDAR_WORDS,
        "an English function word": lambda k: k in STOP_WORDS,
    }


#: Why a name needs no entry in the output: the recogniser's lexicon tables.
BY_DESIGN = _by_design()


def _candidates(text: str, gazetteer, doc) -> list[tuple[int, int, str]]:
    """(start, end, what) of every capitalised gazetteer name and NER place entity."""
    from geo.geoparse.index import name_index
    from geo.geoparse.recognize import _Recognizer

    r = _Recognizer(text, name_index(gazetteer))
    out = []
    for h in r.gazetteer_hits():
        first = r.toks[h.i]
        if not first.cap or first.in_url:
            continue
        if h.j - h.i == 1 and any(test(h.key) for test in BY_DESIGN.values()):
            continue
        if h.i in r.demonym_at:
            continue
        out.append((first.start, r.toks[h.j - 1].end, "gazetteer"))
    for ent in getattr(doc, "ents", ()):
        if ent.label_ in ("GPE", "LOC") and ent.text[:1].isupper():
            out.append((ent.start_char, ent.end_char, "NER " + ent.label_))
    return out


def _lost(text: str, gazetteer, nlp) -> list[str]:
    """The candidate names of ``text`` the geoparse result does not account for."""
    from geo.articles import Article
    from geo.geoparse import geoparse_article

    doc = nlp(text) if nlp is not None else None
    res = geoparse_article(Article(id="t", text=text), gazetteer=gazetteer, doc=doc)
    out = [(t.start, t.end) for t in res.toponyms] + [(u.start, u.end) for u in res.unresolved]
    assert all(u.reason for u in res.unresolved)
    lost = []
    for s, e, what in _candidates(text, gazetteer, doc):
        if not any(a < e and s < b for a, b in out):
            lost.append(f"{text[s:e]!r} ({what}) at {s}")
    return lost


def _texts(folder: Path, limit: int) -> list[str]:
    from geo.articles import read_articles

    return [a.text for a in read_articles([folder]).articles][:limit]


def test_nothing_is_lost_in_the_seed_corpus(gazetteer, nlp):
    for text in _texts(REPO / "seeds", 10):
        assert _lost(text, gazetteer, nlp) == []


@pytest.mark.parametrize("conflict", ["kenya_somalia_border_2020_2023", "israel_lebanon_2023_2024"])
def test_nothing_is_lost_in_development_articles(gazetteer, nlp, conflict):
    for text in _texts(DEV / conflict, 2):
        assert _lost(text, gazetteer, nlp) == []


def test_the_default_path_accounts_for_set_aside_names_too(gazetteer, nlp):
    """NER only on flagged sentences (as ``sitmap geoparse`` runs): the same names accounted for."""
    from geo.articles import Article
    from geo.geoparse import geoparse

    text = (
        "A Rochester man was arrested in metro Atlanta on Monday. Police Chief Bill "
        "Mansfield said the Coast Guard helped."
    )
    (res,) = geoparse([Article(id="t", text=text)], gazetteer=gazetteer, nlp=nlp)
    reasons = {u.text: u.reason for u in res.unresolved}
    assert reasons["Atlanta"].startswith("unconfirmed place")
    assert reasons["Rochester"].startswith(("unconfirmed place", "not taken as a place"))
    # a person's name and an organisation's are set aside with a reason of their own
    assert reasons["Mansfield"].startswith("not taken as a place")
    assert reasons["Coast"].startswith("not taken as a place")


def test_a_short_form_out_of_its_context_is_accounted_for(gazetteer):
    """ "Fla." with no place name before it is not placed, but it is not lost either."""
    from geo.articles import Article
    from geo.geoparse import geoparse_article

    res = geoparse_article(Article(id="t", text="He moved to Fla. last year."), gazetteer=gazetteer)
    assert [(u.text, u.reason.split(":")[0]) for u in res.unresolved] == [
        ("Fla.", "unconfirmed place")
    ]
    # look-alike: after "<Name>, " the form is the state
    res = geoparse_article(Article(id="t", text="Macon, Ga., officials said."), gazetteer=gazetteer)
    assert [t.name for t in res.toponyms] == ["Macon", "Georgia"]


def test_every_drop_reason_is_in_one_of_two_families():
    from geo.geoparse import DROP_REASONS

    for code, reason in DROP_REASONS.items():
        assert reason.startswith(("not taken as a place: ", "unconfirmed place: ")), code


def test_set_aside_names_are_not_claimed_as_places_by_the_benchmark():
    import sys

    sys.path.insert(0, str(REPO / "bench"))
    from bench_geoparse import _recognised

    from geo.situation import Unresolved

    def u(reason: str) -> Unresolved:
        return Unresolved("d", 0, 1, "X", reason)

    assert not _recognised(u("unconfirmed place: a name frequent in English text"))
    assert not _recognised(u("not taken as a place: an all-capital short word (an acronym)"))
    assert _recognised(u("ambiguous: A or B"))


_PLACES = ["Atlanta", "Mansfield", "Kabul", "Rochester", "Batken", "Jordan", "Paris", "Mobile"]
_PEOPLE = ["Jim Mansfield", "Sarah Jordan", "Tom Paris", "Maria Williams"]
_ORGS = ["the Atlanta Police Department", "Mobile County Sheriff's Office", "Kabul University"]
_FRAMES = [
    "A {p} man was arrested on {d}.",
    "Officials in {p} said {n} spoke for {o}.",
    "{n} of {o} visited {p} and {q}.",
    "Metro {p} saw heavy rain, {n} said.",
    "The {p} council met; {q} residents objected.",
    "{o} said the {p} road was closed.",
]


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    frames=st.lists(st.sampled_from(_FRAMES), min_size=1, max_size=4),
    p=st.sampled_from(_PLACES),
    q=st.sampled_from(_PLACES),
    n=st.sampled_from(_PEOPLE),
    o=st.sampled_from(_ORGS),
    d=st.sampled_from(["Monday", "May 3", "Friday"]),
)
def test_nothing_is_lost_in_generated_texts(gazetteer, nlp, frames, p, q, n, o, d):
    text = " ".join(f.format(p=p, q=q, n=n, o=o, d=d) for f in frames)
    assert _lost(text, gazetteer, nlp) == []


# --- the story's other places decide (LGL, TR-News end to end) ---------------------------


def _parse(text: str, gazetteer, nlp):
    from geo.articles import Article
    from geo.geoparse import geoparse

    (res,) = geoparse([Article(id="t", text=text)], gazetteer=gazetteer, nlp=nlp)
    return res


def _where(res, name: str) -> list[str | None]:
    return [t.country_code for t in res.toponyms if t.text == name]


def test_an_unconfirmed_name_beside_the_storys_towns_is_the_town_there(gazetteer, nlp):
    """ "A Rochester man" in a story on Byron and Stewartville is Rochester, Minnesota."""
    res = _parse(
        "Flooding closed roads in Byron and Stewartville on Monday. A Rochester man was "
        "rescued from his car, the Olmsted County sheriff said.",
        gazetteer,
        nlp,
    )
    (rochester,) = [t for t in res.toponyms if t.text == "Rochester"]
    assert (rochester.country_code, rochester.admin1) == ("US", "Minnesota")


def test_an_unconfirmed_name_with_no_neighbour_stays_unresolved(gazetteer, nlp):
    res = _parse(
        "Flooding closed roads on Monday. A Rochester man was rescued from his car, the "
        "sheriff said.",
        gazetteer,
        nlp,
    )
    assert _where(res, "Rochester") == []
    assert [u.reason.split(":")[0] for u in res.unresolved if u.text == "Rochester"] == [
        "unconfirmed place"
    ]


def test_an_unconfirmed_name_inside_a_persons_name_is_no_neighbour(gazetteer, nlp):
    """ "Hlaing" of "Min Aung Hlaing" is not the Yangon township beside Hlaing Tharyar."""
    res = _parse(
        "Senior General Min Aung Hlaing met officials in Yangon and Hlaing Tharyar on Monday.",
        gazetteer,
        nlp,
    )
    assert _where(res, "Hlaing") == []


def test_a_large_town_is_not_crowded_out_by_districts_of_its_name(gazetteer, nlp):
    """Dozens of districts are called San José; San Jose, California is still a sense."""
    res = _parse(
        "The water district asked residents of Santa Clara County to cut use by a fifth. "
        "Households in Gilroy and Sunnyvale saved the most; San Jose lagged behind.",
        gazetteer,
        nlp,
    )
    assert _where(res, "San Jose") == ["US"]
    # look-alike: the capital of Costa Rica where the text says so
    res = _parse("Coffee prices rose in San Jose, the capital of Costa Rica.", gazetteer, nlp)
    assert _where(res, "San Jose") == ["CR"]


def test_a_frequent_name_is_the_one_large_town_of_it_in_the_storys_province(gazetteer, nlp):
    """ "metro Atlanta" in a story on Marietta and Decatur is Atlanta, Georgia."""
    res = _parse(
        "Police in Marietta and Decatur searched for the car. Traffic in metro Atlanta "
        "slowed on Monday.",
        gazetteer,
        nlp,
    )
    assert [(t.country_code, t.admin1) for t in res.toponyms if t.text == "Atlanta"] == [
        ("US", "Georgia")
    ]
    # look-alike: a person's name NER reads as one stays set aside
    res = _parse(
        "Police in Marietta and Decatur searched for the car, Allen told reporters.",
        gazetteer,
        nlp,
    )
    assert _where(res, "Allen") == []
