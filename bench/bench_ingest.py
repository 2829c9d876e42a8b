"""`truce ingest` on a folder of generated reports: documents per second, CPU and peak memory.

The folder is bench_extract's generated corpus cut at 0.62 MB (about 200 reports of 8–24
paragraphs, the folder issue 12 measured). Each run is a fresh store and a whole command, start-up
included, as a user waits for it:

- ``old``: the path before batching, kept here to compare in the same run — one process,
  each candidate written by its own ``records.create`` (a flush and an audit entry each);
- ``truce ingest DIR --jobs 1`` and ``--jobs 2``: candidates written in one batch per report,
  extraction in worker processes with ``--jobs 2``;

on SQLite and, when ``TRUCE_BENCH_POSTGRES_URL`` (else ``TRUCE_TEST_POSTGRES_URL``) is set, on
PostgreSQL (a fresh schema per run). Memory is the peak resident size of the command and its
workers; "flat" is checked by ingesting twice the folder with ``--jobs 2``. Writes section
``ingest`` of bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from bench.bench_extract import corpus
from bench.common import machine, write_section

if TYPE_CHECKING:
    from sqlalchemy import Engine

FOLDER_MB = 0.62
TRUCE = [str(Path(sys.executable).with_name("truce"))]


def write_folder(folder: Path, megabytes: float, *, copies: int = 1) -> int:
    """The generated reports as files (``copies`` > 1: the corpus again, each copy told apart
    by a line of its own so every text is new); how many were written."""
    count = 0
    for copy in range(copies):
        for index, (text, published) in enumerate(corpus(megabytes)):
            body = text if copy == 0 else f"{text}\nCopy {copy} of report {index}.\n"
            (folder / f"{published.isoformat()}-{copy}-{index:04d}.txt").write_text(body)
            count += 1
    return count


def old_ingest(folder: Path, url: str) -> None:
    """The ingest path before batching: extract, then one ``records.create`` per candidate."""
    from truce.extract.batch import read_report
    from truce.extract.gazcache import load_gazetteer
    from truce.extract.pipeline import extract
    from truce.store.db import make_engine, migrate
    from truce.store.registry import store_registry

    engine = make_engine(url)
    migrate(engine)
    registry, gazetteer = store_registry(engine), load_gazetteer()
    for path in sorted(folder.glob("*.txt")):
        page = read_report(path)
        doc = extract(page.text, published=None, registry=registry, gazetteer=gazetteer).to_json()
        _old_write(engine, doc, title=path.stem, text=page.text)
    engine.dispose()


def _old_write(engine: Engine, doc: dict[str, Any], *, title: str, text: str) -> int:
    """One report written as before batching; its number of candidates."""
    from truce.store import records
    from truce.store.candidates import ITEM_KINDS, stored_source
    from truce.store.db import transaction

    count = 0
    with transaction(engine) as session:
        if stored_source(session, doc["document"]["sha256"]) is not None:
            return 0
        values = {"kind": "news", "title": title, "text": text, "language": "en"}
        source = records.create(session, "sources", values, actor="bench")
        for key, kind in ITEM_KINDS:
            for item in doc[key]:
                span = item.get("span") or [None, None]
                row = {"source_id": source.id, "kind": kind, "payload": item,
                       "span_start": span[0], "span_end": span[1], "status": "pending",
                       "confidence": item.get("confidence")}  # fmt: skip
                records.create(session, "candidates", row, actor="bench")
                count += 1
    return count


def writers(folder: Path, backend: str, scratch: Path) -> dict[str, float]:
    """CPU (and wall) seconds per report of the two writers alone, on the same extracted
    reports (the database server's own work shows in the wall time only): one
    ``records.create`` per candidate (old) against one batch per report (now)."""
    from truce.extract.batch import read_report
    from truce.extract.gazcache import load_gazetteer
    from truce.extract.pipeline import extract
    from truce.extract.registry import Registry
    from truce.services.ingest import store_extracted
    from truce.store.db import make_engine, migrate

    registry, gazetteer = Registry.from_entries([]), load_gazetteer()
    docs = []
    for path in sorted(folder.glob("*.txt")):
        page = read_report(path)
        extracted = extract(page.text, published=None, registry=registry, gazetteer=gazetteer)
        docs.append((path.stem, page.text, extracted.to_json()))
    found: dict[str, float] = {"candidates": 0.0}
    for name in ("old", "batch"):
        with fresh_store(backend, scratch) as url:
            engine = make_engine(url)
            migrate(engine)
            start, wall = time.process_time(), time.perf_counter()
            for title, text, doc in docs:
                if name == "old":
                    found["candidates"] += _old_write(engine, doc, title=title, text=text)
                else:
                    store_extracted(engine, doc, text=text, published=None, title=title,
                                    url=None, actor="bench")  # fmt: skip
            found[name] = (time.process_time() - start) / len(docs)
            found[f"{name}_wall"] = (time.perf_counter() - wall) / len(docs)
            engine.dispose()
    found["candidates"] /= len(docs)
    return found


def measured(command: list[str]) -> dict[str, float]:
    """Wall seconds, CPU seconds (the command and its workers) and peak memory (MB)."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"{' '.join(command)} failed")
    return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "rss": usage.ru_maxrss / 1024}


def postgres_base() -> str | None:
    return os.environ.get("TRUCE_BENCH_POSTGRES_URL") or os.environ.get("TRUCE_TEST_POSTGRES_URL")


@contextmanager
def fresh_store(backend: str, scratch: Path) -> Iterator[str]:
    """A new empty store's URL: a SQLite file, or a PostgreSQL schema dropped afterwards."""
    if backend == "sqlite":
        path = scratch / f"{uuid.uuid4().hex[:8]}.sqlite"
        yield f"sqlite:///{path}"
        path.unlink(missing_ok=True)
        return
    from sqlalchemy import create_engine, text

    from truce.config import normalise_url

    base = normalise_url(postgres_base() or "")
    schema = f"bench_{uuid.uuid4().hex[:10]}"
    admin = create_engine(base)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    sep = "&" if "?" in base else "?"
    try:
        yield f"{base}{sep}options={quote(f'-csearch_path={schema}')}"
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def run(mode: str, folder: Path, backend: str, scratch: Path) -> dict[str, float]:
    with fresh_store(backend, scratch) as url:
        if mode == "old":
            command = [sys.executable, "-m", "bench.bench_ingest", "--old", str(folder), url]
        else:
            command = [*TRUCE, "--db", url, "ingest", str(folder), "--jobs", mode]
        return measured(command)


def median_of(runs: list[dict[str, float]]) -> dict[str, float]:
    return {
        "wall": statistics.median(r["wall"] for r in runs),
        "cpu": statistics.median(r["cpu"] for r in runs),
        "rss": max(r["rss"] for r in runs),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs of each, for the median")
    parser.add_argument("--old-repeat", type=int, default=1, help="runs of the old path")
    parser.add_argument("--old", nargs=2, metavar=("DIR", "URL"), help=argparse.SUPPRESS)
    args, _ = parser.parse_known_args()
    if args.old:
        old_ingest(Path(args.old[0]), args.old[1])
        return
    backends = ["sqlite", *(["postgres"] if postgres_base() else [])]
    rows: dict[tuple[str, str], dict[str, float]] = {}
    alone: dict[str, dict[str, float]] = {}
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as scratch_name:
        scratch = Path(scratch_name)
        folder, double = scratch / "reports", scratch / "reports-x2"
        folder.mkdir()
        double.mkdir()
        count = write_folder(folder, FOLDER_MB)
        count2 = write_folder(double, FOLDER_MB, copies=2)
        subprocess.run([sys.executable, "-m", "truce.extract.gazcache"], check=True,
                       stdout=subprocess.DEVNULL)  # fmt: skip
        for backend in backends:
            # interleaved: each round runs every mode once, so load changes hit all alike
            runs: dict[str, list[dict[str, float]]] = {"old": [], "1": [], "2": []}
            for round_ in range(max(args.repeat, args.old_repeat)):
                for mode in ("old", "1", "2"):
                    if mode == "old" and round_ >= args.old_repeat:
                        continue
                    if mode != "old" and round_ >= args.repeat:
                        continue
                    result = run(mode, folder, backend, scratch)
                    runs[mode].append(result)
                    rate = count / result["wall"]
                    said = f"{result['cpu']:.1f} s CPU, {result['rss']:.0f} MB"
                    print(f"{backend} {mode}: {rate:.1f} docs/s, {said}", flush=True)
            for mode, done in runs.items():
                rows[(backend, mode)] = median_of(done)
            rows[(backend, "2x")] = run("2", double, backend, scratch)
            alone[backend] = writers(folder, backend, scratch)
    load_after = os.getloadavg()[0]
    body = report(rows, count, count2, load_before, load_after, args.repeat)
    write_section("ingest", body.replace("<writers>", writers_lines(alone)))


def report(
    rows: dict[tuple[str, str], dict[str, float]], count: int, count2: int,
    load_before: float, load_after: float, repeat: int,
) -> str:  # fmt: skip
    lines = [
        "## Ingest (`truce ingest DIR`)",
        "",
        f"{count} generated reports ({FOLDER_MB} MB, bench_extract's corpus), a fresh store "
        "per run, the whole command timed (start-up included). `old`: one `records.create` per "
        "candidate, as before batching, in the same run. Median of "
        f"{repeat} interleaved runs (old: as given by --old-repeat); memory is the peak of the "
        "command and its workers.",
        "",
        "| store | path | docs/s | wall s | CPU s | peak MB | vs old |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for (backend, mode), row in rows.items():
        if mode == "2x":
            continue
        old = rows.get((backend, "old"))
        ratio = f"{old['wall'] / row['wall']:.1f}×" if old else "—"
        name = "old (per record)" if mode == "old" else f"`--jobs {mode}`"
        lines.append(
            f"| {backend} | {name} | {count / row['wall']:.1f} | {row['wall']:.1f} | "
            f"{row['cpu']:.1f} | {row['rss']:.0f} | {ratio} |"
        )
    for (backend, mode), row in rows.items():
        if mode == "2x":
            lines.append(
                f"\nMemory flat ({backend}): `--jobs 2` on {count2} reports peaks at "
                f"{row['rss']:.0f} MB against {rows[(backend, '2')]['rss']:.0f} MB on {count}."
            )
    lines += [
        "",
        "<writers>",
        "",
        f"Machine: {machine()}; load average {load_before:.1f} before and {load_after:.1f} "
        "after (the machine is shared: compare the ratios, measured in the same run).",
    ]
    return "\n".join(lines)


def writers_lines(alone: dict[str, dict[str, float]]) -> str:
    lines = [
        "The writers alone (the same extracted reports; ms per report, CPU / wall, extraction "
        "excluded):",
        "",
        "| store | candidates per report | old: one create each | now: one batch | ratio (CPU) |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for backend, found in alone.items():
        lines.append(
            f"| {backend} | {found['candidates']:.0f} | {found['old'] * 1000:.1f} / "
            f"{found['old_wall'] * 1000:.1f} | {found['batch'] * 1000:.1f} / "
            f"{found['batch_wall'] * 1000:.1f} | {found['old'] / found['batch']:.1f}× |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    main()
