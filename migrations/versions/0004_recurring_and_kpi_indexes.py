"""recurring invoice templates, KPI covering indexes, receivable closings kept by triggers

Revision ID: 0004
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0001"
branch_labels = None
depends_on = None

# closed_on of one invoice: the date its allocations plus issued credit notes reached the total (the last
# such event, since neither can exceed what is open), else NULL. '0001-01-01' for a zero total: never open.
_RECOMPUTE = """
    INSERT OR REPLACE INTO receivable_closings (invoice_id, closed_on)
    SELECT i.id,
        CASE WHEN i.total_cents <=
                COALESCE((SELECT SUM(a.amount_cents) FROM allocations a WHERE a.invoice_id = i.id), 0)
              + COALESCE((SELECT SUM(c.total_cents) FROM invoices c WHERE c.credited_invoice_id = i.id
                          AND c.kind = 'credit_note' AND c.status = 'issued'), 0)
        THEN MAX(
            COALESCE((SELECT MAX(a.date) FROM allocations a WHERE a.invoice_id = i.id), '0001-01-01'),
            COALESCE((SELECT MAX(c.issue_date) FROM invoices c WHERE c.credited_invoice_id = i.id
                      AND c.kind = 'credit_note' AND c.status = 'issued'), '0001-01-01'))
        END
    FROM invoices i WHERE {where} AND i.kind = 'invoice' AND i.status = 'issued';
"""


def _recompute(ref: str) -> str:
    return _RECOMPUTE.format(where=f"i.id = {ref}")


TRIGGERS = {
    # An invoice issued (or imported as issued), or a credit note issued: its invoice may close.
    "receivable_closings_invoice_insert": "AFTER INSERT ON invoices WHEN NEW.status = 'issued' BEGIN "
    + _recompute("NEW.id")
    + _recompute("NEW.credited_invoice_id")
    + " END",
    "receivable_closings_invoice_issue": "AFTER UPDATE OF status ON invoices WHEN NEW.status = 'issued' BEGIN "
    + _recompute("NEW.id")
    + _recompute("NEW.credited_invoice_id")
    + " END",
    "receivable_closings_allocation_insert": "AFTER INSERT ON allocations BEGIN "
    + _recompute("NEW.invoice_id")
    + " END",
    "receivable_closings_allocation_delete": "AFTER DELETE ON allocations BEGIN "
    + _recompute("OLD.invoice_id")
    + " END",
    "receivable_closings_allocation_update": "AFTER UPDATE ON allocations BEGIN "
    + _recompute("OLD.invoice_id")
    + _recompute("NEW.invoice_id")
    + " END",
}


def upgrade() -> None:
    op.create_table(
        "recurring_templates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("frequency", sa.String(length=10), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("next_date", sa.Date(), nullable=False),
        sa.Column("mode", sa.String(length=10), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("payment_terms_days", sa.Integer(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("net_cents", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "frequency IN ('monthly', 'quarterly', 'yearly')", name=op.f("ck_recurring_templates_frequency")
        ),
        sa.CheckConstraint("mode IN ('draft', 'issued')", name=op.f("ck_recurring_templates_mode")),
        sa.CheckConstraint(
            "end_date IS NULL OR end_date >= start_date", name=op.f("ck_recurring_templates_end_after_start")
        ),
        sa.ForeignKeyConstraint(
            ["customer_id"], ["customers.id"], name=op.f("fk_recurring_templates_customer_id_customers")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_recurring_templates")),
    )
    op.create_index("ix_recurring_templates_customer", "recurring_templates", ["customer_id"])
    op.create_table(
        "recurring_lines",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("template_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("quantity", sa.String(length=40), nullable=False),
        sa.Column("unit", sa.String(length=20), nullable=False),
        sa.Column("unit_price", sa.String(length=40), nullable=False),
        sa.Column("discount_pct", sa.String(length=40), nullable=False),
        sa.Column("vat_rate", sa.String(length=40), nullable=False),
        sa.Column("vat_exemption", sa.String(length=20), nullable=True),
        sa.ForeignKeyConstraint(
            ["template_id"],
            ["recurring_templates.id"],
            name=op.f("fk_recurring_lines_template_id_recurring_templates"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_recurring_lines")),
    )
    op.create_index("ix_recurring_lines_template", "recurring_lines", ["template_id"])
    op.create_table(
        "recurring_occurrences",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("template_id", sa.Integer(), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("invoice_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["invoice_id"],
            ["invoices.id"],
            name=op.f("fk_recurring_occurrences_invoice_id_invoices"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["template_id"],
            ["recurring_templates.id"],
            name=op.f("fk_recurring_occurrences_template_id_recurring_templates"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_recurring_occurrences")),
        sa.UniqueConstraint("template_id", "period_start", name="uq_recurring_occurrences_period"),
    )

    # Covering indexes for the KPI sums (see persistence/models/recurring.py for the measurements).
    op.create_index(
        "ix_invoices_credit_cover", "invoices", ["credited_invoice_id", "kind", "status", "issue_date", "total_cents"]
    )
    op.create_index(
        "ix_invoices_status_issue_cover", "invoices", ["status", "issue_date", "kind", "net_cents", "total_cents"]
    )
    op.create_index("ix_invoices_open_cover", "invoices", ["kind", "status", "issue_date", "due_date", "total_cents"])
    op.create_index("ix_allocations_date_invoice", "allocations", ["date", "invoice_id"])

    op.create_table(
        "receivable_closings",
        sa.Column("invoice_id", sa.Integer(), nullable=False),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["invoice_id"], ["invoices.id"], name=op.f("fk_receivable_closings_invoice_id_invoices")
        ),
        sa.PrimaryKeyConstraint("invoice_id", name=op.f("pk_receivable_closings")),
    )
    op.create_index("ix_receivable_closings_closed_on", "receivable_closings", ["closed_on"])
    op.execute(_RECOMPUTE.format(where="1 = 1"))  # every invoice already in the book
    for name, body in TRIGGERS.items():
        op.execute(f"CREATE TRIGGER {name} {body}")


def downgrade() -> None:
    for name in TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.drop_index("ix_receivable_closings_closed_on", table_name="receivable_closings")
    op.drop_table("receivable_closings")
    op.drop_index("ix_allocations_date_invoice", table_name="allocations")
    op.drop_index("ix_invoices_open_cover", table_name="invoices")
    op.drop_index("ix_invoices_status_issue_cover", table_name="invoices")
    op.drop_index("ix_invoices_credit_cover", table_name="invoices")
    op.drop_table("recurring_occurrences")
    op.drop_index("ix_recurring_lines_template", table_name="recurring_lines")
    op.drop_table("recurring_lines")
    op.drop_index("ix_recurring_templates_customer", table_name="recurring_templates")
    op.drop_table("recurring_templates")
