"""The numbers: costs per month and category against last year, result, VAT estimate, the 8-week cash flow with
its lowest point; `kpi --json` carries them and the KPI tab's panel shows them, with the bills behind."""

from __future__ import annotations

import io
import json
from datetime import date, datetime

from builders import bill, bill_line, customer, invoice, invoice_due, payment, supplier
from hypothesis import given
from hypothesis import strategies as st

from ledgerdesk.banking.samples import Stmt, Tx, coda
from ledgerdesk.cli import main
from ledgerdesk.domain import cash_flow as cf
from ledgerdesk.domain.document import DocumentKind
from ledgerdesk.services import bank_import, purchase_kpis, purchases

AS_OF = date(2026, 12, 9)  # a Wednesday


def test_the_forecast_runs_week_by_week_from_the_balance_and_marks_the_lowest_week():
    flows = [
        cf.Flow(date(2026, 11, 20), -5000, "bill"),  # past due: the first week
        cf.Flow(date(2026, 12, 9), 2000, "receivable"),
        cf.Flow(date(2026, 12, 16), -30000, "bill"),
        cf.Flow(date(2027, 1, 5), 100000, "recurring"),
        cf.Flow(date(2027, 3, 1), 999999, "receivable"),  # after the 8 weeks
    ]
    got = cf.forecast(20000, date(2026, 12, 8), flows, AS_OF)
    assert [w.start for w in got.weeks][:2] == [date(2026, 12, 7), date(2026, 12, 14)]
    assert [(w.in_cents, w.out_cents, w.balance_cents) for w in got.weeks[:5]] == [
        (2000, 5000, 17000),
        (0, 30000, -13000),
        (0, 0, -13000),
        (0, 0, -13000),
        (100000, 0, 87000),
    ]
    assert got.lowest == got.weeks[1]  # the first of the equal lows


def test_receivables_come_in_when_the_customer_usually_pays_and_long_overdue_ones_are_left_out():
    flows = [
        cf.Flow(date(2026, 12, 1), 1000, "receivable", "due last week, on-time payer"),
        cf.Flow(date(2026, 12, 1), 2000, "receivable", "due last week, pays 20 days late", days_late=20),
        cf.Flow(date(2026, 12, 10), 4000, "receivable", "due this week, pays 7 days late", days_late=7),
        cf.Flow(date(2026, 9, 10), 8000, "receivable", "90 days past due: still expected"),
        cf.Flow(date(2026, 9, 9), 16000, "receivable", "91 days past due"),
        cf.Flow(date(2020, 1, 1), 32000, "receivable", "years old"),
        cf.Flow(date(2026, 1, 1), -500, "bill", "a bill long past due is still owed now"),
        cf.Flow(date(2026, 12, 10), 600, "recurring", days_late=30),  # only receivables carry a delay
    ]
    got = cf.forecast(0, None, flows, AS_OF)
    assert [w.in_cents for w in got.weeks[:4]] == [1000 + 8000 + 600, 4000, 2000, 0]  # 1 Dec + 20 = 21 Dec
    assert got.weeks[0].out_cents == 500
    assert (got.left_out_cents, got.left_out_count) == (16000 + 32000, 2)
    assert got.weeks[-1].balance_cents == 1000 + 2000 + 4000 + 8000 + 600 - 500


@given(
    st.integers(-(10**9), 10**9), st.lists(st.tuples(st.integers(-60, 60), st.integers(-(10**7), 10**7)), max_size=30)
)
def test_the_last_week_is_the_balance_plus_every_flow_within_the_weeks(balance, items):
    flows = [cf.Flow(date.fromordinal(AS_OF.toordinal() + d), c, "x") for d, c in items]
    got = cf.forecast(balance, None, flows, AS_OF)
    horizon = cf.week_start(AS_OF).toordinal() + 7 * cf.WEEKS
    assert got.weeks[-1].balance_cents == balance + sum(f.cents for f in flows if f.day.toordinal() < horizon)
    assert sum(w.lowest for w in got.weeks) == 1
    assert got.lowest is not None and got.lowest.balance_cents == min(w.balance_cents for w in got.weeks)


def _book_with_both_sides(book, customer_id):
    with book.db.transaction() as s:
        # 1210.00 due 2027-01-01
        invoice(s, customer_id, date(2026, 12, 2), "1000", what="Werk", now=datetime(2026, 12, 2))
        garage = supplier(s, "Garage Dubois", default_category="car", payment_terms_days=10)
        bill(
            s,
            garage,
            "G-1",
            bill_line("200", "21", "car", "50"),
            bill_line("100", "21", "fuel", "50"),
            day=date(2026, 12, 1),
        )
        bill(s, garage, "G-0", bill_line("80", "21", "car", "50"), day=date(2025, 12, 15))  # same month last year
        bill(
            s,
            garage,
            "GC-1",
            bill_line("20", "21", "car", "50"),
            day=date(2026, 12, 3),
            kind=DocumentKind.PURCHASE_CREDIT_NOTE,
        )
        rejected = bill(s, garage, "G-X", bill_line("999"), day=date(2026, 12, 4)).id
        purchases.reject_bill(s, rejected, "not ours", on=AS_OF)
        bill(s, garage, "G-9", bill_line("50", "21", "car", "100"), day=date(2026, 12, 5), due_date=date(2026, 12, 20))


def test_costs_result_and_vat_estimate(book, customer_id):
    _book_with_both_sides(book, customer_id)
    with book.db.reading() as s:
        f = purchase_kpis.compute(s, AS_OF)
    # G-1: 300 net + 63 VAT, half deductible -> 331.50; G-9: 50 (VAT deductible); credit note GC-1: -(20 + 2.10)
    assert f.costs_this_month == 33150 + 5000 - 2210
    assert f.costs_same_month_last_year == 8000 + 840
    assert f.revenue_this_month == 100000 and f.result_this_month == 100000 - 35940
    assert f.result_ytd == f.revenue_ytd - f.costs_ytd
    by_code = {c.category: (c.this_year, c.last_year) for c in f.categories}
    assert by_code == {"car": (20000 + 5000 - 2000, 8000), "fuel": (10000, 0), "non_deductible_vat": (3150 - 210, 840)}
    assert [c.category for c in f.categories] == ["car", "fuel", "non_deductible_vat"]
    # output 210.00; deductible 31.50 + 10.50 - 2.10 (credit note, half)
    assert (f.vat.first, f.vat.output_cents, f.vat.deductible_cents) == (date(2026, 10, 1), 21000, 3150 + 1050 - 210)
    with book.db.reading() as s:
        assert {r.number for r in purchase_kpis.bills_behind(s, AS_OF, "costs_this_month")} == {"G-1", "GC-1", "G-9"}
        assert {r.number for r in purchase_kpis.bills_behind(s, AS_OF, "category:fuel")} == {"G-1"}


def test_cash_flow_from_the_latest_statement_with_bills_and_receivables_by_due_date(book, customer_id, tmp_path):
    _book_with_both_sides(book, customer_id)
    path = tmp_path / "s.cod"
    path.write_bytes(
        coda([Stmt(opening_cents=40000, txs=[Tx(-1000, text="bank", day=date(2026, 12, 8))], day=date(2026, 12, 8))])
    )
    with book.db.transaction() as s:
        bank_import.import_file(s, path, today=AS_OF)
    with book.db.reading() as s:
        cash = purchase_kpis.cash_flow(s, AS_OF)
        week1 = purchase_kpis.bills_behind(s, AS_OF, "cash_week:1")
        week0 = purchase_kpis.bills_behind(s, AS_OF, "cash_week:0")
    assert (cash.balance_cents, cash.balance_date) == (39000, date(2026, 12, 8))
    outs = [w.out_cents for w in cash.weeks]
    assert outs[0] == 36300 + 9680  # G-1 (363.00) due on 11 December, and last year's G-0 (96.80) past due
    assert outs[1] == 6050 and outs[2] == 0  # G-9 on Sunday 20 December: the week of the 14th
    assert [r.number for r in week1] == ["G-9"] and {r.number for r in week0} == {"G-1", "G-0"}
    assert cash.weeks[3].in_cents == 121000  # the sale, due Friday 1 January 2027: the week of 28 December
    assert (cash.left_out_cents, cash.left_out_count) == (0, 0)
    assert cash.lowest is not None and cash.lowest.balance_cents == min(w.balance_cents for w in cash.weeks)


def test_the_book_s_receivables_come_in_by_the_customer_s_habit_and_old_debts_are_not_counted(book):
    with book.db.transaction() as s:
        late = customer(s, "Late Payer BV", since=date(2025, 1, 1))
        paid = invoice_due(s, late, "100", date(2026, 6, 1))
        payment(s, paid, date(2026, 6, 22), "100")  # 21 days late: the customer's habit
        invoice_due(s, late, "300", date(2026, 12, 4))  # due last Friday: expected around 25 December
        invoice_due(s, late, "700", date(2025, 6, 30))  # far past due: not expected
    with book.db.reading() as s:
        assert purchase_kpis.days_late(s, AS_OF) == {late: 21}
        cash = purchase_kpis.cash_flow(s, AS_OF)
    assert [w.in_cents for w in cash.weeks[:4]] == [0, 0, 30000, 0]  # the week of 21 December
    assert (cash.left_out_cents, cash.left_out_count) == (70000, 1)


def test_kpi_json_gains_costs_result_vat_and_cash_weeks(book, customer_id, monkeypatch):
    _book_with_both_sides(book, customer_id)
    folder = str(book.paths.folder)
    book.close()
    out, err = io.StringIO(), io.StringIO()
    assert main(["--data-dir", folder, "kpi", "--as-of", AS_OF.isoformat(), "--json"], out=out, err=err) == 0, (
        err.getvalue()
    )
    data = json.loads(out.getvalue())
    assert data["costs_this_month"] == "359.40" and data["costs_same_month_last_year"] == "88.40"
    assert data["result_this_month"] == "640.60"
    assert data["vat_estimate"] == {
        "first": "2026-10-01",
        "last": "2026-12-09",
        "output": "210.00",
        "deductible": "39.90",
        "balance": "170.10",
    }
    weeks = data["cash_flow"]["weeks"]
    assert len(weeks) == 8 and sum(w["lowest"] for w in weeks) == 1
    assert data["cash_flow"]["balance_date"] is None
    assert {a["code"] for a in data["next_actions"]} >= {"bills_overdue"}


def test_the_kpi_tab_panel_shows_the_weeks_and_lists_the_bills_behind(qtbot, book, customer_id):
    from ledgerdesk.ui.context import AppContext
    from ledgerdesk.ui.widgets.cash_flow import CashFlowPanel

    _book_with_both_sides(book, customer_id)
    ctx = AppContext(book, language="en", today=lambda: AS_OF)
    panel = CashFlowPanel(ctx)
    qtbot.addWidget(panel)
    with qtbot.waitSignal(panel.refreshed, timeout=10_000):
        panel.refresh(AS_OF)
    assert panel.weeks.rowCount() == 8
    low = panel.lowest_row()
    assert low is not None and panel.weeks.item(low, 2).font().bold()
    assert panel.costs.text().startswith("Costs this month 359,40")
    dialog = panel.show_bills("cash_week:0")
    assert dialog is not None
    ctx.wait_idle()
