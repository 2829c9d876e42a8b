"""The ``truce`` command line: thin adapters over the library, one module per area.

The root group names every command here, by where it lives and the summary ``truce --help``
shows; a command's module is imported only when the command runs (:mod:`truce.cli.group`).
"""

from __future__ import annotations

import gc
import sys
from typing import Annotated

import typer

from truce import __version__
from truce.cli.group import CliState, Lazy, LazyGroup, out
from truce.config import ENV_DATABASE_URL

COMMANDS = (
    Lazy("init", "truce.cli.core:init",
         "Create the store, or bring its schema up to date (safe to run again)."),
    Lazy("import", "truce.cli.io:import_command",
         "Import FILE as records of KIND: every row is checked, and nothing is written unless "
         "all of them are valid (or --skip-invalid)."),
    Lazy("export", "truce.cli.export:export_command",
         "Export records in the formats the importers read; streamed, public records only "
         "unless --include-restricted."),
    Lazy("demo", "truce.cli.demo:demo",
         "Build the demo: the 2016 Syria scenario loaded through the importers into the --db "
         "store (a new SQLite file, or a PostgreSQL database), then print what was loaded."),
    Lazy("stats", "truce.cli.demo:stats",
         "Counts of every record kind; agreements by kind, scope, status and mediator with "
         "their rate per day; events by type and month."),
    Lazy("extract", "truce.cli.extract:extract_command",
         "Print the candidates found in each report (truce.extraction/1 JSON); no store "
         "needed."),
    Lazy("ingest", "truce.cli.ingest:ingest",
         "Store sources and their extraction candidates (the same text twice is a no-op)."),
    Lazy("health", "truce.cli.analyze:health_command",
         "Agreements and alleged violations over time, against the previous period, with a "
         "warning."),
    Lazy("near", "truce.cli.analyze:near_command",
         "Every event within --km kilometres and --hours hours of one event."),
    Lazy("cooccur", "truce.cli.analyze:cooccur_command",
         "Every pair of events within --km and --hours, and the ordered sequences (A then B)."),
    Lazy("assess", "truce.cli.assess:assess",
         "Weigh the competing claims about one attribute of an event (ACH): matrix, scores, "
         "ranking, confidence, grades, the claims that would change the conclusion, and the "
         "timeline."),
    Lazy("verify", "truce.cli.assess:verify",
         "Check words attributed to someone against their recorded statements: supported, "
         "contradicted, or no record, with the closest recorded words, their source and date."),
    Lazy("serve", "truce.cli.server:serve",
         "Serve the REST API (/api/v1, its OpenAPI document at /openapi.json) and the web "
         "interface."),
    Lazy("backup", "truce.cli.admin:backup",
         "Back up the store with a manifest (SHA-256, row counts, audit head)."),
    Lazy("restore", "truce.cli.admin:restore",
         "Restore a backup into an empty store, after checking its hash and audit chain."),
    Lazy("review", "truce.cli.review:review_app",
         "List extraction candidates, edit, accept or reject them."),
    Lazy("check", "truce.cli.analyze:check_app",
         "Check events against zones and deconfliction notifications."),
    Lazy("report", "truce.cli.report:report_app", "Reports built from the records."),
    Lazy("user", "truce.cli.admin:user_app",
         "Users: add, list, disable, enable, change passwords."),
    Lazy("token", "truce.cli.admin:token_app", "API tokens: create (shown once), list, revoke."),
    Lazy("audit", "truce.cli.admin:audit_app", "The tamper-evident audit trail."),
)  # fmt: skip


class Truce(LazyGroup):
    lazy = COMMANDS


app = typer.Typer(
    cls=Truce,
    help="Truce: monitor ceasefires and investigate the incidents that break them.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
    rich_markup_mode=None,  # plain help: rendering it with rich doubles `truce --help`'s start-up
)


def _version(value: bool) -> None:
    if value:
        out.print(f"truce {__version__}")
        raise typer.Exit()


@app.callback()
def main_callback(
    ctx: typer.Context,
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            envvar=ENV_DATABASE_URL,
            help="Database URL or SQLite file path (default: ~/.local/share/truce/truce.sqlite).",
        ),
    ] = None,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """Truce: monitor ceasefires and investigate the incidents that break them."""
    ctx.obj = CliState(database_url=db)
    if not gc.isenabled():  # run by main(): the command's module is imported by now
        gc.freeze()
        gc.enable()


def main() -> None:
    # Start-up only imports (modules, classes, the command's module): none of it is garbage,
    # so the collector is kept off until the command is loaded, and what was loaded is then
    # left out of its passes (gc.freeze: about 0.1 s less CPU for `truce ingest` of a report).
    gc.disable()
    try:
        app()
    finally:
        if "sqlalchemy" not in sys.modules:
            # A run that opened no store (``truce extract``) ends without the collector's last
            # passes over everything it loaded (a spaCy model: about 0.15 s of CPU at exit);
            # the objects are still freed, files flushed and exit handlers run.
            gc.freeze()
