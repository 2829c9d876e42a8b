"""How every CLI command prints what it found: ``--format table|json|csv`` and tables that fit.

* :func:`print_table` prints a rich table as it is when it fits the terminal (a little wrapping
  allowed), and otherwise one block per record (the first column's value as the block's
  heading, then ``column  value`` lines that wrap between words), so no cell is ever cut to
  "noti…". Key–value tables (two columns, or no header) wrap instead.
* :func:`emit` writes one result in the chosen format: JSON (a document), CSV (a header and one
  line per row) or the table, to the terminal or to ``--out``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console, Group, RenderableType
from rich.measure import Measurement
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from truce.analyze.output import plain, to_csv
from truce.cli.group import out
from truce.errors import InvalidInput

FORMATS = ("table", "json", "csv")
UNBOUNDED = 100_000  # a width no table reaches: measures a table's natural width

FormatOption = Annotated[
    str, typer.Option("--format", "-f", help="Output: table (the screen), json or csv.")
]
OutOption = Annotated[
    Path | None, typer.Option("--out", "-o", help="Write json or csv to this file.")
]


def check_format(fmt: str, allowed: tuple[str, ...] = FORMATS) -> None:
    if fmt not in allowed:
        raise InvalidInput(f"--format: {fmt!r} is not one of {', '.join(allowed)}")


def _height(table: Table, console: Console, width: int) -> int:
    return len(console.render_lines(table, console.options.update_width(width), pad=False))


def fits(table: Table, console: Console) -> bool:
    """Whether the table reads well at the console's width: no cell cut short (every column
    gets its longest word) and wrapping adds at most half again to its height. Key–value
    tables (two columns, or no header) always fit: they wrap."""
    if len(table.columns) <= 2 or not table.show_header:
        return True
    options = console.options.update_width(UNBOUNDED)
    measured = Measurement.get(console, options, table)
    if measured.maximum <= console.width:
        return True
    if measured.minimum > console.width:
        return False  # some column would be cut to "noti…"
    return _height(table, console, console.width) <= 1.5 * _height(table, console, UNBOUNDED)


def _plain(cell: RenderableType, console: Console) -> RenderableType:
    return console.render_str(cell) if isinstance(cell, str) else cell


def _is_empty(cell: RenderableType) -> bool:
    return (isinstance(cell, str) and not cell.strip()) or (
        isinstance(cell, Text) and not cell.plain.strip()
    )


def as_blocks(table: Table, console: Console) -> Group:
    """The table as one block per row: the first column as its heading, the rest as lines."""
    columns = table.columns
    headers = [_plain(c.header, console) for c in columns]
    cells = [list(c.cells) for c in columns]
    parts: list[RenderableType] = []
    if table.title:
        parts.append(Text(_text(_plain(table.title, console)), style="bold"))
    rows = max((len(c) for c in cells), default=0)
    for row in range(rows):
        first = cells[0][row] if row < len(cells[0]) else ""
        heading = Text.assemble((f"{_text(headers[0])}: ", "dim"), _text(first), style="bold")
        body = Table.grid(padding=(0, 2))
        body.add_column(style="dim", no_wrap=True)
        body.add_column(overflow="fold")
        for header, column in zip(headers[1:], cells[1:], strict=True):
            cell = column[row] if row < len(column) else ""
            if not _is_empty(cell):
                body.add_row(_text(header), _plain(cell, console))
        parts += [Text(""), heading, _indented(body)]
    if table.caption:
        parts += [Text(""), _plain(table.caption, console)]
    return Group(*parts)


def _text(cell: RenderableType) -> str:
    if isinstance(cell, Text):
        return cell.plain
    return str(cell)


def _indented(body: Table) -> Padding:
    return Padding(body, (0, 0, 0, 2))


def print_table(table: Table, *, console: Console | None = None) -> None:
    """Print ``table``, as blocks when it does not fit the terminal (see the module doc)."""
    console = console or out
    console.print(table if fits(table, console) else as_blocks(table, console), soft_wrap=False)


def emit(
    fmt: str,
    *,
    data: Callable[[], Any],
    rows: Callable[[], Iterable[Mapping[str, Any]]],
    table: Callable[[], None],
    output: Path | None = None,
) -> None:
    """Write JSON (``data()``), CSV (``rows()``) or call ``table`` to print; json and csv go
    to ``output`` when given, else to standard output."""
    check_format(fmt)
    if fmt == "table":
        if output is not None:
            raise InvalidInput("--out needs --format json or csv")
        table()
        return
    import json

    if fmt == "json":
        text = json.dumps(plain(data()), ensure_ascii=False, indent=2) + "\n"
    else:
        text = to_csv(rows())
    if output is None:
        typer.echo(text, nl=False)
        return
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(text, encoding="utf-8")
    out.print(f"wrote {output}")


def _cell(value: Any) -> Text:
    if value is None:
        return Text("")
    if isinstance(value, bool):
        return Text("yes" if value else "no")
    if isinstance(value, datetime):
        return Text(f"{value:%Y-%m-%d %H:%M}")
    return Text(str(value))


def emit_rows(
    fmt: str,
    rows: list[dict[str, Any]],
    *,
    title: str | None = None,
    empty: str = "Nothing to list.",
    output: Path | None = None,
) -> None:
    """A listing as a table (columns from the first row's keys), as JSON
    ``{"data": [...], "count": N}``, or as CSV."""

    def table() -> None:
        if not rows:
            out.print(empty)
            return
        grid = Table(title=title, title_justify="left")
        for name in rows[0]:
            grid.add_column(name.replace("_", " "))
        for row in rows:
            grid.add_row(*(_cell(v) for v in row.values()))
        print_table(grid)

    emit(
        fmt,
        data=lambda: {"data": rows, "count": len(rows)},
        rows=lambda: rows,
        table=table,
        output=output,
    )
