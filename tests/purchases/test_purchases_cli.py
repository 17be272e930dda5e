"""`ledgerdesk purchases …`: a supplier's e-invoice imported, listed, approved and marked paid from the command line."""

from __future__ import annotations

import io
import json

from ledgerdesk.cli import main

from .supplier_ubl import broken, invoice


def run(folder: str, *args: str, lang: str = "en", monkeypatch=None) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(["--data-dir", folder, *args], out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def test_import_list_approve_and_pay_from_the_command_line(book, tmp_path, monkeypatch):
    folder = str(book.paths.folder)
    book.close()
    monkeypatch.setenv("LEDGERDESK_LANG", "en")
    bill_file, broken_file = tmp_path / "peeters.xml", tmp_path / "moved.xml"
    bill_file.write_bytes(invoice())
    broken_xml, broken_line = broken()
    broken_file.write_bytes(broken_xml)
    code, out, err = run(folder, "purchases", "import", str(bill_file), "--json")
    assert code == 0, err
    data = json.loads(out)
    assert (data["imported"], data["number"], data["total"]) == (True, "DP-2026-117", "870.00")
    assert data["vat_breakdown"] == [
        {"category": "S", "rate": "21", "base": "500.00", "vat": "105.00"},
        {"category": "S", "rate": "6", "base": "250.00", "vat": "15.00"},
    ]

    code, out, err = run(folder, "purchases", "import", str(bill_file))
    assert code == 1 and err == "ledgerdesk: the supplier's bill DP-2026-117 is already in the book\n"

    code, out, err = run(folder, "purchases", "import", str(broken_file), "--json")
    assert code == 1
    problems = json.loads(out)["problems"]
    assert problems[0]["rule"] == "UBL-XSD" and problems[0]["location"] == f"line {broken_line}"

    code, out, err = run(
        folder, "purchases", "supplier-add", "--name", "Garage Dubois", "--vat", "0202.239.951",
        "--iban", "BE71096123456769", "--category", "car", "--terms", "30",
    )  # fmt: skip
    assert code == 0, err
    pdf = tmp_path / "bill.pdf"
    pdf.write_bytes(b"%PDF-1.4\n%%EOF")
    code, out, err = run(
        folder, "purchases", "add", "--supplier", "BE0202239951", "--number", "F-7", "--date", "2026-12-01",
        "--line", "100.00:21", "--line", "50:6:fuel:50:diesel", "--ogm", "+++090/9337/55493+++",
        "--attach", str(pdf),
    )  # fmt: skip
    assert (code, out) == (0, "F-7 (Garage Dubois): 174.00, received\n"), err

    code, out, err = run(folder, "purchases", "list", "--status", "open", "--as-of", "2026-12-06", "--json")
    rows = {r["number"]: r for r in json.loads(out)}
    assert set(rows) == {"DP-2026-117", "F-7"}
    assert (
        rows["F-7"]["due_date"] == "2026-12-31" and rows["F-7"]["deductible_vat"] == "12.00"
    )  # car 50 % of 21.00, fuel 50 % of 3.00
    assert rows["F-7"]["files"] == 1 and rows["DP-2026-117"]["due"] == "overdue"

    assert run(folder, "purchases", "approve", "F-7", "--by", "Ann")[:2] == (0, "F-7: approved by Ann\n")
    assert run(folder, "purchases", "paid", "F-7", "--amount", "74")[:2] == (0, "F-7: approved\n")
    assert run(folder, "purchases", "paid", "F-7")[:2] == (0, "F-7: paid\n")
    code, out, _ = run(folder, "purchases", "list", "--status", "paid", "--json")
    assert [r["number"] for r in json.loads(out)] == ["F-7"]


def test_refusals_are_one_sentence_in_the_users_language(book, monkeypatch):
    folder = str(book.paths.folder)
    book.close()
    monkeypatch.setenv("LEDGERDESK_LANG", "fr")
    code, _, err = run(folder, "purchases", "approve", "NOPE")
    assert (code, err) == (1, "ledgerdesk: Il n’y a pas de facture fournisseur NOPE\n")
    code, _, err = run(folder, "purchases", "supplier-add", "--name", "X", "--vat", "BE0123456788")
    assert code == 1 and err.startswith("ledgerdesk: « BE0123456788 » n’est pas un numéro de TVA valide")
    monkeypatch.setenv("LEDGERDESK_LANG", "nl")
    code, _, err = run(folder, "purchases", "list", "--status", "late")
    assert code == 1 and err.startswith("ledgerdesk: 'late' is geen status van een aankoopfactuur")
