"""The compiled gazetteer, cached on disk so a short run does not rebuild it.

Compiling the packaged gazetteer (43,000 places, 177,000 names, one automaton) takes about
1.5 s of CPU; loading the compiled form takes about 0.15 s. The cache file lives in
``$TRUCE_CACHE_DIR``, else ``$XDG_CACHE_HOME/truce``, else ``~/.cache/truce``, and its name holds
a hash of the data files and of the code that turns names into keys, so an edited data file or
a new folding rule is compiled afresh rather than read stale. A cache that cannot be written
(a read-only home) only costs time. ``python -m truce.extract.gazcache`` compiles it ahead of
time (e.g. at install or in a container image).
"""

from __future__ import annotations

import functools
import hashlib
import os
import pickle
import tempfile
from importlib import resources
from pathlib import Path

from truce.extract.gazetteer import DATA_FILES, Gazetteer, Parts, compile_parts, read_rows

ENV_CACHE_DIR = "TRUCE_CACHE_DIR"
FORMAT = "1"
# The code that decides the keys and the automaton: a change here changes the compiled form.
CODE_FILES = ("fold.py", "gazetteer.py", "gazcache.py")


def cache_dir() -> Path:
    explicit = os.environ.get(ENV_CACHE_DIR)
    if explicit:
        return Path(explicit).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg).expanduser() if xdg else Path.home() / ".cache") / "truce"


def fingerprint() -> str:
    """A hash of the data files, the compiling code and the format (hex, 16 characters)."""
    digest = hashlib.sha256(FORMAT.encode())
    data, code = resources.files("truce.data"), resources.files("truce.extract")
    for name in DATA_FILES:
        digest.update(data.joinpath(name).read_bytes())
    for name in CODE_FILES:
        digest.update(code.joinpath(name).read_bytes())
    return digest.hexdigest()[:16]


def cache_path() -> Path:
    return cache_dir() / f"gazetteer-{fingerprint()}.pickle"


def _read(path: Path) -> Parts | None:
    try:
        with path.open("rb") as handle:
            parts = pickle.load(handle)  # our own file, named by the hash of what made it
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ValueError):
        return None
    return parts if isinstance(parts, Parts) else None


def _write(path: Path, parts: Parts) -> bool:
    """Write atomically (a temporary file renamed), so a reader never sees half a file."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, delete=False, suffix=".tmp") as handle:
            pickle.dump(parts, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(handle.name, path)
    except OSError:
        return False
    return True


def load_parts(*, use_cache: bool = True) -> Parts:
    """The compiled gazetteer: read from the cache when it is current, else compiled (and
    written to the cache for the next process)."""
    path = cache_path() if use_cache else None
    if path is not None and path.is_file():
        parts = _read(path)
        if parts is not None:
            return parts
    parts = compile_parts(read_rows())
    if path is not None:
        _write(path, parts)
    return parts


@functools.lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """The packaged gazetteer, once per process: from the compiled cache when it is current,
    else compiled from the data files (and cached for the next process)."""
    return Gazetteer.from_parts(load_parts())


def ensure_cache() -> None:
    """Compile and write the cache unless it is current (before starting worker processes)."""
    if not cache_path().is_file():
        _write(cache_path(), compile_parts(read_rows()))


def main() -> None:
    """Compile the cache now (``python -m truce.extract.gazcache``); prints its path."""
    import sys

    path = cache_path()
    parts = compile_parts(read_rows())
    if not _write(path, parts):
        sys.stderr.write(f"cannot write {path}\n")
        raise SystemExit(1)
    sys.stdout.write(f"{path}\n")


if __name__ == "__main__":
    main()
