"""Accountant commands: `pack` writes the period pack (sales e-invoices with PDFs, bank files, journal, payments);
`vat-return` previews the VAT return of a month or quarter;
`client-listing` lists the year's Belgian VAT customers above € 250; `ec-sales-list` the intra-EU customers.
Each of the last three also writes its Intervat XML (`--xml FILE` or `-o FILE.xml`)."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..domain.money import fmt_cents
from .text import day, money, say, sentence, word


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "pack",
        aliases=["accountant-pack"],
        help="write the accountant's pack of a period: e-invoices with their PDFs, bank files, "
        "sales journal, payments, manifest",
    )
    p.add_argument(
        "--period", required=True, metavar="PERIOD", help="a month (2026-11), a quarter (2026-Q4) or a year (2026)"
    )
    p.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar="FILE.zip",
        help="zip file to write (default: <company>-<period>-accountant.zip here)",
    )
    p.add_argument(
        "--resend",
        action="store_true",
        help="send a period again that was already sent (wholly or partly) to the accountant",
    )
    p.add_argument("--json", action="store_true", help="print what the pack holds as JSON")
    p.set_defaults(func=cmd_pack)
    register_vat_return(sub)
    register_client_listing(sub)
    register_ec_sales_list(sub)


def cmd_pack(args, ctx) -> int:  # type: ignore[no-untyped-def]
    from ..domain.period import Period
    from ..services.accountant_pack import default_name, write_pack
    from ..user_files import check_output_file

    period = Period.parse(args.period)
    with ctx.book.db.transaction() as session:
        output: Path = args.output or Path(".") / default_name(session, period)
        check_output_file(output)
        pack = write_pack(session, period, output, today=ctx.today(), resend=args.resend)
    if args.json:
        ctx.print_json(
            {
                "file": str(output),
                "period": period.name,
                "size": pack.size,
                "documents": [
                    {"kind": d.kind, "number": d.number, "file": d.path, "valid": d.valid} for d in pack.documents
                ],
                "payments": pack.payments,
                "closed": period.name,
                "bank_files": pack.bank_files,
                "bank_files_missing": [m.file_name for m in pack.missing_bank_files],
                "vat_grids": {grid: fmt_cents(cents) for grid, cents in pack.grids.items()},
            }
        )
        return 0
    invoices = sum(d.kind == "invoice" for d in pack.documents)
    summary = say(
        "{file}: {period}, {invoices} invoices, {credit_notes} credit notes, {payments} payments, "
        "{bank_files} bank files; {period} is now closed",
        file=output,
        period=period.name,
        invoices=invoices,
        credit_notes=len(pack.documents) - invoices,
        payments=pack.payments,
        bank_files=len(pack.bank_files),
    )
    ctx.out.write(summary + "\n")
    for d in pack.invalid:
        findings = "; ".join(_finding(f) for f in d.findings[:3])
        warning = say(
            "warning: the e-invoice of {number} is not valid ({findings})", number=d.number, findings=findings
        )
        ctx.out.write(f"  {warning}\n")
    for m in pack.missing_bank_files:
        warning = say(
            "warning: the bank file {file} (imported {date}) was imported before LedgerDesk kept statement "
            "files; give it to your accountant yourself",
            file=m.file_name,
            date=day(m.imported_on),
        )
        ctx.out.write(f"  {warning}\n")
    return 0


def _finding(text: str) -> str:
    """'RULE: message' with the message in the user's language (the rule's id stays as the standard names it)."""
    rule, colon, message = text.partition(": ")
    return f"{rule}: {sentence(message)}" if colon else sentence(text)


def register_vat_return(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("vat-return", help="preview the VAT return of a month or quarter (sales and purchases)")
    p.add_argument("--period", required=True, metavar="PERIOD", help="a month (2026-11) or a quarter (2026-Q4)")
    p.add_argument("--json", action="store_true", help="print every grid with its documents as JSON")
    p.add_argument("--xml", type=Path, metavar="FILE", help="also write the return as Intervat XML")
    p.add_argument(
        "--carry-over",
        action="store_true",
        help="in the XML, do not ask the refund of what the State owes (grid 72): carry it over",
    )
    p.add_argument("--ask-payment", action="store_true", help="in the XML, ask for a payment form")
    p.set_defaults(func=cmd_vat_return)


def cmd_vat_return(args, ctx) -> int:  # type: ignore[no-untyped-def]
    from ..domain.period import Period
    from ..domain.vat_return import GRIDS
    from ..services.vat_return import preview

    period = Period.parse(args.period)
    written = None
    with ctx.book.db.reading() as session:
        result = preview(session, period)
        if args.xml is not None:
            from ..services.intervat import write_vat_return
            from ..user_files import check_output_file

            check_output_file(args.xml)
            written = write_vat_return(
                session, period, args.xml, restitution=False if args.carry_over else None, payment=args.ask_payment
            )
    if written is not None:
        said_written(ctx, written)
    if args.json:
        ctx.print_json(
            {
                "period": period.name,
                "grids": {
                    line.grid: {"amount": fmt_cents(line.cents), "documents": list(line.documents)}
                    for line in result.lines
                },
                "bills_to_place_by_hand": list(result.by_hand),
            }
        )
        return 0
    ctx.out.write(say("VAT return {period}", period=period.name) + "\n")
    for line in result.lines:
        if line.cents or line.grid in ("71", "72"):
            count = "  (" + say("documents: {count}", count=len(line.documents)) + ")" if line.documents else ""
            ctx.out.write(f"  {line.grid}  {money(line.cents):>12}  {word(GRIDS[line.grid])}{count}\n")
    if result.by_hand:
        by_hand = say(
            "to place by hand (not in euro, or who owes their VAT is not recorded: purchases reverse-charge): "
            "{numbers}",
            numbers=", ".join(result.by_hand),
        )
        ctx.out.write(f"  {by_hand}\n")
    return 0


def register_client_listing(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("client-listing", help="the annual listing of Belgian VAT customers above 250 euro")
    p.add_argument("--year", required=True, type=int, metavar="YEAR", help="the calendar year, e.g. 2026")
    p.add_argument(
        "-o", "--output", type=Path, metavar="FILE.xml|FILE.csv", help="also write it as Intervat XML or as CSV"
    )
    p.add_argument("--json", action="store_true", help="print it as JSON")
    p.set_defaults(func=cmd_client_listing)


def cmd_client_listing(args, ctx) -> int:  # type: ignore[no-untyped-def]
    from ..domain.client_listing import THRESHOLD_CENTS
    from ..domain.period import Period
    from ..services.client_listing import listing, write_listing
    from ..services.intervat import write_client_listing

    year = Period.parse(str(args.year)).first.year  # the same refusal as any period for a year out of range
    clients = listed(ctx, year, args.output, listing, write_listing, write_client_listing)
    if args.json:
        ctx.print_json(
            [
                {
                    "vat_number": c.vat_number,
                    "name": c.name,
                    "turnover": fmt_cents(c.turnover_cents),
                    "vat": fmt_cents(c.vat_cents),
                    "documents": list(c.documents),
                }
                for c in clients
            ]
        )
        return 0
    ctx.out.write(
        say(
            "client listing {year}: {count} Belgian VAT customers above {threshold}",
            year=year,
            count=len(clients),
            threshold=money(THRESHOLD_CENTS),
        )
        + "\n"
    )
    for c in clients:
        ctx.out.write(f"  {c.vat_number}  {money(c.turnover_cents):>12}  {money(c.vat_cents):>10}  {c.name}\n")
    if args.output is not None:
        ctx.out.write(say("written to {path}", path=args.output) + "\n")
    return 0


def register_ec_sales_list(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "ec-sales-list", help="the EC sales list of a month or quarter: intra-EU goods (L), services (S)"
    )
    p.add_argument("--period", required=True, metavar="PERIOD", help="a month (2026-09) or a quarter (2026-Q3)")
    p.add_argument(
        "-o", "--output", type=Path, metavar="FILE.xml|FILE.csv", help="also write it as Intervat XML or as CSV"
    )
    p.add_argument("--json", action="store_true", help="print it as JSON")
    p.set_defaults(func=cmd_ec_sales_list)


def cmd_ec_sales_list(args, ctx) -> int:  # type: ignore[no-untyped-def]
    from ..domain.ec_sales_list import check_listing_period, total_cents
    from ..domain.period import Period
    from ..services.ec_sales_list import listing, write_listing
    from ..services.intervat import write_ec_sales_list

    period = Period.parse(args.period)
    check_listing_period(period)
    lines = listed(ctx, period, args.output, listing, write_listing, write_ec_sales_list)
    if args.json:
        ctx.print_json(
            [
                {
                    "country": line.country,
                    "vat_number": line.vat_number,
                    "code": line.code,
                    "amount": fmt_cents(line.amount_cents),
                    "name": line.name,
                    "correction": line.is_correction,
                    "documents": list(line.documents),
                }
                for line in lines
            ]
        )
        return 0
    ctx.out.write(
        say(
            "EC sales list {period}: {count} lines, total {total}",
            period=period,
            count=len(lines),
            total=money(total_cents(lines)),
        )
        + "\n"
    )
    for line in lines:
        note = "  (" + word("correction of an earlier period") + ")" if line.is_correction else ""
        ctx.out.write(
            f"  {line.country}{line.vat_number:<14} {line.code} {money(line.amount_cents):>12}  {line.name}{note}\n"
        )
    if args.output is not None:
        ctx.out.write(say("written to {path}", path=args.output) + "\n")
    return 0


def _is_xml(path: Path) -> bool:
    return path.suffix.lower() == ".xml"


def listed(ctx, key, output: Path | None, read, write_csv, write_xml) -> list:  # type: ignore[no-untyped-def]
    """A declaration listing (of a year, a period) as the command shows it, written to `output` too when
    given: Intervat XML for a .xml name (whether the official schema checked it is said), CSV otherwise."""
    from ..user_files import check_output_file

    written = None
    with ctx.book.db.reading() as session:
        if output is not None:
            check_output_file(output)
        if output is not None and _is_xml(output):
            written = write_xml(session, key, output)
            rows = read(session, key)
        elif output is not None:
            rows = write_csv(session, key, output)
        else:
            rows = read(session, key)
    if written is not None:
        said_written(ctx, written)
    return list(rows)


def said_written(ctx, written) -> None:  # type: ignore[no-untyped-def]
    """Where the Intervat XML went, and whether the official schema checked it (on stderr when it did not)."""
    from ..i18n.user import cli_tr
    from ..intervat.schemas import INSTALL_HINT

    tr = cli_tr()
    if written.checked:
        ctx.err.write(tr("{file}: written, valid against the official Intervat schema", file=str(written.path)) + "\n")
        return
    ctx.err.write(
        tr(
            "{file}: written, but not checked against the official Intervat schema (not installed); "
            "install it once with `{command}`",
            file=str(written.path),
            command=INSTALL_HINT,
        )
        + "\n"
    )
