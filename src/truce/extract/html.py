"""A saved web page as a report: its readable text, title, publication date and address.

Investigators keep the pages they cite (a news article, a ministry's statement, a monitoring
mission's report) as HTML. Extraction reads plain text, so a page is reduced to its paragraphs.
Two judges must agree on each paragraph:

- the page's own markup: one paragraph per block element of the ``<article>`` (else ``<main>``,
  else the whole body), without scripts, styles, navigation, asides, footers or forms;
- trafilatura, the field's standard boilerplate remover, which also drops the furniture that
  sits in plain ``<div>``s (cookie notices, advertisements, share bars, related links,
  comments; the comparison on our pages is in docs/libraries.md).

A paragraph is kept when trafilatura kept its words in the same order; so is the dateline (a
paragraph holding the page's ``<time>``), which trafilatura drops with bylines but against
which "yesterday" is read. When trafilatura keeps nothing (a short fragment), the markup's
paragraphs stand alone. The title, date and address come from the page's metadata, as
trafilatura reads it (``og:title``, JSON-LD, ``article:published_time``, ``rel=canonical``; a
date only where the page states one, never guessed from a copyright line), else from
``<title>``, ``<h1>`` and ``<time datetime>``. Nothing is fetched.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from truce.errors import InvalidInput

HTML_SUFFIXES = (".html", ".htm", ".xhtml")
TEXT_SUFFIXES = (".txt", ".text", ".md")
REPORT_SUFFIXES = (*TEXT_SUFFIXES, *HTML_SUFFIXES)  # the files read as reports

# Whatever is inside these is not the report's text.
_SKIPPED = frozenset(
    {
        "script", "style", "noscript", "template", "svg", "nav", "footer", "aside", "form",
        "iframe", "button", "select", "textarea", "head", "object", "canvas",
    }
)  # fmt: skip
# These end a paragraph.
_BLOCKS = frozenset(
    {
        "p", "div", "section", "article", "main", "header", "h1", "h2", "h3", "h4", "h5", "h6",
        "li", "ul", "ol", "blockquote", "pre", "br", "hr", "tr", "table", "figcaption", "figure",
        "dd", "dt", "dl", "address", "caption",
    }
)  # fmt: skip
_VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
)
_REGIONS = ("article", "main", "body")
_DATE_META = (
    "article:published_time", "datepublished", "date", "pubdate", "publishdate",
    "dc.date", "dc.date.issued", "dcterms.created", "og:published_time", "sailthru.date",
)  # fmt: skip
_ISO_DAY = re.compile(r"\s*(\d{4})-(\d{2})-(\d{2})")
_SPACE = re.compile(r"[ \t\r\n\f\v\u00a0]+")
_TOKEN = re.compile(r"\w+|[^\w\s]")


@dataclass(frozen=True, slots=True)
class Page:
    text: str
    title: str | None
    published: date | None
    url: str | None


def _day(value: str | None) -> date | None:
    match = _ISO_DAY.match(value or "")
    if match is None:
        return None
    try:
        return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[str] = []
        self.skipping = 0
        # Paragraphs of each region; a region's list grows while it is open.
        self.paragraphs: dict[str, list[str]] = {name: [] for name in _REGIONS}
        self.inside: dict[str, int] = dict.fromkeys(_REGIONS, 0)
        self.line: list[str] = []
        self.meta: dict[str, str] = {}
        self.title: list[str] = []
        self.in_title = False
        self.h1: list[str] = []
        self.in_h1 = False
        self.time: str | None = None
        self.canonical: str | None = None
        self.seen_body = False
        self.line_has_time = False
        self.datelines: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name.lower(): value or "" for name, value in attrs}
        if tag == "meta":
            key = values.get("property") or values.get("name") or values.get("itemprop") or ""
            if key and "content" in values:
                self.meta.setdefault(key.lower(), values["content"])
            return
        if tag == "link" and "canonical" in values.get("rel", "").lower().split():
            self.canonical = self.canonical or values.get("href") or None
            return
        if tag == "title" and not self.seen_body:
            self.in_title = True
            return
        if tag == "body":
            self.seen_body = True
        if tag == "time" and values.get("datetime"):
            self.time = self.time or values["datetime"]
            self.line_has_time = True
        if tag in _VOID:
            if tag in _BLOCKS:
                self._end_line()
            return
        self.open.append(tag)
        if tag in _SKIPPED:
            self.skipping += 1
        if tag in self.inside:
            self._end_line()
            self.inside[tag] += 1
        if tag in _BLOCKS:
            self._end_line()
        if tag == "h1":
            self.in_h1 = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
            return
        if tag not in self.open:
            return  # a stray end tag
        while self.open:
            top = self.open.pop()
            if top in _SKIPPED:
                self.skipping -= 1
            if top in _BLOCKS:
                self._end_line()
            if top in self.inside:
                self._end_line()
                self.inside[top] -= 1
            if top == "h1":
                self.in_h1 = False
            if top == tag:
                break

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title.append(data)
            return
        if self.skipping:
            return
        self.line.append(data)
        if self.in_h1:
            self.h1.append(data)

    def _end_line(self) -> None:
        words = _SPACE.sub(" ", "".join(self.line)).strip()
        self.line = []
        if self.line_has_time and words:
            self.datelines.add(words)
        self.line_has_time = False
        if not words:
            return
        for region in _REGIONS:
            if self.inside[region] or (region == "body" and not self.seen_body):
                self.paragraphs[region].append(words)

    def close(self) -> None:
        super().close()
        self._end_line()


def _tokens(text: str) -> str:
    return " " + " ".join(_TOKEN.findall(text)) + " "


def _main_text(markup: str) -> dict[str, Any]:
    """trafilatura's main text and metadata of the page (empty when it finds no text)."""
    import trafilatura  # about half a second to import: only when a page is read

    found = trafilatura.bare_extraction(
        markup,
        with_metadata=True,
        include_comments=False,
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    if found is None:
        return {}
    return dict(found) if isinstance(found, dict) else dict(found.as_dict())


def _read(markup: str, *, markup_judge: bool = True, library_judge: bool = True) -> Page:
    reader = _Reader()
    reader.feed(markup)
    reader.close()
    marked = next((found for region in _REGIONS if (found := reader.paragraphs[region])), [])
    main = _main_text(markup) if marked and library_judge else {}
    if not markup_judge:
        text = main.get("text") or ""
        marked = [line for line in (_SPACE.sub(" ", x).strip() for x in text.split("\n")) if line]
    elif library_judge:
        kept = _tokens(main.get("text") or "")
        chosen = [p for p in marked if p in reader.datelines or _tokens(p) in kept]
        marked = chosen or marked
    meta = reader.meta
    title = (
        main.get("title")
        or meta.get("og:title")
        or _SPACE.sub(" ", "".join(reader.title)).strip()
        or _SPACE.sub(" ", "".join(reader.h1)).strip()
        or None
    )
    published = (
        _day(main.get("date"))
        or next((day for key in _DATE_META if (day := _day(meta.get(key))) is not None), None)
        or _day(reader.time)
    )
    url = main.get("url") or reader.canonical or meta.get("og:url") or None
    return Page("\n\n".join(marked) + ("\n" if marked else ""), title, published, url)


def read_html(markup: str) -> Page:
    """The readable text of a web page, with its title, date and address when it states them."""
    return _read(markup)


def markup_only(markup: str) -> Page:
    """The page as its markup alone reads (Truce's reader before trafilatura; for scoring)."""
    return _read(markup, library_judge=False)


def trafilatura_only(markup: str) -> Page:
    """The page as trafilatura alone reads it (for scoring: ``truce.extract.pagescore``)."""
    return _read(markup, markup_judge=False)


def report_text(raw: str, *, html: bool) -> Page:
    """``raw`` as a report: a web page reduced to its readable text, else the text as given.

    A page with no readable text (only scripts, say) is refused: ``empty-page``."""
    if not html:
        return Page(raw, None, None, None)
    page = read_html(raw)
    if not page.text.strip():
        raise InvalidInput("the page holds no readable text [empty-page]")
    return page


def report_files(paths: Iterable[Path]) -> list[Path]:
    """The files named, and every report file under the folders named (sorted, recursive)."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if p.suffix.lower() in REPORT_SUFFIXES))
        elif path.exists():
            found.append(path)
        else:
            raise InvalidInput(f"{path}: no such file or folder")
    return found
