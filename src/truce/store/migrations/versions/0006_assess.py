"""Schema changes of the assess area (empty until that area needs one).

Revision ID: 0006_assess
Revises: 0005_analyze
"""

from __future__ import annotations

revision = "0006_assess"
down_revision = "0005_analyze"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Nothing yet."""


def downgrade() -> None:
    """Nothing yet."""
