"""peppol: the registry's last answer per customer (participant id, document types, source, day)

Revision ID: 0009_peppol
Revises: 0008_accountant
"""

import sqlalchemy as sa
from alembic import op

revision = "0009_peppol"
down_revision = "0009_purchases"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "peppol_registrations",
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("participant", sa.String(length=60), nullable=True),
        sa.Column("invoices", sa.Boolean(), nullable=False),
        sa.Column("credit_notes", sa.Boolean(), nullable=False),
        sa.Column("document_types", sa.Text(), nullable=False),
        sa.Column("source", sa.String(length=20), nullable=False),
        sa.Column("checked_on", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(
            ["customer_id"],
            ["customers.id"],
            name=op.f("fk_peppol_registrations_customer_id_customers"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("customer_id", name=op.f("pk_peppol_registrations")),
    )


def downgrade() -> None:
    op.drop_table("peppol_registrations")
