"""One ``truce import acled`` as the CLI runs it, reporting its own CPU and its children's:
``python -m bench.import_once DB CSV OUT.json``.

The import reads and checks a large file in a parsing process (:mod:`truce.ingest.feed`);
the kernel gives a parent the CPU time of the children it has waited for, so this process
can tell the writer's CPU (its own) from the parser's (its children's) and write both to
``OUT.json`` for bench_import.
"""

from __future__ import annotations

import json
import resource
import sys
from pathlib import Path

from truce.ingest import import_file
from truce.store.audit import cli_actor
from truce.store.db import make_engine


def main(db: Path, csv_path: Path, out: Path) -> None:
    engine = make_engine(f"sqlite:///{db}")
    report = import_file(engine, "acled", csv_path, actor=cli_actor())
    engine.dispose()
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    out.write_text(
        json.dumps(
            {
                "rows": report.created + report.updated + report.unchanged,
                "parent_cpu": own.ru_utime + own.ru_stime,
                "child_cpu": children.ru_utime + children.ru_stime,
            }
        ),
        encoding="utf-8",
    )


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]))
