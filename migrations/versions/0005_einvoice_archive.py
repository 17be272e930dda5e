"""e-invoice archive

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "einvoice_archive",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("invoice_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=40), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("xml", sa.LargeBinary(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("produced_on", sa.Date(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("valid", sa.Boolean(), nullable=False),
        sa.Column("overridden", sa.Boolean(), nullable=False),
        sa.Column("findings", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["invoice_id"], ["invoices.id"], name=op.f("fk_einvoice_archive_invoice_id_invoices")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_einvoice_archive")),
        sa.UniqueConstraint("invoice_id", name=op.f("uq_einvoice_archive_invoice_id")),
    )
    # The archive is append-only: what was produced is kept byte for byte.
    op.execute("""
        CREATE TRIGGER einvoice_archive_no_update BEFORE UPDATE ON einvoice_archive
        BEGIN SELECT RAISE(ABORT, 'an archived e-invoice cannot be changed'); END
    """)
    op.execute("""
        CREATE TRIGGER einvoice_archive_no_delete BEFORE DELETE ON einvoice_archive
        BEGIN SELECT RAISE(ABORT, 'an archived e-invoice cannot be deleted'); END
    """)


def downgrade() -> None:
    op.execute("DROP TRIGGER IF EXISTS einvoice_archive_no_update")
    op.execute("DROP TRIGGER IF EXISTS einvoice_archive_no_delete")
    op.drop_table("einvoice_archive")
