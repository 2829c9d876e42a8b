"""Schema changes of the server area (empty until that area needs one).

Revision ID: 0007_server
Revises: 0006_assess
"""

from __future__ import annotations

revision = "0007_server"
down_revision = "0006_assess"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Nothing yet."""


def downgrade() -> None:
    """Nothing yet."""
