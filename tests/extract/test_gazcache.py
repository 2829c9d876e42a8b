"""The compiled gazetteer cache: written once, read back, rebuilt when missing or unreadable."""

from __future__ import annotations

from pathlib import Path

import pytest

from truce.extract import gazcache
from truce.extract.fold import match_text
from truce.extract.gazetteer import Gazetteer, Parts, compile_parts, read_rows


@pytest.fixture(scope="module")
def compiled() -> Parts:
    """The packaged rows compiled once for the module (each compile takes about a second)."""
    return compile_parts(read_rows())


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, compiled: Parts) -> Path:
    monkeypatch.setenv(gazcache.ENV_CACHE_DIR, str(tmp_path))
    monkeypatch.setattr(gazcache, "compile_parts", lambda rows: compiled)
    gazcache.load_gazetteer.cache_clear()
    yield tmp_path
    gazcache.load_gazetteer.cache_clear()


def test_the_first_load_writes_the_cache_and_the_next_reads_it(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    gazcache.load_gazetteer()
    assert gazcache.cache_path().parent == cache and gazcache.cache_path().is_file()
    assert gazcache.automaton_path(gazcache.cache_path()).is_file()

    def no_compiling(rows: object) -> None:
        raise AssertionError("compiled again although the cache is current")

    monkeypatch.setattr(gazcache, "compile_parts", no_compiling)
    gazcache.load_gazetteer.cache_clear()
    aleppo = gazcache.load_gazetteer().lookup("Aleppo")
    assert any(p.country == "SYR" for p in aleppo)


def test_the_cache_file_gives_what_the_compiled_gazetteer_gives(
    cache: Path, compiled: Parts
) -> None:
    memory = Gazetteer.from_parts(compiled)
    stored = gazcache.load_gazetteer()
    text = match_text("Shelling hit Aleppo's al-Sukkari district and the Damascus–Homs road, "
                      "near Deir ez-Zor; Russian jets flew from Hmeimim, Syria.")  # fmt: skip
    assert list(stored.automaton.iter_long(text)) == list(memory.automaton.iter_long(text))
    for key in ("aleppo", "syria", "russian", "deir ez-zor", "no such place"):
        assert stored.by_name.get(key) == memory.by_name.get(key)
        assert stored.adjectives.get(key) == memory.adjectives.get(key)
        assert (key in stored.lower_keys) == (key in memory.lower_keys)
    assert len(stored.by_name) == len(memory.by_name)
    assert stored.arabic_names == memory.arabic_names


def test_an_unreadable_cache_file_is_compiled_afresh(cache: Path) -> None:
    path = gazcache.cache_path()
    path.write_bytes(b"not a database")
    assert gazcache.open_cache(path) is None
    assert gazcache.load_gazetteer().lookup("Aleppo")
    assert gazcache.open_cache(path) is not None


def test_the_cache_name_follows_the_data_and_code(cache: Path) -> None:
    assert gazcache.cache_path().name == f"gazetteer-{gazcache.fingerprint()}.sqlite"
    assert len(gazcache.fingerprint()) == 16


def test_a_cache_that_cannot_be_written_only_costs_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, compiled: Parts
) -> None:
    monkeypatch.setattr(gazcache, "compile_parts", lambda rows: compiled)
    blocker = tmp_path / "file"
    blocker.write_text("a file where the cache folder would be")
    monkeypatch.setenv(gazcache.ENV_CACHE_DIR, str(blocker / "truce"))
    gazcache.load_gazetteer.cache_clear()
    try:
        assert gazcache.load_gazetteer().lookup("Aleppo")
    finally:
        gazcache.load_gazetteer.cache_clear()


def test_a_new_cache_removes_those_of_other_versions_only(cache: Path) -> None:
    stale = [
        cache / "gazetteer-0123456789abcdef.sqlite",
        cache / "gazetteer-0123456789abcdef.automaton",
    ]
    for old in stale:
        old.write_bytes(b"compiled by another version")
    unrelated = cache / "notes.txt"
    unrelated.write_text("not a cache file")
    gazcache.load_gazetteer()
    path = gazcache.cache_path()
    assert path.is_file() and gazcache.automaton_path(path).is_file()
    assert not any(old.exists() for old in stale) and unrelated.exists()


def test_a_stale_cache_that_cannot_be_removed_is_left(cache: Path) -> None:
    stuck = cache / "gazetteer-fedcba9876543210.sqlite"
    stuck.mkdir()  # removing it as a file fails, as another user's file would
    assert gazcache.load_gazetteer().lookup("Aleppo")
    assert gazcache.cache_path().is_file() and stuck.is_dir()


def test_the_answers_kept_stay_bounded_and_right(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    keys = gazcache.load_gazetteer().lower_keys
    assert isinstance(keys, gazcache.StoredKeys)
    words = ["aleppo", "said", "idlib", "homs", "the", "hama", "daraa", "aleppo", "said"]
    monkeypatch.setattr(gazcache, "_ANSWERS_KEPT", 3)
    keys.db._answers.clear()
    for word in words:
        asked = bool(keys.db.query("SELECT 1 FROM lower_key WHERE key = ?", (word,)))
        assert (word in keys) is asked
        assert len(keys.db._answers) <= 3
