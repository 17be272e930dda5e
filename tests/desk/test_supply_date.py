"""The date of supply: chosen in the editor, stored and printed, and a warning when invoiced after the 15th."""

from __future__ import annotations

from datetime import date

from ledgerdesk.domain.supply import invoice_deadline, late_issue_warning
from ledgerdesk.i18n import gettext
from ledgerdesk.services import invoice_forms
from ledgerdesk.ui.dialogs.invoice_editor import InvoiceEditor
from ledgerdesk.ui.models.lines import LineDraft
from ledgerdesk.ui.widgets.invoice_lines import qdate


def test_an_invoice_is_due_by_the_15th_of_the_month_after_the_supply():
    assert invoice_deadline(date(2026, 1, 31)) == date(2026, 2, 15)
    assert invoice_deadline(date(2025, 12, 3)) == date(2026, 1, 15)
    assert late_issue_warning(date(2026, 1, 31), date(2026, 2, 15)) is None
    assert late_issue_warning(None, date(2027, 1, 1)) is None
    warning = late_issue_warning(date(2026, 1, 31), date(2026, 2, 16))
    assert str(warning) == "the supply of 31/01/2026 had to be invoiced by 15/02/2026; this invoice is issued late"
    assert "15/02/2026" in warning.translated(gettext("fr")) and "en retard" in warning.translated(gettext("fr"))


def test_the_editor_stores_the_date_of_supply_and_warns_when_issued_late(
    qtbot, ctx, book, customer_id, messages, monkeypatch
):
    asked: list[str] = []
    monkeypatch.setattr(
        InvoiceEditor, "confirm_issue", staticmethod(lambda parent, text, *a: asked.append(text) or True)
    )
    editor = InvoiceEditor(ctx, customer_id=customer_id)
    qtbot.addWidget(editor)
    assert not editor.supply_date.isEnabled()
    editor.issue_date.setDate(qdate(date(2026, 3, 2)))
    editor.supply_differs.setChecked(True)
    assert editor.supply_date.isEnabled()
    editor.supply_date.setDate(qdate(date(2026, 1, 20)))
    editor.lines.set_drafts([LineDraft("Roof repair", "1", "900", "0", "21")])
    draft_id = editor.save()
    with book.db.reading() as s:
        assert invoice_forms.load_invoice(s, draft_id).document.delivery_date == date(2026, 1, 20)
    assert editor.issue() == "2026-0001"
    assert asked[0].startswith(
        "The supply of 20/01/2026 had to be invoiced by 15/02/2026; this invoice is issued late."
    )
    assert editor.view.document.delivery_date == date(2026, 1, 20)
    assert not editor.supply_differs.isEnabled() and not editor.supply_date.isEnabled()
    # BT-72 in the e-invoice, from the same document value
    from lxml import etree

    from ledgerdesk.einvoice.codes import NS
    from ledgerdesk.einvoice.ubl_writer import build_ubl

    xml = etree.fromstring(build_ubl(editor.view.document))
    assert xml.xpath("/*/cac:Delivery/cbc:ActualDeliveryDate/text()", namespaces=NS) == ["2026-01-20"]
