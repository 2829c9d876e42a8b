"""Speakers from the parse: the speech verb's subject, whoever the registry holds nearby.

Sentences written for these tests; the registry is the demo's (it holds a president of Syria).
"""

from __future__ import annotations

from datetime import date

import pytest

from truce.extract import extract
from truce.extract.goldscore import default_registry


@pytest.fixture(scope="module")
def speakers(gazetteer):
    registry = default_registry()

    def run(text: str) -> list[tuple[str, str | None]]:
        result = extract(text, published=date(2016, 9, 21), registry=registry, gazetteer=gazetteer)
        return [(s.speaker.name, s.speaker.canonical) for s in result.statements]

    return run


def test_an_apposition_names_an_organisations_officer_not_the_registrys_president(speakers):
    text = (
        "Marta Kowalczyk, the president of the National Union of Nurses, said the wards "
        "were short of staff."
    )
    assert speakers(text) == [("Marta Kowalczyk", None)]


def test_an_honorific_and_a_surname_are_a_person_not_the_organisation_named_before(speakers):
    text = "The Caucus of Coastal Towns met on Monday. Mr. Okafor said the ferry plan was dead."
    assert ("Okafor", None) in speakers(text)


def test_a_presenters_words_are_his_not_the_capital_named_in_the_sentence(speakers):
    text = "In Washington, Halvorsen told his guests that the vote would be close."
    assert speakers(text)[0][0] == "Halvorsen"


def test_a_surname_alone_is_the_person_named_in_full_before(speakers):
    text = 'Talks were led by commander Ilse Brandauer. "We will not retreat," Brandauer said.'
    assert ("Ilse Brandauer", None) in speakers(text)


def test_a_bare_title_is_the_office_holder_of_the_documents_country(speakers):
    text = "Aircraft struck Aleppo and Idlib in Syria. The president said the army would advance."
    assert ("The president", "Bashar al-Assad") in speakers(text)
