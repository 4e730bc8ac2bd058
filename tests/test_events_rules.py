"""Event rules over the project's own varied sentences (tests/data/events/sentences.jsonl)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from geo.events import extract_events
from geo.situation import Toponym

DATA = Path(__file__).parent / "data" / "events"
ROWS = [
    json.loads(line)
    for line in (DATA / "sentences.jsonl").read_text(encoding="utf-8").splitlines()
    if line.strip()
]

#: name → (lat, lon, country, feature, precision)
PLACES: dict[str, tuple[float, float, str, str, int]] = {
    "Tajikistan": (39.0, 71.0, "TJ", "PCLI", 3),
    "Afghanistan": (33.0, 65.0, "AF", "PCLI", 3),
    "Uzbekistan": (41.0, 64.0, "UZ", "PCLI", 3),
    "Kyrgyzstan": (41.0, 75.0, "KG", "PCLI", 3),
    "Sudan": (15.0, 30.0, "SD", "PCLI", 3),
    "India": (20.0, 77.0, "IN", "PCLI", 3),
    "Nepal": (28.0, 84.0, "NP", "PCLI", 3),
    "Israel": (31.5, 34.75, "IL", "PCLI", 3),
    "Armenia": (40.0, 45.0, "AM", "PCLI", 3),
    "Belgium": (50.8, 4.0, "BE", "PCLI", 3),
    "Badakhshan": (36.73, 70.81, "AF", "ADM1", 3),
    "Kunduz province": (36.73, 68.86, "AF", "ADM1", 3),
    "Batken region": (40.06, 70.82, "KG", "ADM1", 3),
    "Tigray": (14.0, 38.5, "ET", "ADM1", 3),
    "Mizoram": (23.25, 92.83, "IN", "ADM1", 3),
    "Ladakh": (34.2, 77.6, "IN", "ADM1", 3),
    "Kok-Tash": (39.93, 70.55, "KG", "PPL", 1),
    "Tort-Kocho": (39.95, 70.53, "KG", "PPL", 1),
    "Vorukh": (39.85, 70.58, "TJ", "PPL", 1),
    "Shusha": (39.76, 46.75, "AZ", "PPL", 1),
    "Sotk": (40.2, 45.92, "AM", "PPL", 1),
    "Batken": (40.06, 70.82, "KG", "PPL", 1),
    "Isfana": (39.84, 69.53, "KG", "PPL", 1),
    "Birgunj": (27.01, 84.88, "NP", "PPL", 1),
    "Spin Boldak": (31.0, 66.4, "AF", "PPL", 1),
    "Shir Khan Bandar": (37.18, 68.6, "AF", "CROSSING", 1),
    "Galwan Valley": (34.76, 78.2, "IN", "VAL", 1),
    "Pangong lake": (33.72, 78.9, "IN", "LK", 1),
    "al-Fashaga": (14.0, 36.6, "SD", "AREA", 2),
}


def toponyms_for(doc_id: str, text: str) -> list[Toponym]:
    out = []
    for name, (lat, lon, cc, feature, precision) in PLACES.items():
        for m in re.finditer(rf"\b{re.escape(name)}\b", text):
            out.append(
                Toponym(
                    doc_id,
                    m.start(),
                    m.end(),
                    name,
                    name,
                    lat,
                    lon,
                    cc,
                    None,
                    None,
                    feature,
                    None,
                    name,
                    precision,
                    1.0,
                )
            )
    return sorted(out, key=lambda t: t.start)


@dataclass(frozen=True)
class Art:
    id: str
    text: str
    published: date | None
    outlet: str | None = "Test Wire"
    url: str | None = None


def article(row: dict) -> Art:
    """One-sentence article; ``context`` (a non-event sentence of the same story) goes first."""
    pub = date.fromisoformat(row["published"]) if row["published"] else None
    text = row["text"] if "context" not in row else f"{row['context']}\n\n{row['text']}"
    return Art(row["id"], text, pub)


def run(row: dict, nlp=None) -> list:
    art = article(row)
    return extract_events(art, toponyms_for(art.id, art.text), nlp=nlp, join=None)


def test_enough_varied_sentences() -> None:
    positives = [r for r in ROWS if r["types"]]
    negatives = [r for r in ROWS if not r["types"]]
    assert len(positives) >= 60
    assert len(negatives) >= 8
    covered = {t for r in positives for t in r["types"]}
    assert covered == {
        "armed_clash",
        "capture",
        "control_claim",
        "forces_cross_border",
        "deployment",
        "displacement",
        "ceasefire_or_talks",
        "assistance",
        "blockade",
        "arrest",
        "abduction",
    }


def _check(row: dict, events: list) -> None:
    got = sorted({e.event_type for e in events})
    assert got == sorted(row["types"]), f"{row['id']}: {row['text']}"
    if not events:
        return
    main = next(e for e in events if e.event_type == row["types"][0])
    if "date" in row:
        want = date.fromisoformat(row["date"]) if row["date"] else None
        assert main.event_date == want, row["id"]
    if "precision" in row:
        assert main.time_precision == row["precision"], row["id"]
    for key in ("actor1", "actor2", "status"):
        if key in row:
            field = "claim_status" if key == "status" else key
            assert getattr(main, field) == row[key], (row["id"], key)
    if "claimant" in row:
        want = re.sub(r"^the\s+", "", row["claimant"], flags=re.IGNORECASE).lower()
        assert main.claimant is not None and want in main.claimant.lower(), row["id"]
    for key, (value, qualifier) in row.get("counts", {}).items():
        assert key in main.counts, (row["id"], main.counts)
        assert any(c.value == value and c.qualifier == qualifier for c in main.counts[key]), (
            row["id"],
            main.counts[key],
        )
    for key in ("origin", "destination"):
        if row.get(key):
            loc = getattr(main, key)
            assert loc is not None and loc.name == row[key], (row["id"], key, loc)
    if "border" in row:
        assert main.location is not None and main.location.border == row["border"], row["id"]
    if "claim" in row:
        claim = main.claim
        assert claim is not None, row["id"]
        want = row["claim"]
        for key in ("controller", "object", "object_kind"):
            if key in want:
                assert getattr(claim, key) == want[key], (row["id"], key, claim)
        for key in ("fraction", "count"):
            if key in want:
                assert claim.extent.get(key) == want[key], (row["id"], claim.extent)


@pytest.mark.parametrize("row", ROWS, ids=[r["id"] for r in ROWS])
def test_rules_with_model(row: dict, nlp) -> None:
    _check(row, run(row, nlp))


@pytest.mark.parametrize("row", ROWS, ids=[r["id"] for r in ROWS])
def test_rules_without_model(row: dict) -> None:
    events = run(row)
    _check(row, events)
    assert all(e.confidence <= 0.85 for e in events)


@pytest.mark.parametrize("row", ROWS, ids=[r["id"] for r in ROWS])
def test_provenance_offsets(row: dict) -> None:
    art = article(row)
    for e in run(row):
        assert e.sources
        for s in e.sources:
            assert s.document == art.id
            assert art.text[s.start : s.end] == s.sentence
        assert 0.0 <= e.confidence <= 1.0
        assert e.time_precision in (1, 2, 3)


def test_keyed_prefilter_changes_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    """classify() with the word-start pre-filter equals classify() with every gate open."""
    import geo.events.classify as cl

    texts = [r["text"] for r in ROWS]
    texts += [t.replace("border", "frontier").upper() for t in texts]
    gated = [cl.classify(t) for t in texts]
    everything = cl._universe()
    monkeypatch.setattr(cl, "word_starts", lambda text: everything)
    open_gates = [cl.classify(t) for t in texts]
    assert gated == open_gates


def test_since_clause_is_background_not_a_new_event() -> None:
    """The happening a "since ..." clause measures from is not reported as new."""
    from types import SimpleNamespace

    def types(text: str) -> list[str]:
        art = SimpleNamespace(id="s1", published=date(2020, 12, 19), outlet=None, url=None)
        art.text = text
        return sorted(e.event_type for e in extract_events(art, [], join=None, merge=False))

    background = "More than 50,000 people have crossed into Sudan since fighting broke out."
    assert "armed_clash" not in types(background)
    # Outside the clause the same words are an event, and "since the truce," ends it.
    assert "armed_clash" in types("Fighting broke out on the border on Friday.")
    assert "armed_clash" in types("Since the truce, troops have shelled the town twice.")


def test_comes_as_frame_reports_nothing_new() -> None:
    """ "The clashes come as ..." refers back and gives the backdrop: no event."""
    from types import SimpleNamespace

    def types(text: str) -> list[str]:
        art = SimpleNamespace(id="f1", published=date(2020, 12, 19), outlet=None, url=None)
        art.text = text
        return sorted(e.event_type for e in extract_events(art, [], join=None, merge=False))

    assert types("The clashes come as Sudan struggles to shelter refugees from Tigray.") == []
    assert "armed_clash" in types("The clashes left ten soldiers dead on Friday.")


def test_backdrop_clause_after_the_own_event_adds_nothing() -> None:
    """ "..., as a truce held" and "after five days of fighting" are the backdrop."""
    from types import SimpleNamespace

    def types(text: str) -> list[str]:
        art = SimpleNamespace(id="b1", published=date(2025, 7, 28), outlet=None, url=None)
        art.text = text
        return sorted(e.event_type for e in extract_events(art, [], join=None, merge=False))

    after = (
        "The two sides agreed on Monday to a ceasefire, after five days of border fighting"
        " that has killed at least 35 people."
    )
    assert types(after) == ["ceasefire_or_talks"]
    backdrop = "Troops exchanged fire on Sunday, as the crossing stayed closed."
    assert types(backdrop) == ["armed_clash"]
    # "after the attack": the attack already told, the closure is the news.
    closed = "The ministry closed the two crossings on Sunday after the attack on the police."
    assert types(closed) == ["blockade"]
    # Alone, the same clause is the sentence's own event.
    assert "armed_clash" in types("Five days of border fighting killed 35 people.")


def test_a_call_to_halt_or_a_condemnation_is_no_clash_report() -> None:
    """ "urged X to halt the bombardment" / "condemned the air raids": no armed clash."""
    from geo.events.classify import classify

    def types(text: str) -> list[str]:
        return [c.event_type for c in classify(text)]

    assert "armed_clash" not in types("The UN called on Sudan to halt cross-border bombardment.")
    assert "armed_clash" not in types("Ban Ki-moon condemned the air raids on the South.")
    assert "armed_clash" in types("Sudanese aircraft carried out air raids on the South.")


def test_wounded_people_described_are_no_new_clash() -> None:
    """ "carrying wounded soldiers to hospital" describes people; "were wounded" reports."""
    from geo.events.classify import classify

    def types(text: str) -> list[str]:
        return [c.event_type for c in classify(text)]

    described = "Helicopters were seen carrying wounded soldiers to the military hospital."
    assert "armed_clash" not in types(described)
    assert "armed_clash" in types("Two soldiers were wounded near the border post.")
    assert "armed_clash" in types("The shelling left wounded civilians in the streets.")
