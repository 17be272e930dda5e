"""The payment dialog refuses EUR 3,000 or more in cash for one sale, with the reason, and registers nothing."""

from __future__ import annotations

from datetime import date

from ledgerdesk.domain.invoicing import LineInput
from ledgerdesk.persistence import queries
from ledgerdesk.services import invoice_forms, invoicing
from ledgerdesk.ui.dialogs.payment import PaymentDialog

TODAY = date(2026, 3, 2)


def test_cash_over_the_limit_is_refused_in_the_dialog_and_the_bank_is_accepted(qtbot, ctx, book, customer_id, messages):
    with book.db.transaction() as s:
        invoice_id = invoicing.create_draft(
            s, invoicing.DraftData(customer_id, TODAY, [LineInput.of("Kitchen", "1", "4000")])
        )
        invoicing.issue(s, invoice_id)
        view = invoice_forms.load_invoice(s, invoice_id, TODAY)
    dialog = PaymentDialog(ctx, view)
    qtbot.addWidget(dialog)
    dialog.amount.setText("3500,00")
    dialog.method.setCurrentIndex(dialog.method.findData("cash"))
    assert dialog.register() is None
    assert len(messages) == 1
    assert messages[0].startswith("A cash payment of EUR 3500.00 is not allowed") and "through a bank" in messages[0]
    with book.db.reading() as s:
        assert queries.open_cents(s, invoice_id, TODAY) == 484_000
    dialog.method.setCurrentIndex(dialog.method.findData("bank"))
    assert dialog.register() is not None
    with book.db.reading() as s:
        assert queries.open_cents(s, invoice_id, TODAY) == 134_000
