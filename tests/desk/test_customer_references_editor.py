"""The editor asks a customer's references; a customer who requires one gets no invoice without it."""

from __future__ import annotations

from ledgerdesk.domain.customer_refs import CustomerReferences
from ledgerdesk.services import company as company_service
from ledgerdesk.services import invoice_forms
from ledgerdesk.ui.dialogs.customer_form import CustomerForm
from ledgerdesk.ui.dialogs.invoice_editor import InvoiceEditor
from ledgerdesk.ui.models.lines import LineDraft


def test_the_customer_form_keeps_the_requirement(qtbot, ctx, book, customer_id):
    form = CustomerForm(ctx)
    qtbot.addWidget(form)
    with book.db.reading() as s:
        form.set_data(invoice_forms.customer_form_data(s, customer_id))
    assert not form.requires_reference.isChecked()
    form.requires_reference.setChecked(True)
    with book.db.transaction() as s:
        company_service.update_customer(s, customer_id, form.data())
    with book.db.reading() as s:
        assert invoice_forms.customer_form_data(s, customer_id).requires_buyer_reference


def test_issuing_without_the_required_reference_is_refused_with_the_reason(
    qtbot, ctx, book, customer_id, messages, monkeypatch
):
    with book.db.transaction() as s:
        data = invoice_forms.customer_form_data(s, customer_id)
        data.requires_buyer_reference = True
        company_service.update_customer(s, customer_id, data)
    asked: list[str] = []
    monkeypatch.setattr(
        InvoiceEditor, "confirm_issue", staticmethod(lambda parent, text, *a: asked.append(text) or True)
    )
    editor = InvoiceEditor(ctx, customer_id=customer_id)
    qtbot.addWidget(editor)
    assert editor.buyer_reference.placeholderText() == "Buyer reference (required)"
    assert editor.references_label.text() == "Customer's references *"
    editor.lines.set_drafts([LineDraft("Consultancy", "8", "95")])
    assert editor.issue() is None
    assert not asked  # refused before the question
    assert messages[-1] == (
        "Bakkerij Peeters requires a buyer reference or an order number on every invoice: enter it before issuing"
    )
    editor.order_reference.setText("  4500012345 ")
    editor.contract_reference.setText("Raamcontract 2025")
    assert editor.issue() == "2026-0001"
    assert editor.view.document.customer_references == CustomerReferences("", "4500012345", "Raamcontract 2025")
    assert editor.order_reference.isReadOnly()
    # shown again as issued
    again = InvoiceEditor(ctx, invoice_id=editor.view.id)
    qtbot.addWidget(again)
    assert again.order_reference.text() == "4500012345" and again.contract_reference.text() == "Raamcontract 2025"
