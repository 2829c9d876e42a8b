"""How files name records: by external id, else ``KIND:ID`` with the record's Truce id.

Records point at each other by external id, the way the importers read them (``sources`` of a
claim, ``event`` of a violation); a record that has none (a source stored by ``truce ingest``,
say) is named ``KIND:ID``, e.g. ``source:12``.
"""

from __future__ import annotations


def reference(kind: str, external_id: str | None, record_id: int) -> str:
    """How an export names a record: its external id, else ``KIND:ID``."""
    return external_id if external_id else f"{kind}:{record_id}"
