"""English month and number words: the one table the readers of dates and counts share.

``MONTHS`` maps each month's name and abbreviation ("sept" too) to its number; importers use
it for ACLED's "19 September 2016" (``truce.days``) and the extractor for "September 16".
``NUMBER_WORDS`` are exact counts ("twelve", "dozen"); ``VAGUE_NUMBERS`` are the plurals that
stand for an uncounted many, read as a lower bound ("dozens" is at least 24). Lower case; match
them case-insensitively.
"""

from __future__ import annotations

from typing import Final

MONTHS: Final = {
    "jan": 1,
    "january": 1,
    "feb": 2,
    "february": 2,
    "mar": 3,
    "march": 3,
    "apr": 4,
    "april": 4,
    "may": 5,
    "jun": 6,
    "june": 6,
    "jul": 7,
    "july": 7,
    "aug": 8,
    "august": 8,
    "sep": 9,
    "sept": 9,
    "september": 9,
    "oct": 10,
    "october": 10,
    "nov": 11,
    "november": 11,
    "dec": 12,
    "december": 12,
}
NUMBER_WORDS: Final = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "hundred": 100,
    "dozen": 12,
}
VAGUE_NUMBERS: Final = {"dozens": 24, "hundreds": 200, "scores": 40, "thousands": 2000}
