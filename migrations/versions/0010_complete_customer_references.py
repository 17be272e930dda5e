"""the customer's references on a document (buyer reference BT-10, order BT-13, contract BT-12), and a
customer's requirement of a buyer reference

Revision ID: 0010_complete
Revises: 0009_complete
"""

import sqlalchemy as sa
from alembic import op

revision = "0010_complete"
down_revision = "0009_complete"
branch_labels = None
depends_on = None

REFERENCES = ("buyer_reference", "order_reference", "contract_reference")


def upgrade() -> None:
    # Plain ADD COLUMN, no batch rebuild: the tables keep their triggers as they are.
    for column in REFERENCES:
        op.add_column("invoices", sa.Column(column, sa.String(length=200), server_default="", nullable=False))
    op.add_column(
        "customers", sa.Column("requires_buyer_reference", sa.Boolean(), server_default=sa.false(), nullable=False)
    )


def downgrade() -> None:
    # SQLite 3.35+ drops a column in place (a batch rebuild would drop the triggers).
    op.execute("ALTER TABLE customers DROP COLUMN requires_buyer_reference")
    for column in reversed(REFERENCES):
        op.execute(f"ALTER TABLE invoices DROP COLUMN {column}")
