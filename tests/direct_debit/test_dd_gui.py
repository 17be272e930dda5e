"""The direct debit windows, one at a time with a real book: setup, the customer's mandates, the collection file."""

from __future__ import annotations

from datetime import date

from dd_helpers import CREDITOR_ID, belgian_iban, customer_with_mandate, monthly_template, set_up_creditor
from pypdf import PdfReader
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import select

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
    dialog.collect_on.setDate(dialog.collect_on.date().addDays(4))  # Friday 16 January: after the announced 15th
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


def test_the_import_window_tells_which_collection_came_back(qtbot, book, tmp_path, artifacts_dir):
    """A statement with an R-transaction: the window says, in French, which invoice is open again and why."""
    from dd_statements import Refused, camt_returns

    from ledgerdesk.persistence.models import Invoice
    from ledgerdesk.services import direct_debit_collect
    from ledgerdesk.ui.dialogs.import_statement import ImportStatementDialog

    with book.db.transaction() as s:
        set_up_creditor(s)
        customer, _ = customer_with_mandate(s, "Brasserie Lambert", reference="LAMB-001")
        monthly_template(s, customer)
        recurring.generate(s, date(2026, 1, 1))
    with book.db.transaction() as s:
        collected = direct_debit_collect.collect(s, date(2026, 1, 20), today=date(2026, 1, 10))
    [(number, _, _, cents)] = collected.invoices
    statement = tmp_path / "returns.xml"
    statement.write_bytes(camt_returns([Refused(f"{number}-1", "LAMB-001", cents, "MD01", date(2026, 1, 22))]))
    ctx = AppContext(book, language="fr", today=lambda: date(2026, 1, 23))
    wizard = ImportStatementDialog(ctx, statement)
    qtbot.addWidget(wizard)
    qtbot.waitUntil(lambda: not wizard.busy, timeout=10_000)
    told: list[str] = []
    wizard.show_returned = told.append  # type: ignore[method-assign]
    wizard.do_import()
    qtbot.waitUntil(lambda: wizard.result_ is not None, timeout=10_000)
    assert len(told) == 1 and told[0].startswith(f"Domiciliation de la facture {number} (Brasserie Lambert,")
    assert "(MD01 : " in told[0] and "de nouveau ouverte" in told[0]
    with book.db.reading() as s:
        invoice = s.scalars(select(Invoice).where(Invoice.number == number)).one()
        assert invoice.status == "issued"
    box = QMessageBox(QMessageBox.Icon.Information, wizard.windowTitle(), told[0])
    qtbot.addWidget(box)
    box.show()
    box.grab().save(str(artifacts_dir / "dd_returned_fr.png"))
    from ledgerdesk.ui.dialogs.invoice_editor import InvoiceEditor

    with book.db.reading() as s:
        invoice_id = s.scalars(select(Invoice.id).where(Invoice.number == number)).one()
    window = InvoiceEditor(ctx, invoice_id=invoice_id)
    qtbot.addWidget(window)
    latest = window.payments.latest.text()
    assert latest.startswith("Dernier événement : 22/01/2026, domiciliation de") and "(MD01)" in latest
    history = window.payments.show_history()
    qtbot.addWidget(history)
    assert window.payments.events.rowCount() >= 3  # issued, collected, returned (and the payment taken off)
