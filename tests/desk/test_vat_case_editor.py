"""The invoice editor and the VAT cases: every case offered by name, refusals and warnings before issuing."""

from __future__ import annotations

from datetime import date

from builders import customer
from PySide6.QtWidgets import QComboBox, QStyleOptionViewItem

from ledgerdesk.persistence.queries import list_invoices
from ledgerdesk.ui.dialogs.invoice_editor import InvoiceEditor
from ledgerdesk.ui.models.lines import VAT, LineDraft
from ledgerdesk.ui.widgets.invoice_lines import LineDelegate

TODAY = date(2026, 3, 2)


def _customer(book, **fields) -> int:
    data = {"name": "Familie Claes", "vat": None, "street": "Dorp 1", "postcode": "9000", "city": "Gent", **fields}
    return customer(book, since=TODAY, **data)


def _issued(book) -> list:
    with book.db.reading() as s:
        return [row for row in list_invoices(s, as_of=TODAY) if row.number]


def test_the_vat_column_offers_every_case_and_never_calls_reverse_charge_exempt(qtbot, ctx, customer_id):
    editor = InvoiceEditor(ctx, customer_id=customer_id)
    qtbot.addWidget(editor)
    combo = LineDelegate(editor).createEditor(editor, QStyleOptionViewItem(), editor.lines.index(0, VAT))
    assert isinstance(combo, QComboBox)
    offered = {combo.itemData(i): combo.itemText(i) for i in range(combo.count())}
    assert {
        "21",
        "12",
        "6",
        "0",
        "6/renovation",
        "0/reverse_charge",
        "0/eu_services",
        "0/intra_eu",
        "0/export",
        "0/art44",
        "0/franchise",
        "0/outside_scope",
    } <= set(offered)
    for key in ("0/reverse_charge", "0/eu_services"):
        assert offered[key].startswith("Reverse charge") and "xempt" not in offered[key]


def test_eu_services_to_a_belgian_customer_are_refused_with_the_reason_and_nothing_is_issued(
    qtbot, ctx, book, customer_id, messages, monkeypatch
):
    monkeypatch.setattr(InvoiceEditor, "confirm_issue", staticmethod(lambda *a: True))
    editor = InvoiceEditor(ctx, customer_id=customer_id)  # Bakkerij Peeters, BE0202239951
    qtbot.addWidget(editor)
    editor.lines.set_drafts([LineDraft("Consulting", "4", "100", "0", "0/eu_services")])
    assert editor.issue() is None
    assert messages == ["The VAT case 'eu_services' is for a customer in another EU country, not a Belgian VAT number"]
    assert _issued(book) == []


def test_renovation_for_a_business_asks_with_the_warning_and_cancel_issues_nothing(
    qtbot, ctx, book, customer_id, messages, monkeypatch
):
    asked: list[str] = []
    answers = [False, True]
    monkeypatch.setattr(
        InvoiceEditor, "confirm_issue", staticmethod(lambda parent, text, *a: asked.append(text) or answers.pop(0))
    )
    editor = InvoiceEditor(ctx, customer_id=customer_id)
    qtbot.addWidget(editor)
    editor.lines.set_drafts([LineDraft("Tiling", "10", "45", "0", "6/renovation")])
    assert editor.issue() is None  # "Cancel"
    assert _issued(book) == [] and messages == []
    assert asked[0].startswith("The 6 % renovation rate is for works invoiced to a final consumer")
    assert asked[0].endswith(
        f"Issue invoice 2026-0001 to Bakkerij Peeters for {ctx.money(47700)}? Issued invoices "
        "cannot be changed; corrections go through a credit note."
    )
    assert "final consumer" in editor.problems.text()
    assert editor.issue() == "2026-0001"  # "Issue": the user knows the customer renovates a home
    assert len(asked) == 2


def test_a_consumer_renovation_is_asked_without_warning(qtbot, ctx, book, messages, monkeypatch):
    asked: list[str] = []
    monkeypatch.setattr(
        InvoiceEditor, "confirm_issue", staticmethod(lambda parent, text, *a: asked.append(text) or True)
    )
    editor = InvoiceEditor(ctx, customer_id=_customer(book, kind="consumer"))
    qtbot.addWidget(editor)
    editor.lines.set_drafts([LineDraft("Tiling", "10", "45", "0", "6/renovation")])
    assert editor.issue() == "2026-0001"
    assert asked == [
        f"Issue invoice 2026-0001 to Familie Claes for {ctx.money(47700)}? Issued invoices cannot be "
        "changed; corrections go through a credit note."
    ]
