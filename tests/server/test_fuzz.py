"""Fuzzing the API from its OpenAPI document (schemathesis): no operation answers 5xx, and every
answer matches the document (status listed, content type, body schema).

The app runs in-process over a small seeded SQLite store, called as the admin (a bearer token).
The budget is bounded and the run deterministic: a few generated examples per operation,
derandomized, no example database.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest

schemathesis = pytest.importorskip("schemathesis", reason="schemathesis is in the dev extra")

from hypothesis import HealthCheck, Phase, given, settings  # noqa: E402
from schemathesis.checks import not_a_server_error  # noqa: E402
from schemathesis.specs.openapi.checks import (  # noqa: E402
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from server_helpers import Api, make_api  # noqa: E402

from truce.config import sqlite_url  # noqa: E402
from truce.store import records  # noqa: E402
from truce.store.db import open_store, transaction  # noqa: E402

EXAMPLES_PER_OPERATION = 4
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


def _seed(api: Api) -> None:
    """One record of the main kinds, so ids 1 and 2 often exist."""
    with transaction(api.engine) as session:
        event = records.create(
            session,
            "events",
            {"event_date": date(2016, 9, 19), "event_type": "Battles", "latitude": 36.2,
             "longitude": 37.1, "actor1": "Party A", "notes": "a clash"},
            actor="test",
        )  # fmt: skip
        agreement = records.create(
            session, "agreements", {"name": "truce", "kind": "truce", "scope": "local"},
            actor="test",
        )  # fmt: skip
        records.create(session, "sources", {"title": "a report", "text": "Shelling."}, actor="t")
        records.create(
            session, "statements", {"speaker_name": "A. Speaker", "words": "we hold"}, actor="t"
        )
        records.create(
            session,
            "claims",
            {"event_id": event.id, "attribute": "weapon", "value": "artillery"},
            actor="t",
        )
        records.create(
            session, "violations", {"event_id": event.id, "agreement_id": agreement.id}, actor="t"
        )


@pytest.fixture(scope="module")
def fuzzed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Api]:
    engine = open_store(sqlite_url(tmp_path_factory.mktemp("fuzz") / "truce.sqlite"))
    api = make_api(engine)
    _seed(api)
    yield api
    engine.dispose()


def _fuzz(operation: Any, headers: dict[str, str]) -> None:
    @settings(
        max_examples=EXAMPLES_PER_OPERATION,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy())
    def run(case: Any) -> None:
        case.call_and_validate(headers=headers, checks=CHECKS)

    run()


def test_no_operation_answers_5xx_or_strays_from_its_schema(fuzzed: Api) -> None:
    # schemathesis' own pytest loader does not work with pytest 9, so the operations are
    # walked here, each fuzzed by hypothesis with a fixed budget.
    schema = schemathesis.openapi.from_asgi("/openapi.json", fuzzed.client.app)
    failures: dict[str, str] = {}
    operations = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1
        try:
            _fuzz(operation, fuzzed.as_("admin"))
        except (Exception, BaseExceptionGroup) as failure:  # collected, reported together below
            failures[operation.label] = str(failure)[:2000]
    assert operations > 50
    assert failures == {}, "\n\n".join(f"{k}: {v}" for k, v in failures.items())
