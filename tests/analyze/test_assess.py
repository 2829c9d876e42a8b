"""Competing hypotheses on hand-made claim sets (pure: no store)."""

from __future__ import annotations

import math
from datetime import date

import pytest

from truce.analyze.assess.ach import (
    UNKNOWN,
    ClaimInput,
    admiralty_weight,
    analyse,
    dependence_groups,
    normalise_value,
)
from truce.analyze.assess.review import confidence, grade, review, sensitivity, timeline
from truce.errors import InvalidInput


def claim(n: int, value: str, stance: str = "asserts", **kw: object) -> ClaimInput:
    values: dict[str, object] = {"claimant": f"party {n}", "source_id": n, "reliability": "B"}
    values.update(kw)
    return ClaimInput(id=n, value=value, stance=stance, **values)  # type: ignore[arg-type]


def test_asserting_a_value_is_consistent_with_it_and_inconsistent_with_the_others() -> None:
    result = analyse("perpetrator", [claim(1, "russia"), claim(2, "syria")])
    assert result.hypotheses == ("russia", "syria", UNKNOWN)
    assert result.rows[0].cells == {"russia": "C", "syria": "I", UNKNOWN: "I"}


def test_a_denial_puts_its_value_on_the_table_and_is_neutral_to_the_rest() -> None:
    result = analyse("perpetrator", [claim(1, "russia"), claim(2, "syria", "denies")])
    assert "syria" in result.hypotheses
    assert result.rows[1].cells == {"russia": "N", "syria": "I", UNKNOWN: "N"}


def test_questioning_is_a_weak_inconsistency() -> None:
    result = analyse("perpetrator", [claim(1, "russia", "questions", credibility="1")])
    assert result.rows[0].cells["russia"] == "w"
    assert result.score("russia").inconsistency == pytest.approx(0.8 * 0.5)


def test_the_least_inconsistent_hypothesis_ranks_first() -> None:
    claims = [claim(1, "russia"), claim(2, "russia"), claim(3, "syria")]
    result = analyse("perpetrator", claims)
    assert [s.hypothesis for s in result.ranking] == ["russia", "syria", UNKNOWN]
    assert result.leader == "russia"


@pytest.mark.parametrize(
    ("reliability", "credibility", "weight"),
    [("A", "1", 1.0), ("B", "2", 0.64), ("C", "3", 0.36), ("E", "5", 0.04), (None, None, 0.25)],
)
def test_weights_come_from_the_admiralty_table(
    reliability: str | None, credibility: str | None, weight: float
) -> None:
    assert admiralty_weight(reliability, credibility) == pytest.approx(weight)


def test_better_graded_claims_outweigh_more_numerous_poor_ones() -> None:
    claims = [
        claim(1, "artillery", reliability="E", credibility="5"),
        claim(2, "artillery", reliability="E", credibility="5"),
        claim(3, "helicopter", reliability="A", credibility="2"),
    ]
    assert analyse("weapon", claims).leader == "air strike"


def test_an_unknown_grade_is_refused_with_the_valid_ones() -> None:
    with pytest.raises(InvalidInput, match="A, B, C, D, E, F"):
        admiralty_weight("G", "1")


def test_claims_sharing_a_source_or_a_claimant_form_one_group() -> None:
    claims = [
        claim(1, "x", claimant="Russia", source_id=10),
        claim(2, "x", claimant="Russian MoD", source_id=10),
        claim(3, "x", claimant="Russia", source_id=11),
        claim(4, "x", claimant="UN", source_id=12),
    ]
    assert dependence_groups(claims) == [0, 0, 0, 1]


def test_the_dependence_discount_changes_the_ranking() -> None:
    """One party repeating itself three times no longer outweighs two independent sources."""
    repeated = [claim(n, "syria", claimant="Syrian MoD", source_id=n) for n in (1, 2, 3)]
    independent = [claim(4, "russia"), claim(5, "russia")]
    result = analyse("perpetrator", [*repeated, *independent])
    assert result.rows[0].effective_weight == pytest.approx(0.8 * 0.5 / math.sqrt(3))
    assert result.leader == "russia"
    undiscounted = [claim(n, "syria", claimant=f"outlet {n}", source_id=n) for n in (1, 2, 3)]
    assert analyse("perpetrator", [*undiscounted, *independent]).leader == "syria"


def test_sensitivity_finds_the_pivotal_claim() -> None:
    claims = [
        claim(1, "air strike", reliability="A", credibility="2"),
        claim(2, "artillery", reliability="C", credibility="3"),
        claim(3, "artillery", reliability="D", credibility="4"),
        claim(4, "air strike", reliability="C", credibility="3"),
    ]
    found = {s.claim_id: s for s in sensitivity("weapon", claims)}
    assert found[1].pivotal
    assert found[1].leader_without == "ground fire"
    assert not found[3].pivotal


def test_the_timeline_shows_how_the_leading_account_changed() -> None:
    claims = [
        claim(3, "russia", made_on=date(2016, 9, 21), reliability="A"),
        claim(1, "rebels", made_on=date(2016, 9, 19)),
        claim(2, "syria", made_on=date(2016, 9, 20), reliability="A"),
    ]
    steps = timeline("perpetrator", claims)
    assert [s.claim_id for s in steps] == [1, 2, 3]
    assert [s.leader for s in steps] == ["rebels", "syria", "russia"]
    assert [s.changed for s in steps] == [False, True, True]


@pytest.mark.parametrize(
    ("claims", "expected"),
    [
        ([claim(1, "russia", claimant="Russia")], "confirmed"),  # the party admits it
        ([claim(1, "russia"), claim(2, "russia")], "fair"),
        ([claim(1, "russia")], "weak"),
        ([claim(1, "russia"), claim(2, "russia"), claim(3, "syria")], "contested"),
        ([claim(1, "russia", "denies"), claim(2, "syria")], "discounted"),
        ([claim(n, "russia", reliability="A", credibility="1") for n in (1, 2)], "confirmed"),
    ],
)
def test_airwars_like_grades_follow_the_documented_rule(
    claims: list[ClaimInput], expected: str
) -> None:
    assert grade(analyse("perpetrator", claims), "russia") == expected


@pytest.mark.parametrize(
    ("claims", "label"),
    [
        ([claim(n, "russia", reliability="A", credibility="1") for n in (1, 2, 3)], "high"),
        (
            [claim(1, "russia"), claim(2, "russia"), claim(3, "syria", reliability="E")],
            "moderate",
        ),
        ([claim(1, "russia"), claim(2, "syria")], "low"),
        ([claim(n, "russia", reliability="D") for n in (1, 2, 3)], "low"),  # poor sources
    ],
)
def test_confidence_labels_follow_margin_independence_and_grade(
    claims: list[ClaimInput], label: str
) -> None:
    assert confidence(analyse("perpetrator", claims)).label == label


def test_denials_alone_leave_other_or_unknown_in_front_with_low_confidence() -> None:
    result = analyse("perpetrator", [claim(1, "russia", "denies", claimant="Russia")])
    assert result.leader == UNKNOWN
    assert review(result).confidence.label == "low"


@pytest.mark.parametrize(
    ("attribute", "value", "expected"),
    [
        ("weapon", "Air strikes", "air strike"),
        ("weapon", "the barrel bombs", "helicopter"),
        ("weapon", "barrel bombs dropped from helicopters", "helicopter"),
        ("weapon", "warplanes", "fixed-wing aircraft"),
        ("weapon", "rockets or artillery", "ground fire"),  # two kinds: the one above both
        ("weapon", "mortar carried on a pick-up truck", "mortar"),
        ("weapon", "helicopters and fixed-wing aircraft", "air strike"),
        ("weapon", "an unmanned aircraft", "drone"),  # the narrower of the two it names
        ("weapon", "anti-aircraft gun", "anti-aircraft gun"),
        ("weapon", "fire, no air-dropped munitions", "fire, no air-dropped munitions"),
        ("fatalities", "about 20", "20"),
        ("fatalities", "1,200 people", "1200"),
        ("perpetrator", "Moscow", "Government of Russia"),  # the registry's name
        ("perpetrator", "The Syrian Army", "syrian army"),
    ],
)
def test_values_are_normalised_to_hypotheses(attribute: str, value: str, expected: str) -> None:
    canonical = {"moscow": "Government of Russia"}
    assert normalise_value(attribute, value, canonical=canonical) == expected


def test_an_unknown_attribute_is_refused() -> None:
    with pytest.raises(InvalidInput, match="perpetrator"):
        analyse("colour", [])


def test_a_helicopter_claim_counts_for_air_strike_and_leads_there() -> None:
    """Barrel bombs from helicopters are consistent with an air strike, not a rival to it."""
    claims = [
        claim(1, normalise_value("weapon", "barrel bombs dropped from helicopters")),
        claim(2, normalise_value("weapon", "an air strike"), reliability="C"),
        claim(3, normalise_value("weapon", "rockets or artillery"), reliability="C"),
    ]
    result = analyse("weapon", claims)
    assert result.hypotheses == ("air strike", "helicopter", "ground fire", UNKNOWN)
    assert result.rows[0].cells["air strike"] == "C"
    assert result.rows[1].cells["helicopter"] == "N"  # a broader claim says nothing narrower
    assert result.leader == "air strike"
    assert [s.hypothesis for s in result.rivals()] == ["air strike", "ground fire", UNKNOWN]
    assert [s.hypothesis for s in result.rivals("air strike")] == ["helicopter"]
    assert review(result).narrower[0].hypothesis == "helicopter"


def test_denying_a_broad_hypothesis_denies_what_lies_under_it() -> None:
    result = analyse("weapon", [claim(1, "helicopter"), claim(2, "air strike", "denies")])
    assert result.rows[1].cells == {"air strike": "I", "helicopter": "I", UNKNOWN: "N"}


@pytest.mark.parametrize("grade", ["A1", "A2", "B1"])
def test_an_interested_denial_never_outweighs_an_independent_source(grade: str) -> None:
    """The accused's best-graded denial and its own account against one poor independent claim."""
    reliability, credibility = grade
    party = {"claimant": "Accused", "interested": True}
    claims = [
        claim(1, "air strike", reliability="E", credibility="5"),
        claim(2, "air strike", "denies", reliability=reliability, credibility=credibility, **party),
        claim(3, "mortar", source_id=3, reliability=reliability, credibility=credibility, **party),
    ]
    result = analyse("weapon", claims)
    assert result.leader == "air strike"
    assert result.score("air strike").interested_inconsistency > 0
    assert result.total_weight == pytest.approx(0.04)  # only the independent claim


def test_interested_claims_decide_only_where_the_independent_ones_tie() -> None:
    claims = [claim(1, "russia", "denies", claimant="Russia", interested=True)]
    result = analyse("perpetrator", [*claims, claim(2, "syria"), claim(3, "russia")])
    assert result.score("russia").inconsistency == result.score("syria").inconsistency
    assert result.leader == "syria"


def test_independent_groups_leave_out_interested_claims_and_join_a_party() -> None:
    claims = [
        claim(1, "air strike", claimant="UN"),
        claim(2, "air strike", claimant="Monitor"),
        claim(3, "mortar", claimant="Russian MoD", party="Russia", interested=True),
        claim(4, "air strike", "denies", claimant="Russia", party="Russia", interested=True),
    ]
    result = analyse("weapon", claims)
    assert dependence_groups(claims) == [0, 1, 2, 2]
    assert result.groups == 2
    assert confidence(result).independent == 2
