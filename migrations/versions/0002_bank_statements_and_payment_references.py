"""Bank statements, bank lines, import batches and grouped payment references.

Revision ID: 0002
Revises: 0005
Create Date: 2026-11-23 10:59:47.334260
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0005"  # relinked after 0004/0005, which landed first (it was written on 0001)
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table(
        "bank_import_batches",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("file_name", sa.String(length=260), nullable=False),
        sa.Column("file_format", sa.String(length=12), nullable=False),
        sa.Column("file_sha256", sa.String(length=64), nullable=False),
        sa.Column("imported_on", sa.Date(), nullable=False),
        sa.Column("imported_at", sa.DateTime(), nullable=False),
        sa.Column("new_lines", sa.Integer(), nullable=False),
        sa.Column("duplicate_lines", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bank_import_batches")),
    )
    op.create_table(
        "payment_references",
        sa.Column("reference", sa.String(length=12), nullable=False),
        sa.Column("created_on", sa.Date(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("reference", name=op.f("pk_payment_references")),
    )
    op.create_table(
        "bank_statements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("batch_id", sa.Integer(), nullable=False),
        sa.Column("account", sa.String(length=34), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("number", sa.String(length=35), nullable=False),
        sa.Column("opening_date", sa.Date(), nullable=True),
        sa.Column("opening_cents", sa.Integer(), nullable=False),
        sa.Column("closing_date", sa.Date(), nullable=True),
        sa.Column("closing_cents", sa.Integer(), nullable=False),
        sa.Column("holder", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["batch_id"],
            ["bank_import_batches.id"],
            name=op.f("fk_bank_statements_batch_id_bank_import_batches"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bank_statements")),
    )
    with op.batch_alter_table("bank_statements", schema=None) as batch_op:
        batch_op.create_index("ix_bank_statements_account_number", ["account", "number"], unique=False)

    op.create_table(
        "bank_lines",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("statement_id", sa.Integer(), nullable=False),
        sa.Column("batch_id", sa.Integer(), nullable=False),
        sa.Column("account", sa.String(length=34), nullable=False),
        sa.Column("statement_number", sa.String(length=35), nullable=False),
        sa.Column("sequence", sa.String(length=20), nullable=False),
        sa.Column("bank_reference", sa.String(length=64), nullable=False),
        sa.Column("booking_date", sa.Date(), nullable=False),
        sa.Column("value_date", sa.Date(), nullable=True),
        sa.Column("amount_cents", sa.Integer(), nullable=False),
        sa.Column("counterparty_name", sa.String(length=200), nullable=False),
        sa.Column("counterparty_iban", sa.String(length=34), nullable=False),
        sa.Column("counterparty_bic", sa.String(length=11), nullable=False),
        sa.Column("ogm", sa.String(length=12), nullable=True),
        sa.Column("rf_reference", sa.String(length=35), nullable=True),
        sa.Column("communication", sa.Text(), nullable=False),
        sa.Column("end_to_end", sa.String(length=35), nullable=False),
        sa.Column("transaction_code", sa.String(length=35), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("reason_data", sa.Text(), nullable=False),
        sa.Column("suggestions", sa.Text(), nullable=False),
        sa.Column("payment_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "status IN ('outgoing', 'unmatched', 'review', 'matched', 'ignored')", name=op.f("ck_bank_lines_status")
        ),
        sa.ForeignKeyConstraint(
            ["batch_id"],
            ["bank_import_batches.id"],
            name=op.f("fk_bank_lines_batch_id_bank_import_batches"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["payment_id"], ["payments.id"], name=op.f("fk_bank_lines_payment_id_payments"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["statement_id"],
            ["bank_statements.id"],
            name=op.f("fk_bank_lines_statement_id_bank_statements"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bank_lines")),
        sa.UniqueConstraint("account", "statement_number", "sequence", "bank_reference", name="uq_bank_lines_identity"),
    )
    with op.batch_alter_table("bank_lines", schema=None) as batch_op:
        batch_op.create_index("ix_bank_lines_batch", ["batch_id"], unique=False)
        batch_op.create_index("ix_bank_lines_booking", ["account", "booking_date"], unique=False)
        batch_op.create_index("ix_bank_lines_payment", ["payment_id"], unique=False)
        batch_op.create_index("ix_bank_lines_reference", ["account", "bank_reference"], unique=False)
        batch_op.create_index("ix_bank_lines_status", ["status"], unique=False)

    op.create_table(
        "payment_reference_items",
        sa.Column("reference", sa.String(length=12), nullable=False),
        sa.Column("invoice_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["invoice_id"], ["invoices.id"], name=op.f("fk_payment_reference_items_invoice_id_invoices")
        ),
        sa.ForeignKeyConstraint(
            ["reference"],
            ["payment_references.reference"],
            name=op.f("fk_payment_reference_items_reference_payment_references"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("reference", "invoice_id", name=op.f("pk_payment_reference_items")),
    )
    with op.batch_alter_table("payment_reference_items", schema=None) as batch_op:
        batch_op.create_index("ix_payment_reference_items_invoice", ["invoice_id"], unique=False)


def downgrade() -> None:

    with op.batch_alter_table("payment_reference_items", schema=None) as batch_op:
        batch_op.drop_index("ix_payment_reference_items_invoice")

    op.drop_table("payment_reference_items")
    with op.batch_alter_table("bank_lines", schema=None) as batch_op:
        batch_op.drop_index("ix_bank_lines_status")
        batch_op.drop_index("ix_bank_lines_reference")
        batch_op.drop_index("ix_bank_lines_payment")
        batch_op.drop_index("ix_bank_lines_booking")
        batch_op.drop_index("ix_bank_lines_batch")

    op.drop_table("bank_lines")
    with op.batch_alter_table("bank_statements", schema=None) as batch_op:
        batch_op.drop_index("ix_bank_statements_account_number")

    op.drop_table("bank_statements")
    op.drop_table("payment_references")
    op.drop_table("bank_import_batches")
