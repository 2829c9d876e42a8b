"""The compiled gazetteer cache: written once, read back, rebuilt when missing or unreadable."""

from __future__ import annotations

from pathlib import Path

import pytest

from truce.extract import gazcache
from truce.extract.gazetteer import Gazetteer


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(gazcache.ENV_CACHE_DIR, str(tmp_path))
    return tmp_path


def test_the_first_load_writes_the_cache_and_the_next_reads_it(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    built = gazcache.load_parts()
    assert gazcache.cache_path().parent == cache and gazcache.cache_path().is_file()

    def no_compiling(rows: object) -> None:
        raise AssertionError("compiled again although the cache is current")

    monkeypatch.setattr(gazcache, "compile_parts", no_compiling)
    read = gazcache.load_parts()
    assert read.names == built.names and read.rows == built.rows
    aleppo = Gazetteer.from_parts(read).lookup("Aleppo")
    assert any(p.country == "SYR" for p in aleppo)


def test_an_unreadable_cache_file_is_compiled_afresh(cache: Path) -> None:
    path = gazcache.cache_path()
    path.write_bytes(b"not a pickle")
    parts = gazcache.load_parts()
    assert parts.names and gazcache._read(path) is not None


def test_the_cache_name_follows_the_data_and_code(cache: Path) -> None:
    assert gazcache.cache_path().name == f"gazetteer-{gazcache.fingerprint()}.pickle"
    assert len(gazcache.fingerprint()) == 16


def test_a_cache_that_cannot_be_written_only_costs_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("a file where the cache folder would be")
    monkeypatch.setenv(gazcache.ENV_CACHE_DIR, str(blocker / "truce"))
    assert gazcache.load_parts().names
