"""The one place tests build what a book holds: the company, customers, invoices and credit notes, payments,
suppliers and their bills, quotes, and a whole small book.

Every builder goes through the real services, so a test builds what a user could. Each takes the session of
the caller's transaction, or a `Book`, and then writes in a transaction of its own. Imported one way
everywhere: `from builders import ...` (pytest puts `tests/` on the path through its conftest).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from ledgerdesk.domain.invoicing import LineInput
from ledgerdesk.domain.money import to_cents
from ledgerdesk.domain.purchases import BillLine
from ledgerdesk.domain.suppliers import SupplierInput
from ledgerdesk.domain.vat import VatTreatment
from ledgerdesk.paths import BookPaths
from ledgerdesk.persistence.book import Book, open_book
from ledgerdesk.persistence.models import Invoice
from ledgerdesk.services import company as company_service
from ledgerdesk.services import invoicing, payments, purchases, quotes

# The standard company: a standard-regime Belgian sole trader who writes in Dutch.
COMPANY: dict[str, Any] = {
    "name": "Atelier Janssens",
    "street": "Kerkstraat 1",
    "postcode": "9000",
    "city": "Gent",
    "vat": "BE0403170701",
    "iban": "BE71096123456769",
    "bic": "GKCCBEBB",
    "email": "info@janssens.be",
    "language": "nl",
}
# The standard customer: a Belgian business with a VAT number and an address.
PEETERS: dict[str, Any] = {
    "name": "Bakkerij Peeters",
    "vat": "BE0202239951",
    "street": "Markt 5",
    "postcode": "2000",
    "city": "Antwerpen",
}
CUSTOMER_SINCE = date(2025, 1, 1)
SUPPLIER_SINCE = date(2026, 12, 1)
QUOTE_TIME = datetime(2026, 3, 1, 9, 0)

Target = Book | Session


@contextmanager
def writing(target: Target) -> Iterator[Session]:
    """The caller's session as it is, or a new transaction on a book."""
    if isinstance(target, Session):
        yield target
    else:
        with target.db.transaction() as s:
            yield s


def company_data(**changes: Any) -> company_service.CompanyData:
    return company_service.CompanyData(**{**COMPANY, **changes})


def set_up_company(target: Target, **changes: Any) -> None:
    """The standard company, with `changes` to its fields."""
    with writing(target) as s:
        company_service.save_company(s, company_data(**changes))


def new_book(folder: Path, *, company: bool = True, **changes: Any) -> Book:
    """An open book in `folder` (close it), with the standard company unless `company=False`."""
    book = open_book(BookPaths.in_dir(folder))
    if company:
        set_up_company(book, **changes)
    return book


def customer(
    target: Target,
    name: str = "Bakkerij Peeters",
    *,
    kind: str = "business",
    since: date = CUSTOMER_SINCE,
    **fields: Any,
) -> int:
    """A customer; a business has the standard customer's VAT number and address unless given (None for none)."""
    if kind == "business":
        fields = {**{k: v for k, v in PEETERS.items() if k != "name"}, **fields}
    with writing(target) as s:
        data = company_service.CustomerData(name=name, kind=kind, **fields)
        return company_service.create_customer(s, data, today=since).id


def line(net: str = "100", vat: str = "21", what: str = "Work", quantity: Any = 1, **extra: Any) -> LineInput:
    return LineInput.of(what, quantity, net, vat, **extra)


def draft_invoice(
    target: Target,
    customer_id: int,
    on: date = date(2026, 3, 2),
    net: str = "100",
    *,
    vat: str = "21",
    what: str = "Work",
    lines: Sequence[LineInput] | None = None,
    terms: int | None = None,
    now: datetime | None = None,
    **draft: Any,
) -> int:
    """A draft of one line `net` excl. VAT at `vat` %, or of `lines`, dated `on`."""
    with writing(target) as s:
        data = invoicing.DraftData(
            customer_id=customer_id,
            issue_date=on,
            lines=list(lines) if lines is not None else [line(net, vat, what)],
            payment_terms_days=terms,
            **draft,
        )
        return invoicing.create_draft(s, data, now=now)


def invoice(
    target: Target,
    customer_id: int,
    on: date = date(2026, 3, 2),
    net: str = "100",
    *,
    issue: bool = True,
    now: datetime | None = None,
    **draft: Any,
) -> int:
    """An invoice as `draft_invoice` makes it, issued on `on` unless `issue=False`."""
    with writing(target) as s:
        invoice_id = draft_invoice(s, customer_id, on, net, now=now, **draft)
        if issue:
            invoicing.issue(s, invoice_id, on=on, now=now)
        return invoice_id


def invoice_due(
    target: Target, customer_id: int, total: str, due: date, *, terms: int = 30, what: str = "Werken"
) -> int:
    """An issued invoice whose total is exactly `total` (one line at 0 %), falling due on `due`."""
    return invoice(target, customer_id, due - timedelta(days=terms), total, vat="0", terms=terms, what=what)


def issued_invoice(
    target: Target, customer_id: int, net: str = "100", day: date = date(2026, 1, 10)
) -> tuple[int, str, int]:
    """(id, structured communication, total cents) of an issued invoice of one 21 % line."""
    with writing(target) as s:
        invoice_id = invoice(s, customer_id, day, net, what="Werk", now=datetime(2026, 1, 1))
        row = s.get(Invoice, invoice_id)
        assert row is not None and row.structured_communication is not None
        return invoice_id, row.structured_communication, row.total_cents


def credit_note(target: Target, invoice_id: int, on: date, net: str | None = None, *, vat: str = "21") -> int:
    """An issued credit note of the whole invoice, or of `net` excl. VAT."""
    with writing(target) as s:
        lines = None if net is None else [line(net, vat, "Correction")]
        note_id = invoicing.create_credit_note(s, invoice_id, issue_date=on, lines=lines)
        invoicing.issue(s, note_id, on=on)
        return note_id


def payment(
    target: Target,
    invoice_id: int,
    on: date,
    amount: int | str,
    *,
    customer_id: int | None = None,
    known_payer: bool = True,
    method: str = "bank",
) -> int:
    """A payment of `amount` (cents, or euros as text) on `on`, allocated to the invoice; the payer is the
    invoice's customer unless given, or nobody with `known_payer=False`."""
    amount_cents = to_cents(amount) if isinstance(amount, str) else amount
    with writing(target) as s:
        if customer_id is None and known_payer:
            row = s.get(Invoice, invoice_id)
            assert row is not None
            customer_id = row.customer_id
        data = payments.PaymentData(date=on, amount_cents=amount_cents, method=method, customer_id=customer_id)
        return payments.register_payment(s, data, [(invoice_id, amount_cents)])


def supplier(target: Target, name: str = "Garage Dubois", **fields: Any) -> int:
    data = {
        "vat": "BE0202239951",
        "iban": "BE71096123456769",
        "city": "Namur",
        "street": "Rue Haute 3",
        "postcode": "5000",
        **fields,
    }
    with writing(target) as s:
        return purchases.add_supplier(s, SupplierInput(name=name, **data), on=SUPPLIER_SINCE)[0]


def bill_line(amount: str, rate: str = "21", category: str = "other", pct: str = "100", text: str = "Werk") -> BillLine:
    return BillLine(LineInput(text, Decimal(1), Decimal(amount), VatTreatment(Decimal(rate))), category, Decimal(pct))


def bill(
    target: Target, supplier_id: int, number: str = "F-1", *lines: BillLine, day: date = SUPPLIER_SINCE, **fields: Any
) -> Any:
    """A supplier's bill as recorded by hand (one line of 100.00 at 21 % unless `lines`)."""
    with writing(target) as s:
        draft = purchases.BillDraft(supplier_id, number, day, tuple(lines) or (bill_line("100"),), **fields)
        return purchases.record_bill(s, draft, on=day)


def draft_quote(
    target: Target, customer_id: int, *, day: date = date(2026, 3, 2), deposit_cents: int | None = None, **kw: Any
) -> int:
    """A draft quote of 40 hours at 55.00 (21 %) and materials 300.00 (6 %): net 2,500.00, total 2,980.00."""
    lines = kw.pop(
        "lines",
        [
            LineInput.of("Renovatie badkamer: arbeid", "40", "55.00", "21", unit="h"),
            LineInput.of("Tegels en lijm", "1", "300.00", "6"),
        ],
    )
    with writing(target) as s:
        data = quotes.QuoteData(customer_id=customer_id, issue_date=day, lines=lines, deposit_cents=deposit_cents, **kw)
        return quotes.create_draft(s, data, now=QUOTE_TIME)


def sent_quote(target: Target, customer_id: int, **kw: Any) -> tuple[int, str]:
    """(id, number) of a quote made final (numbered: ready to send, not yet marked sent)."""
    with writing(target) as s:
        quote_id = draft_quote(s, customer_id, **kw)
        return quote_id, quotes.send(s, quote_id, now=QUOTE_TIME)


def run_cli(*args: str) -> tuple[int, str, str]:
    """`ledgerdesk ARGS` in this process: (exit code, stdout, stderr)."""
    import io

    from ledgerdesk import cli

    out, err = io.StringIO(), io.StringIO()
    code = cli.main(list(args), out=out, err=err)
    return code, out.getvalue(), err.getvalue()
