"""`make bench`: every benchmark area in turn (or those named: python -m bench.run import)."""

from __future__ import annotations

import importlib
import sys

AREAS = ("bench_import", "bench_extract", "bench_ingest", "bench_analyze", "bench_server")


def main(argv: list[str]) -> None:
    wanted = argv or list(AREAS)
    for area in wanted:
        name = area if area.startswith("bench_") else f"bench_{area}"
        try:
            module = importlib.import_module(f"bench.{name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"bench.{name}":
                print(f"skip {name}: not written yet")
                continue
            raise
        print(f"== {name}")
        module.main()


if __name__ == "__main__":
    main(sys.argv[1:])
