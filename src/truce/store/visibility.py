"""The one visibility rule: which records a reader may see, and what a link to the rest shows.

An :class:`Audience` is who reads: the classifications their role may see and, for a party
liaison, the party whose shared records they see too. :func:`visible_clause` is the rule as a
WHERE clause (live, and of a seen classification or shared with the audience's party); every
read path — lists, by id, search, map, exports, analyses, stats, reports, web pages — filters
with it. A record that links to one the audience may not see shows the link as withheld: no
name and no id (:data:`WITHHELD`, :func:`names_seen`, :func:`withhold_links`).

Roles: admin and analyst see everything; monitor public and restricted; liaison public plus
their party's shares; viewer public only.

Writes keep the rule whole: a record derived from another (an alleged violation of an event,
an assessment of it) is classified at least as high as that record (:func:`inherited`), and a
writer may neither classify above what they may see nor link to a record they may not see —
that reference is refused exactly like a missing one (:func:`check_writer`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, and_, case, false, inspect, literal, null, or_, select
from sqlalchemy.orm import Session, aliased

from truce.errors import Conflict, Forbidden
from truce.store.models import RECORD_KINDS, Assessment, Event, EventViolation, Record, RecordShare
from truce.vocab import CLASSIFICATIONS

WITHHELD = "(withheld)"
_KIND_OF: dict[type[Record], str] = {model: kind for kind, model in RECORD_KINDS.items()}
_KIND_OF_TABLE: dict[str, str] = {
    model.__tablename__: kind  # type: ignore[attr-defined]
    for kind, model in RECORD_KINDS.items()
}
ROLE_CLASSIFICATIONS: dict[str, tuple[str, ...]] = {
    "admin": CLASSIFICATIONS,
    "analyst": CLASSIFICATIONS,
    "monitor": ("public", "restricted"),
    "liaison": ("public",),
    "viewer": ("public",),
}


@dataclass(frozen=True)
class Audience:
    """Who reads: the classifications seen, and the party whose shares are seen too."""

    classifications: tuple[str, ...] = CLASSIFICATIONS
    party_id: int | None = None

    @classmethod
    def of_role(cls, role: str, party_id: int | None = None) -> Audience:
        """A user's audience: their role's classifications (none for an unknown role) and,
        for a liaison, their party."""
        seen = ROLE_CLASSIFICATIONS.get(role, ())
        return cls(seen, party_id if role == "liaison" else None)

    @property
    def sees_all(self) -> bool:
        return set(CLASSIFICATIONS) <= set(self.classifications)

    def sees(self, classification: str, shared_with: Iterable[int] = ()) -> bool:
        """The rule for one record already in hand (its classification and share parties)."""
        if classification in self.classifications:
            return True
        return self.party_id is not None and self.party_id in set(shared_with)

    def may_write(self, classification: str) -> bool:
        """Whether a writer with this audience may give a record ``classification``."""
        return classification in self.classifications


EVERYONE = Audience()
PUBLIC = Audience(("public",))
LEVEL = {name: rank for rank, name in enumerate(CLASSIFICATIONS)}
# A record derived from another: its kind, the column naming the other, the other's model.
DERIVED_FROM: dict[type[Record], tuple[str, type[Record]]] = {
    EventViolation: ("event_id", Event),
    Assessment: ("event_id", Event),
}


def kind_of(model: Any) -> str:
    """The record kind (``events``) of a model class or an alias of one."""
    mapper = inspect(model).mapper
    return _KIND_OF[mapper.class_]


def visible_clause(model: Any, audience: Audience) -> ColumnElement[bool]:
    """The rule as a WHERE clause: live records of ``model`` that ``audience`` may see."""
    live: ColumnElement[bool] = model.deleted_at.is_(None)
    if audience.sees_all:
        return live
    allowed = (
        model.classification.in_(audience.classifications) if audience.classifications else false()
    )
    if audience.party_id is None:
        return and_(live, allowed)
    share = aliased(RecordShare)  # its own alias: the outer query may read record_shares too
    shared = (
        select(share.id)
        .where(
            share.record_kind == kind_of(model),
            share.record_id == model.id,
            share.party_id == audience.party_id,
        )
        .correlate_except(share)
        .exists()
    )
    return and_(live, or_(allowed, shared))


def shown(model: Any, column: Any, audience: Audience, *, withheld: str | None = WITHHELD) -> Any:
    """``column`` of a linked record in a query's columns, or ``withheld`` (:data:`WITHHELD`;
    None for an id) where ``audience`` may not see that record."""
    if audience.sees_all:
        return column
    hidden = null() if withheld is None else literal(withheld)
    return case((visible_clause(model, audience), column), else_=hidden)


def visible_sql(alias: str, kind: str, audience: Audience, params: dict[str, Any]) -> str:
    """The same rule as SQL text over ``alias`` (for the hand-written map query); bound
    values go into ``params``."""
    clause = f"{alias}.deleted_at IS NULL"
    if audience.sees_all:
        return clause
    names = []
    for number, value in enumerate(audience.classifications):
        params[f"vis_c{number}"] = value
        names.append(f":vis_c{number}")
    allowed = f"{alias}.classification IN ({', '.join(names)})" if names else "1 = 0"
    if audience.party_id is not None:
        params["vis_kind"], params["vis_party"] = kind, audience.party_id
        allowed = (
            f"({allowed} OR EXISTS (SELECT 1 FROM record_shares vis_s"
            f" WHERE vis_s.record_kind = :vis_kind AND vis_s.record_id = {alias}.id"
            " AND vis_s.party_id = :vis_party))"
        )
    return f"{clause} AND {allowed}"


def visible_ids(
    session: Session, model: Any, ids: Iterable[int | None], audience: Audience
) -> set[int]:
    """Those of ``ids`` naming records of ``model`` that ``audience`` may see."""
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return set()
    query = select(model.id).where(model.id.in_(wanted), visible_clause(model, audience))
    return set(session.scalars(query))


def names_seen(
    session: Session,
    model: Any,
    ids: Iterable[int | None],
    audience: Audience,
    *,
    column: str = "name",
) -> dict[int, str]:
    """Names of the linked records ``ids``: the record's ``column`` when ``audience`` may see
    it, :data:`WITHHELD` when it may not (or it is gone)."""
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    named = getattr(model, column)
    query = select(model.id, named).where(model.id.in_(wanted), visible_clause(model, audience))
    found = {int(row[0]): str(row[1]) for row in session.execute(query)}
    return {i: found.get(i, WITHHELD) for i in wanted}


def link_columns(model: Any) -> dict[str, type[Record]]:
    """The columns of ``model`` that point at another record, with the record's model."""
    links: dict[str, type[Record]] = {}
    for column in model.__table__.columns:
        for key in column.foreign_keys:
            kind = _KIND_OF_TABLE.get(key.column.table.name)
            if kind is not None:
                links[column.key] = RECORD_KINDS[kind]
    return links


def withhold_links(
    session: Session, model: Any, rows: Sequence[dict[str, Any]], audience: Audience
) -> list[dict[str, Any]]:
    """Record dicts with every link to a record ``audience`` may not see set to None."""
    if audience.sees_all or not rows:
        return list(rows)
    links = link_columns(model)
    hidden: dict[str, set[int]] = {}
    for key, target in links.items():
        ids = {int(row[key]) for row in rows if row.get(key) is not None}
        hidden[key] = ids - visible_ids(session, target, ids, audience)
    if not any(hidden.values()):
        return list(rows)
    return [
        {k: (None if k in hidden and v in hidden[k] else v) for k, v in row.items()} for row in rows
    ]


def inherited(
    session: Session, model: Any, values: dict[str, Any], current: Record | None = None
) -> dict[str, Any]:
    """``values`` of a record of ``model`` (``current`` when it is an update), classified at
    least as high as the record it is derived from."""
    link = DERIVED_FROM.get(model)
    if link is None:
        return values
    column, parent = link
    parent_id = values.get(column, getattr(current, column, None))
    if parent_id is None:
        return values
    above = session.scalar(select(parent.classification).where(parent.id == parent_id))
    own = values.get("classification") or getattr(current, "classification", None) or "public"
    if above is not None and LEVEL.get(above, 0) > LEVEL.get(own, 0):
        return {**values, "classification": above}
    return values


def derived_below(session: Session, model: Any, record_id: int, classification: str) -> list[Any]:
    """(kind, id) of the records derived from one of ``model`` that are classified lower than
    ``classification`` (to raise after that record is raised)."""
    lower = [name for name in CLASSIFICATIONS if LEVEL[name] < LEVEL.get(classification, 0)]
    found: list[Any] = []
    for child, (column, parent) in DERIVED_FROM.items():
        if parent is model and lower:
            query = select(child.id).where(
                getattr(child, column) == record_id, child.classification.in_(lower)
            )
            found.extend((_KIND_OF[child], i) for i in session.scalars(query))
    return found


def check_writer(session: Session, model: Any, values: dict[str, Any], audience: Audience) -> None:
    """Refuse a write by a writer with ``audience`` that classifies above what they may see
    (403) or links to a record they may not see (409, word for word as for a missing id)."""
    classification = values.get("classification")
    if classification is not None and not audience.may_write(classification):
        raise Forbidden(
            f"you may not classify a record {classification}: you may give it "
            f"{', '.join(audience.classifications) or 'no classification'}",
            detail={"field": "classification"},
        )
    for column, target in link_columns(model).items():
        value = values.get(column)
        if value is not None and not visible_ids(session, target, [int(value)], audience):
            raise Conflict(
                f"{column}: there is no {_KIND_OF[target]} record with id {value}",
                detail={"field": column},
            )
