"""A saved web page as a report: its readable text, title, publication date and address.

Investigators keep the pages they cite (a news article, a ministry's statement, a monitoring
mission's report) as HTML. Extraction reads plain text, so a page is reduced to its paragraphs:
the text of the ``<article>`` (else ``<main>``, else the whole body), one paragraph per block
element, without scripts, styles, navigation, asides, footers or forms. The title, date and
address come from the page's own metadata (``og:title``, ``article:published_time``,
``<time datetime>``, ``rel=canonical``). Standard library only: nothing is fetched.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from html.parser import HTMLParser

from truce.errors import InvalidInput

HTML_SUFFIXES = (".html", ".htm", ".xhtml")

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
        if tag == "time" and self.time is None and values.get("datetime"):
            self.time = values["datetime"]
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
        if not words:
            return
        for region in _REGIONS:
            if self.inside[region] or (region == "body" and not self.seen_body):
                self.paragraphs[region].append(words)

    def close(self) -> None:
        super().close()
        self._end_line()


def read_html(markup: str) -> Page:
    """The readable text of a web page, with its title, date and address when it states them."""
    reader = _Reader()
    reader.feed(markup)
    reader.close()
    paragraphs = next((found for region in _REGIONS if (found := reader.paragraphs[region])), [])
    meta = reader.meta
    title = (
        meta.get("og:title")
        or _SPACE.sub(" ", "".join(reader.title)).strip()
        or _SPACE.sub(" ", "".join(reader.h1)).strip()
        or None
    )
    published = next(
        (day for key in _DATE_META if (day := _day(meta.get(key))) is not None), None
    ) or _day(reader.time)
    url = reader.canonical or meta.get("og:url") or None
    return Page("\n\n".join(paragraphs) + ("\n" if paragraphs else ""), title, published, url)


def report_text(raw: str, *, html: bool) -> Page:
    """``raw`` as a report: a web page reduced to its readable text, else the text as given.

    A page with no readable text (only scripts, say) is refused: ``empty-page``."""
    if not html:
        return Page(raw, None, None, None)
    page = read_html(raw)
    if not page.text.strip():
        raise InvalidInput("the page holds no readable text [empty-page]")
    return page
