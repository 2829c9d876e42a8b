"""truce user add|list|disable|enable|passwd and truce token create|list|revoke."""

from __future__ import annotations

from sqlalchemy import Engine, select
from typer.testing import CliRunner

from truce.auth import users
from truce.cli import app
from truce.errors import Unauthorized
from truce.store.db import transaction
from truce.store.models import AuditEntry

runner = CliRunner()


def _run(url: str, *args: str, stdin: str | None = None) -> tuple[int, str]:
    result = runner.invoke(app, ["--db", url, *args], input=stdin)
    return result.exit_code, result.output


def test_users_are_added_listed_disabled_and_given_new_passwords(engine: Engine) -> None:
    url = engine.url.render_as_string(hide_password=False)
    code, output = _run(
        url,
        "user",
        "add",
        "amira",
        "--role",
        "analyst",
        "--password-stdin",
        stdin="first secret pass\n",
    )
    assert code == 0, output
    assert _run(url, "user", "list")[1].count("amira") == 1
    with transaction(engine) as session:
        assert users.authenticate(session, "amira", "first secret pass").role == "analyst"
    assert _run(url, "user", "passwd", "amira", "--password-stdin", stdin="second pass!\n")[0] == 0
    assert _run(url, "user", "disable", "amira")[0] == 0
    with transaction(engine) as session:
        try:
            users.authenticate(session, "amira", "second pass!")
        except Unauthorized:
            pass
        else:
            raise AssertionError("a disabled user signed in")
        actions = session.scalars(
            select(AuditEntry.action).where(AuditEntry.record_kind == "users")
        ).all()
        assert actions == ["create", "passwd", "disable"]
        assert all("password" not in str(e.after) for e in session.scalars(select(AuditEntry)))


def test_bad_user_commands_say_what_to_fix(engine: Engine) -> None:
    url = engine.url.render_as_string(hide_password=False)
    cases = [
        (["user", "add", "x", "--role", "boss", "--password-stdin"], "--role"),
        (["user", "add", "x", "--role", "liaison", "--password-stdin"], "--party"),
        (["user", "add", "x", "--role", "viewer", "--password-stdin"], "too short"),
        (["user", "disable", "ghost"], "no user named"),
    ]
    for args, fragment in cases:
        code, output = _run(url, *args, stdin="short\n")
        assert code == 2, output
        assert fragment in output


def test_a_token_is_printed_once_works_and_can_be_revoked(engine: Engine) -> None:
    url = engine.url.render_as_string(hide_password=False)
    _run(
        url, "user", "add", "bot", "--role", "viewer", "--password-stdin", stdin="long enough pw\n"
    )
    code, output = _run(url, "token", "create", "bot", "--name", "ci")
    assert code == 0, output
    token = next(line for line in output.splitlines() if line.startswith("truce_"))
    with transaction(engine) as session:
        assert users.user_for_token(session, token).username == "bot"
        token_id = users.list_tokens(session, "bot")[0].id
    assert _run(url, "token", "revoke", str(token_id))[0] == 0
    with transaction(engine) as session:
        try:
            users.user_for_token(session, token)
        except Unauthorized:
            return
    raise AssertionError("a revoked token still worked")
