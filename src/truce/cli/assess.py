"""CLI commands: assess (competing hypotheses about an event), verify (attributed statements)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import RenderableType
from rich.table import Table

from truce.analyze.assess.export import assessment_csv, assessment_dict
from truce.analyze.claimreview import Reviewer, assessment_claimreviews, verification_claimreview
from truce.analyze.verify.export import verification_csv, verification_dict
from truce.cli.assess_tables import assessment_tables, verification_table
from truce.cli.common import engine, err, out
from truce.cli.output import print_table
from truce.days import parse_day
from truce.errors import InvalidInput
from truce.services.analyses import assess_incident, verify_attribution
from truce.vocab import CLAIM_ATTRIBUTES

FORMATS = ("table", "json", "csv", "claimreview")

Format = Annotated[
    str, typer.Option("--format", "-f", help=f"Output: one of {', '.join(FORMATS)}.")
]
Output = Annotated[
    Path | None, typer.Option("--out", "-o", help="Write to this file instead of the screen.")
]
Org = Annotated[
    str, typer.Option("--org", help="Reviewing organisation named in ClaimReview output.")
]
OrgUrl = Annotated[
    str | None, typer.Option("--org-url", help="The organisation's web address (ClaimReview).")
]
ReviewUrl = Annotated[
    str | None, typer.Option("--url", help="Where the review is published (ClaimReview url).")
]


def _check_format(fmt: str) -> None:
    if fmt not in FORMATS:
        raise InvalidInput(f"--format {fmt!r}: use one of {', '.join(FORMATS)}")


def _emit(body: RenderableType, output: Path | None) -> None:
    if output is None:
        if isinstance(body, str):
            out.print(body, markup=False)
        elif isinstance(body, Table):
            print_table(body)  # one block per row when the table does not fit
        else:
            out.print(body, soft_wrap=False)
        return
    if not isinstance(body, str):
        raise InvalidInput("--out: the table format is for the screen; use json or csv")
    output.write_text(body if body.endswith("\n") else body + "\n", encoding="utf-8")
    err.print(f"Wrote {output}")


def _dump(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)


def assess(
    ctx: typer.Context,
    event: Annotated[str, typer.Argument(help="The event's id or external id.")],
    attribute: Annotated[
        str | None,
        typer.Option(
            "--attribute",
            "-a",
            help=f"One of {', '.join(CLAIM_ATTRIBUTES)} (default: the most claimed).",
        ),
    ] = None,
    save: Annotated[
        bool, typer.Option("--save", help="Store the assessment as a record (audited).")
    ] = False,
    user: Annotated[str, typer.Option("--user", help="Who assesses (record and audit).")] = "cli",
    fmt: Format = "table",
    output: Output = None,
    org: Org = "Truce",
    org_url: OrgUrl = None,
    url: ReviewUrl = None,
) -> None:
    """Weigh the competing claims about one attribute of an event (ACH): matrix, scores,
    ranking, confidence, grades, the claims that would change the conclusion, and the timeline."""
    _check_format(fmt)
    saver = user if save else None
    result = assess_incident(engine(ctx), event, attribute=attribute, save_as=saver)
    if save:
        err.print(f"Saved as assessment {result.record_id}")
    if fmt == "json":
        _emit(_dump(assessment_dict(result)), output)
    elif fmt == "csv":
        _emit(assessment_csv(result), output)
    elif fmt == "claimreview":
        reviewer = Reviewer(name=org, url=org_url)
        _emit(_dump(assessment_claimreviews(result, reviewer=reviewer, url=url)), output)
    else:
        for part in assessment_tables(result):
            _emit(part, output)


def verify(
    ctx: typer.Context,
    words: Annotated[str, typer.Argument(help="The attributed words, in quotes.")],
    speaker: Annotated[
        str,
        typer.Option(
            "--speaker",
            "-s",
            help="Who they are attributed to: a name, an alias or a role "
            '("the Russian foreign minister", resolved on --around).',
        ),
    ],
    around: Annotated[
        str | None,
        typer.Option("--around", help="Date the words were said, YYYY-MM-DD (default: any)."),
    ] = None,
    days: Annotated[
        int, typer.Option("--days", help="Window: statements within this many days of --around.")
    ] = 3,
    lexical: Annotated[
        bool,
        typer.Option(
            "--lexical",
            help="Word overlap only, without the embedding model (used anyway, and said so, "
            "when no model is installed).",
        ),
    ] = False,
    fmt: Format = "table",
    output: Output = None,
    org: Org = "Truce",
    org_url: OrgUrl = None,
    url: ReviewUrl = None,
    appearance: Annotated[
        str | None,
        typer.Option("--appearance", help="Where the attribution appeared (URL, ClaimReview)."),
    ] = None,
) -> None:
    """Check words attributed to someone against their recorded statements: supported,
    contradicted, or no record, with the closest recorded words, their source and date."""
    _check_format(fmt)
    day = parse_day(around, "--around")
    result = verify_attribution(
        engine(ctx), words, speaker=speaker, around=day, days=days, lexical=lexical
    )
    if fmt == "json":
        _emit(_dump(verification_dict(result)), output)
    elif fmt == "csv":
        _emit(verification_csv(result), output)
    elif fmt == "claimreview":
        review = verification_claimreview(
            result,
            reviewer=Reviewer(name=org, url=org_url),
            published=date.today(),
            url=url,
            appearance=appearance,
        )
        _emit(_dump(review), output)
    else:
        _emit(verification_table(result), output)
    if result.fallback and fmt == "table":
        out.print(f"Note: {result.fallback}", markup=False)
