"""The analyses a reader runs on the records, over what their audience may see: assess an
incident (competing hypotheses on one attribute, optionally saved as an audited record),
verify words attributed to someone, and the ceasefire's health over a period.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Engine

from truce.analyze.assess.store import AssessmentResult, assess_event, save_assessment
from truce.analyze.health import health
from truce.analyze.verify.store import verify_statement
from truce.analyze.verify.verdict import Verification
from truce.store.visibility import EVERYONE, Audience, visible_clause


def assess_incident(
    engine: Engine,
    event: str | int,
    *,
    attribute: str | None = None,
    audience: Audience = EVERYONE,
    save_as: str | None = None,
) -> AssessmentResult:
    """The competing-hypotheses assessment of one attribute (default: the most claimed) of the
    event with this id or external id, over the claims ``audience`` may see; with ``save_as``
    (the assessor's name) it is stored as an ``assessments`` record and carries its id."""
    result = assess_event(
        engine, event, attribute=attribute, visibility=lambda m: visible_clause(m, audience)
    )
    if save_as is not None:
        result = save_assessment(engine, result, who=save_as)
    return result


def verify_attribution(
    engine: Engine,
    words: str,
    *,
    speaker: str,
    around: date | None = None,
    days: int = 3,
    lexical: bool = False,
    audience: Audience = EVERYONE,
) -> Verification:
    """Whether ``words`` attributed to ``speaker`` match their recorded statements (within
    ``days`` of ``around``) that ``audience`` may see; word overlap alone when ``lexical``."""
    return verify_statement(
        engine, words, speaker=speaker, around=around, days=days, lexical=lexical,
        visibility=lambda m: visible_clause(m, audience),
    )  # fmt: skip


# Ceasefire health needs nothing beyond the analysis itself (it reads through the audience it is
# given), so the use case is that function under the name the callers use.
ceasefire_health = health
