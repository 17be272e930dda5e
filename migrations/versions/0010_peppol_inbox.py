"""peppol inbox: documents received through the access point, byte for byte, append-only; our responses to them

Revision ID: 0010_peppol
Revises: 0009_peppol
"""

import sqlalchemy as sa
from alembic import op

revision = "0010_peppol"
down_revision = "0009_outbox"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "incoming_documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("provider", sa.String(length=20), nullable=False),
        sa.Column("message_id", sa.String(length=120), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("supplier_key", sa.String(length=80), nullable=False),
        sa.Column("supplier_name", sa.String(length=200), nullable=False),
        sa.Column("supplier_endpoint", sa.String(length=80), nullable=False),
        sa.Column("number", sa.String(length=120), nullable=False),
        sa.Column("issue_date", sa.Date(), nullable=True),
        sa.Column("due_date", sa.Date(), nullable=True),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("payable_cents", sa.Integer(), nullable=True),
        sa.Column("response_code", sa.String(length=4), nullable=True),
        sa.Column("refers_to", sa.String(length=120), nullable=True),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("received_at", sa.DateTime(), nullable=False),
        sa.Column("valid", sa.Boolean(), nullable=True),
        sa.Column("findings", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_incoming_documents")),
        sa.UniqueConstraint("provider", "message_id", name="uq_incoming_documents_message"),
        sa.UniqueConstraint("supplier_key", "kind", "number", name="uq_incoming_documents_document"),
    )
    op.create_table(
        "peppol_responses",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("incoming_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=60), nullable=False),
        sa.Column("code", sa.String(length=2), nullable=False),
        sa.Column("reasons", sa.Text(), nullable=False),
        sa.Column("on_date", sa.Date(), nullable=False),
        sa.Column("xml", sa.LargeBinary(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("message_id", sa.String(length=120), nullable=True),
        sa.Column("answer", sa.Text(), nullable=False),
        sa.Column("sent_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["incoming_id"], ["incoming_documents.id"], name=op.f("fk_peppol_responses_incoming_id_incoming_documents")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_peppol_responses")),
        sa.UniqueConstraint("number", name=op.f("uq_peppol_responses_number")),
    )
    op.create_index(op.f("ix_peppol_responses_incoming_id"), "peppol_responses", ["incoming_id"], unique=False)
    # What we answered is evidence too: its XML never changes, and no response is deleted.
    op.execute("""
        CREATE TRIGGER peppol_responses_keep_xml BEFORE UPDATE OF xml, sha256, code, number ON peppol_responses
        BEGIN SELECT RAISE(ABORT, 'a Peppol response cannot be changed'); END
    """)
    op.execute("""
        CREATE TRIGGER peppol_responses_no_delete BEFORE DELETE ON peppol_responses
        BEGIN SELECT RAISE(ABORT, 'a Peppol response cannot be deleted'); END
    """)
    # What arrived is evidence: kept as received, never changed or deleted.
    op.execute("""
        CREATE TRIGGER incoming_documents_no_update BEFORE UPDATE ON incoming_documents
        BEGIN SELECT RAISE(ABORT, 'a received document cannot be changed'); END
    """)
    op.execute("""
        CREATE TRIGGER incoming_documents_no_delete BEFORE DELETE ON incoming_documents
        BEGIN SELECT RAISE(ABORT, 'a received document cannot be deleted'); END
    """)


def downgrade() -> None:
    op.execute("DROP TRIGGER IF EXISTS peppol_responses_keep_xml")
    op.execute("DROP TRIGGER IF EXISTS peppol_responses_no_delete")
    op.drop_index(op.f("ix_peppol_responses_incoming_id"), table_name="peppol_responses")
    op.drop_table("peppol_responses")
    op.execute("DROP TRIGGER IF EXISTS incoming_documents_no_update")
    op.execute("DROP TRIGGER IF EXISTS incoming_documents_no_delete")
    op.drop_table("incoming_documents")
