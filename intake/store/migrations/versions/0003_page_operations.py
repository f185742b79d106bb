"""Officers' page operations: a quarter turn, removal and a new place per page, and the
pipeline's own PDF kept beside the rebuilt one so a dossier can be restored.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("dossiers", sa.Column("original_pdf_sha", sa.String(64), nullable=True))
    op.add_column("pages", sa.Column("turn", sa.Integer(), nullable=False, server_default="0"))
    op.add_column("pages", sa.Column("removed", sa.Boolean(), nullable=False,
                                     server_default=sa.false()))
    op.add_column("pages", sa.Column("original_number", sa.Integer(), nullable=True))
    op.execute("UPDATE dossiers SET original_pdf_sha = pdf_sha")
    op.execute("UPDATE pages SET original_number = number")


def downgrade() -> None:
    with op.batch_alter_table("pages") as batch:
        batch.drop_column("original_number")
        batch.drop_column("removed")
        batch.drop_column("turn")
    with op.batch_alter_table("dossiers") as batch:
        batch.drop_column("original_pdf_sha")
