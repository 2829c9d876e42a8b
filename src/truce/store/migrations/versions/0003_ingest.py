"""Schema changes of the ingest area (empty until that area needs one).

Revision ID: 0003_ingest
Revises: 0002_spatial_index
"""

from __future__ import annotations

revision = "0003_ingest"
down_revision = "0002_spatial_index"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Nothing yet."""


def downgrade() -> None:
    """Nothing yet."""
