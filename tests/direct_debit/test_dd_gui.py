"""The direct debit windows, one at a time with a real book: setup, the customer's mandates, the collection file."""

from __future__ import annotations

from datetime import date

from dd_helpers import CREDITOR_ID, belgian_iban, customer_with_mandate, monthly_template, set_up_creditor
from pypdf import PdfReader

from ledgerdesk.sepa import schema
from ledgerdesk.services import direct_debit, recurring
from ledgerdesk.ui.context import AppContext
from ledgerdesk.ui.dialogs.direct_debit import DirectDebitDialog
from ledgerdesk.ui.widgets.customer_mandates import CustomerMandates

TODAY = date(2026, 1, 10)


def test_setup_then_collect_from_the_window(qtbot, book, tmp_path, monkeypatch):
    ctx = AppContext(book, language="nl", today=lambda: TODAY)
    dialog = DirectDebitDialog(ctx)
    qtbot.addWidget(dialog)
    assert not dialog.write_button.isEnabled()
    assert "schuldeiser" in dialog.summary.text().lower() or dialog.summary.text()
    dialog.creditor_id.setText("BE12ZZZ0403170701")
    dialog.iban.setText("BE71096123456769")
    errors = []
    monkeypatch.setattr(
        "ledgerdesk.ui.widgets.feedback.QMessageBox.warning", lambda parent, title, text: errors.append(text)
    )
    assert dialog.save_setup() is None and "controlecijfers" in errors[0]  # said in Dutch, nothing saved
    dialog.creditor_id.setText(CREDITOR_ID.lower())
    assert dialog.save_setup() is not None
    assert dialog.creditor_id.text() == CREDITOR_ID and dialog.bic.text() == "GKCCBEBB"
    with book.db.transaction() as s:
        customer, _ = customer_with_mandate(s, "Jan Peeters")
        monthly_template(s, customer)
        recurring.generate(s, date(2026, 1, 1))
    dialog.collect_on.setDate(dialog.collect_on.date().addDays(5))  # 17 January: after the announced 15th
    assert dialog.model.rowCount() == 1 and dialog.model.row_at(0)[2] == "CORE FRST"
    result = dialog.write_to(tmp_path / "jan.xml")
    assert result is not None and len(result.invoices) == 1
    assert schema.problems((tmp_path / "jan.xml").read_bytes()) == ()
    assert dialog.model.rowCount() == 0  # collected: nothing left for that date


def test_the_customer_page_keeps_the_mandates(qtbot, book, tmp_path, monkeypatch):
    with book.db.transaction() as s:
        set_up_creditor(s)
        customer, mandate = customer_with_mandate(s, "Els Maes", reference="LD-0001")
    ctx = AppContext(book, language="fr", today=lambda: TODAY)
    page = CustomerMandates(ctx, customer)
    qtbot.addWidget(page)
    assert page.title() == "Domiciliation"
    assert page.model.rowCount() == 1 and "FRST" in page.model.data(page.model.index(0, 4))
    added = page.add(
        direct_debit.MandateData("LD-0002", customer, date(2026, 1, 5), belgian_iban("363", 5), scheme="CORE")
    )
    assert added is not None and page.model.rowCount() == 2
    page.view.selectRow([r.reference for r in page.model.rows()].index("LD-0001"))
    signed = tmp_path / "signe.pdf"
    signed.write_bytes(b"%PDF-1.4 signed")
    assert page.attach(signed)
    assert "signe.pdf" in [r.document_name for r in page.model.rows()]
    form = tmp_path / "form.pdf"
    assert page.save_form(form, "LD-0001")
    text = PdfReader(str(form)).pages[0].extract_text()
    assert (
        "Mandaat voor Europese domiciliëring" in text
    )  # the customer's language, not the user's and CREDITOR_ID in text and "LD-0001" in text
    page.view.selectRow([r.reference for r in page.model.rows()].index("LD-0001"))
    page.revoke_selected()
    assert any(r.revoked_on == TODAY for r in page.model.rows())
