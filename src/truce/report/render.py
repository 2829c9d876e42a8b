"""Render a :class:`DailyReport` as HTML, Markdown, JSON or PDF.

The layout lives in Jinja2 templates beside this module: ``templates/daily.html`` (the HTML
report and the web page's body), ``templates/daily.md`` and ``templates/daily_pdf.html``, the
HTML subset that fpdf2's ``write_html`` lays out on A4. This module only chooses the rows of
each table (:func:`table_rows`, shared by Markdown and PDF) and sets up the PDF's font.
"""

from __future__ import annotations

import json
from datetime import timedelta
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined

from truce import __version__
from truce.errors import MissingDependency
from truce.report.daily import DailyReport
from truce.vocab import REPORT_FORMATS

FORMATS = REPORT_FORMATS

# A Unicode font for the PDF when the system has one (Arabic names, dashes, quotes); otherwise
# the PDF falls back to the built-in Helvetica and replaces what Latin-1 cannot show.
UNICODE_FONTS = (
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
    Path("/usr/share/fonts/TTF/DejaVuSans.ttf"),
)


def _cell(text: object) -> str:
    """A Markdown table cell: ``|`` escaped, line breaks folded."""
    return str(text if text is not None else "").replace("|", "\\|").replace("\n", " ")


def _plain(value: object) -> str:
    return str(value if value is not None else "")


def _latin1(value: object) -> str:
    """Text the built-in Helvetica can show: dashes and quotes simplified, the rest replaced."""
    plain = _plain(value).replace("–", "-").replace("“", '"').replace("”", '"')
    return plain.encode("latin-1", "replace").decode("latin-1")


@cache
def _environment(kind: str) -> Environment:
    """``html`` (escaped), ``latin1`` (the same, for a PDF without a Unicode font) or ``text``
    (Markdown: no escaping, and a line holding only a tag leaves nothing)."""
    loader = PackageLoader("truce.report", "templates")
    if kind in ("html", "latin1"):
        env = Environment(loader=loader, autoescape=True, undefined=StrictUndefined)
    else:
        env = Environment(
            loader=loader,
            autoescape=False,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            undefined=StrictUndefined,
        )
    env.filters["cell"] = _cell
    env.filters["pdf"] = _latin1 if kind == "latin1" else _plain
    env.filters["first_five"] = lambda row: row[:5]
    return env


def table_rows(r: DailyReport) -> dict[str, list[list[Any]]]:
    """The cells of each of the report's tables, in column order."""
    return {
        "counts": [[c.label, c.today, c.previous, c.change_text] for c in r.counts],
        "allegations": [
            [f"#{a.event_id}", a.location, a.event_type, a.agreement, a.alleged_by,
             a.alleged_by_role]
            for a in r.allegations
        ],
        "events": [
            [e.id, e.sub_event_type or e.event_type, e.location,
             " / ".join(x for x in (e.actor1, e.actor2) if x), e.fatalities_text, e.status]
            for e in r.events
        ],
        "agreements": [
            [a.name + (" (illustrative)" if a.illustrative else ""), a.kind, a.scope,
             a.location, ", ".join(a.mediators), a.status]
            for a in r.agreements
        ],
    }  # fmt: skip


def _render(kind: str, name: str, report: DailyReport, **extra: Any) -> str:
    template = _environment(kind).get_template(name)
    return template.render(
        r=report, rows=table_rows(report), one_day=timedelta(days=1), version=__version__, **extra
    )


def to_html(report: DailyReport) -> str:
    return _render("html", "daily.html", report)


def to_html_body(report: DailyReport) -> str:
    """The HTML report's body alone, for a page that shows it inside its own layout."""
    page = to_html(report)
    start = page.index("<body>") + len("<body>")
    return page[start : page.rindex("</body>")].strip()


def to_markdown(report: DailyReport) -> str:
    return _render("text", "daily.md", report)


def to_json(report: DailyReport) -> str:
    return json.dumps(report.to_dict(), ensure_ascii=False, indent=2)


def to_pdf(report: DailyReport) -> bytes:
    """A printable PDF of the report (A4), laid out by fpdf2 from ``daily_pdf.html``."""
    try:  # imported here: only the PDF needs fpdf2 (the pdf extra)
        from fpdf import FPDF
        from fpdf.fonts import TextStyle
    except ImportError:
        raise MissingDependency("a PDF report needs fpdf2: pip install 'truce[pdf]'") from None

    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(auto=True, margin=15)
    font_path = next((p for p in UNICODE_FONTS if p.exists()), None)
    if font_path is not None:
        pdf.add_font("body", "", str(font_path))
        bold = font_path.with_name(font_path.stem + "-Bold.ttf")
        pdf.add_font("body", "B", str(bold if bold.exists() else font_path))
        family, kind = "body", "html"
    else:
        family, kind = "Helvetica", "latin1"
    pdf.add_page()
    pdf.set_font(family, "", 9)
    markup = _render(kind, "daily_pdf.html", report)
    headings = {
        "h1": TextStyle(font_style="B", font_size_pt=16, color="#000000", b_margin=2),
        "h2": TextStyle(font_style="B", font_size_pt=13, color="#000000", t_margin=3, b_margin=1),
    }
    pdf.write_html(markup, font_family=family, tag_styles=headings, table_line_separators=True)
    return bytes(pdf.output())


def render(report: DailyReport, fmt: str) -> str | bytes:
    """The report in ``fmt`` (one of :data:`FORMATS`)."""
    if fmt == "html":
        return to_html(report)
    if fmt == "md":
        return to_markdown(report)
    if fmt == "json":
        return to_json(report)
    if fmt == "pdf":
        return to_pdf(report)
    raise ValueError(f"unknown report format {fmt!r}")
