"""the outbox: one delivery per document and channel, with its state, attempts, answers and the bytes sent

Revision ID: 0009_outbox
Revises: 0009_peppol
"""

import sqlalchemy as sa
from alembic import op

revision = "0009_outbox"
down_revision = "0009_peppol"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "deliveries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_kind", sa.String(length=20), nullable=False),
        sa.Column("document_number", sa.String(length=40), nullable=False),
        sa.Column("invoice_id", sa.Integer(), nullable=True),
        sa.Column("letter_id", sa.Integer(), nullable=True),
        sa.Column("customer_id", sa.Integer(), nullable=True),
        sa.Column("channel", sa.String(length=10), nullable=False),
        sa.Column("recipient", sa.String(length=320), nullable=False),
        sa.Column("state", sa.String(length=10), nullable=False),
        sa.Column("message_key", sa.String(length=200), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("queued_at", sa.DateTime(), nullable=False),
        sa.Column("last_attempt_at", sa.DateTime(), nullable=True),
        sa.Column("handed_over_at", sa.DateTime(), nullable=True),
        sa.Column("sent_at", sa.DateTime(), nullable=True),
        sa.Column("delivered_at", sa.DateTime(), nullable=True),
        sa.Column("answer", sa.Text(), nullable=False),
        sa.Column("log", sa.Text(), nullable=False),
        sa.Column("message", sa.LargeBinary(), nullable=True),
        sa.Column("message_sha256", sa.String(length=64), nullable=True),
        sa.ForeignKeyConstraint(["customer_id"], ["customers.id"], name=op.f("fk_deliveries_customer_id_customers")),
        sa.ForeignKeyConstraint(["invoice_id"], ["invoices.id"], name=op.f("fk_deliveries_invoice_id_invoices")),
        sa.ForeignKeyConstraint(
            ["letter_id"], ["reminder_letters.id"], name=op.f("fk_deliveries_letter_id_reminder_letters")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_deliveries")),
        sa.UniqueConstraint("message_key", name=op.f("uq_deliveries_message_key")),
    )
    op.create_index("ix_deliveries_state", "deliveries", ["state", "id"], unique=False)
    op.create_index(op.f("ix_deliveries_invoice_id"), "deliveries", ["invoice_id"], unique=False)
    op.create_index(op.f("ix_deliveries_letter_id"), "deliveries", ["letter_id"], unique=False)
    # What left is proof: the bytes of a message, once written, never change, and a delivery that
    # reached the other side is never deleted.
    op.execute("""
        CREATE TRIGGER deliveries_message_fixed BEFORE UPDATE OF message, message_sha256 ON deliveries
        WHEN OLD.message IS NOT NULL
        BEGIN SELECT RAISE(ABORT, 'the copy of a message that left cannot be changed'); END
    """)
    op.execute("""
        CREATE TRIGGER deliveries_sent_kept BEFORE DELETE ON deliveries
        WHEN OLD.state IN ('sending', 'sent', 'delivered')
        BEGIN SELECT RAISE(ABORT, 'a delivery that left cannot be deleted'); END
    """)


def downgrade() -> None:
    op.execute("DROP TRIGGER IF EXISTS deliveries_message_fixed")
    op.execute("DROP TRIGGER IF EXISTS deliveries_sent_kept")
    op.drop_index(op.f("ix_deliveries_letter_id"), table_name="deliveries")
    op.drop_index(op.f("ix_deliveries_invoice_id"), table_name="deliveries")
    op.drop_index("ix_deliveries_state", table_name="deliveries")
    op.drop_table("deliveries")
