"""Places get an external id, so a gazetteer file can be imported and re-imported.

``places.external_id`` is the id a places file gives each row (``truce import places``); events
and agreements name their place by it.

Revision ID: 0008_places
Revises: 0007_server
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008_places"
down_revision = "0007_server"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("places", sa.Column("external_id", sa.String(length=200), nullable=True))
    op.create_index("ix_places_external_id", "places", ["external_id"], unique=True)


def downgrade() -> None:
    op.drop_index("ix_places_external_id", table_name="places")
    with op.batch_alter_table("places") as batch:
        batch.drop_column("external_id")
