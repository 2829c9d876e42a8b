"""The record reference (docs/records.md), generated from the models.

``python -m truce.store.reference > docs/records.md`` rewrites it; a test fails when it is stale.
"""

from __future__ import annotations

import inspect as pyinspect
import sys

from truce.store.models import Base

HEADER = """# Truce records

Generated from the store's models by `python -m truce.store.reference > docs/records.md`; the
test suite fails when this file is out of date. Controlled values are listed in
`src/truce/vocab.py`; file formats in docs/formats.md.
"""


def render() -> str:
    parts = [HEADER]
    mappers = sorted(Base.registry.mappers, key=lambda m: m.class_.__name__)
    by_table = {m.class_.__tablename__: m for m in mappers}
    for name in sorted(by_table):
        mapper = by_table[name]
        table = Base.metadata.tables[name]
        doc = mapper.class_.__dict__.get("__doc__") or ""
        doc = pyinspect.cleandoc(doc) if doc else ""
        parts.append(f"\n## `{table.name}` ({mapper.class_.__name__})\n")
        if doc:
            parts.append(f"\n{doc}\n")
        parts.append("\n| field | type | null | notes |\n|---|---|---|---|\n")
        for column in table.columns:
            notes = []
            if column.primary_key:
                notes.append("primary key")
            for fk in column.foreign_keys:
                notes.append(f"→ {fk.target_fullname}")
            if column.unique:
                notes.append("unique")
            null = "yes" if column.nullable else "no"
            parts.append(f"| {column.name} | {column.type} | {null} | {', '.join(notes)} |\n")
    return "".join(parts)


def main() -> None:
    sys.stdout.write(render())


if __name__ == "__main__":
    main()
