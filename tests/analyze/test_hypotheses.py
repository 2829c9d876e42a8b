"""Hypothesis hierarchies: the packaged file, how values are classed, how errors read."""

from __future__ import annotations

import pytest

from truce.analyze.hypotheses import hierarchy_for, parse_hierarchies
from truce.errors import InvalidInput


def test_the_weapon_hierarchy_puts_each_kind_under_air_strike_or_ground_fire() -> None:
    tree = hierarchy_for("weapon")
    for narrower in ("fixed-wing aircraft", "helicopter", "drone"):
        assert tree.ancestors(narrower) == ("air strike",)
    for narrower in ("artillery", "mortar", "rockets", "tank", "small arms"):
        assert tree.ancestors(narrower) == ("ground fire",)
    assert tree.contains("air strike", "helicopter")
    assert not tree.contains("helicopter", "air strike")
    assert not tree.contains("ground fire", "helicopter")


def test_an_attribute_without_a_hierarchy_is_flat() -> None:
    tree = hierarchy_for("perpetrator")
    assert tree.classify("russia") == "russia"
    assert tree.ancestors("russia") == ()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"weapon": [{"words": ["x"]}]}, r"weapon\[1\]: name"),
        ({"weapon": [{"name": "a", "narrower": [{"name": "a"}]}]}, "appears twice"),
        ({"weapon": {"name": "a"}}, "expected a list"),
    ],
)
def test_a_bad_hierarchy_names_the_entry_and_the_field(data: object, message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        parse_hierarchies(data, where="hypotheses.yaml")
