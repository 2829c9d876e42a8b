"""CLI commands: serve (the API and the web interface, with uvicorn)."""

from __future__ import annotations

import os
from typing import Annotated

import typer

from truce.auth.demo import DEMO_USER, ensure_demo_user
from truce.cli.common import engine, err, out, state
from truce.config import ENV_DATABASE_URL
from truce.errors import InvalidInput, MissingDependency
from truce.store.audit import cli_actor


def check_port(host: str, port: int) -> None:
    """Refuse, in one line and before anything is printed, an address Truce cannot listen on:
    a port another program holds, or a host that is not this machine's."""
    import errno
    import socket

    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as error:
        raise InvalidInput(
            f"--host {host}: not an address to listen on ({error.strerror})"
        ) from None
    family, kind, proto, _, address = found[0]
    with socket.socket(family, kind, proto) as probe:
        # As uvicorn does, so that a server stopped a moment ago does not count as busy.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as error:
            if error.errno == errno.EADDRINUSE:
                raise InvalidInput(
                    f"port {port} on {host} is already in use: pass another with --port "
                    f"(e.g. --port {port + 1 if port < 65535 else 8080})"
                ) from None
            raise InvalidInput(f"cannot listen on {host}:{port}: {error.strerror}") from None


def serve(
    ctx: typer.Context,
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port.", min=1, max=65535)] = 8000,
    workers: Annotated[
        int, typer.Option("--workers", help="Worker processes (one per core suits).", min=1)
    ] = 1,
    demo_login: Annotated[
        bool,
        typer.Option(
            "--demo-login",
            help="Create or reset the user 'demo' (analyst) with a fresh random password and "
            "print it with the URL.",
        ),
    ] = False,
    log_level: Annotated[
        str, typer.Option("--log-level", help="uvicorn's log level: warning, info, debug.")
    ] = "info",
) -> None:
    """Serve the REST API (/api/v1, its OpenAPI document at /openapi.json) and the web interface."""
    try:
        import fastapi  # noqa: F401  # the app's framework, checked before anything starts
        import uvicorn
    except ImportError:
        raise MissingDependency(
            "truce serve needs the server extra: pip install 'truce[server]' (make install has it)"
        ) from None

    check_port(host, port)  # before the URL is printed or the demo password reset
    eng = engine(ctx)  # migrates the store before the workers start
    url = f"http://{'localhost' if host in ('127.0.0.1', '0.0.0.0') else host}:{port}/"
    if demo_login:
        password = ensure_demo_user(eng, actor=cli_actor())
        out.print(f"Truce at {url}  ·  sign in as {DEMO_USER} / {password}")
    else:
        out.print(f"Truce at {url}  (API: {url}api/v1, OpenAPI: {url}openapi.json)")
    eng.dispose()
    os.environ[ENV_DATABASE_URL] = state(ctx).settings.database_url
    err.print("Press Ctrl+C to stop.")
    uvicorn.run(
        "truce.server.app:app_from_environment",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level=log_level,
        proxy_headers=False,
    )
