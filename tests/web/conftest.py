"""A live Truce server and Debian's chromium for the browser tests.

The server (uvicorn, in a thread) runs on a free port over a temporary SQLite store loaded with
``web_seed``; every browser context blocks requests that leave localhost and the test fails if
a page attempted one. Screenshots go to ``test-artifacts/screenshots/`` (or
``$TRUCE_TEST_ARTIFACTS/screenshots``).
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser_support import Browsing, LiveServer, open_context
from web_seed import seed

from truce.config import sqlite_url
from truce.store.db import open_store

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--disable-quic"]  # fmt: skip


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    import uvicorn

    from truce.server.app import create_app

    engine = open_store(sqlite_url(tmp_path_factory.mktemp("web") / "truce.sqlite"))
    seeded = seed(engine)
    port = _free_port()
    config = uvicorn.Config(create_app(engine=engine), host="127.0.0.1", port=port,
                            log_level="warning", lifespan="off")  # fmt: skip
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="truce-web-test-server", daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the test server did not start within 30 s")
        time.sleep(0.05)
    yield LiveServer(f"http://127.0.0.1:{port}", engine, seeded)
    server.should_exit = True
    thread.join(timeout=10)
    engine.dispose()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing: apt-get install chromium (or `make system-test-deps`)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is in the dev extra")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def browsing(browser: Any, live_server: LiveServer) -> Iterator[Browsing]:
    browsing = open_context(browser, live_server)
    yield browsing
    browsing.context.close()
    assert browsing.blocked == [], f"pages tried to leave localhost: {browsing.blocked}"
