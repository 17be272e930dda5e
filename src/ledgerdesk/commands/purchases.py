"""Purchase commands: `purchases import|add|list|due|approve|reject|paid|categories|reverse-charge|suppliers|
supplier-add`."""

from __future__ import annotations

import argparse
import getpass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from ..domain.money import fmt_cents
from . import CliError, parse_date, parse_decimal, parse_number
from .text import day, language, money, say, sentence, word

# `purchases due`: each bucket's line.
BUCKETS = {
    "overdue": "overdue: {count} bills, {total}",
    "today": "today: {count} bills, {total}",
    "week": "week: {count} bills, {total}",
}


def in_currency(cents: int, currency: str) -> str:
    """'1234.56 EUR' in English; in Dutch and French the user's money format (babel) in its currency."""
    if language() == "en":
        return f"{fmt_cents(cents)} {currency}"
    from ..i18n import format_money

    return format_money(cents, language(), currency=currency)


def register(sub: argparse._SubParsersAction) -> None:
    top = sub.add_parser("purchases", help="suppliers' bills: import, add, list, approve, reject, mark paid")
    psub = top.add_subparsers(dest="purchases_command", metavar="ACTION", required=True, parser_class=type(top))

    p = psub.add_parser("import", help="import a supplier's UBL e-invoice (Peppol BIS 3.0 or e-fff) as a bill")
    source = p.add_mutually_exclusive_group(required=True)
    source.add_argument("file", type=Path, nargs="?", help="the UBL file")
    source.add_argument("--inbox", type=int, metavar="ID", help="a document received through Peppol (`inbox list`)")
    p.add_argument("--json", action="store_true", help="print JSON (the bill, or the rules that refuse the file)")
    p.set_defaults(func=cmd_import)

    p = psub.add_parser("add", help="add a bill typed from the supplier's PDF or photo (attached)")
    p.add_argument("--supplier", required=True, help="supplier id, VAT number or exact name")
    p.add_argument("--number", required=True, help="the supplier's invoice number")
    p.add_argument("--date", type=parse_date, required=True, help="the invoice date")
    p.add_argument("--due", type=parse_date, help="the due date (default: the supplier's payment terms)")
    p.add_argument(
        "--line",
        action="append",
        required=True,
        metavar="AMOUNT:RATE[:CATEGORY[:DEDUCTIBLE%]][:TEXT]",
        help="a total excl. VAT per VAT rate, e.g. 100.00:21:car (repeat for each rate or line)",
    )
    p.add_argument("--credit-note", action="store_true", help="the document is a credit note")
    p.add_argument("--ogm", default="", help="the supplier's structured communication")
    p.add_argument("--iban", default="", help="the account to pay, when not the supplier's usual one")
    p.add_argument("--attach", type=Path, action="append", default=[], help="the supplier's PDF or photo")
    _reverse_charge_options(p)
    p.set_defaults(func=cmd_add)

    p = psub.add_parser(
        "reverse-charge", help="record who owes a bill's VAT: a reverse-charge case (you) or none (the supplier)"
    )
    p.add_argument("number")
    p.add_argument("--supplier", help="the supplier, when two suppliers used this number")
    _reverse_charge_options(p, required=True)
    p.set_defaults(func=cmd_reverse_charge)

    p = psub.add_parser("list", help="list bills")
    p.add_argument("--status", default="all", help="open, received, approved, overdue, paid, rejected or all")
    p.add_argument("--search", default="", help="supplier, number, VAT number or structured communication")
    p.add_argument("--as-of", type=parse_date, help="date for overdue (default: today)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_list)

    p = psub.add_parser("due", help="bills to pay: overdue, due today, due this week")
    p.add_argument("--as-of", type=parse_date)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_due)

    p = psub.add_parser("approve", help="approve a received bill")
    p.add_argument("number")
    p.add_argument("--supplier", help="the supplier, when two suppliers used this number")
    p.add_argument("--by", help="who approves (default: your user name)")
    p.set_defaults(func=cmd_approve)

    p = psub.add_parser(
        "categories", help="change the cost category of a bill's lines, typed or imported (the file stays as received)"
    )
    p.add_argument("number")
    p.add_argument("--line", action="append", required=True, help="LINE:CATEGORY, the line from 1 (repeat), e.g. 2:car")
    p.add_argument("--supplier", help="the supplier, when two suppliers used this number")
    p.set_defaults(func=cmd_categories)

    p = psub.add_parser("reject", help="reject a bill, saying why")
    p.add_argument("number")
    p.add_argument("--reason", required=True)
    p.add_argument("--supplier")
    p.set_defaults(func=cmd_reject)

    p = psub.add_parser("paid", help="mark a bill paid by hand (all that is left, or --amount)")
    p.add_argument("number")
    p.add_argument("--supplier")
    p.add_argument("--amount", type=parse_number, help="the amount paid, e.g. 50.00 (default: all that is left)")
    p.add_argument("--on", type=parse_date, help="the day it was paid (default: today)")
    p.add_argument("--bank-line", type=int, help="the id of the statement line that paid it (see `purchases review`)")
    p.set_defaults(func=cmd_paid)

    p = psub.add_parser("review", help="money out on imported statements that may pay a bill but was not booked")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_review)

    p = psub.add_parser("pay", help="write a SEPA credit transfer file (pain.001.001.09) paying approved bills")
    p.add_argument("--due-by", type=parse_date, help="every approved bill due on or before this day")
    p.add_argument("--number", action="append", default=[], help="a bill to pay (repeat); instead of --due-by")
    p.add_argument("--execution-date", type=parse_date, help="the day the bank pays (default: today)")
    p.add_argument("-o", "--output", type=Path, required=True, help="the XML file to give your bank")
    p.set_defaults(func=cmd_pay)

    p = psub.add_parser("suppliers", help="list suppliers")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_suppliers)

    p = psub.add_parser("supplier-add", help="add a supplier")
    p.add_argument("--name", required=True)
    p.add_argument("--vat", default="", help="VAT or enterprise number")
    p.add_argument("--iban", default="")
    p.add_argument("--bic", default="")
    p.add_argument("--street", default="")
    p.add_argument("--postcode", default="")
    p.add_argument("--city", default="")
    p.add_argument("--country", default="BE")
    p.add_argument("--category", default="other", help="default cost category")
    p.add_argument("--terms", type=int, help="payment terms in days")
    p.set_defaults(func=cmd_supplier_add)


def _cents(text: str) -> int:
    """An amount in euro and cents as the user writes it (12.50, 12,50, 1.234,50)."""
    from ..domain.money import to_cents
    from ..i18n.reading import Unreadable, read_number

    try:
        value = read_number(text)
    except Unreadable as refused:
        raise CliError(str(refused)) from None
    if not value.is_finite() or value != value.quantize(Decimal("0.01")):
        raise CliError(f"'{text}' is not an amount in euro and cents")
    return to_cents(value)


def cmd_import(args, ctx) -> int:  # type: ignore[no-untyped-def]
    from ..services.purchase_import import UblRefused, bill_from_inbox, import_ubl
    from ..user_files import UBL_FILE_LIMIT, read_input

    try:
        if args.inbox is not None:
            with ctx.book.db.transaction() as session:
                imported = bill_from_inbox(session, args.inbox, on=ctx.today())
        else:
            xml = read_input(args.file, limit=UBL_FILE_LIMIT)
            with ctx.book.db.transaction() as session:
                imported = import_ubl(session, xml, name=args.file.name, on=ctx.today())
    except UblRefused as exc:
        if args.json:
            source = f"inbox {args.inbox}" if args.inbox is not None else str(args.file)
            ctx.print_json({"imported": False, "file": source, "problems": [f.as_json() for f in exc.findings]})
            return 1
        raise
    r = imported.recorded
    if args.json:
        ctx.print_json(
            {
                "imported": True,
                "id": r.id,
                "number": r.number,
                "supplier": r.supplier,
                "currency": imported.currency,
                "total": fmt_cents(r.total_cents),
                "vat_breakdown": [
                    {"category": c, "rate": rate, "base": fmt_cents(base), "vat": fmt_cents(vat)}
                    for c, rate, base, vat in imported.rates
                ],
                "warnings": list(r.warnings) + [f.message for f in imported.warnings],
            }
        )
    else:
        total = in_currency(r.total_cents, imported.currency)
        ctx.out.write(
            say("{number} ({supplier}): {total}, received", number=r.number, supplier=r.supplier, total=total)
        )
        ctx.out.write("\n")
        for warning in r.warnings:
            ctx.err.write(say("warning: {warning}", warning=sentence(warning)) + "\n")
    return 0


def _line(spec: str, default_category: str, categories):  # type: ignore[no-untyped-def]
    from ..domain.errors import ValidationError
    from ..domain.invoicing import LineInput
    from ..domain.purchases import BillLine
    from ..domain.vat import VatTreatment

    parts = spec.split(":")
    if len(parts) < 2:
        raise CliError(f"'{spec}' is not AMOUNT:RATE[:CATEGORY[:DEDUCTIBLE%]][:TEXT]")
    amount = Decimal(_cents(parts[0])) / 100
    try:
        treatment = VatTreatment.parse(parts[1])
    except ValidationError as exc:
        raise CliError(str(exc)) from None
    category = parts[2] if len(parts) > 2 and parts[2] else default_category
    by_code = {c.code: c for c in categories}
    if category not in by_code:
        raise CliError(f"'{category}' is not a cost category")
    pct = by_code[category].deductible_pct
    if len(parts) > 3 and parts[3]:
        try:
            pct = Decimal(parts[3].rstrip("%"))
        except InvalidOperation:
            raise CliError(f"'{parts[3]}' is not a percentage") from None
    text = ":".join(parts[4:]) or f"VAT {parts[1]} %"
    return BillLine(LineInput(text, Decimal(1), amount, treatment), category, pct)


def _reverse_charge_options(p: argparse.ArgumentParser, *, required: bool = False) -> None:
    p.add_argument(
        "--reverse-charge",
        required=required,
        metavar="CASE",
        help="you owe the VAT: intra_eu_goods (grids 86/55), intra_eu_services (88/55), co_contractor (87/56), "
        "import (under licence, 87/57); none: the supplier charged it",
    )
    p.add_argument(
        "--self-assess-rate",
        type=parse_decimal,
        metavar="RATE",
        help="the Belgian VAT rate you owe on it: 21 (default), 12 or 6",
    )


def cmd_reverse_charge(args, ctx) -> int:  # type: ignore[no-untyped-def]
    from datetime import datetime

    from ..domain.reverse_charge import parse_case
    from ..services import purchases

    case = None if args.reverse_charge == "none" else args.reverse_charge
    with ctx.book.db.transaction() as session:
        bill = purchases.find_bill(session, args.number, args.supplier)
        purchases.set_reverse_charge(session, bill.id, case, args.self_assess_rate, on=ctx.today(), now=datetime.now())
        rate = bill.reverse_charge_rate
    from ..i18n.user import cli_tr

    tr, found = cli_tr(), parse_case(case)
    if found is None:
        ctx.out.write(tr("{number}: the supplier charged the VAT", number=args.number) + "\n")
    else:
        said = tr(
            "{number}: you owe the VAT at {rate} % (base in grid {base}, VAT in grid {vat})",
            number=args.number,
            rate=str(rate),
            base=found.base_grid,
            vat=found.vat_grid,
        )
        ctx.out.write(said + "\n")
    return 0


def cmd_add(args, ctx) -> int:  # type: ignore[no-untyped-def]
    from ..domain.document import DocumentKind
    from ..services import purchases
    from ..user_files import read_input

    files = [purchases.Attachment(path.name, read_input(path, limit=purchases.FILE_LIMIT)) for path in args.attach]
    with ctx.book.db.transaction() as session:
        supplier = purchases.find_supplier(session, args.supplier)
        cats = purchases.categories(session)
        lines = tuple(_line(spec, supplier.default_category, cats) for spec in args.line)
        recorded = purchases.record_bill(
            session,
            purchases.BillDraft(
                supplier_id=supplier.id,
                number=args.number,
                issue_date=args.date,
                lines=lines,
                kind=DocumentKind.PURCHASE_CREDIT_NOTE if args.credit_note else DocumentKind.PURCHASE_INVOICE,
                due_date=args.due,
                structured_communication=args.ogm,
                iban=args.iban,
                reverse_charge=None if args.reverse_charge in (None, "none") else args.reverse_charge,
                reverse_charge_rate=args.self_assess_rate,
            ),
            on=ctx.today(),
            attachments=files,
        )
    received = say(
        "{number} ({supplier}): {total}, received",
        number=recorded.number,
        supplier=recorded.supplier,
        total=money(recorded.total_cents),
    )
    ctx.out.write(received + "\n")
    for warning in recorded.warnings:
        ctx.err.write(say("warning: {warning}", warning=sentence(warning)) + "\n")
    return 0


def cmd_list(args, ctx) -> int:  # type: ignore[no-untyped-def]
    from ..services.purchase_list import list_bills

    as_of = args.as_of or ctx.today()
    with ctx.book.db.reading() as session:
        rows = list_bills(session, as_of, status=args.status, text=args.search)
    if args.json:
        ctx.print_json([r.as_json(as_of) for r in rows])
        return 0
    for r in rows:
        due = say("due {date}", date=day(r.due_date, "-"))
        ctx.out.write(
            f"{r.number:<20} {r.supplier[:30]:<30} {day(r.issue_date)} {due:<14} {word(r.status):<9} "
            f"{in_currency(-r.payable_cents if r.refund else r.payable_cents, r.currency):>16}\n"
        )
    open_total = money(sum(r.owed_cents for r in rows))  # a credit note's refund to come counts against it
    ctx.out.write(say("{count} bills, open {total}", count=len(rows), total=open_total) + "\n")
    return 0


def cmd_due(args, ctx) -> int:  # type: ignore[no-untyped-def]
    from ..services.purchase_list import bills_due

    as_of = args.as_of or ctx.today()
    with ctx.book.db.reading() as session:
        due = bills_due(session, as_of)
    if args.json:
        ctx.print_json(
            {
                bucket: {
                    "total": fmt_cents(due.cents(bucket)),
                    "bills": [r.as_json(as_of) for r in getattr(due, bucket)],
                }
                for bucket in ("overdue", "today", "week")
            }
        )
        return 0
    for bucket in ("overdue", "today", "week"):
        rows = getattr(due, bucket)
        ctx.out.write(say(BUCKETS[bucket], count=len(rows), total=money(due.cents(bucket))) + "\n")
        for r in rows:
            due_on = say("due {date}", date=day(r.due_date, "-"))
            ctx.out.write(f"  {r.number:<20} {r.supplier[:30]:<30} {due_on} {money(r.open_cents):>12}\n")
    return 0


def cmd_approve(args, ctx) -> int:  # type: ignore[no-untyped-def]
    from ..services import purchases

    by = args.by or getpass.getuser()
    with ctx.book.db.transaction() as session:
        bill = purchases.find_bill(session, args.number, args.supplier)
        status = purchases.approve_bill(session, bill.id, by, on=ctx.today())
    if status == "approved":
        ctx.out.write(say("{number}: approved by {by}", number=args.number, by=by) + "\n")
    else:
        ctx.out.write(
            say("{number}: approved by {by}; a second person must approve it too", number=args.number, by=by) + "\n"
        )
    return 0


def cmd_categories(args, ctx) -> int:  # type: ignore[no-untyped-def]
    from ..services import purchases

    chosen: dict[int, str] = {}
    for spec in args.line:
        position, _, category = spec.partition(":")
        if not position.strip().isdigit() or not category.strip():
            raise CliError(f"'{spec}' is not LINE:CATEGORY")
        chosen[int(position) - 1] = category.strip()
    with ctx.book.db.transaction() as session:
        bill = purchases.find_bill(session, args.number, args.supplier)
        changed = purchases.set_line_categories(session, bill.id, chosen, on=ctx.today())
    ctx.out.write(say("{number}: {count} line(s) in another cost category", number=args.number, count=changed) + "\n")
    return 0


def cmd_reject(args, ctx) -> int:  # type: ignore[no-untyped-def]
    from datetime import datetime

    from ..peppol import PeppolError
    from ..services import bill_rejection, purchases

    with ctx.book.db.transaction() as session:
        bill = purchases.find_bill(session, args.number, args.supplier)
        response = bill_rejection.reject(session, bill.id, args.reason, on=ctx.today(), now=datetime.now())
    ctx.out.write(say("{number}: {status}", number=args.number, status=word("rejected")) + "\n")
    if response is None:
        return 0
    try:
        sent = bill_rejection.send_kept_responses(ctx.book.db, now=datetime.now())
    except PeppolError as exc:
        sent, why = [], str(exc)
    else:
        why = say("Peppol is not set up") if sent is None else ""
    mine = next((r for r in sent or [] if r.number == response), None)
    if mine is not None and mine.message_id:
        ctx.out.write(say("Peppol response {response} (rejected) sent to the supplier", response=response) + "\n")
    else:
        why = mine.error if mine is not None and mine.error else why
        kept = say(
            "Peppol response {response} (rejected) kept for the next `inbox respond`: {why}",
            response=response,
            why=sentence(why),
        )
        ctx.out.write(kept + "\n")
    return 0


def cmd_paid(args, ctx) -> int:  # type: ignore[no-untyped-def]
    from ..services import purchases

    amount = _cents(args.amount) if args.amount else None
    with ctx.book.db.transaction() as session:
        bill = purchases.find_bill(session, args.number, args.supplier)
        if args.bank_line is not None:
            from ..services.purchase_matching import pay_from_line

            pay_from_line(session, args.bank_line, bill.id)
            status = bill.status
        else:
            status = purchases.mark_paid(session, bill.id, on=args.on or ctx.today(), amount_cents=amount)
    ctx.out.write(say("{number}: {status}", number=args.number, status=word(status)) + "\n")
    return 0


def cmd_review(args, ctx) -> int:  # type: ignore[no-untyped-def]
    from ..persistence.models import Purchase
    from ..services.purchase_matching import to_review

    with ctx.book.db.reading() as session:
        rows = to_review(session)
        numbers = {
            p.id: p.number
            for p in session.query(Purchase).filter(Purchase.id.in_([i for r in rows for i in r.candidates]))
        }
    items: list[dict[str, object]] = [
        {
            "bank_line": r.line_id,
            "date": r.booking_date.isoformat(),
            "amount": fmt_cents(r.amount_cents),
            "counterparty": r.counterparty_name,
            "iban": r.counterparty_iban,
            "communication": r.communication,
            "bills": [numbers[i] for i in r.candidates],
        }
        for r in rows
    ]
    if args.json:
        ctx.print_json(items)
        return 0
    for r in rows:
        bills = ", ".join(numbers[i] for i in r.candidates) or "-"
        line = say("line {id}", id=r.line_id)
        ctx.out.write(
            f"{line} {day(r.booking_date)} {money(r.amount_cents):>12} {r.counterparty_name[:30]:<30} "
            + say("may pay: {bills}", bills=bills)
            + "\n"
        )
    ctx.out.write(say("{count} lines to review", count=len(items)) + "\n")
    return 0


def cmd_pay(args, ctx) -> int:  # type: ignore[no-untyped-def]
    from ..atomic import write_atomic
    from ..services import purchases
    from ..services.purchase_payments import due_bill_ids, payment_file
    from ..user_files import check_output_file

    if (args.due_by is None) == (not args.number):
        raise CliError("say which bills to pay: --due-by DATE or --number NUMBER")
    check_output_file(args.output)
    with ctx.book.db.transaction() as session:
        if args.due_by is not None:
            ids = due_bill_ids(session, args.due_by)
        else:
            ids = [purchases.find_bill(session, number).id for number in args.number]
        made = payment_file(session, ids, execution_date=args.execution_date or ctx.today())
        # Written inside the transaction: a file that cannot be written leaves no trace on the bills.
        write_atomic(args.output, made.xml)
    paid = say(
        "{file}: {count} transfers, {total} ({numbers})",
        file=args.output,
        count=made.count,
        total=f"{fmt_cents(made.total_cents)} EUR" if language() == "en" else money(made.total_cents),
        numbers=", ".join(made.numbers),
    )
    ctx.out.write(paid + "\n")
    return 0


def cmd_suppliers(args, ctx) -> int:  # type: ignore[no-untyped-def]
    from ..services.purchase_list import list_suppliers

    with ctx.book.db.reading() as session:
        rows = list_suppliers(session)
    if args.json:
        ctx.print_json(
            [
                {
                    "id": r.id,
                    "name": r.name,
                    "vat": r.vat,
                    "iban": r.iban,
                    "bic": r.bic,
                    "default_category": r.default_category,
                    "payment_terms_days": r.payment_terms_days,
                    "bills": r.bills,
                    "open": fmt_cents(r.open_cents),
                }
                for r in rows
            ]
        )
        return 0
    for r in rows:
        bills = say("{count} bills, open {total}", count=f"{r.bills:>4}", total=money(r.open_cents))
        ctx.out.write(f"{r.id:>4} {r.name[:40]:<40} {r.vat or '-':<14} {bills}\n")
    return 0


def cmd_supplier_add(args, ctx) -> int:  # type: ignore[no-untyped-def]
    from ..domain.suppliers import SupplierInput
    from ..services import purchases

    data = SupplierInput(
        name=args.name,
        vat=args.vat,
        iban=args.iban,
        bic=args.bic,
        street=args.street,
        postcode=args.postcode,
        city=args.city,
        country=args.country,
        default_category=args.category,
        payment_terms_days=args.terms,
    )
    with ctx.book.db.transaction() as session:
        supplier_id, warnings = purchases.add_supplier(session, data, on=ctx.today())
    ctx.out.write(say("supplier {id}: {name}", id=supplier_id, name=args.name) + "\n")
    for warning in warnings:
        ctx.err.write(say("warning: {warning}", warning=sentence(warning)) + "\n")
    return 0


def figures_json(f) -> dict[str, object]:  # type: ignore[no-untyped-def]
    """The purchase-side figures of `kpi --json` (services.purchase_kpis.PurchaseFigures), amounts as strings."""
    return {
        "costs_this_month": fmt_cents(f.costs_this_month),
        "costs_same_month_last_year": fmt_cents(f.costs_same_month_last_year),
        "costs_by_category": [
            {
                "category": c.category,
                "this_month": fmt_cents(c.this_year),
                "same_month_last_year": fmt_cents(c.last_year),
            }
            for c in f.categories
        ],
        "costs_by_month": [None if c is None else fmt_cents(c) for c in f.costs_by_month],
        "costs_by_month_last_year": [fmt_cents(c) for c in f.costs_by_month_last_year],
        "result_this_month": fmt_cents(f.result_this_month),
        "result_ytd": fmt_cents(f.result_ytd),
        "result_by_month": [None if c is None else fmt_cents(c) for c in f.result_by_month],
        "vat_estimate": {
            "first": f.vat.first.isoformat(),
            "last": f.vat.last.isoformat(),
            "output": fmt_cents(f.vat.output_cents),
            "deductible": fmt_cents(f.vat.deductible_cents),
            "balance": fmt_cents(f.vat.balance_cents),
        },
        "cash_flow": {
            "balance": fmt_cents(f.cash.balance_cents),
            "balance_date": f.cash.balance_date.isoformat() if f.cash.balance_date else None,
            "weeks": [
                {
                    "start": w.start.isoformat(),
                    "end": w.end.isoformat(),
                    "in": fmt_cents(w.in_cents),
                    "out": fmt_cents(w.out_cents),
                    "balance": fmt_cents(w.balance_cents),
                    "lowest": w.lowest,
                }
                for w in f.cash.weeks
            ],
            "overdue_left_out": fmt_cents(f.cash.left_out_cents),
            "overdue_left_out_count": f.cash.left_out_count,
        },
    }
