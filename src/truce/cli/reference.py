"""The CLI reference (docs/cli.md), generated from the CLI itself.

``python -m truce.cli.reference > docs/cli.md`` rewrites it; a test fails when it is stale or
when a command has no help text.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from typing import Any

import typer
from typer._click.core import Command, Context
from typer.core import TyperGroup

from truce.cli import app

HEADER = """# Truce command-line reference

Generated from the CLI itself by `python -m truce.cli.reference > docs/cli.md`; the test suite
fails when this file is out of date. Every command also answers `--help`.
"""


def walk(command: Command, path: tuple[str, ...]) -> Iterator[tuple[tuple[str, ...], Command]]:
    """Every command under ``command`` (loading each lazily registered one), by name."""
    yield path, command
    if isinstance(command, TyperGroup):
        ctx = Context(command, info_name=path[-1])
        for name in sorted(command.list_commands(ctx)):
            found = command.get_command(ctx, name)
            if found is not None:
                yield from walk(found, (*path, name))


def _param_line(param: Any) -> str:
    names = " / ".join(param.opts + param.secondary_opts) if param.opts else param.name
    help_text = (getattr(param, "help", None) or "").strip().replace("\n", " ")
    kind = "argument" if param.param_type_name == "argument" else "option"
    required = " (required)" if getattr(param, "required", False) else ""
    return f"- `{names}` — {kind}{required}. {help_text}".rstrip()


def render(app: typer.Typer) -> str:
    root = typer.main.get_command(app)
    parts = [HEADER]
    for path, command in walk(root, ("truce",)):
        ctx = Context(command, info_name=path[-1])
        usage = " ".join(command.collect_usage_pieces(ctx))
        title = " ".join(path)
        parts.append(f"\n## `{title}`\n")
        parts.append(f"\n{(command.help or '').strip()}\n")
        parts.append(f"\n```\n{title} {usage}\n```\n")
        params = [p for p in command.params if p.name not in {"help"}]
        if params:
            parts.append("\n" + "\n".join(_param_line(p) for p in params) + "\n")
    return "".join(parts)


def commands_without_help(app: typer.Typer) -> list[str]:
    root = typer.main.get_command(app)
    return [" ".join(path) for path, cmd in walk(root, ("truce",)) if not (cmd.help or "").strip()]


def main() -> None:
    sys.stdout.write(render(app))


if __name__ == "__main__":
    main()
