"""Every item model of the desktop app passes Qt's model tester."""

from __future__ import annotations

from datetime import date

from ledgerdesk.domain.invoicing import LineInput
from ledgerdesk.persistence.customer_queries import list_customers
from ledgerdesk.persistence.queries import list_invoices
from ledgerdesk.services import invoicing
from ledgerdesk.ui.models.invoices import customer_model, invoice_model
from ledgerdesk.ui.models.lines import PRICE, VAT, LineDraft, LinesModel


def _issue_some(ctx, customer_id):
    for i in range(3):
        data = invoicing.DraftData(customer_id, date(2026, 1, 5 + i), [LineInput.of(f"Work {i}", 2, "50")])
        invoice_id = ctx.write(invoicing.create_draft, data)
        if i:
            ctx.write(invoicing.issue, invoice_id)


def test_invoice_and_customer_models_pass_the_model_tester(qtmodeltester, ctx, customer_id, today):
    _issue_some(ctx, customer_id)
    model = invoice_model(ctx, ctx.read(list_invoices, today))
    assert model.rowCount() == 3
    model.sort(4)
    qtmodeltester.check(model)
    customers = customer_model(ctx, ctx.read(list_customers, today))
    qtmodeltester.check(customers)
    assert customers.rowCount() == 1


def test_lines_model_passes_the_model_tester_and_parses_belgian_decimals(qtmodeltester, ctx):
    model = LinesModel(ctx)
    model.add_line(LineDraft("Consulting", "1,5", "1.000,00", "10", "21"))
    model.add_line(LineDraft())
    qtmodeltester.check(model)
    lines, problems = model.parsed()
    assert problems == []
    assert [line.net_cents for line in lines] == [135000]
    assert model.setData(model.index(1, 0), "Bad") and model.setData(model.index(1, PRICE), "abc")
    _, problems = model.parsed()
    assert problems and problems[0].startswith("Line 2")
    assert not model.setData(model.index(0, VAT), "7")  # not a Belgian rate: refused by the model
