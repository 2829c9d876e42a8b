import pytest

from truce.errors import ConfigError
from truce.extract.gazetteer import parse_rows
from truce.extract.places import find_places, resolve_toponyms


@pytest.mark.parametrize(
    ("text", "name", "canonical", "country", "precision"),
    [
        ("Fighters left al-Waer on Monday.", "al-Waer", "al-Waer", "SYR", "district"),
        ("The convoy was hit at Urum al-Kubra.", "Urum al-Kubra", "Urum al-Kubra", "SYR", "site"),
        (
            "They advanced into the 1070 apartments.",
            "1070 apartments",
            "1070 apartments",
            "SYR",
            "district",
        ),
        ("Clashes along the Castello road.", "Castello road", "Castello road", "SYR", "site"),
        ("Shelling near Ramousah overnight.", "Ramousah", "Ramouseh", "SYR", "district"),
        ("Aid reached Aleppo.", "Aleppo", "Aleppo", "SYR", "city"),
        ("The talks in Geneva ended.", "Geneva", "Geneva", "CHE", "city"),
        ("Strikes hit حلب again.", "حلب", "Aleppo", "SYR", "city"),
    ],
)
def test_places_are_found_with_their_spelling_and_located(
    text, name, canonical, country, precision, gazetteer
):
    matches = [m for m in find_places(text, gazetteer=gazetteer) if m.name == name]
    assert len(matches) == 1
    match = matches[0]
    assert (match.canonical, match.country, match.precision) == (canonical, country, precision)
    assert text[match.start : match.end] == name


def test_a_syrian_document_prefers_the_syrian_homs(gazetteer):
    text = "Government forces shelled Homs, north of Damascus, and Hama."
    (homs,) = [m for m in find_places(text, gazetteer=gazetteer) if m.name == "Homs"]
    assert homs.country == "SYR"


@pytest.mark.parametrize(
    "text", ["The minister said so.", "However, most agreed.", "He will march."]
)
def test_ordinary_words_are_not_places(text, gazetteer):
    assert find_places(text, gazetteer=gazetteer) == []


def test_resolve_toponyms_geocodes_given_spans_in_order(gazetteer):
    text = "From Paris to Aleppo via Nowhereville."
    spans = [(5, 10), (14, 20), (25, 37)]
    paris, aleppo, unknown = resolve_toponyms(text, spans=spans, gazetteer=gazetteer)
    assert paris is not None and paris.country == "FRA"
    assert aleppo is not None and aleppo.country == "SYR" and aleppo.gazetteer_id
    assert unknown is None


def test_a_bad_gazetteer_row_names_its_file_and_line():
    with pytest.raises(ConfigError, match=r"syria.tsv:2: lat/lon"):
        list(
            parse_rows(
                ["# header", "x\tX\tsite\tSYR\t\tnorth\t36\t0\tX"], source="syria.tsv", curated=True
            )
        )


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("President Juan Manuel Santos signed the accord.", "Santos"),
        ("Forces pulled back from the ports of Salif and Ras Isa.", "Isa"),
        ("Rodrigo Londono spoke in Havana.", "Londono"),
    ],
)
def test_a_town_name_inside_a_person_or_longer_name_is_not_a_place(text, name, gazetteer):
    assert name not in [m.name for m in find_places(text, gazetteer=gazetteer)]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("In Aleppo the shelling went on.", "Aleppo"),
        ("Aid reached Northern Idlib.", "Idlib"),
        ("GENEVA, Sept 21 - Talks resumed.", "GENEVA"),
    ],
)
def test_a_place_after_a_sentence_start_or_a_lead_word_is_kept(text, name, gazetteer):
    assert name in [m.name for m in find_places(text, gazetteer=gazetteer)]
