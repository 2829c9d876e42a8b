"""Render a :class:`DailyReport` as HTML, Markdown, JSON or PDF."""

from __future__ import annotations

import json
from datetime import timedelta
from importlib import resources
from pathlib import Path

from jinja2 import Environment, select_autoescape

from truce import __version__
from truce.report.daily import DailyReport
from truce.vocab import REPORT_FORMATS

FORMATS = REPORT_FORMATS

# A Unicode font for the PDF when the system has one (Arabic names, dashes, quotes); otherwise
# the PDF falls back to the built-in Helvetica and replaces what Latin-1 cannot show.
UNICODE_FONTS = (
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
    Path("/usr/share/fonts/TTF/DejaVuSans.ttf"),
)


def to_html(report: DailyReport) -> str:
    template_text = (
        resources.files("truce.report").joinpath("templates/daily.html").read_text("utf-8")
    )
    env = Environment(autoescape=select_autoescape(default=True, default_for_string=True))
    template = env.from_string(template_text)
    return template.render(r=report, one_day=timedelta(days=1), version=__version__)


def to_html_body(report: DailyReport) -> str:
    """The HTML report's body alone, for a page that shows it inside its own layout."""
    page = to_html(report)
    start = page.index("<body>") + len("<body>")
    return page[start : page.rindex("</body>")].strip()


def _cell(text: object) -> str:
    return str(text if text is not None else "").replace("|", "\\|").replace("\n", " ")


def _table(headers: list[str], rows: list[list[object]]) -> list[str]:
    lines = ["| " + " | ".join(headers) + " |", "|" + " --- |" * len(headers)]
    lines += ["| " + " | ".join(_cell(v) for v in row) + " |" for row in rows]
    return lines


def to_markdown(report: DailyReport) -> str:
    r = report
    lines = [
        f"# Daily report: {r.day.strftime('%A %d %B %Y')}",
        "",
        f"Records shown: {', '.join(r.classifications)}. "
        f"Compared with {(r.day - timedelta(days=1)).isoformat()}.",
        "",
        *[f"> {c}" for c in r.caveats],
        "",
        "## Summary",
        "",
        *_table(
            ["Figure", "This day", "Day before", "Change"],
            [[c.label, c.today, c.previous, c.change_text] for c in r.counts],
        ),
    ]
    if r.local_agreements_since:
        rate = f", {r.local_rate_text}" if r.local_rate_text else ""
        since = f" (since {r.baseline_agreement})" if r.baseline_agreement else ""
        lines += [
            "",
            f"Local agreements signed {r.local_agreements_since.isoformat()}–{r.day.isoformat()}"
            f"{since}: **{r.local_agreements_to_date}**{rate}.",
        ]
    lines += ["", f"## Alleged violations ({len(r.allegations)})", ""]
    if r.allegations:
        lines += _table(
            ["Event", "Place", "Type", "Agreement", "Alleged by", "Role"],
            [
                [
                    f"#{a.event_id}",
                    a.location,
                    a.event_type,
                    a.agreement,
                    a.alleged_by,
                    a.alleged_by_role,
                ]
                for a in r.allegations
            ],
        )
    else:
        lines.append("None recorded.")
    lines += ["", f"## Events ({len(r.events)})", ""]
    if r.events:
        lines += _table(
            ["#", "Type", "Place", "Actors", "Fatalities", "Status"],
            [
                [
                    e.id,
                    e.sub_event_type or e.event_type,
                    e.location,
                    " / ".join(x for x in (e.actor1, e.actor2) if x),
                    e.fatalities_text,
                    e.status,
                ]
                for e in r.events
            ],
        )
    else:
        lines.append("None recorded.")
    lines += ["", f"## Agreements signed ({len(r.agreements)})", ""]
    if r.agreements:
        lines += _table(
            ["Name", "Kind", "Scope", "Place", "Mediators", "Status"],
            [
                [
                    a.name + (" (illustrative)" if a.illustrative else ""),
                    a.kind,
                    a.scope,
                    a.location,
                    ", ".join(a.mediators),
                    a.status,
                ]
                for a in r.agreements
            ],
        )
    else:
        lines.append("None recorded.")
    lines += ["", f"## Statements ({len(r.statements)})", ""]
    for s in r.statements:
        venue = f", {s.venue}" if s.venue else ""
        words = f"“{s.words}”" if s.direct else f"{s.words} (reported)"
        lines += [f"- **{s.speaker}**{venue}: {words}"]
    if not r.statements:
        lines.append("None recorded.")
    return "\n".join(lines) + "\n"


def to_json(report: DailyReport) -> str:
    return json.dumps(report.to_dict(), ensure_ascii=False, indent=2)


def to_pdf(report: DailyReport) -> bytes:
    """A printable PDF of the report (A4)."""
    from fpdf import FPDF  # imported here: only the PDF needs it

    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(auto=True, margin=15)
    font_path = next((p for p in UNICODE_FONTS if p.exists()), None)
    if font_path is not None:
        pdf.add_font("body", "", str(font_path))
        bold = font_path.with_name(font_path.stem + "-Bold.ttf")
        pdf.add_font("body", "B", str(bold if bold.exists() else font_path))
        family = "body"

        def text(value: object) -> str:
            return str(value if value is not None else "")
    else:
        family = "Helvetica"

        def text(value: object) -> str:
            plain = str(value if value is not None else "")
            plain = plain.replace("–", "-").replace("“", '"').replace("”", '"')
            return plain.encode("latin-1", "replace").decode("latin-1")

    pdf.add_page()
    r = report

    def heading(title: str, size: int = 13) -> None:
        pdf.set_font(family, "B", size)
        pdf.ln(2)
        pdf.multi_cell(0, 7, text(title), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font(family, "", 9)

    def paragraph(value: str) -> None:
        pdf.multi_cell(0, 5, text(value), new_x="LMARGIN", new_y="NEXT")

    def table(headers: list[str], rows: list[list[object]], widths: tuple[int, ...]) -> None:
        pdf.set_font(family, "", 8)
        with pdf.table(col_widths=widths, text_align="LEFT", line_height=4.5) as grid:
            head = grid.row()
            for h in headers:
                head.cell(text(h))
            for row in rows:
                cells = grid.row()
                for value in row:
                    cells.cell(text(value))
        pdf.set_font(family, "", 9)

    heading(f"Daily report: {r.day.strftime('%A %d %B %Y')}", 16)
    paragraph(
        f"Records shown: {', '.join(r.classifications)}. Compared with "
        f"{(r.day - timedelta(days=1)).isoformat()}. Generated by Truce {__version__}."
    )
    for caveat in r.caveats:
        paragraph(caveat)
    heading("Summary")
    table(
        ["Figure", "This day", "Day before", "Change"],
        [[c.label, c.today, c.previous, c.change_text] for c in r.counts],
        (50, 15, 15, 20),
    )
    if r.local_agreements_since:
        rate = f", {r.local_rate_text}" if r.local_rate_text else ""
        paragraph(
            f"Local agreements signed {r.local_agreements_since.isoformat()} to "
            f"{r.day.isoformat()}: {r.local_agreements_to_date}{rate}."
        )
    heading(f"Alleged violations ({len(r.allegations)})")
    if r.allegations:
        table(
            ["Event", "Place", "Type", "Agreement", "Alleged by", "Role"],
            [
                [
                    f"#{a.event_id}",
                    a.location,
                    a.event_type,
                    a.agreement,
                    a.alleged_by,
                    a.alleged_by_role,
                ]
                for a in r.allegations
            ],
            (10, 22, 22, 34, 26, 16),
        )
    else:
        paragraph("None recorded.")
    heading(f"Events ({len(r.events)})")
    if r.events:
        table(
            ["#", "Type", "Place", "Actors", "Fatalities", "Status"],
            [
                [
                    e.id,
                    e.sub_event_type or e.event_type,
                    e.location,
                    " / ".join(x for x in (e.actor1, e.actor2) if x),
                    e.fatalities_text,
                    e.status,
                ]
                for e in r.events
            ],
            (8, 28, 28, 50, 16, 16),
        )
    else:
        paragraph("None recorded.")
    heading(f"Agreements signed ({len(r.agreements)})")
    if r.agreements:
        table(
            ["Name", "Kind", "Scope", "Place", "Mediators"],
            [
                [
                    a.name + (" (illustrative)" if a.illustrative else ""),
                    a.kind,
                    a.scope,
                    a.location,
                    ", ".join(a.mediators),
                ]
                for a in r.agreements
            ],
            (50, 20, 15, 25, 35),
        )
    else:
        paragraph("None recorded.")
    heading(f"Statements ({len(r.statements)})")
    for s in r.statements:
        venue = f", {s.venue}" if s.venue else ""
        words = f"“{s.words}”" if s.direct else f"{s.words} (reported)"
        paragraph(f"{s.speaker}{venue}: {words}")
    if not r.statements:
        paragraph("None recorded.")
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
