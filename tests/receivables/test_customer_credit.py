"""Money a customer paid that no invoice took (a deposit left after its final invoice, an overpayment) is
said on the customer's account, and one action settles their next open invoices with it."""

from __future__ import annotations

from datetime import date

import pytest
from builders import customer, issued_invoice

from ledgerdesk.persistence import queries
from ledgerdesk.services import payments

TODAY = date(2026, 3, 20)


def _leftover(book) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    """A customer who paid 500.00 on an invoice of 121.00 (379.00 left), then got an invoice of 242.00."""
    with book.db.transaction() as s:
        cid = customer(s)
        first, _, _ = issued_invoice(s, cid, "100", date(2026, 1, 5))
        data = payments.PaymentData(date=date(2026, 1, 10), amount_cents=50_000, method="bank", customer_id=cid)
        payments.register_payment(s, data, [(first, 12_100)])
        second, _, _ = issued_invoice(s, cid, "200", date(2026, 2, 5))
    return cid, second


def test_the_credit_settles_the_next_invoice_and_what_is_left_stays_credit(book):
    cid, second = _leftover(book)
    with book.db.transaction() as s:
        assert payments.credit_of(s, cid) == 37_900
        used = payments.use_credit(s, cid)
    assert [(number, cents) for _, number, cents in used.allocated] == [("2026-0002", 24_200)]
    assert used.left_cents == 13_700
    with book.db.reading() as s:
        assert queries.open_cents(s, second) == 0
    with book.db.transaction() as s:  # nothing open: nothing done, the credit stays
        assert payments.use_credit(s, cid).allocated == ()


@pytest.mark.parametrize("language", ["nl", "fr"])
def test_the_customers_account_shows_the_credit_and_uses_it(qtbot, book, tmp_path, artifacts_dir, language):
    from ledgerdesk.ui.context import AppContext
    from ledgerdesk.ui.widgets.customer_account import CustomerAccountPage

    cid, second = _leftover(book)
    ctx = AppContext(book, language=language, today=lambda: TODAY)
    page = CustomerAccountPage(ctx, cid)
    qtbot.addWidget(page)
    page.show()
    assert "379,00" in page.credit.text() and page.use_credit_button.isVisible()
    for width, height in ((1024, 700), (1920, 1080)):
        page.resize(width, height)
        page.grab().save(str(artifacts_dir / f"customer-credit-{language}-{width}.png"))
    assert page.use_credit() == 1
    assert "137,00" in page.credit.text()
    with book.db.reading() as s:
        assert queries.open_cents(s, second) == 0
    ctx.wait_idle()
