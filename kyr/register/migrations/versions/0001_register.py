"""The issuance register: entries, requested actions, and the history of what staff record later.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "entries",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("document", sa.String(40), nullable=False),
        sa.Column("language", sa.String(16), nullable=False),
        sa.Column("paper", sa.String(8), nullable=False),
        sa.Column("provenance", sa.String(80), nullable=False),
        sa.Column("facility", sa.String(200)),
        sa.Column("served_at", sa.DateTime, nullable=False),
        sa.Column("recorded_at", sa.DateTime, nullable=False),
        sa.Column("served_by", sa.String(120), nullable=False),
        sa.Column("interpreter", sa.Boolean),
        sa.Column("booking_hash", sa.String(64)),
        sa.Column("choice", sa.String(16)),
        sa.Column("interviewed", sa.Boolean),
        sa.Column("attorney_present", sa.Boolean),
        sa.Column("recipient", sa.String(16)),
        sa.Column("ice_told_at", sa.DateTime),
    )
    op.create_index("ix_entries_served_at", "entries", ["served_at"])
    op.create_index("ix_entries_booking_hash", "entries", ["booking_hash"])
    op.create_table(
        "entry_actions",
        sa.Column("entry_id", sa.Integer, sa.ForeignKey("entries.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("action", sa.String(16), primary_key=True),
        sa.Column("decision", sa.String(8), nullable=False),
        sa.Column("reason", sa.String(24)),
    )
    op.create_table(
        "entry_history",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("entry_id", sa.Integer, sa.ForeignKey("entries.id", ondelete="CASCADE"), nullable=False),
        sa.Column("changed_at", sa.DateTime, nullable=False),
        sa.Column("changed_by", sa.String(120), nullable=False),
        sa.Column("field", sa.String(32), nullable=False),
        sa.Column("old_value", sa.String(16)),
        sa.Column("new_value", sa.String(16)),
    )
    op.create_index("ix_entry_history_entry_id", "entry_history", ["entry_id"])


def downgrade() -> None:
    op.drop_table("entry_history")
    op.drop_table("entry_actions")
    op.drop_index("ix_entries_booking_hash", "entries")
    op.drop_index("ix_entries_served_at", "entries")
    op.drop_table("entries")
