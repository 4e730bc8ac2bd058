"""Numbers, qualifiers and count keys (geo.events.quantities, geo.events.counts)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from geo.events.counts import find_counts
from geo.events.quantities import find_quantities, parse_number


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("seventeen", 17),
        ("twenty-five", 25),
        ("two dozen", 24),
        ("a hundred", 100),
        ("three hundred and fifty", 350),
        ("1,000", 1000),
        ("20 000", 20000),
        ("1.5 thousand", 1500),
        ("one and a half thousand", 1500),
        ("2 million", 2_000_000),
        ("12k", 12000),
    ],
)
def test_parse_number(text: str, value: int) -> None:
    assert parse_number(text) == value


@pytest.mark.parametrize(
    ("text", "value", "qualifier"),
    [
        ("at least 13 people", 13, "at least"),
        ("more than 1,000 troops", 1000, "more than"),
        ("over 1,000 troops", 1000, "more than"),
        ("about 300 servicemen", 300, "about"),
        ("nearly 40 soldiers", 40, "about"),
        ("up to 200 fighters", 200, "up to"),
        ("as many as 200 fighters", 200, "up to"),
        ("dozens of soldiers", 24, "dozens"),
        ("hundreds of families", 200, "hundreds"),
        ("thousands of refugees", 2000, "thousands"),
        ("tens of thousands of people", 20000, "tens of thousands"),
    ],
)
def test_qualified_quantities(text: str, value: int, qualifier: str) -> None:
    q = find_quantities(text)[0]
    assert (q.value, q.qualifier) == (value, qualifier)


@pytest.mark.parametrize(
    ("sentence", "event_type", "key", "value"),
    [
        ("Two soldiers were killed and five wounded.", "armed_clash", "killed", 2),
        ("Two soldiers were killed and five wounded.", "armed_clash", "wounded", 5),
        ("The shelling left 13 people dead.", "armed_clash", "killed", 13),
        ("Seventeen soldiers crossed the border.", "forces_cross_border", "fled", 17),
        ("Hundreds of residents fled the village.", "displacement", "displaced", 200),
        ("Israel called up 300,000 reservists.", "deployment", "deployed", 300000),
        ("Rebels took 40 soldiers prisoner.", "capture", "captured", 40),
    ],
)
def test_count_keys(sentence: str, event_type: str, key: str, value: int) -> None:
    counts = find_counts(sentence, event_type, "doc")
    assert any(c.value == value and c.document == "doc" for c in counts[key])


def test_years_and_distances_are_not_counts() -> None:
    assert find_counts("In 2021 the 1,400-kilometre border was calm.", "armed_clash") == {}
    assert find_counts("Troops moved 30 kilometres north.", "deployment") == {}


@given(st.integers(min_value=1, max_value=999_999))
def test_digit_numbers_round_trip(n: int) -> None:
    assert parse_number(f"{n:,}") == n
    assert find_quantities(f"at least {n:,} soldiers")[0].value == n


def test_causative_sent_fleeing_is_a_flight_count() -> None:
    from geo.events.counts import find_counts

    c = find_counts(
        "The fall of the outpost sent 260 Burmese soldiers fleeing into India.",
        "forces_cross_border",
    )
    assert [v.value for v in c["fled"]] == [260]
    c = find_counts("Moscow sent 300 paratroopers to the border.", "deployment")
    assert [v.value for v in c["deployed"]] == [300]
