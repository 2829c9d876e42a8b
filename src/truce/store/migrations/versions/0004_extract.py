"""Schema changes of the extract area (empty until that area needs one).

Revision ID: 0004_extract
Revises: 0003_ingest
"""

from __future__ import annotations

revision = "0004_extract"
down_revision = "0003_ingest"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Nothing yet."""


def downgrade() -> None:
    """Nothing yet."""
