"""Name normalisation shared by the actor registry, the importers and extraction.

``normalize_name("Jabhat  al‑Nuṣra")`` → ``"jabhat al-nusra"``: case-folded, accents removed,
every dash and apostrophe variant unified, spaces collapsed. Arabic script is kept as it is
(without tatweel and short-vowel marks) so Arabic aliases match too.
"""

from __future__ import annotations

import re
import unicodedata

_DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"), "-")
_QUOTES = dict.fromkeys(map(ord, "\u2018\u2019\u02bc\u02bb\u0060\u00b4\u02be\u02bf"), "'")
_SPACES = re.compile(r"\s+")
_ARABIC_MARKS = re.compile("[\u0640\u064b-\u065f\u0670]")


def normalize_name(name: str) -> str:
    text = name.translate(_DASHES).translate(_QUOTES)
    text = _ARABIC_MARKS.sub("", text)
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(
        ch
        for ch in decomposed
        if not (unicodedata.combining(ch) and not "\u0600" <= ch <= "\u06ff")
    )
    return _SPACES.sub(" ", stripped.casefold()).strip()
