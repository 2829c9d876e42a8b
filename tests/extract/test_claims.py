import pytest

from truce.extract.claims import _needed


@pytest.mark.parametrize(
    ("alternative", "needed"),
    [
        ("air ?strikes?", "air"),
        ("bombs?", "bomb"),
        ("Aircraft", "aircraft"),
        ("[Jj]ets", ""),  # more than letters: every sentence is searched
        ("(?:war)?planes", ""),
    ],
)
def test_a_weapon_is_looked_for_only_in_sentences_holding_its_first_letters(
    alternative: str, needed: str
) -> None:
    assert _needed(alternative) == needed
