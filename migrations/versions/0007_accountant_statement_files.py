"""the bytes of imported bank statement files, for the accountant's pack

The accountant's pack hands on the period's CODA / camt files byte for byte, so an
import now keeps the file it read. Imports made before this revision kept only the
file's name and SHA-256: they get no row, and the pack lists them as missing.

Revision ID: 0007_accountant
Revises: 0006_bankfiles
"""

import sqlalchemy as sa
from alembic import op

revision = "0007_accountant"
down_revision = "0006_bankfiles"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "bank_import_files",
        sa.Column("batch_id", sa.Integer(), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["batch_id"],
            ["bank_import_batches.id"],
            name=op.f("fk_bank_import_files_batch_id_bank_import_batches"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("batch_id", name=op.f("pk_bank_import_files")),
    )


def downgrade() -> None:
    op.drop_table("bank_import_files")
