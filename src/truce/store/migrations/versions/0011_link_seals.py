"""Seal the link and account rows already in the store (record hashing beyond records).

From now on every audited write also seals the rows of the link tables it wrote (aliases,
offices, designations, relationships, agreement and zone parties, notification recipients,
record sources and shares) and of ``users`` and ``api_tokens`` (see
``truce.store.written``). The rows present when the migration runs are sealed here by one audit
entry (action ``seal``, actor ``migration 0011``), so ``truce audit verify`` checks them from
now on; nothing is written when there are none. No schema change.

Revision ID: 0011_link_seals
Revises: 0010_record_seals
"""

from __future__ import annotations

from alembic import op

from truce.store.audit import backfill
from truce.store.models import LINK_KINDS

revision = "0011_link_seals"
down_revision = "0010_record_seals"
branch_labels = None
depends_on = None


def upgrade() -> None:
    backfill(
        op.get_bind(),
        actor="migration 0011",
        note="hashes of the link and account rows present when their sealing began",
        kinds=sorted(LINK_KINDS),
    )


def downgrade() -> None:
    """The seals stay in the chain (removing them would break it); nothing to undo."""
