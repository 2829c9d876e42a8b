"""Many reports at once: worker processes extract, one writer stores, a stored report is
skipped, and the audit trail vouches for every candidate written in a batch."""

import multiprocessing
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select, text

from truce import processes
from truce.config import sqlite_url
from truce.errors import InvalidInput, WorkerLost
from truce.extract.batch import default_registry
from truce.services import ingest_many
from truce.services.ingest_many import ingest_files
from truce.store import audit
from truce.store.db import make_engine, migrate, transaction
from truce.store.models import Candidate, Source
from truce.store.sealcheck import check_records

HERE = Path(__file__).resolve().parents[1] / "extract"
REPORTS = {
    "a.txt": "Government aircraft struck a market in Douma on Monday, killing 12 civilians.",
    "b.txt": "Rebels shelled Aleppo yesterday, the monitor said. Two children were wounded.",
    "c.txt": "Russian jets bombed a hospital in Idlib on Sunday, killing at least five people.",
}
DAY = date(2016, 9, 21)
CAN_FORK = "fork" in multiprocessing.get_all_start_methods()
FORK = multiprocessing.get_context("fork") if CAN_FORK else None


@pytest.fixture
def folder(tmp_path: Path) -> list[Path]:
    files = []
    for name, words in REPORTS.items():
        path = tmp_path / name
        path.write_text(words + "\n", encoding="utf-8")
        files.append(path)
    return files


def _entries():
    return default_registry(HERE / "actors.yaml").entries


def _stored(engine) -> list[tuple[str, list[tuple[str, int | None]]]]:
    with transaction(engine) as session:
        sources = session.scalars(select(Source).order_by(Source.id)).all()
        return [
            (
                s.title,
                [
                    (c.kind, c.span_start)
                    for c in session.scalars(
                        select(Candidate).where(Candidate.source_id == s.id).order_by(Candidate.id)
                    )
                ],
            )
            for s in sources
        ]


@pytest.mark.parametrize("forked", [True, False], ids=["forked-ready", "each-loads"])
def test_two_workers_store_what_one_process_stores(engine, folder, tmp_path, monkeypatch, forked):
    # Forked ready from this process, or (as where the platform cannot fork, or another thread
    # runs: the test runner's own) each worker loading what it needs.
    monkeypatch.setattr(processes, "fork_context", lambda: FORK if forked else None)
    alone = make_engine(sqlite_url(tmp_path / "one.sqlite"))
    migrate(alone)
    list(ingest_files(alone, folder, published=DAY, actor="t", entries=_entries()))
    two = list(ingest_files(engine, folder, published=DAY, actor="t", entries=_entries(), jobs=2))
    assert [i.path for i in two] == [str(f) for f in folder]  # in file order
    assert all(i.result.created for i in two) and sum(i.result.candidates for i in two) > 3
    assert _stored(engine) == _stored(alone)
    with transaction(engine) as session:
        assert audit.verify(session).ok and check_records(session).ok


def test_a_stored_report_is_skipped_without_extracting_it(engine, folder, monkeypatch):
    first = list(ingest_files(engine, folder[:2], published=DAY, actor="t", entries=_entries()))

    def no_extraction(reports, actors):
        raise AssertionError(f"{[r.path for r in reports]} extracted again")

    monkeypatch.setattr(ingest_many, "extract_reports", no_extraction)
    again = list(ingest_files(engine, folder[:2], published=DAY, actor="t", entries=_entries()))
    assert [(i.result.source_id, i.result.candidates) for i in again] == [
        (i.result.source_id, i.result.candidates) for i in first
    ]
    assert not any(i.result.created for i in again)


def test_a_report_that_cannot_be_read_stops_the_run_before_anything_is_stored(engine, folder):
    (folder[0].parent / "bad.txt").write_bytes(b"\xff\xfe not text")
    files = [*folder, folder[0].parent / "bad.txt"]
    with pytest.raises(InvalidInput, match=r"bad\.txt: not UTF-8"):
        list(ingest_files(engine, files, published=DAY, actor="t", entries=_entries(), jobs=2))
    assert _stored(engine) == []


def test_a_candidate_edited_behind_truces_back_is_reported(engine, folder):
    list(ingest_files(engine, folder, published=DAY, actor="t", entries=_entries(), jobs=2))
    with transaction(engine) as session:
        target = session.scalars(select(Candidate.id).order_by(Candidate.id.desc())).first()
        session.execute(
            text("UPDATE candidates SET status = 'accepted' WHERE id = :id"), {"id": target}
        )
    with transaction(engine) as session:
        assert audit.verify(session).ok  # the chain itself is untouched
        found = check_records(session)
    assert [(p.kind, p.record_id, p.code) for p in found.problems] == [
        ("candidates", target, "record-edited")
    ]


def _counting_reads(monkeypatch) -> dict[str, int]:
    reads: dict[str, int] = {}
    real = ingest_many.read_report

    def counted(path):
        reads[path.name] = reads.get(path.name, 0) + 1
        return real(path)

    monkeypatch.setattr(ingest_many, "read_report", counted)
    return reads


def test_each_file_is_read_once_when_the_folder_fits(engine, folder, monkeypatch):
    reads = _counting_reads(monkeypatch)
    done = list(ingest_files(engine, folder, published=DAY, actor="t", entries=_entries()))
    assert all(item.result.created for item in done)
    assert reads == dict.fromkeys(REPORTS, 1)


def test_files_past_what_the_check_keeps_are_read_again(engine, folder, monkeypatch, tmp_path):
    alone = make_engine(sqlite_url(tmp_path / "kept.sqlite"))
    migrate(alone)
    list(ingest_files(alone, folder, published=DAY, actor="t", entries=_entries()))
    monkeypatch.setattr(ingest_many, "KEPT", len(REPORTS["a.txt"]) + 1)  # only a.txt is kept
    reads = _counting_reads(monkeypatch)
    list(ingest_files(engine, folder, published=DAY, actor="t", entries=_entries()))
    assert reads == {"a.txt": 1, "b.txt": 2, "c.txt": 2}
    assert _stored(engine) == _stored(alone)


def _command(store: str, *args: str) -> subprocess.CompletedProcess[str]:
    """``truce --db store ingest ARGS`` in a fresh interpreter (one thread: it may fork), with
    the extractor modules it imported printed last."""
    code = (
        "import sys\nfrom truce.cli import main\n"
        f"sys.argv = ['truce', '--db', {store!r}, 'ingest', *{list(args)!r}]\n"
        "try:\n    main()\nfinally:\n"
        "    print('|', ' '.join(m for m in ('spacy', 'sqlalchemy') if m in sys.modules))"
    )
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)


@pytest.mark.skipif(not CAN_FORK, reason="this platform cannot fork")
def test_the_commands_workers_load_the_parser_and_it_stores_what_one_process_stores(
    folder, tmp_path
):
    stores = {jobs: f"sqlite:///{tmp_path / f'{jobs}.sqlite'}" for jobs in ("1", "2")}
    for jobs, store in stores.items():
        done = _command(store, str(folder[0].parent), "--published", str(DAY), "--jobs", jobs)
        assert done.returncode == 0, done.stderr
        imported = done.stdout.rsplit("|", 1)[1].split()
        # With workers, the parser is loaded in them only: this process just writes.
        assert imported == (["spacy", "sqlalchemy"] if jobs == "1" else ["sqlalchemy"])
    one, two = (make_engine(store) for store in stores.values())
    assert _stored(two) == _stored(one) and len(_stored(two)) == len(folder)
    with transaction(two) as session:
        assert audit.verify(session).ok and check_records(session).ok


@pytest.mark.skipif(not CAN_FORK, reason="this platform cannot fork")
def test_a_store_that_cannot_be_opened_stops_the_command_and_its_workers(folder, tmp_path):
    (tmp_path / "notes.sqlite").write_text("not a database\n" * 100)
    done = _command(f"sqlite:///{tmp_path / 'notes.sqlite'}", str(folder[0].parent), "--jobs", "2")
    assert done.returncode != 0 and "notes.sqlite" in done.stdout + done.stderr
    assert (tmp_path / "notes.sqlite").read_text() == "not a database\n" * 100


def _dies(reports, actors):
    os._exit(3)


@pytest.mark.skipif(not CAN_FORK, reason="this platform cannot fork")
def test_a_worker_lost_stops_the_run_with_a_clear_error(engine, folder, monkeypatch):
    monkeypatch.setattr(processes, "fork_context", lambda: FORK)
    monkeypatch.setattr(ingest_many, "extract_reports", _dies)
    with pytest.raises(WorkerLost, match=r"a\.txt: a worker process ended .* resumes"):
        list(ingest_files(engine, folder, published=DAY, actor="t", entries=_entries(), jobs=2))
    assert _stored(engine) == []
