"""CLI commands: users and tokens, the audit trail, backup and restore."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from truce.auth import users
from truce.cli.common import engine, err, new_typer, out, state
from truce.cli.output import FormatOption, OutOption, check_format, emit_rows
from truce.config import normalise_url
from truce.errors import AuditBroken, InvalidInput
from truce.store import audit
from truce.store.audit import cli_actor
from truce.store.backup import backup as make_backup
from truce.store.backup import read_manifest
from truce.store.backup import restore as run_restore
from truce.store.db import transaction
from truce.store.sealcheck import check_records
from truce.vocab import ROLES

user_app = new_typer("Users: add, list, disable, enable, change passwords.")
token_app = new_typer("API tokens: create (shown once), list, revoke.")
audit_app = new_typer("The tamper-evident audit trail.")


def _password(*, from_stdin: bool, prompt: str = "Password") -> str:
    if from_stdin:
        line = sys.stdin.readline().rstrip("\r\n")
        if not line:
            raise InvalidInput("--password-stdin: standard input had no password line")
        return line
    return str(typer.prompt(prompt, hide_input=True, confirmation_prompt=True))


@user_app.command("add")
def user_add(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="The new user's name (no spaces).")],
    role: Annotated[str, typer.Option("--role", "-r", help=f"One of: {', '.join(ROLES)}.")],
    party: Annotated[
        str | None,
        typer.Option("--party", help="A liaison's party: an actor's id or exact name."),
    ] = None,
    password_stdin: Annotated[
        bool,
        typer.Option(
            "--password-stdin", help="Read the password from standard input's first line."
        ),
    ] = False,
) -> None:
    """Add a user (the password is asked for, hidden, unless --password-stdin)."""
    if role not in ROLES:
        raise InvalidInput(f"--role: {role!r} is not one of {', '.join(ROLES)}")
    password = _password(from_stdin=password_stdin)
    with transaction(engine(ctx)) as session:
        user = users.add_user(
            session, name, role=role, password=password, party=party, actor=cli_actor()
        )
        out.print(f"Added user {user.username} ({user.role}), id {user.id}")


@user_app.command("list")
def user_list(ctx: typer.Context, fmt: FormatOption = "table", output: OutOption = None) -> None:
    """Every user with role, party, state and live token count."""
    check_format(fmt)
    with transaction(engine(ctx)) as session:
        found = users.list_users(session)
    rows = [
        {
            "id": u.id,
            "user": u.username,
            "role": u.role,
            "party": u.party,
            "active": u.active,
            "tokens": u.tokens,
            "created": u.created_at,
        }
        for u in found
    ]
    emit_rows(fmt, rows, empty="No users yet: add one with `truce user add NAME --role ROLE`.",
              output=output)  # fmt: skip


@user_app.command("disable")
def user_disable(
    ctx: typer.Context, name: Annotated[str, typer.Argument(help="The user to disable.")]
) -> None:
    """Disable a user: password, sessions and tokens stop working at once."""
    with transaction(engine(ctx)) as session:
        users.disable_user(session, name, actor=cli_actor())
    out.print(f"Disabled {name}")


@user_app.command("enable")
def user_enable(
    ctx: typer.Context, name: Annotated[str, typer.Argument(help="The user to enable again.")]
) -> None:
    """Enable a disabled user."""
    with transaction(engine(ctx)) as session:
        users.enable_user(session, name, actor=cli_actor())
    out.print(f"Enabled {name}")


@user_app.command("passwd")
def user_passwd(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="Whose password to change.")],
    password_stdin: Annotated[
        bool,
        typer.Option(
            "--password-stdin", help="Read the password from standard input's first line."
        ),
    ] = False,
) -> None:
    """Change a user's password (their open sessions end)."""
    password = _password(from_stdin=password_stdin, prompt="New password")
    with transaction(engine(ctx)) as session:
        users.set_password(session, name, password, actor=cli_actor())
    out.print(f"Changed the password of {name}")


@token_app.command("create")
def token_create(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="The user the token acts as.")],
    label: Annotated[str, typer.Option("--name", help="A label for the token.")] = "api",
) -> None:
    """Issue an API token; it is printed once and only its hash is kept."""
    with transaction(engine(ctx)) as session:
        row, token = users.create_token(session, name, name=label, actor=cli_actor())
        token_id = row.id
    err.print(f"Token {token_id} for {name} (shown once; send as Authorization: Bearer …):")
    out.print(token)


@token_app.command("list")
def token_list(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="Whose tokens to list.")],
    fmt: FormatOption = "table",
    output: OutOption = None,
) -> None:
    """A user's tokens (ids, labels, last use; never the tokens themselves)."""
    check_format(fmt)
    with transaction(engine(ctx)) as session:
        rows = [
            {
                "id": t.id,
                "label": t.name,
                "created": t.created_at,
                "last_used": t.last_used,
                "revoked": t.revoked,
            }
            for t in users.list_tokens(session, name)
        ]
    emit_rows(fmt, rows, empty=f"{name} has no tokens.", output=output)


@token_app.command("revoke")
def token_revoke(
    ctx: typer.Context, token_id: Annotated[int, typer.Argument(help="The token's id.")]
) -> None:
    """Revoke an API token (it stops working at once)."""
    with transaction(engine(ctx)) as session:
        users.revoke_token(session, token_id, actor=cli_actor())
    out.print(f"Revoked token {token_id}")


@audit_app.command("verify")
def audit_verify(
    ctx: typer.Context,
    head: Annotated[
        str | None,
        typer.Option("--head", help="The head hash recorded earlier: also detects truncation."),
    ] = None,
) -> None:
    """Check the hash chain, then re-hash every record against its newest audited write;
    report each edited, inserted or deleted entry and record (exit 1 if any)."""
    with transaction(engine(ctx)) as session:
        report = audit.verify(session, expected_head=head)
        records = check_records(session)
    for problem in report.problems:
        err.print(f"entry {problem.seq}: {problem.code}: {problem.message}", markup=False)
    for found in records.problems:
        err.print(f"{found.kind} {found.record_id}: {found.code}: {found.message}", markup=False)
    if records.problem_count > len(records.problems):
        err.print(f"… and {records.problem_count - len(records.problems)} more records")
    if report.ok and records.ok:
        out.print(
            f"Audit log intact: {report.entries} entries, head {report.head}; "
            f"{records.checked} records match their audited writes"
        )
        return
    raise AuditBroken(
        f"the audit log has {len(report.problems)} problem(s) in {report.entries} entries; "
        f"{records.problem_count} of {records.checked} records do not match their audited "
        "writes"
    )


@audit_app.command("head")
def audit_head(ctx: typer.Context) -> None:
    """Print the newest entry's hash, to keep elsewhere and check later with --head."""
    with transaction(engine(ctx)) as session:
        report = audit.verify(session)
    out.print(report.head)


def backup(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="The backup file to write (a zip).")],
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format", help="sqlite (SQLite's default) or jsonl (PostgreSQL's; portable)."
        ),
    ] = None,
) -> None:
    """Back up the store with a manifest (SHA-256, row counts, audit head)."""
    manifest = make_backup(engine(ctx), file, fmt=fmt)
    rows = sum(manifest.counts.values())
    out.print(
        f"Wrote {file}: {rows} rows in {len(manifest.counts)} tables, "
        f"{manifest.audit_entries} audit entries, head {manifest.audit_head[:16]}…"
    )


def restore(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="The backup file to restore.", exists=True)],
) -> None:
    """Restore a backup into an empty store, after checking its hash and audit chain."""
    manifest = read_manifest(file)
    url = normalise_url(state(ctx).settings.database_url)
    run_restore(file, url)
    out.print(
        f"Restored {file} ({manifest.created}, {manifest.audit_entries} audit entries) into {url}"
    )
