"""Verify attributed words against the statements in the store.

The speaker is resolved through the actor registry: a canonical name or any alias ("Lavrov"),
or a role phrase on the date ("the Russian foreign minister" → whoever held that office then,
from the registry's offices). Statements count as the speaker's when their ``speaker_id`` is
that actor, or their ``speaker_name`` is one of its names or aliases.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from truce.analyze.verify.model import load_similarity
from truce.analyze.verify.verdict import RecordedStatement, Similarity, Verification, verify
from truce.errors import InvalidInput
from truce.extract.actors import find_actors
from truce.names import normalize_name
from truce.store.db import transaction
from truce.store.models import Source, Statement
from truce.store.queries_evidence import (
    Visibility,
    actor_spellings,
    aliases_of,
    speaker_statements,
)
from truce.store.registry import store_registry

OTHERS_LIMIT = 5000  # statements by other speakers compared, at most (newest first)


@dataclass(frozen=True, slots=True)
class Speaker:
    given: str
    actor_id: int | None
    name: str  # the canonical name, or the given words when unresolved
    keys: frozenset[str]  # every folded name the speaker's statements may carry


def _names(session: Session, visibility: Visibility | None = None) -> dict[str, tuple[int, str]]:
    """Folded canonical name or alias → (actor id, canonical name), of the actors the reader
    may see."""
    found: dict[str, tuple[int, str]] = {}
    for actor_id, name, alias in actor_spellings(session, visibility):
        found.setdefault(normalize_name(name), (actor_id, name))
        if alias:
            found.setdefault(normalize_name(alias), (actor_id, name))
    return found


def _by_role(engine: Engine, words: str, on: date | None) -> str | None:
    """The canonical name a role phrase names on a date, through the extraction resolver."""
    registry = store_registry(engine)
    text = words if words[:1].isupper() else words[:1].upper() + words[1:]
    for mention in find_actors(f"{text} said so.", registry=registry, on=on):
        if mention.canonical and mention.how in {"office", "registry"}:
            return mention.canonical
    return None


def resolve_speaker(
    engine: Engine, words: str, *, on: date | None, visibility: Visibility | None = None
) -> Speaker:
    if not words.strip():
        raise InvalidInput("--speaker is empty: name who the words are attributed to")
    with transaction(engine) as session:
        names = _names(session, visibility)
    hit = names.get(normalize_name(words)) or names.get(
        normalize_name(words.removeprefix("the ").removeprefix("The "))
    )
    if hit is None:
        canonical = _by_role(engine, words, on)
        hit = names.get(normalize_name(canonical)) if canonical else None
    if hit is None:
        key = normalize_name(words)
        return Speaker(given=words, actor_id=None, name=words, keys=frozenset({key}))
    actor_id, name = hit
    keys = {k for k, (i, _) in names.items() if i == actor_id}
    return Speaker(given=words, actor_id=actor_id, name=name, keys=frozenset(keys))


def _statements(
    session: Session,
    speaker: Speaker,
    *,
    around: date | None,
    days: int,
    visibility: Visibility | None,
) -> list[tuple[Statement, Source | None]]:
    window = None
    if around is not None:
        window = (around - timedelta(days=days), around + timedelta(days=days))
    return speaker_statements(
        session,
        spellings=_spellings(session, speaker),
        actor_id=speaker.actor_id,
        window=window,
        limit=OTHERS_LIMIT,
        visibility=visibility,
    )


def _spellings(session: Session, speaker: Speaker) -> list[str]:
    """The speaker's names as written (``speaker_name`` is stored as written, not folded)."""
    if speaker.actor_id is None:
        return [speaker.given]
    return [speaker.name, speaker.given, *aliases_of(session, speaker.actor_id)]


def _key(statement: Statement, speaker: Speaker, names: dict[str, tuple[int, str]]) -> str:
    if speaker.actor_id is not None and statement.speaker_id == speaker.actor_id:
        return normalize_name(speaker.name)
    folded = normalize_name(statement.speaker_name)
    if folded in speaker.keys:
        return normalize_name(speaker.name)
    hit = names.get(folded)
    return normalize_name(hit[1]) if hit else folded


def verify_words(
    engine: Engine,
    words: str,
    *,
    speaker: str,
    around: date | None = None,
    days: int = 3,
    similarity: Similarity | None,
    visibility: Visibility | None = None,
) -> Verification:
    """The verdict on ``words`` attributed to ``speaker`` (±``days`` around ``around``).

    ``similarity`` is an :class:`~truce.analyze.verify.model.EmbeddingSimilarity`, or None for
    the lexical-only check; ``visibility`` limits the statements to what one user may read.
    """
    if days < 0:
        raise InvalidInput(f"--days {days}: the window cannot be negative")
    who = resolve_speaker(engine, speaker, on=around, visibility=visibility)
    with transaction(engine) as session:
        names = _names(session, visibility)
        rows = _statements(session, who, around=around, days=days, visibility=visibility)
        recorded = [
            RecordedStatement(
                id=statement.id,
                speaker=statement.speaker_name,
                speaker_key=_key(statement, who, names),
                date=statement.date,
                words=statement.words,
                source=(source.title or source.publisher) if source else None,
                source_url=source.url if source else None,
                venue=statement.venue,
            )
            for statement, source in rows
        ]
    result = verify(
        words,
        speaker=speaker,
        speaker_keys=frozenset({normalize_name(who.name)}),
        statements=recorded,
        around=around,
        days=days,
        similarity=similarity,
        speaker_resolved=who.name if who.actor_id is not None else None,
    )
    if who.actor_id is None:
        note = f"{speaker!r} is not in the actor registry (matched as written; add an alias)"
        result = replace(result, reason=f"{result.reason}; {note}")
    return result


def verify_statement(
    engine: Engine,
    words: str,
    *,
    speaker: str,
    around: date | None = None,
    days: int = 3,
    lexical: bool = False,
    visibility: Visibility | None = None,
) -> Verification:
    """:func:`verify_words` with the embedding model loaded (once per process) unless
    ``lexical``. Without an installed model the check falls back to word overlap and the
    result's ``fallback`` says so."""
    similarity, fallback = load_similarity(lexical=lexical)
    result = verify_words(
        engine,
        words,
        speaker=speaker,
        around=around,
        days=days,
        similarity=similarity,
        visibility=visibility,
    )
    return replace(result, fallback=fallback) if fallback else result
