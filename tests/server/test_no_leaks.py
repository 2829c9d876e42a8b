"""No reading route shows a canary to anyone who may not see it.

The routes come from the app itself (every API and web route, so a new endpoint is covered
without editing this test); each GET, and each POST that only reads, is called as every role,
as liaisons of two parties and anonymously, with path parameters filled with the ids and
external ids of canary and public records and query parameters with dates covering the data,
every choice of each enumerated parameter (formats json, csv, md, html, pdf…) and the markers
as search words. A body (PDF: its text) or header holding a marker the caller may not see
fails the test.
"""

from __future__ import annotations

import asyncio
import io
import typing
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from typing import Any
from urllib.parse import quote, quote_plus

import httpx
from canaries import DAY, MARKERS, SEES, Seeded, seed
from fastapi import routing
from fastapi.routing import APIRoute
from pydantic import BaseModel
from sqlalchemy import Engine

from truce.server.app import create_app
from truce.store.models import RECORD_KINDS

# POSTs that read only (everything else that is not a GET writes and is left out).
READING_POSTS = frozenset({"/api/v1/verify", "/verify"})
FIXED = {"since": "2016-01-01", "until": "2016-12-31", "date": DAY.isoformat(),
         "at": DAY.isoformat(), "around": DAY.isoformat(), "bbox": "30,30,45,45",
         "km": "50", "hours": "72", "margin_hours": "24", "limit": "1000"}  # fmt: skip
NEUTRAL_WORDS = "we will hold the ceasefire"


def _routes(app: Any) -> list[APIRoute]:
    flatten = getattr(routing, "_iter_included_route_candidates", lambda routes: routes)
    found = [r for r in flatten(app.routes) if isinstance(r, APIRoute)]
    return [r for r in found if "GET" in r.methods or r.path in READING_POSTS]


def _choices(annotation: Any) -> list[str]:
    """The values of a Literal (or an Enum), also inside Optional."""
    if typing.get_origin(annotation) is typing.Literal:
        return [str(a) for a in typing.get_args(annotation)]
    for arg in typing.get_args(annotation):
        found = _choices(arg)
        if found:
            return found
    members = getattr(annotation, "__members__", None)
    return [str(m.value) for m in members.values()] if members else []


def _kind_of(path: str, name: str) -> str | None:
    stem = name.removesuffix("_id")
    if f"{stem}s" in RECORD_KINDS:
        return f"{stem}s"
    before = path.split("{" + name + "}")[0].rstrip("/").rsplit("/", 1)[-1]
    return before if before in RECORD_KINDS else None


def _path_values(route: APIRoute, seeded: Seeded) -> Iterator[dict[str, str]]:
    combos: list[dict[str, str]] = [{}]
    for param in route.dependant.path_params:
        choices = _choices(param.field_info.annotation)
        if not choices:
            kind = _kind_of(route.path, param.alias)
            kinds = [kind] if kind else list(RECORD_KINDS)
            ids = sorted({i for k in kinds for i in seeded.ids.get(k, [])})
            choices = [str(i) for i in ids] + [x for k in kinds for x in seeded.external.get(k, [])]
        combos = [c | {param.alias: v} for c in combos for v in choices]
    yield from combos


def _query_variants(route: APIRoute, seeded: Seeded) -> list[dict[str, str]]:
    base: dict[str, str] = {}
    variants: list[dict[str, str]] = []
    for param in route.dependant.query_params:
        name, annotation = param.alias, param.field_info.annotation
        choices = _choices(annotation)
        if name in FIXED:
            base[name] = FIXED[name]
        elif name == "q":
            variants += [{name: m} for m in MARKERS.values()]
        elif name in ("actor", "mediator", "speaker"):
            variants += [{name: n} for n in seeded.actor_names]
        elif name == "kind" and not choices:
            variants += [{name: k} for k in RECORD_KINDS]
        elif annotation is bool or bool in typing.get_args(annotation):
            variants.append({name: "true"})
        variants += [{name: c} for c in choices]
    return [base] + [base | v for v in variants]


def _body(route: APIRoute) -> dict[str, Any] | None:
    field = route.body_field
    model = getattr(field, "type_", None) or getattr(field.field_info, "annotation", None)
    if not (isinstance(model, type) and issubclass(model, BaseModel)):
        return None
    body: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        if info.annotation is str or str in typing.get_args(info.annotation):
            body[name] = NEUTRAL_WORDS if name != "speaker" else "Public speaker"
        elif date in typing.get_args(info.annotation) or info.annotation is date:
            body[name] = DAY.isoformat()
    return body


def _text(response: Any, sent: list[str]) -> str:
    """The body (a PDF's text) and headers, lower-cased, without the caller's own words
    (``sent``: an id or a search word echoed back is not a leak)."""
    if response.headers.get("content-type", "").startswith("application/pdf"):
        from pypdf import PdfReader

        reader = PdfReader(io.BytesIO(response.content))
        words = " ".join(page.extract_text() or "" for page in reader.pages)
    else:
        words = response.content.decode("utf-8", "replace")
    headers = " ".join(f"{k}: {v}" for k, v in response.headers.items())
    text = f"{words} {headers}".lower()
    for echoed in sent:
        for form in (echoed, quote(echoed), quote_plus(echoed)):
            text = text.replace(form.lower(), "")
    return text


def _calls(app: Any, seeded: Seeded) -> Iterator[tuple[str, str, str, dict[str, str], Any]]:
    for route in _routes(app):
        method = "GET" if "GET" in route.methods else "POST"
        body = _body(route) if method == "POST" else None
        for path_values in _path_values(route, seeded):
            url = route.path.format(**path_values)
            for query in _query_variants(route, seeded):
                yield route.path, method, url, query, body


def test_no_route_shows_a_record_to_someone_who_may_not_see_it(engine: Engine) -> None:
    seeded = seed(engine)
    app = create_app(engine=engine)
    headers = {
        label: {"Authorization": f"Bearer {token}"} for label, token in seeded.tokens.items()
    }
    headers["anonymous"] = {}
    leaks: list[str] = []
    example: dict[str, str] = {}
    shown: dict[str, set[str]] = {role: set() for role in SEES}

    def look(role: str, template: str, call: str, sent: list[str], answer: Any) -> None:
        """Note each marker ``answer`` shows ``role``; a leak when the role may not see it."""
        text = _text(answer, sent)
        for secret, marker in MARKERS.items():
            if marker not in text:
                continue
            shown[role].add(secret)
            if answer.headers.get("content-type", "").startswith("application/pdf"):
                shown["pdf"] = {"read"}
            if secret not in SEES[role]:
                leaks.append(f"{template} as {role} shows {secret}")
                example.setdefault(leaks[-1], call)

    async def walk() -> None:
        # The app called in this event loop (no test client thread to hop to and back for
        # each of several thousand calls).
        transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
        async with httpx.AsyncClient(
            transport=transport, base_url="http://testserver", follow_redirects=True
        ) as client:
            for template, method, url, query, body in _calls(app, seeded):
                url_words = [v for v in url.split("/") if any(m in v for m in MARKERS.values())]
                sent = [*url_words, *query.values(), *map(str, (body or {}).values())]
                for role, auth in headers.items():
                    answer = await client.request(
                        method, url, params=query, json=body, headers=auth
                    )
                    assert answer.status_code < 500, f"{role} {method} {url} {query}: {answer.text}"
                    look(role, f"{method} {template}", f"{url} {query}", sent, answer)

    # In a thread of its own: a test before this one in the process (the browser's) may have
    # left an event loop running in this one.
    with ThreadPoolExecutor(1) as thread:
        thread.submit(asyncio.run, walk()).result()
    found = [f"{leak} (e.g. {example[leak]})" for leak in sorted(set(leaks))]
    assert not leaks, f"{len(leaks)} leaks:\n" + "\n".join(found)
    # The test can see a leak: those allowed to see the canaries were shown each of them.
    assert shown["admin"] == set(MARKERS)
    assert shown["monitor"] == {"restricted"}
    assert shown["liaison_a"] == {"shared"}
    assert "pdf" in shown  # a PDF's text was read
    paths = app.openapi()["paths"]
    assert all(path in {r.path for r in _routes(app)} for path in paths if "get" in paths[path])
