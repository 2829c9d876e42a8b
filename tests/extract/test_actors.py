from datetime import date

import pytest

from truce.extract.actors import find_actors
from truce.extract.registry import Registry


@pytest.mark.parametrize(
    ("text", "words", "canonical", "day"),
    [
        (
            "The Russian foreign minister spoke.",
            "The Russian foreign minister",
            "Sergey Lavrov",
            date(2016, 9, 21),
        ),
        (
            "The US Secretary of State spoke.",
            "The US Secretary of State",
            "John Kerry",
            date(2016, 9, 21),
        ),
        ("Moscow said no.", "Moscow", "Government of Russia", None),
        ("Washington said no.", "Washington", "Government of the United States", None),
        ("The Nusra Front attacked.", "Nusra Front", "Jabhat al-Nusra", None),
        ("Jabhat Fateh al-Sham attacked.", "Jabhat Fateh al-Sham", "Jabhat al-Nusra", None),
        ("SAA units moved.", "SAA", "Syrian Arab Army", None),
    ],
)
def test_names_roles_and_capitals_resolve_to_registry_actors(text, words, canonical, day, registry):
    found = {m.name: m.canonical for m in find_actors(text, registry=registry, on=day)}
    assert found[words] == canonical


def test_an_office_resolves_only_while_it_is_held(registry):
    after = find_actors("The US Secretary of State spoke.", registry=registry, on=date(2018, 1, 1))
    assert all(m.canonical != "John Kerry" for m in after)


def test_a_capital_used_as_a_place_is_not_an_actor(registry):
    assert all(
        m.name != "Moscow"
        for m in find_actors("Talks were held in Moscow.", registry=registry, on=None)
    )


def test_the_jihadists_are_the_designated_group_named_before(registry):
    text = "Jabhat al-Nusra fighters advanced. The jihadists then shelled the road."
    found = {m.name: m.canonical for m in find_actors(text, registry=registry, on=None)}
    assert found["The jihadists"] == "Jabhat al-Nusra"


def test_government_troops_follow_the_document_country(registry):
    found = find_actors("Government troops advanced.", registry=registry, on=None, country="SYR")
    assert found[0].canonical == "Syrian Arab Army"


@pytest.mark.parametrize(
    ("text", "name", "kind"),
    [
        ("Abu Omar Hassan, a spokesman for the group, denied it.", "Abu Omar Hassan", "person"),
        ("Yusuf Karimi said the road was closed.", "Yusuf Karimi", "person"),
        ("The Northern Storm Brigade withdrew.", "Northern Storm Brigade", None),
    ],
)
def test_unknown_people_and_organisations_become_new_candidates(text, name, kind, registry):
    (new,) = [m for m in find_actors(text, registry=registry, on=None) if m.how == "new"]
    assert (new.name, new.canonical, new.kind) == (name, None, kind)


def test_a_registry_can_be_built_from_entries():
    registry = Registry.from_entries(
        [{"name": "Ahrar al-Sham", "kind": "rebel group", "aliases": ["Ahrar"]}]
    )
    (mention,) = find_actors("Ahrar fighters withdrew.", registry=registry, on=None)
    assert mention.canonical == "Ahrar al-Sham"


def test_a_key_stopping_inside_a_word_does_not_hide_the_name_that_follows():
    registry = Registry.from_entries(
        [
            {"name": "United Nations", "kind": "international organisation", "aliases": ["the UN"]},
            {
                "name": "Government of the United States",
                "kind": "state",
                "aliases": ["United States"],
            },
        ]
    )
    found = find_actors("The United States and the UN agreed.", registry=registry, on=None)
    assert [(m.name, m.canonical) for m in found] == [
        ("United States", "Government of the United States"),
        ("the UN", "United Nations"),
    ]


@pytest.mark.parametrize(
    ("text", "words", "canonical", "country"),
    [
        ("Ukrainian forces shelled Donetsk.", "Ukrainian forces", None, "UKR"),
        ("Israeli jets struck Gaza overnight.", "Israeli jets", None, "ISR"),
        (
            "Syrian helicopters dropped barrel bombs.",
            "Syrian helicopters",
            "Syrian Arab Army",
            "SYR",
        ),
    ],
)
def test_a_countrys_armed_forces_are_named_by_its_demonym(
    registry: Registry, text: str, words: str, canonical: str | None, country: str
) -> None:
    found = [m for m in find_actors(text, registry=registry, on=None) if m.name == words]
    assert [(m.canonical, m.kind, m.country) for m in found] == [
        (canonical, "state forces", country)
    ]


@pytest.mark.parametrize(
    ("text", "forces"),
    [
        ("Pro-Ukrainian forces shelled Donetsk.", []),
        ("Pro-Ukrainian forces and Israeli jets clashed.", ["Israeli jets"]),
        ("Ukrainian forces and pro-Israeli jets clashed.", ["Ukrainian forces"]),
    ],
)
def test_a_demonym_inside_a_word_names_no_armed_force(
    registry: Registry, text: str, forces: list[str]
) -> None:
    found = find_actors(text, registry=registry, on=None)
    assert [m.name for m in found if m.kind == "state forces"] == forces


def test_a_demonym_without_a_force_noun_is_not_an_armed_force(registry: Registry) -> None:
    found = find_actors("Ukrainian officials met Colombian diplomats.", registry=registry, on=None)
    assert all(m.kind != "state forces" for m in found)
