"""Record hashes in the audit trail: ``audit_records`` and ``audit_log.records_digest``.

Every audited write from now on stores the hash of each record it wrote (see
``truce.store.seals``). Records already in the store are sealed here, as they are when the
migration runs, by one audit entry (action ``seal``, actor ``migration 0010``): from then on an
edit made behind Truce's back is reported by ``truce audit verify``. The backfill vouches for
nothing before it: an edit made earlier is part of what it seals.

Revision ID: 0010_record_seals
Revises: 0009_sessions
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from truce.store.audit import backfill
from truce.store.models import RECORD_KINDS

revision = "0010_record_seals"
down_revision = "0009_sessions"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("audit_log", sa.Column("records_digest", sa.String(length=64), nullable=True))
    op.create_table(
        "audit_records",
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("record_kind", sa.String(length=32), nullable=False),
        sa.Column("record_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=True),
        sa.PrimaryKeyConstraint("seq", "record_kind", "record_id", name=op.f("pk_audit_records")),
        sqlite_with_rowid=False,
    )
    backfill(
        op.get_bind(),
        actor="migration 0010",
        note="record hashes of the records present when record hashing began",
        kinds=sorted(RECORD_KINDS),
    )


def downgrade() -> None:
    op.drop_table("audit_records")
    with op.batch_alter_table("audit_log") as batch:
        batch.drop_column("records_digest")
