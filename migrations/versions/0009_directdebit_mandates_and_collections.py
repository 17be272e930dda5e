"""direct debit: creditor setup, mandate register and its history, collections, invoice notices

Revision ID: 0009_directdebit
Revises: 0008_accountant
"""

import sqlalchemy as sa
from alembic import op

import ledgerdesk.persistence.types

revision = "0009_directdebit"
down_revision = "0008_accountant"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "dd_creditor",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("creditor_id", sa.String(length=35), nullable=False),
        sa.Column("core", sa.Boolean(), nullable=False),
        sa.Column("b2b", sa.Boolean(), nullable=False),
        sa.Column("iban", sa.String(length=34), nullable=False),
        sa.Column("bic", sa.String(length=11), nullable=True),
        sa.Column("pain_version", sa.String(length=20), nullable=False),
        sa.Column("pre_notification_days", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "pain_version IN ('pain.008.001.08', 'pain.008.001.02')", name=op.f("ck_dd_creditor_pain_version")
        ),
        sa.CheckConstraint("core OR b2b", name=op.f("ck_dd_creditor_a_scheme")),
        sa.CheckConstraint("pre_notification_days BETWEEN 1 AND 60", name=op.f("ck_dd_creditor_pre_notification")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dd_creditor")),
    )
    op.create_table(
        "mandates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("reference", sa.String(length=35), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("scheme", sa.String(length=4), nullable=False),
        sa.Column("recurrent", sa.Boolean(), nullable=False),
        sa.Column("signed_on", sa.Date(), nullable=False),
        sa.Column("debtor_iban", sa.String(length=34), nullable=False),
        sa.Column("debtor_bic", sa.String(length=11), nullable=True),
        sa.Column("next_sequence", sa.String(length=4), nullable=False),
        sa.Column("amendment", ledgerdesk.persistence.types.JSONText(), nullable=True),
        sa.Column("revoked_on", sa.Date(), nullable=True),
        sa.Column("revoked_reason", sa.Text(), nullable=False),
        sa.Column("document", sa.LargeBinary(), nullable=True),
        sa.Column("document_name", sa.String(length=260), nullable=False),
        sa.Column("document_sha256", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("next_sequence IN ('FRST', 'RCUR', 'DONE')", name=op.f("ck_mandates_next_sequence")),
        sa.CheckConstraint("scheme IN ('CORE', 'B2B')", name=op.f("ck_mandates_scheme")),
        sa.ForeignKeyConstraint(["customer_id"], ["customers.id"], name=op.f("fk_mandates_customer_id_customers")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mandates")),
        sa.UniqueConstraint("reference", name=op.f("uq_mandates_reference")),
    )
    with op.batch_alter_table("mandates", schema=None) as batch_op:
        batch_op.create_index("ix_mandates_customer", ["customer_id"], unique=False)

    op.create_table(
        "dd_collections",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("invoice_id", sa.Integer(), nullable=False),
        sa.Column("mandate_id", sa.Integer(), nullable=False),
        sa.Column("collect_on", sa.Date(), nullable=False),
        sa.Column("scheme", sa.String(length=4), nullable=False),
        sa.Column("sequence", sa.String(length=4), nullable=False),
        sa.Column("end_to_end", sa.String(length=35), nullable=False),
        sa.Column("message_id", sa.String(length=35), nullable=False),
        sa.Column("amount_cents", sa.Integer(), nullable=False),
        sa.Column("payment_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("reason", sa.String(length=4), nullable=False),
        sa.Column("returned_on", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("status IN ('collected', 'returned')", name=op.f("ck_dd_collections_status")),
        sa.CheckConstraint("amount_cents > 0", name=op.f("ck_dd_collections_positive")),
        sa.ForeignKeyConstraint(["invoice_id"], ["invoices.id"], name=op.f("fk_dd_collections_invoice_id_invoices")),
        sa.ForeignKeyConstraint(["mandate_id"], ["mandates.id"], name=op.f("fk_dd_collections_mandate_id_mandates")),
        sa.ForeignKeyConstraint(
            ["payment_id"], ["payments.id"], name=op.f("fk_dd_collections_payment_id_payments"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dd_collections")),
        sa.UniqueConstraint("end_to_end", name=op.f("uq_dd_collections_end_to_end")),
    )
    with op.batch_alter_table("dd_collections", schema=None) as batch_op:
        batch_op.create_index("ix_dd_collections_invoice", ["invoice_id"], unique=False)
        batch_op.create_index("ix_dd_collections_mandate", ["mandate_id"], unique=False)

    op.create_table(
        "dd_notices",
        sa.Column("invoice_id", sa.Integer(), nullable=False),
        sa.Column("mandate_reference", sa.String(length=35), nullable=False),
        sa.Column("creditor_id", sa.String(length=35), nullable=False),
        sa.Column("debtor_iban", sa.String(length=34), nullable=False),
        sa.Column("collect_on", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(["invoice_id"], ["invoices.id"], name=op.f("fk_dd_notices_invoice_id_invoices")),
        sa.PrimaryKeyConstraint("invoice_id", name=op.f("pk_dd_notices")),
    )
    op.create_table(
        "mandate_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("mandate_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("on_date", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("detail", ledgerdesk.persistence.types.JSONText(), nullable=False),
        sa.ForeignKeyConstraint(["mandate_id"], ["mandates.id"], name=op.f("fk_mandate_events_mandate_id_mandates")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mandate_events")),
    )
    with op.batch_alter_table("mandate_events", schema=None) as batch_op:
        batch_op.create_index("ix_mandate_events_mandate", ["mandate_id", "at"], unique=False)
    with op.batch_alter_table("recurring_occurrences", schema=None) as batch_op:
        batch_op.create_index("ix_recurring_occurrences_invoice", ["invoice_id"], unique=False)
    # What an issued invoice said about its collection is part of the invoice: never changed afterwards.
    op.execute("""
        CREATE TRIGGER dd_notices_no_update BEFORE UPDATE ON dd_notices
        BEGIN SELECT RAISE(ABORT, 'the direct debit notice of an issued invoice cannot be changed'); END
    """)


def downgrade() -> None:
    op.execute("DROP TRIGGER IF EXISTS dd_notices_no_update")
    with op.batch_alter_table("recurring_occurrences", schema=None) as batch_op:
        batch_op.drop_index("ix_recurring_occurrences_invoice")
    with op.batch_alter_table("mandate_events", schema=None) as batch_op:
        batch_op.drop_index("ix_mandate_events_mandate")

    op.drop_table("mandate_events")
    op.drop_table("dd_notices")
    with op.batch_alter_table("dd_collections", schema=None) as batch_op:
        batch_op.drop_index("ix_dd_collections_mandate")
        batch_op.drop_index("ix_dd_collections_invoice")

    op.drop_table("dd_collections")
    with op.batch_alter_table("mandates", schema=None) as batch_op:
        batch_op.drop_index("ix_mandates_customer")

    op.drop_table("mandates")
    op.drop_table("dd_creditor")
