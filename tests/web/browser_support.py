"""Browser test helpers: the live server's handle, guarded contexts, sign-in, screenshots."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import Engine
from web_seed import PASSWORD, Seeded

LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost"})
ARTIFACTS = Path(
    os.environ.get("TRUCE_TEST_ARTIFACTS", Path(__file__).parents[2] / "test-artifacts")
)


@dataclass
class LiveServer:
    url: str
    engine: Engine
    seeded: Seeded


@dataclass
class Browsing:
    """A browser context with the requests it tried to send off localhost."""

    context: Any
    blocked: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)


def open_context(browser: Any, server: LiveServer, **options: Any) -> Browsing:
    """A fresh context (no cookies) whose requests off localhost are blocked and recorded."""
    context = browser.new_context(base_url=server.url, **options)
    context.set_default_timeout(15_000)
    context.set_default_navigation_timeout(60_000)  # a first page on a busy machine can be slow
    browsing = Browsing(context)

    def guard(route: Any) -> None:
        if urlsplit(route.request.url).hostname in LOCAL_HOSTS:
            route.continue_()
        else:
            browsing.blocked.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    context.on("requestfailed", lambda request: browsing.failed.append(request.url))
    return browsing


def sign_in(page: Any, username: str, *, password: str = PASSWORD, next_path: str = "/") -> None:
    page.goto(f"/login?next={next_path}")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("form#login button[type=submit]")
    page.wait_for_url(lambda url: urlsplit(url).path == next_path)


def screenshot(page: Any, name: str) -> Path:
    folder = ARTIFACTS / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
