"""bank line identity with the statement's year; statement-level free message

Statement numbers restart every January, so (account, statement number, sequence,
bank reference) called next year's lines duplicates of this year's and dropped
them. Existing lines get the year of their statement by the rule of
banking.model.statement_year (closing date, else opening date, else the first
booking date of the statement); the old key was unique, so the wider key is too:
no line is lost or doubled.

Revision ID: 0006_bankfiles
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0006_bankfiles"
down_revision = "0003"
branch_labels = None
depends_on = None

_YEAR = """
    UPDATE bank_lines SET statement_year = COALESCE(
        (SELECT CAST(strftime('%Y', COALESCE(s.closing_date, s.opening_date)) AS INTEGER)
           FROM bank_statements s WHERE s.id = bank_lines.statement_id),
        (SELECT CAST(strftime('%Y', MIN(o.booking_date)) AS INTEGER)
           FROM bank_lines o WHERE o.statement_id = bank_lines.statement_id),
        0)
"""


def upgrade() -> None:
    with op.batch_alter_table("bank_statements", schema=None) as batch_op:
        batch_op.add_column(sa.Column("free_message", sa.Text(), server_default="", nullable=False))
    op.add_column("bank_lines", sa.Column("statement_year", sa.Integer(), nullable=True))
    op.execute(_YEAR)
    with op.batch_alter_table("bank_lines", schema=None) as batch_op:
        batch_op.alter_column("statement_year", existing_type=sa.Integer(), nullable=False)
        batch_op.drop_constraint("uq_bank_lines_identity", type_="unique")
        batch_op.create_unique_constraint(
            "uq_bank_lines_identity", ["account", "statement_year", "statement_number", "sequence", "bank_reference"]
        )


def downgrade() -> None:
    # Fails (unique constraint) rather than dropping a line when two years' lines share the old key.
    with op.batch_alter_table("bank_lines", schema=None) as batch_op:
        batch_op.drop_constraint("uq_bank_lines_identity", type_="unique")
        batch_op.create_unique_constraint(
            "uq_bank_lines_identity", ["account", "statement_number", "sequence", "bank_reference"]
        )
        batch_op.drop_column("statement_year")
    with op.batch_alter_table("bank_statements", schema=None) as batch_op:
        batch_op.drop_column("free_message")
