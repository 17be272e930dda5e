"""Each KPI on a small hand-made book against figures computed by hand (see the book's docstring)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from builders import credit_note, customer, invoice, payment
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ledgerdesk.domain import kpis as k
from ledgerdesk.domain.invoicing import LineInput
from ledgerdesk.persistence import queries
from ledgerdesk.services import kpis, recurring

AS_OF = date(2026, 3, 15)


@pytest.fixture
def small_book(book):
    """Two customers, 30 days to pay, 21 % VAT:

    I1 A 2026-01-10 net 1000 (1210, due 02-09) — paid in full 2026-02-20 (41 days, 11 late)
    I2 A 2026-02-05 net  500 ( 605, due 03-07) — credit note 2026-03-05 net 100 (121), paid 200 on 2026-03-10
    I3 B 2026-03-02 net 2000 (2420, due 04-01) — 1000 paid on 2026-03-20, after the as-of date
    I4 B 2025-03-20 net  300 ( 363, due 04-19) — paid 2025-04-10 (21 days, on time)
    I5 B 2025-11-01 net  100 ( 121, due 12-01) — never paid
    a draft for A dated 2026-03-10 (net 999) that counts nowhere
    """
    with book.db.transaction() as s:
        a, b = customer(s, "Alpha", since=date(2020, 1, 1)), customer(s, "Beta", since=date(2020, 1, 1))
        i4 = invoice(s, b, date(2025, 3, 20), "300")
        payment(s, i4, date(2025, 4, 10), "363", known_payer=False)
        invoice(s, b, date(2025, 11, 1), "100")
        i1 = invoice(s, a, date(2026, 1, 10), "1000")
        i2 = invoice(s, a, date(2026, 2, 5), "500")
        payment(s, i1, date(2026, 2, 20), "1210", known_payer=False)
        i3 = invoice(s, b, date(2026, 3, 2), "2000")
        credit_note(s, i2, date(2026, 3, 5), "100")
        payment(s, i2, date(2026, 3, 10), "200", known_payer=False)
        invoice(s, a, date(2026, 3, 10), "999", issue=False)
        payment(s, i3, date(2026, 3, 20), "1000", known_payer=False)
    return book


def snap(book, as_of=AS_OF) -> k.Snapshot:
    with book.db.reading() as s:
        return kpis.compute(s, as_of, per_customer=True)


def test_revenue_is_net_of_credit_notes_per_calendar_month(small_book):
    got = snap(small_book)
    assert got.revenue_this_month == 190000  # I3 2000 − credit note 100
    assert got.revenue_last_month == 50000  # I2
    assert got.revenue_same_month_last_year == 30000  # I4


def test_outstanding_overdue_and_aging_ignore_payments_after_the_as_of_date(small_book):
    got = snap(small_book)
    # I2 605 − 121 − 200 = 284; I3 2420 (its payment is dated after as_of); I5 121
    assert got.outstanding == 282500
    assert got.overdue == 28400 + 12100
    assert got.aging == {"not_due": 242000, "1_30": 28400, "31_60": 0, "61_90": 0, "over_90": 12100}


def test_figures_as_of_a_past_date(small_book):
    got = snap(small_book, date(2026, 2, 15))
    # I1 not yet paid (paid 02-20) and overdue since 02-09; I2 whole; I5 overdue; I3 not yet issued
    assert got.outstanding == 121000 + 60500 + 12100
    assert got.overdue == 121000 + 12100
    assert got.revenue_this_month == 50000 and got.revenue_last_month == 100000
    later = snap(small_book, date(2026, 3, 25))
    assert later.outstanding == 28400 + 142000 + 12100  # I3's 1000 now counts


def test_dso_over_the_90_days_ending_at_as_of(small_book):
    # invoiced 2025-12-16 … 2026-03-15: 1210 + 605 + 2420 − 121 = 4114; 2825 / 4114 × 90 = 61.80
    assert snap(small_book).dso == Decimal("61.8")


def test_dso_is_none_when_nothing_was_invoiced(small_book):
    assert snap(small_book, date(2025, 2, 1)).dso is None


def test_days_to_pay_and_late_weighted_by_invoice_total(small_book):
    got = snap(small_book)
    # I1 (41 days, 11 late, 1210) and I4 (21 days, 0 late, 363); I2 and I3 are only partly paid
    assert got.avg_days_to_pay == Decimal("36.4")  # (41×1210 + 21×363) / 1573 = 36.38
    assert got.avg_days_late == Decimal("8.5")  # 11×1210 / 1573 = 8.46
    by_name = {p.customer: p for p in got.payers}
    assert by_name["Alpha"].avg_days_to_pay == Decimal("41.0") and by_name["Alpha"].avg_days_late == Decimal("11.0")
    assert by_name["Beta"].avg_days_late == Decimal("0.0")
    assert [p.customer for p in got.top_late_payers] == ["Alpha"]


def test_a_payment_after_as_of_does_not_make_an_invoice_paid(small_book):
    got = snap(small_book, date(2026, 2, 19))
    # Only I4 is paid (I1 on the 20th): an average of one invoice is not shown, and says why.
    assert got.avg_days_to_pay is None and got.avg_days_late is None
    assert "1 so far" in str(got.withheld["avg_days_to_pay"])
    assert snap(small_book, date(2026, 2, 20)).avg_days_to_pay == Decimal("36.4")


def test_mrr_recurring_to_invoice_and_forecast(small_book):
    with small_book.db.transaction() as s:
        a = 1
        for start, freq, price in (
            (date(2026, 1, 31), "monthly", "100"),
            (date(2026, 2, 15), "quarterly", "300"),
            (date(2025, 6, 1), "yearly", "1200"),
        ):
            recurring.create_template(
                s, recurring.TemplateData(a, freq, start, [LineInput.of("Service", 1, price, "21")])
            )
    got = snap(small_book)
    assert got.mrr == 30000
    assert got.recurring_to_invoice == 10000  # only the monthly one starts a period in March (the 31st)
    assert got.forecast_month == 190000 + 10000


def test_next_actions_follow_the_numbers(small_book):
    # € 405 overdue, under the € 500 threshold: named gently, not 'nothing needs your attention'.
    assert [a.code for a in snap(small_book).actions] == ["reminders_small", "fine"]
    actions = k.next_actions(
        revenue_this_month=100,
        revenue_last_month=5000,
        forecast_month=200,
        outstanding=90000,
        overdue=80000,
        not_due=10000,
    )
    assert [a.code for a in actions] == ["reminders", "sales"]
    assert actions[0].tab == "reminders"


def test_any_overdue_amount_leads_to_an_action_and_ok_only_when_nothing_is_overdue():
    quiet = dict(revenue_this_month=5000, revenue_last_month=5000, forecast_month=5000, outstanding=0, not_due=0)
    small = k.next_actions(**quiet | {"outstanding": 1210, "overdue": 1210})
    assert [a.code for a in small] == ["reminders_small"]
    assert small[0].tab == "reminders" and small[0].values == {"amount": "1210"}
    assert kpis.action_text(small[0], "fr").startswith("12,10")
    assert [a.code for a in k.next_actions(**quiet | {"outstanding": 60000, "overdue": 60000})] == ["reminders"]
    assert [a.code for a in k.next_actions(**quiet | {"overdue": 0})] == ["ok"]


def test_change_against_last_month_uses_the_end_of_last_month(small_book):
    got = snap(small_book)
    assert got.previous is not None and got.previous.as_of == date(2026, 2, 28)
    assert got.previous.outstanding == 60500 + 12100
    assert k.change_pct(got.outstanding, got.previous.outstanding) == Decimal("289.1")


def test_drill_down_lists_the_invoices_behind_each_figure(small_book):
    with small_book.db.reading() as s:
        behind = {
            key: kpis.invoices_behind(s, AS_OF, key)
            for key in ("outstanding", "overdue", "aging:1_30", "revenue_this_month", "revenue:2026-02")
        }
    assert sum(r.open_cents for r in behind["outstanding"]) == snap(small_book).outstanding
    assert sum(r.open_cents for r in behind["overdue"]) == 40500
    assert [r.open_cents for r in behind["aging:1_30"]] == [28400]
    assert sorted((r.kind, r.net_cents) for r in behind["revenue_this_month"]) == [
        ("credit_note", 10000),
        ("invoice", 200000),
    ]
    assert [r.net_cents for r in behind["revenue:2026-02"]] == [50000]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    docs=st.lists(
        st.tuples(
            st.integers(min_value=0, max_value=300),  # issue day offset
            st.integers(min_value=1, max_value=5000),  # net euros
            st.integers(min_value=0, max_value=60),  # terms
            st.integers(min_value=0, max_value=100),  # % paid
            st.integers(min_value=0, max_value=200),  # payment delay
        ),
        min_size=1,
        max_size=8,
    ),
    as_of_offset=st.integers(min_value=0, max_value=500),
)
def test_outstanding_equals_the_sum_of_the_aging_buckets(book, docs, as_of_offset):

    base = date(2025, 1, 1)
    with book.db.transaction() as s:
        c = customer(s, f"P{len(docs)}{as_of_offset}{docs[0]}", since=date(2020, 1, 1))
        for offset, net, terms, pct, delay in docs:
            on = date.fromordinal(base.toordinal() + offset)
            inv = invoice(s, c, on, str(net), terms=terms)
            total = net * 121
            paid = total * pct // 100
            if paid:
                payment(s, inv, date.fromordinal(on.toordinal() + delay), paid, known_payer=False)
    as_of = date.fromordinal(base.toordinal() + as_of_offset)
    with book.db.reading() as s:
        got = kpis.compute(s, as_of, compare=False)
        rows = queries.list_invoices(s, as_of, status="open")
    assert got.outstanding == sum(got.aging.values()) == sum(r.open_cents for r in rows)
    assert got.overdue == sum(v for b, v in got.aging.items() if b != "not_due")
    with book.db.reading() as s:
        assert got.aging == queries.aging(s, as_of)  # the closings shortcut agrees with the full as-of sums


def test_closings_follow_unallocation_and_credit_notes_and_the_shortcut_matches_the_full_sums(small_book):
    from sqlalchemy import select, text

    from ledgerdesk.persistence.models import Allocation, ReceivableClosing
    from ledgerdesk.services import payments

    def closed(s, invoice_id):
        return s.scalar(select(ReceivableClosing.closed_on).where(ReceivableClosing.invoice_id == invoice_id))

    with small_book.db.transaction() as s:
        assert closed(s, 3) == date(2026, 2, 20)  # I1, paid in full
        assert closed(s, 4) is None  # I2, partly paid and credited
        allocation = s.scalar(select(Allocation.id).where(Allocation.invoice_id == 3))
        payments.unallocate(s, allocation, on=date(2026, 3, 1))
        assert closed(s, 3) is None  # open again
        credit_note(s, 3, date(2026, 3, 3))  # credit the whole of I1
        assert closed(s, 3) == date(2026, 3, 3)
    dates = [date(2025, 4, 1), date(2026, 2, 21), date(2026, 3, 4), AS_OF, date(2026, 4, 30)]
    with small_book.db.reading() as s:
        assert kpis.closings_trusted(s)
        fast = [(kpis.aging(s, d), kpis.payer_sums(s, d)) for d in dates]
        assert [a for a, _ in fast] == [queries.aging(s, d) for d in dates]
    with small_book.db.transaction() as s:
        s.execute(text("DROP TRIGGER receivable_closings_allocation_delete"))  # as a table rebuild would
    with small_book.db.reading() as s:
        assert not kpis.closings_trusted(s)
        assert [(kpis.aging(s, d), kpis.payer_sums(s, d)) for d in dates] == fast


def test_demo_book_figures_agree_between_shortcut_and_full_sums(book):
    from sqlalchemy import text

    from ledgerdesk.services.demo import DemoSpec, generate

    with book.db.transaction() as s:
        generate(s, DemoSpec(years=2, customers=12, seed=7, as_of=date(2026, 6, 30)))
    dates = [date(2025, 3, 31), date(2025, 12, 15), date(2026, 6, 30)]
    with book.db.reading() as s:
        fast = [kpis.compute(s, d, compare=False) for d in dates]
    with book.db.transaction() as s:
        for name in ("receivable_closings_invoice_insert",):
            s.execute(text(f"DROP TRIGGER {name}"))
    with book.db.reading() as s:
        assert [kpis.compute(s, d, compare=False) for d in dates] == fast


def test_the_overview_strings_use_one_apostrophe_in_french():
    """'Chiffre d'affaires du mois passé' stood beside 'Chiffre d’affaires du mois à ce jour'."""
    import ast
    from pathlib import Path

    from ledgerdesk.i18n import catalog

    src = Path(kpis.__file__).parents[1]
    files = ["ui/tabs/kpi_tab.py", "ui/widgets/kpi_charts.py", "ui/widgets/cost_charts.py", "ui/widgets/cash_flow.py"]
    files += ["services/kpis.py", "services/purchase_kpis.py", "domain/kpis.py", "domain/cash_flow.py"]
    ids = {
        node.value
        for name in files
        for node in ast.walk(ast.parse((src / name).read_text(encoding="utf-8")))
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    }
    fr = catalog("fr")
    assert [fr[i] for i in sorted(ids) if i in fr and "'" in fr[i]] == []
    assert fr["Overdue"] == "Échu"
