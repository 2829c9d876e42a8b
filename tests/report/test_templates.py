"""The report's templates: Markdown cells escaped, and the PDF holds what the tables say."""

from __future__ import annotations

import importlib
import io
import re
from datetime import date

import pytest
from pypdf import PdfReader

from truce.report.daily import AgreementLine, Count, DailyReport, EventLine, StatementLine
from truce.report.render import to_markdown, to_pdf

REPORT = DailyReport(
    day=date(2016, 9, 19),
    classifications=("public",),
    counts=[Count("Events | shelling", 3, 0)],
    events=[
        EventLine(
            7,
            None,
            "Battles",
            "Armed clash",
            "Urum al-Kubra",
            "Aleppo",
            "Army",
            "Rebels",
            4,
            2,
            6,
            "accepted",
        )
    ],
    agreements=[
        AgreementLine(
            1, "Local truce\nof Madaya", "local", "local", "in force", None, ("Mediator A",), True
        )
    ],
    statements=[StatementLine(1, "A spokesman", "Geneva", "the pause holds – “for now”", True)],
)


def _words(pdf: bytes) -> list[str]:
    return re.findall(r"\w+", " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages))


def test_markdown_cells_escape_bars_and_fold_line_breaks() -> None:
    md = to_markdown(REPORT)
    assert "| Events \\| shelling | 3 | 0 | new |" in md
    assert "| Local truce of Madaya (illustrative) | local | local |  | Mediator A |" in md
    assert md.endswith("- **A spokesman**, Geneva: “the pause holds – “for now””\n")


@pytest.mark.parametrize("fonts", ["system", "built-in"])
def test_the_pdf_holds_every_figure_row_and_statement(
    fonts: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    if fonts == "built-in":
        render_module = importlib.import_module("truce.report.render")
        monkeypatch.setattr(render_module, "UNICODE_FONTS", ())
    words = _words(to_pdf(REPORT))
    expected = "Monday shelling Urum Kubra Army Rebels Madaya illustrative Mediator spokesman"
    for word in [*expected.split(), "Geneva"]:
        assert word in words
    assert "None" in words and "recorded" in words  # the empty allegations section says so
