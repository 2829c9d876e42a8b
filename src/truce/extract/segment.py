"""Paragraphs and sentences, with offsets into the text as read.

A paragraph is a run of text between line breaks; a sentence ends at ``.``, ``!`` or ``?``
(after any closing quote or bracket) followed by space and a capital, a digit or an opening
quote, unless the word before the stop is a known abbreviation ("Sept.", "Mr.", "U.S.").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

ABBREVIATIONS = frozenset(
    {
        "mr",
        "mrs",
        "ms",
        "dr",
        "gen",
        "col",
        "lt",
        "sgt",
        "capt",
        "maj",
        "st",
        "prof",
        "rev",
        "sen",
        "rep",
        "gov",
        "amb",
        "adm",
        "brig",
        "cpl",
        "pvt",
        "jr",
        "sr",
        "no",
        "vs",
        "etc",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "u.s",
        "u.n",
        "u.k",
        "e.g",
        "i.e",
        "approx",
        "inc",
        "ltd",
        "co",
        "corp",
        "mt",
    }
)
_PARAGRAPH = re.compile(r"[^\n]+")
_BOUNDARY = re.compile(r"[.!?][\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9])")
_LAST_WORD = re.compile(r"([\w.]+)\.$")


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int
    paragraph: int


@dataclass(frozen=True, slots=True)
class Paragraph:
    start: int
    end: int
    index: int


def paragraphs(text: str) -> list[Paragraph]:
    found: list[Paragraph] = []
    for match in _PARAGRAPH.finditer(text):
        chunk = match.group()
        if chunk.strip():
            lead = len(chunk) - len(chunk.lstrip())
            trail = len(chunk) - len(chunk.rstrip())
            found.append(Paragraph(match.start() + lead, match.end() - trail, len(found)))
    return found


def _is_abbreviation(text: str, stop: int) -> bool:
    if text[stop] != ".":
        return False
    match = _LAST_WORD.search(text, max(0, stop - 12), stop + 1)
    if match is None:
        return False
    word = match.group(1).lower()
    return word in ABBREVIATIONS or (len(word) == 1 and word.isalpha())


def sentences(text: str, paragraph: Paragraph) -> list[Sentence]:
    """The sentences of one paragraph."""
    found: list[Sentence] = []
    start = paragraph.start
    for match in _BOUNDARY.finditer(text, paragraph.start, paragraph.end):
        if _is_abbreviation(text, match.start()):
            continue
        end = match.end() - (len(match.group()) - len(match.group().rstrip()))
        found.append(Sentence(start, end, paragraph.index))
        start = match.end()
    if start < paragraph.end:
        found.append(Sentence(start, paragraph.end, paragraph.index))
    return found


def segment(text: str) -> tuple[list[Paragraph], list[Sentence]]:
    """Every paragraph and every sentence of ``text``."""
    paras = paragraphs(text)
    return paras, [s for p in paras for s in sentences(text, p)]
