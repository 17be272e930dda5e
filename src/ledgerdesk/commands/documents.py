"""Document commands: invoice-pdf writes the PDF of an issued invoice or credit note."""

from __future__ import annotations

import argparse
from pathlib import Path

from . import CliError, parse_date


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("invoice-pdf", help="write the PDF of an issued invoice or credit note")
    p.add_argument("number", metavar="NUMBER", help="the invoice or credit note number, e.g. 2026-0001")
    p.add_argument("-o", "--output", type=Path, help="PDF file to write (default: NUMBER.pdf here)")
    p.add_argument("--as-of", type=parse_date, help="date for the amount left to pay (default: today)")
    p.set_defaults(func=cmd_invoice_pdf)


def cmd_invoice_pdf(args, ctx) -> int:  # type: ignore[no-untyped-def]
    from ..services.documents import find_document, write_invoice_pdf
    from ..user_files import check_output_file, file_in

    as_of = args.as_of or ctx.today()
    output: Path = args.output or file_in(Path("."), args.number.strip(), ".pdf")
    check_output_file(output)
    tmp = output.with_name(output.name + ".part")
    try:
        with ctx.book.db.reading() as session:
            doc = write_invoice_pdf(session, find_document(session, args.number), tmp, as_of=as_of)
        tmp.replace(output)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        from ..domain.os_errors import reason

        raise CliError(f"cannot write {output}: {reason(exc)}") from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    from ..i18n.user import cli_tr

    said = "credit note {number} ({language}) written to {path}"
    if not doc.document.is_credit_note:
        said = "invoice {number} ({language}) written to {path}"
    ctx.out.write(cli_tr()(said, number=doc.document.number, language=doc.document.language, path=output) + "\n")
    return 0
