"""`ledgerdesk invoice-pdf NUMBER [-o FILE]`: writes invoices and credit notes, one clear error otherwise."""

from __future__ import annotations

import io
from datetime import date

from builders import invoice
from doc_helpers import pdf_text

from ledgerdesk.cli import main
from ledgerdesk.services import invoicing


def run(book, *argv: str) -> tuple[int, str, str]:  # type: ignore[no-untyped-def]
    out, err = io.StringIO(), io.StringIO()
    folder = book.paths.folder
    book.close()  # the command opens the book itself (and takes its lock)
    try:
        code = main(["--data-dir", str(folder), *argv], out=out, err=err)
    finally:
        book._lock.acquire()
    return code, out.getvalue(), err.getvalue()


def test_invoice_and_credit_note_pdfs_from_the_command_line(book, customer_id, simple_lines, tmp_path):
    invoice_id = invoice(book, customer_id, lines=simple_lines)
    with book.db.transaction() as s:
        note = invoicing.create_credit_note(s, invoice_id, issue_date=date(2026, 3, 3))
        credit_number = invoicing.issue(s, note)
    target = tmp_path / "out" / "f.pdf"
    target.parent.mkdir()
    code, out, err = run(book, "invoice-pdf", "2026-0001", "-o", str(target), "--as-of", "2026-03-02")
    assert code == 0, err
    assert out == f"invoice 2026-0001 (nl) written to {target}\n"
    assert "Factuur" in pdf_text(target.read_bytes())
    code, out, err = run(book, "invoice-pdf", credit_number, "-o", str(tmp_path / "cn.pdf"))
    assert code == 0 and "credit note CN2026-0001" in out
    assert "Creditnota" in pdf_text((tmp_path / "cn.pdf").read_bytes())
    assert not list(tmp_path.rglob("*.part"))


def test_unknown_number_is_one_clear_sentence(book, customer_id, tmp_path):
    code, out, err = run(book, "invoice-pdf", "2026-9999", "-o", str(tmp_path / "x.pdf"))
    assert code == 1 and out == ""
    assert err == "ledgerdesk: there is no invoice or credit note numbered 2026-9999 (drafts have no number yet)\n"
    assert not (tmp_path / "x.pdf").exists()
