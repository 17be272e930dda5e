"""Direct debit commands: `direct-debit` (collection files), `direct-debit-setup`, `mandates list|add|amend|revoke|form`."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from ..domain.direct_debit import CREDITOR_ID_EXAMPLE
from ..domain.money import fmt_cents
from . import CliError, parse_date
from .text import day, language, money, say, sentence, word

VERSIONS = {"08": "pain.008.001.08", "02": "pain.008.001.02"}
DOCUMENT_LIMIT = 10 * 1024 * 1024


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("direct-debit", help="write the SEPA direct debit collection file for the bank (pain.008)")
    p.add_argument("--collect-on", type=parse_date, required=True, help="the collection date asked of the bank")
    p.add_argument("-o", "--output", type=Path, required=True, help="XML file (FILE-CORE.xml and FILE-B2B.xml if both)")
    p.add_argument("--version", choices=sorted(VERSIONS), help="08 = pain.008.001.08 (default), 02 = the fallback")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_collect)

    p = sub.add_parser("direct-debit-setup", help="show or set the creditor identifier, schemes and account")
    p.add_argument(
        "--creditor-id",
        help=say(
            "the SEPA creditor identifier from your bank (BE, 2 check digits, ZZZ, enterprise number), e.g. {example}",
            example=CREDITOR_ID_EXAMPLE,
        ),
    )
    p.add_argument("--iban", help="the account the collections are credited to")
    p.add_argument("--bic")
    p.add_argument("--schemes", default=None, help="core, b2b or core,b2b (default core)")
    p.add_argument("--version", choices=sorted(VERSIONS), help="the pain.008 version your bank takes (default 08)")
    p.add_argument("--pre-notification", type=int, help="days between invoice and collection (default 14)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_setup)

    man = sub.add_parser("mandates", help="the SEPA mandate register: list, add, amend, revoke, form")
    msub = man.add_subparsers(dest="mandates_command", metavar="ACTION", required=True, parser_class=type(man))
    p = msub.add_parser("list", help="every mandate with its state and next sequence type")
    p.add_argument("--customer", help="customer id or exact name")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_list)

    p = msub.add_parser("add", help="record a signed mandate")
    p.add_argument("--customer", required=True, help="customer id or exact name")
    p.add_argument("--reference", required=True, help="the unique mandate reference (UMR)")
    p.add_argument("--signed", type=parse_date, required=True, help="the signature date")
    p.add_argument("--iban", required=True, help="the debtor's account")
    p.add_argument("--bic")
    p.add_argument("--scheme", choices=["core", "b2b"], default="core")
    p.add_argument("--one-off", action="store_true", help="a mandate for one collection only")
    p.add_argument("--document", type=Path, help="the signed mandate (PDF or scan) to keep in the book")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_add)

    p = msub.add_parser("amend", help="a new reference or a new debtor account; told to the bank once")
    p.add_argument("reference", help="the mandate's current reference")
    p.add_argument("--new-reference")
    p.add_argument("--iban")
    p.add_argument("--bic")
    p.add_argument("--on", type=parse_date, help="date of the change (default: today)")
    p.set_defaults(func=cmd_amend)

    p = msub.add_parser("revoke", help="end a mandate: no collection from that day on")
    p.add_argument("reference")
    p.add_argument("--on", type=parse_date, help="date of the revocation (default: today)")
    p.add_argument("--reason", default="")
    p.set_defaults(func=cmd_revoke)

    p = msub.add_parser("form", help="a printable mandate form (PDF) for the customer to sign")
    p.add_argument("--customer", required=True, help="customer id or exact name")
    p.add_argument("--reference", required=True, help="the mandate reference to print on it")
    p.add_argument("--scheme", choices=["core", "b2b"], default="core")
    p.add_argument("--language", choices=["nl", "fr", "en"], help="default: the customer's")
    p.add_argument("-o", "--output", type=Path, required=True)
    p.set_defaults(func=cmd_form)


def _customer(session: Any, value: str) -> int:
    from sqlalchemy import select

    from ..persistence.models import Customer

    if value.isdigit():
        if session.get(Customer, int(value)) is None:
            raise CliError(f"there is no customer {value}")
        return int(value)
    ids = session.scalars(select(Customer.id).where(Customer.name == value)).all()
    if len(ids) != 1:
        raise CliError(f"{'no' if not ids else 'more than one'} customer is named '{value}'; use the id")
    return int(ids[0])


def _setup_json(setup: Any) -> dict[str, object] | None:
    if setup is None:
        return None
    return {
        "creditor_id": setup.creditor_id,
        "iban": setup.iban,
        "bic": setup.bic,
        "schemes": list(setup.schemes),
        "pain_version": setup.pain_version,
        "pre_notification_days": setup.pre_notification_days,
    }


def cmd_setup(args, ctx) -> int:  # type: ignore[no-untyped-def]
    from ..services import direct_debit

    setup: Any
    changing = any(
        v is not None
        for v in (args.creditor_id, args.iban, args.bic, args.schemes, args.version, args.pre_notification)
    )
    if changing:
        with ctx.book.db.transaction() as session:
            old = direct_debit.get_creditor(session)
            if old is None and not (args.creditor_id and args.iban):
                example = CREDITOR_ID_EXAMPLE
                raise CliError(
                    f"the first setup needs --creditor-id and --iban (a creditor identifier reads like {example})"
                )
            schemes = [
                s.strip().lower()
                for s in (args.schemes or ("core" if old is None else ",".join(old.schemes).lower())).split(",")
                if s.strip()
            ]
            unknown = [s for s in schemes if s not in ("core", "b2b")]
            if unknown:
                raise CliError(f"'{unknown[0]}' is not a scheme: use core, b2b or core,b2b")
            setup = direct_debit.save_creditor(
                session,
                direct_debit.CreditorSetup(
                    creditor_id=args.creditor_id or (old.creditor_id if old else ""),
                    iban=args.iban or (old.iban if old else ""),
                    bic=args.bic or (None if args.iban else old.bic if old else None),
                    core="core" in schemes,
                    b2b="b2b" in schemes,
                    pain_version=VERSIONS[args.version]
                    if args.version
                    else (old.pain_version if old else VERSIONS["08"]),
                    pre_notification_days=args.pre_notification or (old.pre_notification_days if old else 14),
                ),
            )
    else:
        with ctx.book.db.reading() as session:
            setup = direct_debit.get_creditor(session)
    if args.json:
        ctx.print_json(_setup_json(setup))
    elif setup is None:
        ctx.out.write(say("direct debit is not set up") + "\n")
    else:
        shown_setup = say(
            "creditor {creditor}, account {account}, schemes {schemes}, {version}, pre-notification {days} days",
            creditor=setup.creditor_id,
            account=setup.iban + (" " + setup.bic if setup.bic else ""),
            schemes=say(" and ").join(setup.schemes),
            version=setup.pain_version,
            days=setup.pre_notification_days,
        )
        ctx.out.write(shown_setup + "\n")
    return 0


def _mandate_json(row: Any) -> dict[str, object]:
    return {
        "id": row.id,
        "reference": row.reference,
        "customer_id": row.customer_id,
        "customer": row.customer,
        "scheme": row.scheme,
        "recurrent": row.recurrent,
        "signed_on": row.signed_on.isoformat(),
        "debtor_iban": row.debtor_iban,
        "debtor_bic": row.debtor_bic,
        "state": row.state,
        "next_sequence": row.next_sequence,
        "revoked_on": row.revoked_on.isoformat() if row.revoked_on else None,
        "amendment_pending": row.amendment,
        "signed_copy": {"file": row.document_name, "sha256": row.document_sha256} if row.has_document else None,
        "history": [{"on": on.isoformat(), "event": kind, **detail} for on, kind, detail in row.history],
    }


def cmd_list(args, ctx) -> int:  # type: ignore[no-untyped-def]
    from ..services import direct_debit

    with ctx.book.db.reading() as session:
        customer_id = _customer(session, args.customer) if args.customer else None
        rows = direct_debit.list_mandates(session, customer_id, history=args.json)
    if args.json:
        ctx.print_json([_mandate_json(r) for r in rows])
        return 0
    if not rows:
        ctx.out.write(say("no mandates") + "\n")
    for r in rows:
        if r.revoked_on:
            state = say("revoked {date}", date=day(r.revoked_on))
        else:
            state = say("next {sequence}", sequence=r.next_sequence)
        ctx.out.write(
            f"{r.reference:<20} {r.scheme:<4} {day(r.signed_on)}  {r.debtor_iban:<22} {state:<22} {r.customer}\n"
        )
    return 0


def cmd_add(args, ctx) -> int:  # type: ignore[no-untyped-def]
    from ..services import direct_debit
    from ..user_files import read_input

    document = read_input(args.document, limit=DOCUMENT_LIMIT) if args.document else None
    today = ctx.today()
    with ctx.book.db.transaction() as session:
        mandate_id = direct_debit.add_mandate(
            session,
            direct_debit.MandateData(
                reference=args.reference,
                customer_id=_customer(session, args.customer),
                signed_on=args.signed,
                debtor_iban=args.iban,
                debtor_bic=args.bic,
                scheme=args.scheme.upper(),
                recurrent=not args.one_off,
            ),
            today=today,
        )
        if document is not None:
            direct_debit.attach_document(session, mandate_id, args.document.name, document, today=today)
        [row] = [r for r in direct_debit.list_mandates(session, history=True) if r.id == mandate_id]
    if args.json:
        ctx.print_json(_mandate_json(row))
    else:
        recorded = say(
            "mandate {reference} recorded for {customer} ({scheme}, first collection FRST)",
            reference=row.reference,
            customer=row.customer,
            scheme=row.scheme,
        )
        ctx.out.write(recorded + "\n")
    return 0


def cmd_amend(args, ctx) -> int:  # type: ignore[no-untyped-def]
    from ..services import direct_debit

    with ctx.book.db.transaction() as session:
        mandate_id = direct_debit.find_mandate(session, args.reference)
        change = direct_debit.amend_mandate(
            session,
            mandate_id,
            on=args.on or ctx.today(),
            reference=args.new_reference,
            debtor_iban=args.iban,
            debtor_bic=args.bic,
        )
        [row] = [r for r in direct_debit.list_mandates(session) if r.id == mandate_id]
    told = word("SMNDA (new bank)") if change.other_bank else word("the former reference or account")
    amended = say(
        "mandate {reference} amended; the next collection ({sequence}) tells the bank {told}",
        reference=row.reference,
        sequence=row.next_sequence,
        told=told,
    )
    ctx.out.write(amended + "\n")
    return 0


def cmd_revoke(args, ctx) -> int:  # type: ignore[no-untyped-def]
    from ..services import direct_debit

    on = args.on or ctx.today()
    with ctx.book.db.transaction() as session:
        direct_debit.revoke_mandate(
            session, direct_debit.find_mandate(session, args.reference), on=on, reason=args.reason
        )
    ctx.out.write(say("mandate {reference} revoked from {date}", reference=args.reference.strip(), date=day(on)) + "\n")
    return 0


def cmd_form(args, ctx) -> int:  # type: ignore[no-untyped-def]
    from ..services import direct_debit_forms
    from ..user_files import check_output_file

    check_output_file(args.output)
    with ctx.book.db.reading() as session:
        data = direct_debit_forms.mandate_form_pdf(
            session,
            _customer(session, args.customer),
            args.reference,
            scheme=args.scheme.upper(),
            language=args.language,
        )
    _write(args.output, data)
    ctx.out.write(say("mandate form {reference} written to {path}", reference=args.reference, path=args.output) + "\n")
    return 0


def _write(path: Path, data: bytes) -> None:
    from ..atomic import write_atomic

    try:
        write_atomic(path, data)
    except OSError as exc:
        raise CliError(f"cannot write {path}: {exc.strerror or exc}") from None


def cmd_collect(args, ctx) -> int:  # type: ignore[no-untyped-def]
    from ..services import direct_debit_collect
    from ..user_files import check_output_file

    check_output_file(args.output)
    written: list[Path] = []

    def write(files: dict[str, bytes]) -> None:
        names = direct_debit_collect.file_names(str(args.output), sorted(files))
        for scheme, data in sorted(files.items()):
            path = Path(names[scheme])
            check_output_file(path)
            _write(path, data)
            written.append(path)

    try:
        with ctx.book.db.transaction() as session:
            result = direct_debit_collect.collect(
                session,
                args.collect_on,
                today=ctx.today(),
                version=VERSIONS[args.version] if args.version else None,
                write=write,
            )
    except BaseException:
        for path in written:  # the book was not changed: no file may say it was collected
            path.unlink(missing_ok=True)
        raise
    if args.json:
        ctx.print_json(
            {
                "collect_on": result.collect_on.isoformat(),
                "version": result.version,
                "files": [str(p) for p in written],
                "total": fmt_cents(result.total_cents),
                "invoices": [
                    {"number": n, "scheme": s, "sequence": q, "amount": fmt_cents(c)} for n, s, q, c in result.invoices
                ],
                "skipped": [{"number": k.number, "customer": k.customer, "reason": k.reason} for k in result.skipped],
            }
        )
        return 0
    if not result.invoices:
        ctx.out.write(say("nothing to collect on {date}", date=day(args.collect_on)) + "\n")
    else:
        collected = say(
            "{count} invoices, {total}, to collect on {date}: {files}",
            count=len(result.invoices),
            total=money(result.total_cents) if language() != "en" else f"{fmt_cents(result.total_cents)} EUR",
            date=day(result.collect_on),
            files=", ".join(str(p) for p in written),
        )
        ctx.out.write(collected + "\n")
    for k in result.skipped:
        skipped = say(
            "not collected: {number} ({customer}): {reason}",
            number=k.number,
            customer=k.customer,
            reason=sentence(k.reason),
        )
        ctx.out.write(f"  {skipped}\n")
    return 0
