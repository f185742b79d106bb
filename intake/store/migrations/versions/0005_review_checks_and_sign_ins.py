"""Officers' confirmations kept in the store (a field confirmed as read, by whom and
when) and sign-in sessions of the review pages (signing out ends the session itself,
not only the browser's cookie).

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-28
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("fields", sa.Column("confirmed_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column("fields", sa.Column("confirmed_by", sa.String(200), nullable=True))
    op.create_table(
        "sign_in_sessions",
        sa.Column("id", sa.String(64), nullable=False),
        sa.Column("key_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["key_id"], ["api_keys.id"], ondelete="CASCADE",
                                name="fk_sign_in_sessions_key_id_api_keys"),
        sa.PrimaryKeyConstraint("id", name="pk_sign_in_sessions"),
    )
    op.create_index("ix_sign_in_sessions_key_id", "sign_in_sessions", ["key_id"])
    op.create_index("ix_sign_in_sessions_expires_at", "sign_in_sessions", ["expires_at"])


def downgrade() -> None:
    op.drop_index("ix_sign_in_sessions_expires_at", table_name="sign_in_sessions")
    op.drop_index("ix_sign_in_sessions_key_id", table_name="sign_in_sessions")
    op.drop_table("sign_in_sessions")
    with op.batch_alter_table("fields") as batch:
        batch.drop_column("confirmed_by")
        batch.drop_column("confirmed_at")
