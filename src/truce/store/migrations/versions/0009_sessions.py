"""Web sessions are kept server-side, so signing out ends them.

``web_sessions`` holds one row per signed-in browser: the SHA-256 of the session id the cookie
carries (never the id itself), the user, a stamp of the user's password hash (a new password
ends the session) and the expiry in Unix seconds. Signing out deletes the row, so a copied
cookie stops working at once.

Revision ID: 0009_sessions
Revises: 0008_places
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009_sessions"
down_revision = "0008_places"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "web_sessions",
        sa.Column("id_hash", sa.String(64), primary_key=True),
        sa.Column(
            "user_id",
            sa.Integer(),
            sa.ForeignKey("users.id", name="fk_web_sessions_user_id_users", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("password_stamp", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.BigInteger(), nullable=False),
    )
    op.create_index("ix_web_sessions_user_id", "web_sessions", ["user_id"])
    op.create_index("ix_web_sessions_expires_at", "web_sessions", ["expires_at"])


def downgrade() -> None:
    op.drop_index("ix_web_sessions_expires_at", table_name="web_sessions")
    op.drop_index("ix_web_sessions_user_id", table_name="web_sessions")
    op.drop_table("web_sessions")
