"""Datasette's application for ``uvicorn --workers N``: the server benchmark's Datasette peer.

``datasette serve`` runs one uvicorn process around ``Datasette(...).app()``, with no option for
more processes nor to stop its log line per request; this module builds the same application
(the file from ``BENCH_DATASETTE_DB`` opened immutable, the settings from
``BENCH_DATASETTE_SETTINGS`` as JSON) so that uvicorn can run it in one worker process or
several, as ``truce serve --workers N`` runs Truce.
"""

from __future__ import annotations

import json
import os

from datasette.app import Datasette

_datasette = Datasette(
    immutables=[os.environ["BENCH_DATASETTE_DB"]],
    settings=json.loads(os.environ.get("BENCH_DATASETTE_SETTINGS", "{}")),
)
app = _datasette.app()
