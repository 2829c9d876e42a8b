"""Truce's web interface: server-rendered pages over the same functions as the API.

``router`` holds every page; ``truce.server.app.create_app`` includes it and serves
``static/`` (our scripts and styles, and the vendor files built by ``make web-assets``) at
``/static``. The router is imported on first use, so the page data modules can be used (and
tested) without the server's auth layer.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from fastapi import APIRouter

    router: APIRouter

__all__ = ["router"]


def __getattr__(name: str) -> Any:
    if name == "router":
        from truce.server.web.pages import router

        return router
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
