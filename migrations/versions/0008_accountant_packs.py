"""what went to the accountant: the period packs made, append-only (a period sent is closed)

Revision ID: 0008_accountant
Revises: 0007_accountant
"""

import sqlalchemy as sa
from alembic import op

revision = "0008_accountant"
down_revision = "0007_accountant"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "accountant_packs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("period", sa.String(length=10), nullable=False),
        sa.Column("first_day", sa.Date(), nullable=False),
        sa.Column("last_day", sa.Date(), nullable=False),
        sa.Column("made_on", sa.Date(), nullable=False),
        sa.Column("made_at", sa.DateTime(), nullable=False),
        sa.Column("file_name", sa.String(length=260), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("documents", sa.Integer(), nullable=False),
        sa.Column("resent", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_accountant_packs")),
    )
    op.create_index("ix_accountant_packs_days", "accountant_packs", ["first_day", "last_day"], unique=False)
    # A period sent is closed for good: what went to the accountant is never changed or forgotten.
    op.execute("""
        CREATE TRIGGER accountant_packs_no_update BEFORE UPDATE ON accountant_packs
        BEGIN SELECT RAISE(ABORT, 'a pack sent to the accountant cannot be changed'); END
    """)
    op.execute("""
        CREATE TRIGGER accountant_packs_no_delete BEFORE DELETE ON accountant_packs
        BEGIN SELECT RAISE(ABORT, 'a pack sent to the accountant cannot be deleted'); END
    """)


def downgrade() -> None:
    op.execute("DROP TRIGGER IF EXISTS accountant_packs_no_update")
    op.execute("DROP TRIGGER IF EXISTS accountant_packs_no_delete")
    op.drop_index("ix_accountant_packs_days", table_name="accountant_packs")
    op.drop_table("accountant_packs")
