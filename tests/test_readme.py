"""Every Truce command in the README's ``sh`` blocks runs as printed against the demo store and
prints the words its comment quotes.

A line such as ``.venv/bin/truce --db ~/.local/share/truce/demo.sqlite stats    # "651 local
agreements"`` is run with the demo store built for this session as its ``--db``, through the
installed ``truce`` script beside this Python, without a terminal (80 columns); it must exit 0,
and every ``"quoted"`` part of its comment must appear in what it prints.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

README = Path(__file__).resolve().parents[1] / "README.md"
COMMANDS = (".venv/bin/truce ", "truce ")
SCRIPT = Path(sys.executable).with_name("truce")


@dataclass(frozen=True)
class Example:
    line: int
    args: list[str]
    expected: list[str]


def readme_examples(text: str) -> list[Example]:
    """The Truce commands of the README's ``sh`` blocks (continued lines joined)."""
    examples: list[Example] = []
    in_block, pending, start = False, "", 0
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip().startswith("```"):
            in_block = line.strip() == "```sh" and not in_block
            continue
        if not in_block:
            continue
        if not pending:
            start = number
        pending += line.rstrip("\\").rstrip() + " " if line.endswith("\\") else line
        if line.endswith("\\"):
            continue
        command, comment = _split(pending)
        pending = ""
        if command.startswith(COMMANDS):
            args = shlex.split(command)[1:]
            examples.append(Example(start, args, re.findall(r'"([^"]+)"', comment)))
    return examples


def _split(line: str) -> tuple[str, str]:
    """A shell line's command and its trailing ``# comment``."""
    parts = re.split(r"\s+#\s", line, maxsplit=1)
    return parts[0].strip(), parts[1] if len(parts) > 1 else ""


EXAMPLES = readme_examples(README.read_text(encoding="utf-8"))


def test_the_readme_has_examples_to_run_on_the_store_make_run_builds() -> None:
    assert len(EXAMPLES) >= 5
    makefile = (README.parent / "Makefile").read_text(encoding="utf-8")
    built = re.search(r"^DB\s*\?=\s*\$\(HOME\)/(\S+)$", makefile, re.M)
    assert built is not None, "the Makefile's DB default moved"
    for example in EXAMPLES:
        assert example.args[:2] == ["--db", f"~/{built.group(1)}"], f"README.md:{example.line}"


@pytest.mark.slow
@pytest.mark.parametrize("example", EXAMPLES, ids=lambda e: f"README.md:{e.line}")
def test_a_readme_example_runs_as_printed(example: Example, demo_store: Path) -> None:
    if not SCRIPT.is_file():
        pytest.skip(f"the truce script is not installed beside {sys.executable}")
    args = ["--db", str(demo_store), *example.args[2:]]  # the session's demo store
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "TRUCE_DATABASE_URL")}
    done = subprocess.run(
        [str(SCRIPT), *args], capture_output=True, text=True, env=env, timeout=300, check=False
    )
    printed = done.stdout + done.stderr
    assert done.returncode == 0, f"README.md:{example.line} exited {done.returncode}:\n{printed}"
    for words in example.expected:
        assert words in printed, f"README.md:{example.line}: {words!r} not printed:\n{printed}"
