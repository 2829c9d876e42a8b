"""Interested parties from a registry snapshot (pure: no store)."""

from __future__ import annotations

from datetime import date

import pytest

from truce.analyze.assess.parties import (
    Accusation,
    Registry,
    Tie,
    accused,
    interested_parties,
    is_interested,
)

DAY = date(2016, 9, 19)
REGISTRY = Registry(
    parent={"russian armed forces": "russia", "syrian air force": "syria", "fsa brigade": "fsa"},
    ties=(
        Tie("russia", "backs", "syria", date(2015, 9, 30)),
        Tie("usa", "backs", "fsa", date(2013, 6, 13)),
        Tie("fsa brigade", "allied with", "nusra", date(2016, 7, 31)),
        Tie("russia", "part of", "issg"),
        Tie("usa", "part of", "issg"),
        Tie("iran", "backs", "syria", date(2020, 1, 1)),  # not yet on the day
    ),
    offices={"lavrov": (Tie("lavrov", "office", "russia", date(2004, 3, 9)),)},
)


def test_a_party_is_the_top_of_the_parent_chain_or_a_person_s_office() -> None:
    assert REGISTRY.party("Russian Armed Forces", DAY) == "russia"
    assert REGISTRY.party("Lavrov", DAY) == "russia"
    assert REGISTRY.party("Lavrov", date(2000, 1, 1)) == "lavrov"
    assert REGISTRY.party("Somebody New", DAY) == "somebody new"


def test_allies_are_one_alliance_tie_away_and_valid_on_the_day() -> None:
    assert REGISTRY.allies("russia", DAY) == {"syria"}
    assert REGISTRY.allies("syria", DAY) == {"russia"}  # either direction
    assert REGISTRY.allies("usa", DAY) == {"fsa"}  # not nusra: an ally's ally is no ally
    assert "usa" not in REGISTRY.side("russia", DAY)  # sitting in one contact group is no alliance


def _said(claimant: str, attribute: str, value: str, stance: str = "asserts") -> Accusation:
    return Accusation(claimant=claimant, attribute=attribute, value=value, stance=stance)


@pytest.mark.parametrize(
    ("claim", "interested"),
    [
        (_said("Russian Armed Forces", "weapon", "mortar"), True),  # the accused's ally
        (_said("Syrian Air Force", "perpetrator", "syrian air force", "denies"), True),
        (_said("USA", "weapon", "air strike"), False),  # the accuser
        (_said("UN", "weapon", "air strike"), False),
        (_said("Nusra", "perpetrator", "nusra"), True),  # an admission, though nobody accused it
    ],
)
def test_the_accused_their_allies_and_admissions_are_interested(
    claim: Accusation, interested: bool
) -> None:
    parties = interested_parties(
        REGISTRY, accused([_said("USA", "perpetrator", "syrian air force")]), DAY
    )
    assert parties == {"syria", "russia"}
    assert is_interested(claim, REGISTRY, parties, DAY) is interested


def test_the_event_s_own_actor_is_accused_too() -> None:
    assert accused([], actor1="Syrian Air Force") == {"syrian air force"}
