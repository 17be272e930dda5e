"""a third VAT regime for the company: art44 (exempt activities: no VAT on any line, no VAT return)

Revision ID: 0011_complete
Revises: 0010_complete
"""

from alembic import op

revision = "0011_complete"
down_revision = "0010_complete"
branch_labels = None
depends_on = None

# The company table has no triggers: rebuilding it (SQLite changes a CHECK only so) loses nothing.


def upgrade() -> None:
    with op.batch_alter_table("company", recreate="always") as batch:
        batch.drop_constraint(op.f("ck_company_vat_regime"), type_="check")
        batch.create_check_constraint("vat_regime", "vat_regime IN ('standard', 'franchise', 'art44')")


def downgrade() -> None:
    op.execute("UPDATE company SET vat_regime = 'standard' WHERE vat_regime = 'art44'")
    with op.batch_alter_table("company", recreate="always") as batch:
        batch.drop_constraint(op.f("ck_company_vat_regime"), type_="check")
        batch.create_check_constraint("vat_regime", "vat_regime IN ('standard', 'franchise')")
