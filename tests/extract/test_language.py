"""The language of a report, from its script and its function words."""

from __future__ import annotations

import pytest

from truce.extract.language import detect_language


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Government aircraft bombed the town on Tuesday, the monitor said.", "en"),
        ("قصفت طائرات حربية مدينة حلب أمس وقتل خمسة مدنيين.", "ar"),
        ("Ceasefire monitors said: قصفت طائرات حربية مدينة حلب أمس وقتل خمسة مدنيين.", "ar"),
        ("Les avions ont bombardé la ville mardi, selon le ministère de la défense.", "fr"),
        ("Los aviones bombardearon la ciudad el martes, según el ministerio.", "es"),
        ("Die Flugzeuge bombardierten die Stadt am Dienstag, sagte das Ministerium.", "de"),
        ("Самолёты бомбили город во вторник.", "ru"),
        ("2016-09-21 — 12:40", "und"),
    ],
)
def test_the_language_follows_the_script_and_the_commonest_words(text: str, language: str) -> None:
    assert detect_language(text) == language


def test_the_extraction_document_records_the_language(gazetteer, registry) -> None:
    from truce.extract import extract

    english = extract(
        "Rebels shelled Aleppo.", published=None, registry=registry, gazetteer=gazetteer
    )
    arabic = extract("قصف المتمردون حلب.", published=None, registry=registry, gazetteer=gazetteer)
    assert english.document.language == "en" and arabic.document.language == "ar"
