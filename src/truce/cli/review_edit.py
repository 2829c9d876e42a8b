"""CLI command: ``truce review edit ID`` changes a pending candidate before it is accepted."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from truce.cli.common import engine, out
from truce.days import parse_day
from truce.extract import load_gazetteer
from truce.services.review import edit_candidate
from truce.store.candidate_edits import CandidateEdit, candidate_matches
from truce.store.candidates import event_day
from truce.store.models import Source


def edit(
    ctx: typer.Context,
    candidate: Annotated[int, typer.Argument(help="Candidate id (from `truce review`).")],
    day: Annotated[str | None, typer.Option("--date", help="The day, YYYY-MM-DD.")] = None,
    place: Annotated[
        str | None, typer.Option("--place", help="A gazetteer name ('' clears the place).")
    ] = None,
    lat: Annotated[float | None, typer.Option("--lat", help="Latitude (with --lon).")] = None,
    lon: Annotated[float | None, typer.Option("--lon", help="Longitude (with --lat).")] = None,
    actor1: Annotated[
        str | None, typer.Option("--actor1", help="First actor (a statement's speaker).")
    ] = None,
    actor2: Annotated[str | None, typer.Option("--actor2", help="Second actor.")] = None,
    event_type: Annotated[str | None, typer.Option("--type", help="ACLED event type.")] = None,
    sub_type: Annotated[
        str | None, typer.Option("--sub-type", help="ACLED sub-event type.")
    ] = None,
    fatalities: Annotated[int | None, typer.Option("--fatalities", help="Best count.")] = None,
    words: Annotated[
        str | None, typer.Option("--words", help="An event's text; a statement's quote.")
    ] = None,
    user: Annotated[str, typer.Option("--user", help="Who edits (audit trail).")] = "cli",
) -> None:
    """Change a pending candidate (date, place, actors, type, fatalities, words); audited."""
    change = CandidateEdit(
        date=parse_day(day, "--date"), place=place, latitude=lat, longitude=lon,
        actor1=actor1, actor2=actor2,
        event_type=event_type, sub_event_type=sub_type, fatalities=fatalities, words=words,
    )  # fmt: skip
    row = edit_candidate(engine(ctx), candidate, change, actor=user)
    out.print(f"Candidate {candidate} edited (version {row.version}): accept it with "
              f"`truce review accept {candidate}`")  # fmt: skip


def hints(session: Any, candidate: Any) -> list[str]:
    """What a pending event candidate still needs before ``accept``: a date, or a choice between
    merging into the events it matches and creating a new one."""
    if candidate.status != "pending" or candidate.kind != "event":
        return []
    source = session.get(Source, candidate.source_id)
    if event_day(candidate.payload, source.published if source else None) is None:
        return [f"needs a date: truce review edit {candidate.id} --date YYYY-MM-DD"]
    found = candidate_matches(session, candidate, gazetteer=load_gazetteer())
    if not found:
        return []
    ids = ", ".join(f"#{e.id}" for e in found)
    return [f"matches event {ids} (same day, type and place): truce review accept "
            f"{candidate.id} --merge-into {found[0].id}, or --new"]  # fmt: skip
