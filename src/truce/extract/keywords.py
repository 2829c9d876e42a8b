"""A keyword baseline for the public event-coding gold: the yardstick the extractor must beat.

Words for each PLOVER 2021 type, written by us from PLOVER's definitions of the types; the first
keyword found in a sentence (in text order, a longer keyword first) gives the type, the
capitalised words nearest before it the source and those nearest after it the target. No
syntax, no modality: what a plain word list scores.
"""

from __future__ import annotations

import re
from functools import lru_cache

from truce.extract.eventgold import Coded, CodedActor

# PLOVER type → CAMEO root of the type's usual codes.
ROOTS = {
    "AGREE": "03", "CONSULT": "04", "SUPPORT": "05", "COOPERATE": "06", "AID": "07",
    "CONCEDE": "08", "RETREAT": "08", "REQUEST": "10", "ACCUSE": "11", "REJECT": "12",
    "THREATEN": "13", "PROTEST": "14", "MOBILIZE": "15", "SANCTION": "16", "COERCE": "17",
    "ASSAULT": "19",
}  # fmt: skip
KEYWORDS = {
    "AGREE": "agree agreed agrees agreement pledge pledged promise promised vowed offered accept accepted",  # noqa: E501
    "CONSULT": "met meet meeting talks visit visited visits discussed negotiate negotiated hosted",
    "SUPPORT": "praised praise endorsed backed supported support welcomed apologized forgave",
    "COOPERATE": "cooperate cooperated cooperation shared jointly alliance",
    "AID": "aid assistance donated provided supplies relief asylum",
    "CONCEDE": "eased released freed lifted allowed conceded yielded",
    "RETREAT": "withdrew withdraw withdrawal retreated pulled out returned released surrendered",
    "REQUEST": "urged demanded demand asked called on appealed requested request sought",
    "ACCUSE": "accused accuse blamed criticized condemned denounced charged investigate investigation probe sued indicted",  # noqa: E501
    "REJECT": "rejected reject refused refuse denied vetoed dismissed opposed",
    "THREATEN": "threatened threaten threat warned ultimatum",
    "PROTEST": "protest protested protesters demonstration demonstrators rally strike boycott riot",
    "MOBILIZE": "mobilized deployed troops alert reinforcements",
    "SANCTION": "sanctions sanctioned embargo expelled suspended cut ties recalled broke off",
    "COERCE": "arrested detained seized banned curfew deported raided confiscated",
    "ASSAULT": "attacked attack killed shelled bombed fired clashes fighting fought shot wounded bombing assassinated kidnapped",  # noqa: E501
}

# Arabic words, matched inside words (Arabic fixes articles and conjunctions to the word).
ARABIC = {
    "ASSAULT": "هجوم هاجم قتل مقتل قتلى قصف اشتباك انفجار تفجير فجر اغتيال اغتيل اختطاف خطف غارة",
    "PROTEST": "احتجاج مظاهرة تظاهر متظاهر اعتصام",
}


@lru_cache(maxsize=1)
def _pattern() -> tuple[re.Pattern[str], dict[str, str]]:
    by_word = {w: t for t, words in KEYWORDS.items() for w in _phrases(words)}
    alternation = "|".join(sorted((re.escape(w) for w in by_word), key=len, reverse=True))
    return re.compile(rf"\b(?:{alternation})\b", re.IGNORECASE), by_word


def _phrases(words: str) -> list[str]:
    joined = words.replace("called on", "called_on").replace("pulled out", "pulled_out")
    joined = joined.replace("cut ties", "cut_ties").replace("broke off", "broke_off")
    return [w.replace("_", " ") for w in joined.split()]


_NAME = re.compile(r"[A-Z][\w.'’-]*(?:\s+(?:of\s+|the\s+)?[A-Z][\w.'’-]*)*")


def code_sentence(text: str) -> list[Coded]:
    """At most one event: the first keyword's type, with capitalised neighbours as actors."""
    pattern, by_word = _pattern()
    match = pattern.search(text)
    if match is None:
        return _arabic(text)
    plover = by_word[match.group().lower()]
    before = list(_NAME.finditer(text, 0, match.start()))
    after = _NAME.search(text, match.end())
    source = CodedActor(before[-1].group()) if before else None
    target = CodedActor(after.group()) if after else None
    return [Coded(plover, ROOTS[plover], source, target)]


def _arabic(text: str) -> list[Coded]:
    found = [
        (text.find(word), plover)
        for plover, words in ARABIC.items()
        for word in words.split()
        if word in text
    ]
    if not found:
        return []
    return [Coded(min(found)[1], ROOTS[min(found)[1]])]
