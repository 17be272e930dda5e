"""`ledgerdesk export-ubl` and `ledgerdesk validate-ubl` from the command line."""

from __future__ import annotations

import io
import json
from datetime import date

from builders import invoice

from ledgerdesk.cli import main
from ledgerdesk.domain.invoicing import LineInput
from ledgerdesk.persistence.models import Invoice

ON = date(2026, 3, 2)


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def issued(book, customer_id) -> str:
    with book.db.transaction() as s:
        invoice_id = invoice(s, customer_id, ON, lines=[LineInput.of("Work", "3", "120", unit="h")])
        return s.get(Invoice, invoice_id).number


def test_export_then_validate_round_trip(book, peppol_customer, tmp_path):
    number = issued(book, peppol_customer)
    data_dir = str(book.paths.folder)
    book.close()
    target = tmp_path / "e.xml"
    code, out, err = run("--data-dir", data_dir, "export-ubl", number, "-o", str(target))
    assert code == 0, err
    assert "archived now" in out and "SHA-256" in out
    first = target.read_bytes()
    code, out, _ = run("--data-dir", data_dir, "export-ubl", number, "-o", str(target))
    assert code == 0 and "from the archive" in out and target.read_bytes() == first
    code, out, _ = run("--data-dir", data_dir, "validate-ubl", str(target), "--json")
    assert code == 0 and json.loads(out) == []


def test_export_of_an_invalid_document_exits_non_zero_with_the_rules(book, new_customer, tmp_path):
    customer = new_customer(book, vat=None, receives_einvoice=False)
    number = issued(book, customer)
    book.close()
    target = tmp_path / "bad.xml"
    code, out, err = run("--data-dir", str(tmp_path / "data"), "export-ubl", number, "-o", str(target))
    assert code == 1 and not target.exists()
    assert "PEPPOL-EN16931-R010" in err and "no VAT number" in err


def test_validate_ubl_lists_findings_as_json(tmp_path):
    broken = tmp_path / "broken.xml"
    broken.write_text('<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"/>')
    code, out, _ = run("--data-dir", str(tmp_path / "d"), "validate-ubl", str(broken), "--json")
    findings = json.loads(out)
    assert code == 1
    assert {"rule", "severity", "message", "location"} == set(findings[0])
    assert {"UBL-XSD", "BR-01", "BR-02"} <= {f["rule"] for f in findings}


def test_unknown_number_and_missing_file_are_one_sentence(book, tmp_path):
    book.close()
    code, _, err = run("--data-dir", str(tmp_path / "data"), "export-ubl", "2099-0001")
    assert code == 1 and err.strip() == "ledgerdesk: there is no issued invoice or credit note numbered 2099-0001"
    code, _, err = run("--data-dir", str(tmp_path / "data"), "validate-ubl", str(tmp_path / "nope.xml"))
    assert code == 1 and "Cannot read" in err
