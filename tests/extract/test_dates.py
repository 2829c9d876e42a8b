from datetime import date

import pytest

from truce.extract.dates import find_dates

PUBLISHED = date(2016, 9, 21)  # a Wednesday


@pytest.mark.parametrize(
    ("text", "words", "first", "last", "precision"),
    [
        ("It happened yesterday.", "yesterday", date(2016, 9, 20), date(2016, 9, 20), "day"),
        ("He spoke today.", "today", PUBLISHED, PUBLISHED, "day"),
        ("They met on Monday.", "Monday", date(2016, 9, 19), date(2016, 9, 19), "day"),
        ("They meet on Wednesday.", "Wednesday", PUBLISHED, PUBLISHED, "day"),
        (
            "It was hit on September 16.",
            "September 16",
            date(2016, 9, 16),
            date(2016, 9, 16),
            "day",
        ),
        (
            "Signed 16 Sept. 2016 in Geneva.",
            "16 Sept. 2016",
            date(2016, 9, 16),
            date(2016, 9, 16),
            "day",
        ),
        (
            "Talks on 22–23 September.",
            "22–23 September",
            date(2016, 9, 22),
            date(2016, 9, 23),
            "day",
        ),
        ("It began in February.", "February", date(2016, 2, 1), date(2016, 2, 29), "month"),
        ("Under the February ceasefire.", "February", date(2016, 2, 1), date(2016, 2, 29), "month"),
        ("It was hit last week.", "last week", date(2016, 9, 12), date(2016, 9, 18), "week"),
        ("It was hit two days ago.", "two days ago", date(2016, 9, 19), date(2016, 9, 19), "day"),
        (
            "In December the talks failed.",
            "December",
            date(2015, 12, 1),
            date(2015, 12, 31),
            "month",
        ),
        (
            "Effective 2016-09-12 at dusk.",
            "2016-09-12",
            date(2016, 9, 12),
            date(2016, 9, 12),
            "day",
        ),
        ("Seen in March 2016.", "March 2016", date(2016, 3, 1), date(2016, 3, 31), "month"),
        ("Agreed in 2016.", "2016", date(2016, 1, 1), date(2016, 12, 31), "year"),
        (
            "On Monday, September 19, it burned.",
            "Monday, September 19",
            date(2016, 9, 19),
            date(2016, 9, 19),
            "day",
        ),
    ],
)
def test_dates_resolve_against_the_publication_date(text, words, first, last, precision):
    (mention,) = find_dates(text, published=PUBLISHED)
    assert (mention.text, mention.first, mention.last, mention.precision) == (
        words,
        first,
        last,
        precision,
    )
    assert text[mention.start : mention.end] == words


@pytest.mark.parametrize(
    "text", ["Officials may meet.", "They will march on.", "No date here at all."]
)
def test_words_that_only_look_like_dates_are_not_dates(text):
    assert find_dates(text, published=PUBLISHED) == []


def test_relative_dates_need_a_publication_date():
    assert find_dates("It happened yesterday.", published=None) == []
