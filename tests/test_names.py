from __future__ import annotations

import pytest

from truce.names import normalize_name


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Jabhat  al‑Nuṣra", "jabhat al-nusra"),
        ("Deir ez-Zor", "deir ez-zor"),
        ("Dayr az‑Zawr", "dayr az-zawr"),
        ("Ma’arrat al-Nu’man", "ma'arrat al-nu'man"),
        ("جبهة النصرة", "جبهة النصرة"),
    ],
)
def test_names_normalise_case_accents_dashes_and_quotes(raw: str, expected: str) -> None:
    assert normalize_name(raw) == expected
