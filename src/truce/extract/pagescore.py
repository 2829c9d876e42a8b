"""Scores the saved-page reader against hand-marked pages (``python -m truce.extract.pagescore``).

``gold.json`` beside the pages lists, for each page, the paragraphs a reader should get, lines
that may go either way (bylines, datelines) and page furniture that must not come through.
Text is scored as bags of words (precision, recall, F1, after the neutral lines are removed);
furniture by how many of its snippets leak; metadata by exact title, date and address. Three
readers: the page's markup alone (the walker Truce used before trafilatura), trafilatura alone,
and :func:`truce.extract.html.read_html` (both must agree). Figures: docs/libraries.md.
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from truce.extract.html import Page, markup_only, read_html, trafilatura_only

_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Score:
    precision: float
    recall: float
    leaked: int
    furniture: int
    metadata: int
    pages: int

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0


def _bag(text: str) -> Counter[str]:
    return Counter(word.lower() for word in _WORD.findall(text))


def score(reader: Callable[[str], Page], folder: Path) -> Score:
    gold = json.loads((folder / "gold.json").read_text(encoding="utf-8"))
    right = found = wanted = leaked = furniture = metadata = pages = 0
    for name, page_gold in gold.items():
        if name.startswith("_"):
            continue
        page = reader((folder / name).read_text(encoding="utf-8"))
        text = page.text
        for line in page_gold["neutral"]:
            text = text.replace(line, " ")
        got, want = _bag(text), _bag("\n".join(page_gold["gold"]))
        right += sum((got & want).values())
        found += sum(got.values())
        wanted += sum(want.values())
        leaked += sum(snippet in page.text for snippet in page_gold["noise"])
        furniture += len(page_gold["noise"])
        published = page.published.isoformat() if page.published else None
        metadata += page.title == page_gold["title"]
        metadata += published == page_gold["published"]
        metadata += page.url == page_gold["url"]
        pages += 1
    return Score(right / max(found, 1), right / max(wanted, 1), leaked, furniture, metadata, pages)


READERS: dict[str, Callable[[str], Page]] = {
    "markup only (the old walker)": markup_only,
    "trafilatura only": trafilatura_only,
    "truce (both agree)": read_html,
}


def main(argv: list[str]) -> None:
    folder = Path(argv[0] if argv else "tests/data/html/news")
    for label, reader in READERS.items():
        s = score(reader, folder)
        sys.stdout.write(
            f"{label:30} P {s.precision:.3f} R {s.recall:.3f} F1 {s.f1:.3f}  furniture leaked "
            f"{s.leaked}/{s.furniture}  metadata right {s.metadata}/{3 * s.pages}\n"
        )


if __name__ == "__main__":
    main(sys.argv[1:])
