"""`truce ingest` on a folder of generated reports: documents per second, CPU, memory, start-up.

The folder is bench_extract's generated corpus cut at 0.62 MB (about 200 reports of 8–24
paragraphs, the folder issue 12 measured). Each run is a fresh store and a whole command, start-up
included, as a user waits for it:

- ``old``: the path before batching, kept here to compare in the same run — one process,
  each candidate written by its own ``records.create`` (a flush and an audit entry each);
- ``truce ingest DIR --jobs 1`` and ``--jobs 2``: eight reports a transaction, their sources
  in one batch and their candidates in another, extraction in worker processes with
  ``--jobs 2``;
- the floor, with no store: the same reports through ingest's own worker pool (``--jobs 1``
  and ``2``), and ``truce extract DIR --jobs 2`` — what ingest would reach with a free writer,
  run in each store's rounds so the ratio to it is taken under the same load;

on SQLite and, when ``TRUCE_BENCH_POSTGRES_URL`` (else ``TRUCE_TEST_POSTGRES_URL``) is set, on
PostgreSQL (a fresh schema per run). Then the writers alone on the same extracted reports, and
start-up: ``truce ingest`` on an empty folder and on one trivial report. Memory is each
process's own peak (bench/procs.py): the command's and its largest worker's; "flat" is checked by
ingesting twice the folder with ``--jobs 2``. Writes section ``ingest`` of bench/RESULTS.md
(``--no-write``: prints it).
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
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bench.bench_extract import corpus
from bench.common import machine, vacuum_catalogues, write_section
from bench.procs import measured

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
    ``records.create`` per candidate (old) against ingest's own writer, ``WRITE`` reports a
    transaction (now)."""
    from truce.extract.batch import read_report
    from truce.extract.gazcache import load_gazetteer
    from truce.extract.pipeline import extract
    from truce.extract.registry import Registry
    from truce.services.ingest import Extracted, store_many
    from truce.services.ingest_many import WRITE
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
            if name == "old":
                for title, text, doc in docs:
                    found["candidates"] += _old_write(engine, doc, title=title, text=text)
            else:
                reports = [Extracted(doc, text, None, title, None) for title, text, doc in docs]
                for first in range(0, len(reports), WRITE):
                    store_many(engine, reports[first : first + WRITE], actor="bench")
            found[name] = (time.process_time() - start) / len(docs)
            found[f"{name}_wall"] = (time.perf_counter() - wall) / len(docs)
            engine.dispose()
    found["candidates"] /= len(docs)
    found["parse"] = _parse_alone([text for _, text, _ in docs]) / len(docs)
    found["load"] = _load_alone()
    found["reports"] = len(docs)
    return found


def _load_alone(repeat: int = 3) -> float:
    """CPU seconds of making the parser ready in a new process (spaCy's import and the model's
    load, as extraction does them), beyond importing Truce's parse module: no sentence can be
    parsed before it, so on a folder it is the part of the wall time no second core shortens.
    The median of ``repeat`` pairs of runs."""
    bare = "import truce.extract.parse"
    ready = bare + "; truce.extract.parse.load_pipeline()"
    found = []
    for _ in range(repeat):
        without, with_ = (measured([sys.executable, "-c", code]) for code in (bare, ready))
        found.append(max(with_["cpu"] - without["cpu"], 0.0))
    return statistics.median(found)


def _parse_alone(texts: list[str]) -> float:
    """CPU seconds of the model's parse alone (spaCy's pipeline, loaded before timing) on the
    sentences extraction parses in ``texts``, as ingest's workers run it: the sentences of
    ``GROUP`` texts at a time in one ``nlp.pipe``. The part of extraction no change to Truce's
    own code can remove."""
    from truce.extract.parse import PARSE_BATCH, _one_blas_thread, _pipeline, flagged_sentences
    from truce.extract.segment import segment
    from truce.services.ingest_many import GROUP

    nlp = _pipeline()
    chosen: list[list[str]] = []
    for first in range(0, len(texts), GROUP):
        chosen.append([])
        for text in texts[first : first + GROUP]:
            _, sentences = segment(text)
            chosen[-1] += [text[s.start : s.end] for s in flagged_sentences(text, sentences)]
    start = time.process_time()
    with _one_blas_thread():
        for flagged in chosen:
            for _ in nlp.pipe(flagged, batch_size=PARSE_BATCH):
                pass
    return time.process_time() - start


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
    from truce.store.headschema import postgres_schema

    vacuum_catalogues(postgres_base() or "")
    with postgres_schema(postgres_base() or "", prefix="bench") as url:
        yield url


def extract_only(folder: Path, jobs: int) -> None:
    """The floor: the same reports through ingest's own worker pool (started as the command
    starts it, before the store's modules are imported; same registry, same window), the
    results dropped — everything ``truce ingest`` does but the store."""
    from collections import deque

    from truce.services.ingest_workers import start_workers

    files = sorted(folder.glob("*.txt"))
    with ExitStack() as stack:
        workers = start_workers(jobs, len(files))
        if workers is not None:
            stack.enter_context(workers)
        from truce.services.extracting import Actors
        from truce.services.ingest_many import WINDOW, _executor, read_reports

        submit, width = _executor(stack, Actors.of([]), jobs=jobs, scheduler=None,
                                  count=len(files), workers=workers)  # fmt: skip
        pending: deque[Any] = deque()
        for report in read_reports(files, published=None):
            pending.append(submit(report))
            while len(pending) > width * WINDOW:
                pending.popleft().result()
        while pending:
            pending.popleft().result()


MODES = {
    "old": "old (per record)",
    "1": "`truce ingest --jobs 1`",
    "2": "`truce ingest --jobs 2`",
    "x1": "extraction only, `--jobs 1`",
    "x2": "extraction only, `--jobs 2`",
    "cli2": "`truce extract --jobs 2`",
}
FLOOR = ("x1", "x2", "cli2")  # no store, but run in each backend's rounds: same load


def run(mode: str, folder: Path, backend: str, scratch: Path) -> dict[str, float]:
    me = [sys.executable, "-m", "bench.bench_ingest"]
    if mode in FLOOR:
        if mode == "cli2":
            return measured([*TRUCE, "extract", str(folder), "--jobs", "2"])
        return measured([*me, "--floor", str(folder), mode[1:]])
    with fresh_store(backend, scratch) as url:
        if mode == "old":
            return measured([*me, "--old", str(folder), url])
        return measured([*TRUCE, "--db", url, "ingest", str(folder), "--jobs", mode])


def median_of(runs: list[dict[str, float]]) -> dict[str, float]:
    found = {key: statistics.median(r[key] for r in runs) for key in runs[0]}
    found.update({key: max(r[key] for r in runs) for key in runs[0] if key.endswith("rss")})
    return found


TRIVIAL = "The minister spoke in Geneva on Tuesday.\n"  # no word flags it for the parse


def startup(backend: str, scratch: Path, repeat: int) -> dict[str, dict[str, float]]:
    """``truce ingest`` before the first report's work: an empty folder (refused), one
    trivial report into a new store (created and migrated), and into a store at the newest
    schema (the usual case)."""
    empty, one = scratch / "empty", scratch / "one"
    empty.mkdir(exist_ok=True)
    one.mkdir(exist_ok=True)
    (one / "report.txt").write_text(TRIVIAL)
    runs: dict[str, list[dict[str, float]]] = {"empty folder": [], "one report, new store": [],
                                               "one report, store at head": []}  # fmt: skip
    for _ in range(repeat):
        with fresh_store(backend, scratch) as url:
            command = [*TRUCE, "--db", url, "ingest"]
            runs["empty folder"].append(measured([*command, str(empty)], allow_failure=True))
            runs["one report, new store"].append(measured([*command, str(one)]))
        with fresh_store(backend, scratch) as url:
            subprocess.run([*TRUCE, "--db", url, "init"], check=True, stdout=subprocess.DEVNULL)
            runs["one report, store at head"].append(measured([*TRUCE, "--db", url, "ingest",
                                                               str(one)]))  # fmt: skip
    return {name: median_of(done) for name, done in runs.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs of each, for the median")
    parser.add_argument("--old-repeat", type=int, default=3, help="runs of the old path")
    parser.add_argument("--mb", type=float, default=FOLDER_MB, help="folder size (MB of text)")
    parser.add_argument("--no-write", action="store_true", help="print, leave RESULTS.md")
    parser.add_argument("--old", nargs=2, metavar=("DIR", "URL"), help=argparse.SUPPRESS)
    parser.add_argument("--floor", nargs=2, metavar=("DIR", "JOBS"), help=argparse.SUPPRESS)
    args, _ = parser.parse_known_args()
    if args.old:
        old_ingest(Path(args.old[0]), args.old[1])
        return
    if args.floor:
        extract_only(Path(args.floor[0]), int(args.floor[1]))
        return
    backends = ["sqlite", *(["postgres"] if postgres_base() else [])]
    rows: dict[tuple[str, str], dict[str, float]] = {}
    alone: dict[str, dict[str, float]] = {}
    starts: dict[str, dict[str, dict[str, float]]] = {}
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as scratch_name:
        scratch = Path(scratch_name)
        folder, double = scratch / "reports", scratch / "reports-x2"
        folder.mkdir()
        double.mkdir()
        count = write_folder(folder, args.mb)
        count2 = write_folder(double, args.mb, copies=2)
        subprocess.run([sys.executable, "-m", "truce.extract.gazcache"], check=True,
                       stdout=subprocess.DEVNULL)  # fmt: skip
        for backend in backends:
            modes = ["old", "1", "2", *FLOOR]
            # interleaved: each round runs every mode once, so load changes hit all alike
            runs: dict[str, list[dict[str, float]]] = {mode: [] for mode in modes}
            for round_ in range(max(args.repeat, args.old_repeat)):
                for mode in modes:
                    if round_ >= (args.old_repeat if mode == "old" else args.repeat):
                        continue
                    result = run(mode, folder, backend, scratch)
                    runs[mode].append(result)
                    said = f"{result['cpu']:.1f} s CPU, {result['rss']:.0f} MB"
                    print(f"{backend} {mode}: {count / result['wall']:.1f} docs/s, {said}",
                          flush=True)  # fmt: skip
            for mode, done in runs.items():
                rows[(backend, mode)] = median_of(done)
            rows[(backend, "2x")] = run("2", double, backend, scratch)
            alone[backend] = writers(folder, backend, scratch)
            starts[backend] = startup(backend, scratch, args.repeat)
    load_after = os.getloadavg()[0]
    body = "\n".join([
        *report(rows, count, args.mb, args.repeat, args.old_repeat),
        *memory_lines(rows, count, count2),
        "", *writers_lines(alone),
        "", *startup_lines(starts),
        "",
        f"Machine: {machine()}; load average {load_before:.1f} before and {load_after:.1f} "
        "after (the machine is shared: compare the ratios, measured in the same run).",
    ])  # fmt: skip
    if args.no_write:
        print(body)
    else:
        write_section("ingest", body)


def report(
    rows: dict[tuple[str, str], dict[str, float]], count: int, megabytes: float, repeat: int,
    old_repeat: int,
) -> list[str]:  # fmt: skip
    lines = [
        "## Ingest (`truce ingest DIR`)",
        "",
        f"{count} generated reports ({megabytes} MB, bench_extract's corpus), a fresh store "
        "per run, the whole command timed (start-up included). `old`: one `records.create` per "
        "candidate, as before batching. Extraction only: the same reports through ingest's "
        "own worker pool and registry with nothing stored (the floor ingest can reach), and "
        "`truce extract` (the demo's registry, JSON to /dev/null), run in each store's rounds so "
        "each ratio to the floor is taken under the same load. Median of "
        f"{repeat} interleaved runs (the old path: median of {old_repeat}, its speed varies most "
        "from run to run). CPU counts the command "
        "and its workers; MB is the peak resident size of the command and of its largest worker.",
        "",
        "| store | path | docs/s | wall s | CPU s | CPU ms/doc | command MB | worker MB "
        "| vs old | of floor (wall / CPU) |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for (backend, mode), row in rows.items():
        if mode == "2x":
            continue
        old = rows.get((backend, "old"))
        ratio = f"{old['wall'] / row['wall']:.1f}×" if old and mode not in FLOOR else "—"
        floor = rows.get((backend, f"x{mode}"))
        share = (
            f"{floor['wall'] / row['wall']:.0%} / {floor['cpu'] / row['cpu']:.0%}" if floor else "—"
        )
        worker = f"{row['worker_rss']:.0f}" if row["worker_rss"] else "—"
        lines.append(
            f"| {f'none ({backend} rounds)' if mode in FLOOR else backend} | {MODES[mode]} "
            f"| {count / row['wall']:.1f} "
            f"| {row['wall']:.1f} | {row['cpu']:.1f} | {row['cpu'] / count * 1000:.0f} "
            f"| {row['parent_rss']:.0f} | {worker} | {ratio} | {share} |"
        )
    for (backend, mode), old in rows.items():
        floor = rows.get((backend, "x2"))
        if mode == "old" and floor:
            lines.append(
                f"\nCeiling ({backend}): were the writer free, `--jobs 2` would run at the "
                f"extraction-only rate, {old['wall'] / floor['wall']:.1f}× the old path's "
                f"documents per second ({old['cpu'] / floor['cpu']:.1f}× less CPU)."
            )
    return lines


def memory_lines(
    rows: dict[tuple[str, str], dict[str, float]], count: int, count2: int
) -> list[str]:
    lines = []
    for (backend, mode), row in rows.items():
        if mode == "2x":
            base = rows[(backend, "2")]
            lines.append(
                f"\nMemory flat ({backend}, `--jobs 2`): on {count2} reports the command peaks "
                f"at {row['parent_rss']:.0f} MB and its largest worker at "
                f"{row['worker_rss']:.0f} MB, against {base['parent_rss']:.0f} and "
                f"{base['worker_rss']:.0f} MB on {count}."
                + (" (SQLite's page cache, up to 64 MB a connection, grows with the store.)"
                   if backend == "sqlite" else "")
            )  # fmt: skip
    return lines


def writers_lines(alone: dict[str, dict[str, float]]) -> list[str]:
    lines = [
        "The writers alone (the same extracted reports; ms per report, CPU / wall, extraction "
        "excluded):",
        "",
        "| store | candidates per report | old: one create each | now: ingest's writer "
        "| ratio (CPU) |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for backend, found in alone.items():
        lines.append(
            f"| {backend} | {found['candidates']:.0f} | {found['old'] * 1000:.1f} / "
            f"{found['old_wall'] * 1000:.1f} | {found['batch'] * 1000:.1f} / "
            f"{found['batch_wall'] * 1000:.1f} | {found['old'] / found['batch']:.1f}× |"
        )
    for backend, found in alone.items():
        least = found["parse"] + found["batch"]
        reports = found["reports"]
        fastest = reports / (found["load"] + reports * least / 2)
        lines.append(
            f"\nFloor ({backend}): the model's parse alone (spaCy's pipeline on the sentences "
            f"extraction parses, no Truce code) takes {found['parse'] * 1000:.1f} ms of CPU a "
            f"report, and ingest's writer {found['batch'] * 1000:.1f} ms: with both cores busy "
            f"all the time and no other work, ingest could store at most "
            f"{2 / least:.0f} reports/s. Before the first parse, the model must be ready "
            f"(spaCy's import and the model's load: {found['load']:.2f} s of CPU in a new "
            f"process), which no second core shortens: on these {reports} reports the whole "
            f"command could reach at most {fastest:.0f} reports/s."
        )
    return lines


def startup_lines(starts: dict[str, dict[str, dict[str, float]]]) -> list[str]:
    lines = [
        "Start-up: `truce ingest` with nothing to extract but one trivial report (no sentence "
        "the parse is needed for), median of the runs:",
        "",
        "| store | case | wall s | CPU s | peak MB |",
        "| --- | --- | ---: | ---: | ---: |",
    ]
    for backend, cases in starts.items():
        for case, row in cases.items():
            lines.append(
                f"| {backend} | {case} | {row['wall']:.2f} | {row['cpu']:.2f} | {row['rss']:.0f} |"
            )
    return lines


if __name__ == "__main__":
    main()
