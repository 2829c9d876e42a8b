"""Quantities: multipliers, times of day, pronoun "one", and line breaks."""

import pytest

from truce.extract.quantities import find_quantities


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("More than 1.1 million people have fled.", [(1_100_000, "at least", "person")]),
        ("About two million people need aid.", [(2_000_000, "about", "person")]),
        ("Two US officials said so.", [(2, "exact", "official")]),
        ("Over 120 fighters left.", [(120, "at least", "fighter")]),
        ("The drone left at 13:40 Moscow time.", []),
        ("Sirens sounded at 2 am today.", []),
        ("One commander said the road was open.", []),
        ("No one admitted anything.", []),
        ("Posted 09:15\nEyewitnesses saw jets.", []),
    ],
)
def test_quantities_read_as_a_reader_would(text, expected):
    found = [(q.value, q.bound, q.unit) for q in find_quantities(text, skip=[])]
    assert found == expected
