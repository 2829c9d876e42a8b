"""Schema changes of the analyze area (empty until that area needs one).

Revision ID: 0005_analyze
Revises: 0004_extract
"""

from __future__ import annotations

revision = "0005_analyze"
down_revision = "0004_extract"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Nothing yet."""


def downgrade() -> None:
    """Nothing yet."""
