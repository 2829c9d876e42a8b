"""A common word is never a place, even capitalised at the start of a sentence."""

from __future__ import annotations

import pytest

from truce.extract import extract


@pytest.mark.parametrize(
    ("text", "places"),
    [
        ("Mobile units arrived at dawn; mobile clinics followed.", []),
        ("Police said the road was shut, and the police closed the bridge.", []),
        ("These are hard days, said the mayor of Homs.", ["Homs"]),
        ("Homs was calm on Tuesday, residents of Homs said.", ["Homs"]),
    ],
)
def test_common_words_are_not_places_and_names_still_are(text, places, registry, gazetteer):
    result = extract(text, published=None, registry=registry, gazetteer=gazetteer)
    assert sorted({p.name for p in result.mentions.places}) == places
