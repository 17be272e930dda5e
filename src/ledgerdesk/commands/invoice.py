"""Invoicing from the command line: `invoice add` (a draft, optionally issued at once) and
`invoice issue ID` (a draft made here, by a recurring template, a quote or work slips).

Both go through the same services as the editor: the draft is checked as the editor checks it, and
issuing asks the editor's question in the form of its warnings (late issue, VAT cases), takes the next
number of the gapless series and, for a customer who receives e-invoices, refuses an e-invoice that
breaks the rules unless `--force` (as the editor's "Issue anyway")."""

from __future__ import annotations

import argparse

from ..domain.money import fmt_cents
from . import CliError, parse_date, parse_number


def register(sub: argparse._SubParsersAction) -> None:
    top = sub.add_parser("invoice", help="make a draft invoice, or issue a draft")
    isub = top.add_subparsers(dest="invoice_command", metavar="ACTION", required=True, parser_class=type(top))

    p = isub.add_parser("add", help="a draft invoice with one line (or issued at once with --issue)")
    p.add_argument("--customer", required=True, help="customer id or exact name")
    p.add_argument("--description", required=True)
    p.add_argument("--quantity", default="1", type=parse_number, help="e.g. 7.5")
    p.add_argument("--unit", default="", help="UN/ECE Rec. 20 code, e.g. HUR (hour), DAY, C62 (piece)")
    p.add_argument("--price", required=True, type=parse_number, help="unit price excl. VAT, e.g. 55.00")
    p.add_argument("--vat", default="21", help="VAT rate in %% (21, 12, 6, 0)")
    p.add_argument(
        "--exemption",
        help="with --vat 0 (or 6 for renovation): franchise, reverse_charge, intra_eu, intra_eu_services, "
        "export, art44, outside_scope, renovation",
    )
    p.add_argument("--date", type=parse_date, help="the invoice's date (default: today)")
    p.add_argument("--delivered", type=parse_date, help="date of supply (BT-72), if not the invoice date")
    p.add_argument("--order-ref", default="", help="the customer's order number (BT-13)")
    p.add_argument("--buyer-ref", default="", help="the customer's buyer reference (BT-10)")
    p.add_argument("--issue", action="store_true", help="issue it at once (takes the next number)")
    p.add_argument(
        "--force",
        action="store_true",
        help="with --issue: issue even if its e-invoice is invalid or its date is out of order",
    )
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_add)

    p = isub.add_parser("issue", help="issue a draft (its id is in `invoices --status draft`)")
    p.add_argument("draft", type=int, help="the draft's id")
    p.add_argument("--on", type=parse_date, help="the issue date (default: the draft's date)")
    p.add_argument("--order-ref", help="fill in the customer's order number (BT-13) first")
    p.add_argument("--buyer-ref", help="fill in the customer's buyer reference (BT-10) first")
    p.add_argument(
        "--force", action="store_true", help="issue even if its e-invoice is invalid or its date is out of order"
    )
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_issue)


def _tr():  # type: ignore[no-untyped-def]
    from ..i18n.user import cli_tr

    return cli_tr()


def _money(cents: int) -> str:
    """An amount as the user's language writes it, with the euro sign."""
    from ..i18n import format_money
    from ..i18n.user import cli_language

    return format_money(cents, cli_language())


def cmd_add(args, ctx) -> int:  # type: ignore[no-untyped-def]
    from ..domain.customer_refs import CustomerReferences
    from ..domain.invoicing import totals_of
    from ..services import invoice_forms
    from ..services.invoicing import DraftData
    from .one_line import customer_of, line_of

    on = args.date or ctx.today()
    line = line_of(args)
    with ctx.book.db.transaction() as session:
        customer_id = customer_of(session, args.customer)
        data = DraftData(
            customer_id,
            on,
            [line],
            delivery_date=args.delivered,
            references=CustomerReferences.of(buyer_reference=args.buyer_ref, order_reference=args.order_ref),
        )
        draft_id = invoice_forms.save_draft(session, None, data)
        if not args.issue:
            total = totals_of(data.lines).total_cents
    if not args.issue:
        if args.json:
            ctx.print_json({"draft": draft_id, "number": None, "total": fmt_cents(total)})
        else:
            ctx.out.write(
                _tr()(
                    "draft invoice {draft} saved ({amount}); issue it with: ledgerdesk invoice issue {draft}",
                    draft=draft_id,
                    amount=_money(total),
                )
                + "\n"
            )
        return 0
    return _issue(ctx, draft_id, on=None, force=args.force, as_json=args.json)


def cmd_issue(args, ctx) -> int:  # type: ignore[no-untyped-def]
    return _issue(
        ctx,
        args.draft,
        on=args.on,
        force=args.force,
        as_json=args.json,
        buyer_ref=args.buyer_ref,
        order_ref=args.order_ref,
    )


def _issue(  # type: ignore[no-untyped-def]
    ctx, draft_id: int, *, on, force: bool, as_json: bool, buyer_ref: str | None = None, order_ref: str | None = None
) -> int:
    """One transaction: the editor's question (its warnings shown), then the issue itself."""
    from ..domain.customer_refs import CustomerReferences
    from ..persistence.models import Invoice
    from ..services import invoice_forms
    from ..services.einvoicing import issue_with_einvoice
    from ..services.invoicing import draft_data_of, update_draft
    from . import shown

    tr = _tr()
    with ctx.book.db.transaction() as session:
        invoice = session.get(Invoice, draft_id)
        if invoice is None:
            raise CliError(f"there is no draft {draft_id}")
        if invoice.is_issued:
            raise CliError(f"{invoice.number} is already issued")
        data = draft_data_of(invoice)
        if on is not None:
            data.issue_date = on
        if buyer_ref is not None or order_ref is not None:  # the references a customer requires, given here
            old = data.references
            data.references = CustomerReferences.of(
                old.buyer_reference if buyer_ref is None else buyer_ref,
                old.order_reference if order_ref is None else order_ref,
                old.contract_reference,
            )
            update_draft(session, draft_id, data)
        question = invoice_forms.issue_question(session, draft_id, data, today=ctx.today())
        if question.date_warnings and not force:  # the editor asks; here the user says so with --force
            raise CliError(
                tr(
                    "{reason}. Not issued: check the date, or issue anyway with --force.",
                    reason=shown(question.date_warnings[0]),
                )
            )
        number = issue_with_einvoice(session, draft_id, on=on, override=force)
        invoice = session.get(Invoice, draft_id)
        assert invoice is not None
        result = {
            "draft": draft_id,
            "number": number,
            "kind": invoice.kind,
            "customer": question.customer,
            "issue_date": invoice.issue_date.isoformat(),
            "due_date": invoice.due_date.isoformat() if invoice.due_date else None,
            "total": fmt_cents(invoice.total_cents),
            "warnings": [str(w) for w in (*question.date_warnings, *question.warnings)],
        }
    if as_json:
        ctx.print_json(result)
        return 0
    for warning in (*question.date_warnings, *question.warnings):
        ctx.out.write(tr("Warning: {text}", text=shown(warning)) + "\n")
    ctx.out.write(
        tr(
            "{number} issued to {customer} for {amount}",
            number=number,
            customer=question.customer,
            amount=_money(invoice.total_cents),
        )
        + "\n"
    )
    return 0
