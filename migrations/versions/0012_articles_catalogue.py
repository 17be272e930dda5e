"""articles catalogue: a line's templates (code, name per language, unit, price, VAT case, category)

Revision ID: 0012_articles
Revises: 0010_peppol
"""

import sqlalchemy as sa
from alembic import op

revision = "0012_articles"
down_revision = "0010_peppol"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "articles",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=30), nullable=False),
        sa.Column("name_nl", sa.String(length=200), nullable=False),
        sa.Column("name_fr", sa.String(length=200), nullable=False),
        sa.Column("name_en", sa.String(length=200), nullable=False),
        sa.Column("unit", sa.String(length=3), nullable=False),
        sa.Column("unit_price", sa.String(length=40), nullable=False),
        sa.Column("vat", sa.String(length=20), nullable=False),
        sa.Column("category", sa.String(length=40), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_articles")),
        sa.UniqueConstraint("code", name=op.f("uq_articles_code")),
    )


def downgrade() -> None:
    op.drop_table("articles")
