from __future__ import annotations

from sqlalchemy import Engine, text

from truce.store import audit
from truce.store.db import transaction


def _write_three(engine: Engine) -> None:
    with transaction(engine) as session:
        for i in range(3):
            audit.append(
                session,
                actor="tester",
                action="create",
                record_kind="events",
                record_id=i,
                after={"n": i},
            )


def test_untouched_chain_verifies(engine: Engine) -> None:
    _write_three(engine)
    with transaction(engine) as session:
        report = audit.verify(session)
    assert report.ok and report.entries == 3


def test_edited_entry_is_found(engine: Engine) -> None:
    _write_three(engine)
    with engine.begin() as conn:
        conn.execute(text("UPDATE audit_log SET actor = 'mallory' WHERE seq = 2"))
    with transaction(engine) as session:
        report = audit.verify(session)
    assert [(p.seq, p.code) for p in report.problems] == [(2, "edited")]


def test_deleted_entry_is_found(engine: Engine) -> None:
    _write_three(engine)
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM audit_log WHERE seq = 2"))
    with transaction(engine) as session:
        codes = {p.code for p in audit.verify(session).problems}
    assert {"gap", "inserted-or-deleted"} <= codes


def test_truncation_is_found_against_a_recorded_head(engine: Engine) -> None:
    _write_three(engine)
    with transaction(engine) as session:
        head = audit.verify(session).head
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM audit_log WHERE seq = 3"))
    with transaction(engine) as session:
        codes = {p.code for p in audit.verify(session, expected_head=head).problems}
    assert codes == {"head-mismatch"}


def test_objects_with_members_given_as_text_read_as_encoding_them_whole() -> None:
    payloads = [{"b": [1, 2.5, None], "a": "é \u2028"}, None, {"x": {"k": 1}}, [], {}]
    rows = [
        {"id": n, "zz": True, "payload": payload, "aa": None, "extra": payload, "t": "x"}
        for n, payload in enumerate(payloads)
    ]
    texts: dict[str, list[str | None]] = {
        "payload": [None if p is None else audit._canonical(p) for p in payloads],
        "extra": [None if p is None else audit._canonical(p) for p in payloads],
    }
    texts["extra"][2] = None  # a value not given as text: the object is encoded whole
    rows.append({"id": 9, "payload": None})  # other keys: encoded whole
    texts = {key: [*made, None] for key, made in texts.items()}
    found = audit.canonical_objects(rows, texts)
    assert found == [audit._canonical(row) for row in rows]
    assert audit.canonical_objects(rows[:2], {"aa": [None, None], "zz": ["true", "true"]}) == [
        audit._canonical(row) for row in rows[:2]
    ]
