"""the service period (BT-73/74) of an invoice, and a line's own period (BG-26) when it differs

Revision ID: 0009_complete
Revises: 0008_accountant
"""

import sqlalchemy as sa
from alembic import op

revision = "0009_complete"
down_revision = "0009_quotes"
branch_labels = None
depends_on = None

# Plain ADD COLUMN, no batch rebuild: the tables keep their immutability triggers as they are. Quote and
# work-slip lines (0009_quotes, before this one) share the line columns, so they get a line period too.
TABLES = ("invoices", "invoice_lines", "recurring_lines", "quote_lines", "work_slip_lines")


def upgrade() -> None:
    for table in TABLES:
        op.add_column(table, sa.Column("period_start", sa.Date(), nullable=True))
        op.add_column(table, sa.Column("period_end", sa.Date(), nullable=True))


def downgrade() -> None:
    # SQLite 3.35+ drops a column in place (a batch rebuild would drop the triggers).
    for table in reversed(TABLES):
        op.execute(f"ALTER TABLE {table} DROP COLUMN period_end")
        op.execute(f"ALTER TABLE {table} DROP COLUMN period_start")
