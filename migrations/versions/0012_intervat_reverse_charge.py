"""a bill's reverse-charge case (the buyer owes the VAT) and the Belgian rate self-assessed

Revision ID: 0012_intervat
Revises: 0010_peppol
"""

from alembic import op

revision = "0012_intervat"
down_revision = "0012_quotes2"
branch_labels = None
depends_on = None

# ADD COLUMN keeps the purchases table and its triggers (the closed periods'); SQLite takes a CHECK on it.


def upgrade() -> None:
    op.execute(
        "ALTER TABLE purchases ADD COLUMN reverse_charge VARCHAR(20) CONSTRAINT ck_purchases_reverse_charge "
        "CHECK (reverse_charge IN ('intra_eu_goods', 'intra_eu_services', 'co_contractor', 'import'))"
    )
    op.execute("ALTER TABLE purchases ADD COLUMN reverse_charge_rate VARCHAR(40)")


def downgrade() -> None:
    op.execute("ALTER TABLE purchases DROP COLUMN reverse_charge_rate")
    op.execute("ALTER TABLE purchases DROP COLUMN reverse_charge")
