"""The work delivered window over a real book: log work with the invoice editor's lines, see the queue and
the warning before the 15th, invoice a customer's work in one draft; the customer's page shows it."""

from __future__ import annotations

from datetime import date

from ledgerdesk.domain.invoicing import LineInput
from ledgerdesk.persistence.models import Invoice
from ledgerdesk.services import work
from ledgerdesk.ui.dialogs.work_slips import WorkDialog, WorkSlipEditor
from ledgerdesk.ui.models.lines import DESCRIPTION, PRICE, QUANTITY


def test_log_work_see_the_warning_and_invoice_it(qtbot, qtmodeltester, ctx, book, customer_id, messages):
    with book.db.transaction() as s:  # January's work, still not invoiced on 2 March (it was due by 15 February)
        work.create_slip(
            s, work.SlipData(customer_id, date(2026, 1, 20), [LineInput.of("Herstelling", "3", "60", "21")])
        )
    window = WorkDialog(ctx)
    qtbot.addWidget(window)
    panel = window.panel
    assert panel.warning.text() == (
        "Work delivered since 20/01/2026 (180,00\xa0€) is not invoiced: its invoice was due by 15/02/2026"
    )
    editor = panel.add_work()
    assert isinstance(editor, WorkSlipEditor)
    editor.customer.setCurrentIndex(editor.customer.findData(customer_id))
    model = editor.lines
    model.setData(model.index(0, DESCRIPTION), "Plaatsing")
    model.setData(model.index(0, QUANTITY), "7,5")
    model.setData(model.index(0, PRICE), "55")
    assert editor.save() is not None and messages == []
    qtmodeltester.check(panel.model)
    assert [r.net_cents for r in panel.model.rows()] == [41_250, 18_000]
    assert panel.summary.text() == "Not invoiced: 592,50\xa0€"
    panel.select_row(0)
    with qtbot.waitSignal(window.open_invoice) as opened:
        invoice_id = panel.invoice_selected_customer()
    assert opened.args == [invoice_id]
    with book.db.reading() as s:
        assert s.get(Invoice, invoice_id).net_cents == 59_250
    assert panel.model.rows() == [] and not panel.warning.isVisible()
    panel.uninvoiced.setChecked(False)
    assert [r.invoice_id for r in panel.model.rows()] == [invoice_id, invoice_id]


def test_the_customers_page_shows_its_work(qtbot, ctx, book, customer_id):
    from ledgerdesk.ui.dialogs.customers import CustomerPage

    with book.db.transaction() as s:
        work.create_slip(s, work.SlipData(customer_id, date(2026, 3, 1), [LineInput.of("Onderhoud", "2", "50", "21")]))
    page = CustomerPage(ctx, customer_id)
    qtbot.addWidget(page)
    titles = [page.pages.tabText(i) for i in range(page.pages.count())]
    panel = page.pages.widget(titles.index("Work delivered"))
    assert [r.net_cents for r in panel.model.rows()] == [10_000]
    assert panel.summary.text() == "Not invoiced: 100,00\xa0€"
