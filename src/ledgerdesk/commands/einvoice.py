"""E-invoice commands: export-ubl (the Peppol BIS 3.0 file of a document) and validate-ubl (any UBL file)."""

from __future__ import annotations

import argparse
from pathlib import Path

from . import CliError


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("export-ubl", help="write the Peppol BIS 3.0 (UBL) e-invoice of an invoice or credit note")
    p.add_argument("number", help="the invoice or credit note number")
    p.add_argument("-o", "--output", type=Path, help="file to write (default: standard output)")
    p.add_argument("--force", action="store_true",
                   help="write (and archive) the file even though it breaks rules")
    p.set_defaults(func=cmd_export_ubl)

    p = sub.add_parser("validate-ubl", help="check a UBL invoice or credit note against UBL 2.1, EN 16931 and Peppol")
    p.add_argument("file", type=Path)
    p.add_argument("--json", action="store_true", help="print a JSON list of {rule, severity, message, location}")
    p.set_defaults(func=cmd_validate_ubl)


def _print_findings(findings, stream) -> None:  # type: ignore[no-untyped-def]
    for f in findings:
        where = f"  [{f.location}]" if f.location else ""
        stream.write(f"{f.severity:<7} {f.rule}: {f.message}{where}\n")


def cmd_export_ubl(args, ctx) -> int:  # type: ignore[no-untyped-def]
    from ..services import einvoicing

    with ctx.book.db.transaction() as session:
        invoice = einvoicing.find_by_number(session, args.number)
        exported = einvoicing.export_einvoice(session, invoice.id, on=ctx.today(), force=args.force)
    fatal = exported.report.fatal
    if fatal and not args.force:
        ctx.err.write(f"{exported.number}: the e-invoice is not valid; nothing written\n")
        _print_findings(fatal, ctx.err)
        return 1
    if args.output:
        try:
            args.output.write_bytes(exported.xml)
        except OSError as exc:
            raise CliError(f"cannot write {args.output}: {exc.strerror}") from None
        state = "archived now" if exported.archived_now else "from the archive"
        ctx.out.write(f"{exported.number}: {args.output} ({len(exported.xml)} bytes, {state}, "
                      f"SHA-256 {exported.sha256})\n")
    else:
        out = getattr(ctx.out, "buffer", None)
        if out is not None:
            out.write(exported.xml)
            out.flush()
        else:
            ctx.out.write(exported.xml.decode("utf-8"))
    _print_findings(exported.report.findings, ctx.err)  # warnings (and forced errors) go to stderr
    return 0


def cmd_validate_ubl(args, ctx) -> int:  # type: ignore[no-untyped-def]
    from ..einvoice.validate import validate

    try:
        data = args.file.read_bytes()
    except OSError as exc:
        raise CliError(f"cannot read {args.file}: {exc.strerror}") from None
    report = validate(data)
    if args.json:
        ctx.print_json([f.as_json() for f in report.findings])
    else:
        _print_findings(report.findings, ctx.out)
        fatal, warnings = len(report.fatal), len(report.findings) - len(report.fatal)
        verdict = "valid" if report.valid else "NOT valid"
        ctx.out.write(f"{args.file}: {verdict} ({fatal} errors, {warnings} warnings)\n")
    return 0 if report.valid else 1
