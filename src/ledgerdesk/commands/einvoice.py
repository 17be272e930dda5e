"""E-invoice commands: export-ubl (the Peppol BIS 3.0 file of a document) and validate-ubl (any UBL file)."""

from __future__ import annotations

import argparse
from pathlib import Path

from .text import labelled, say, word


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("export-ubl", help="write the Peppol BIS 3.0 (UBL) e-invoice of an invoice or credit note")
    p.add_argument("number", help="the invoice or credit note number")
    p.add_argument("-o", "--output", type=Path, help="file to write (default: standard output)")
    p.add_argument("--force", action="store_true", help="write (and archive) the file even though it breaks rules")
    p.set_defaults(func=cmd_export_ubl)

    p = sub.add_parser("validate-ubl", help="check a UBL invoice or credit note against UBL 2.1, EN 16931 and Peppol")
    p.add_argument("file", type=Path)
    p.add_argument("--json", action="store_true", help="print a JSON list of {rule, severity, message, location}")
    p.set_defaults(func=cmd_validate_ubl)

    p = sub.add_parser(
        "peppol-rules", help="install OpenPeppol's official BIS Billing 3.0 rules (once), or show which are used"
    )
    rules = p.add_subparsers(dest="rules_command", required=True, metavar="install|status")
    q = rules.add_parser("install", help="download the pinned release (or take it from a file) and check its SHA-256")
    q.add_argument("--from", dest="source", type=Path, metavar="FILE", help="PEPPOL-EN16931-UBL.sch you already have")
    q.add_argument("--url", help=argparse.SUPPRESS)  # a test's local server
    q.set_defaults(func=cmd_rules_install)
    q = rules.add_parser("status", help="say whether validation runs the official Peppol rules or a partial check")
    q.set_defaults(func=cmd_rules_status)


def _print_findings(findings, stream) -> None:  # type: ignore[no-untyped-def]
    from ..i18n.user import cli_tr
    from . import literal

    tr = cli_tr()  # in the user's language; text quoted from the file is shown literally, on one line
    for f in findings:
        # A file that is not XML says its line and column in the sentence; other places are XPaths.
        where = f"  [{literal(f.location, 300)}]" if f.location and "line" not in f.values else ""
        stream.write(f"{word(f.severity):<7} {labelled(f.rule, literal(f.translated(tr)))}{where}\n")


def cmd_export_ubl(args, ctx) -> int:  # type: ignore[no-untyped-def]
    from ..services import einvoicing
    from ..user_files import check_output_file

    if args.output:
        check_output_file(args.output)  # before the e-invoice is archived, not after
    with ctx.book.db.transaction() as session:
        invoice = einvoicing.find_by_number(session, args.number)
        exported = einvoicing.export_einvoice(session, invoice.id, on=ctx.today(), force=args.force)
    fatal = exported.report.fatal
    if fatal and not args.force:
        ctx.err.write(say("{number}: the e-invoice is not valid; nothing written", number=exported.number) + "\n")
        _print_findings(fatal, ctx.err)
        return 1
    if args.output:
        from ..atomic import write_atomic

        write_atomic(args.output, exported.xml)  # whole or not at all; a full disk or read-only folder said plainly
        state = word("archived now") if exported.archived_now else word("from the archive")
        written = say(
            "{number}: {file} ({size} bytes, {state}, SHA-256 {sha256})",
            number=exported.number,
            file=args.output,
            size=len(exported.xml),
            state=state,
            sha256=exported.sha256,
        )
        ctx.out.write(written + "\n")
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
    from ..user_files import UBL_FILE_LIMIT, read_input

    report = validate(read_input(args.file, limit=UBL_FILE_LIMIT))
    if args.json:
        ctx.print_json([f.as_json() for f in report.findings])
    else:
        _print_findings(report.findings, ctx.out)
        fatal, warnings = len(report.fatal), len(report.findings) - len(report.fatal)
        from ..i18n.user import cli_tr

        verdict = "{file}: valid ({errors} errors, {warnings} warnings)"
        if not report.valid:
            verdict = "{file}: NOT valid ({errors} errors, {warnings} warnings)"
        ctx.out.write(cli_tr()(verdict, file=args.file, errors=fatal, warnings=warnings) + "\n")
        ctx.out.write(_rules_line(report.peppol_rules) + "\n")
    return 0 if report.valid else 1


def _rules_line(official: str | None) -> str:
    from ..i18n.user import cli_tr

    tr = cli_tr()
    if official:
        return tr("Peppol rules: {name} (official)", name=official)
    return tr(
        "Peppol rules: partial check (LedgerDesk's subset); install the official rules with "
        "`ledgerdesk peppol-rules install`"
    )


def cmd_rules_install(args, ctx) -> int:  # type: ignore[no-untyped-def]
    from ..einvoice import official_rules
    from ..einvoice.validate import forget_installed_rules, official_peppol_rules

    try:
        official_rules.install(source=args.source, url=args.url)
    except official_rules.RulesRefused as exc:
        ctx.err.write(f"ledgerdesk: {exc}; nothing was installed\n")
        return 1
    forget_installed_rules()
    ctx.out.write(_rules_line(official_peppol_rules()) + "\n")
    return 0


def cmd_rules_status(args, ctx) -> int:  # type: ignore[no-untyped-def]
    from ..einvoice.validate import official_peppol_rules

    ctx.out.write(_rules_line(official_peppol_rules()) + "\n")
    return 0
