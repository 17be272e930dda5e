"""The accountant's pack of a quarter: unzipped, every file checked against the book and the manifest."""

from __future__ import annotations

import base64
import csv
import hashlib
import io
import json
import zipfile
from decimal import Decimal

import pytest
from lxml import etree
from pack_builders import NOW, Q4_GRIDS, TODAY, fourth_quarter
from pypdf import PdfReader

from ledgerdesk.cli import main
from ledgerdesk.domain.period import Period
from ledgerdesk.einvoice.codes import NS
from ledgerdesk.einvoice.validate import validate, warm_up
from ledgerdesk.persistence.models import EInvoiceArchive
from ledgerdesk.services.accountant_pack import build_pack, write_pack

X = {"cac": NS["cac"], "cbc": NS["cbc"]}


@pytest.fixture(scope="module", autouse=True)
def _validators():
    warm_up()


def _pdf_of(xml: bytes) -> bytes:
    node = etree.fromstring(xml).xpath(
        "cac:AdditionalDocumentReference/cac:Attachment/cbc:EmbeddedDocumentBinaryObject", namespaces=X
    )[0]
    return base64.b64decode(node.text)


def _csv(data: bytes) -> list[dict[str, str]]:
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


def test_the_quarter_pack_holds_every_document_bank_file_and_row_and_its_manifest_checks(book, tmp_path):
    facts = fourth_quarter(book, tmp_path)
    target = tmp_path / "out" / "q4.zip"
    target.parent.mkdir()
    with book.db.transaction() as s:
        pack = write_pack(s, Period.parse("2026-Q4"), target, today=TODAY, now=NOW)
    with zipfile.ZipFile(target) as z:
        names = z.namelist()
        manifest = json.loads(z.read("manifest.json"))
        # every file but the manifest itself, with its checksum and size
        assert sorted(e["path"] for e in manifest["files"]) == sorted(n for n in names if n != "manifest.json")
        for entry in manifest["files"]:
            data = z.read(entry["path"])
            assert hashlib.sha256(data).hexdigest() == entry["sha256"] and len(data) == entry["size"]
        documents = sorted(n for n in names if n.startswith("sales/"))
        assert documents == sorted(
            [f"sales/invoices/{facts[k]}.xml" for k in ("first", "intra", "export", "reverse")]
            + [f"sales/credit_notes/{facts['credit']}.xml"]
        )
        for name in documents:
            xml = z.read(name)
            report = validate(xml)
            entry = next(d for d in manifest["documents"] if d["file"] == name)
            assert entry["valid"] == report.valid
            pdf = PdfReader(io.BytesIO(_pdf_of(xml)))
            number = name.rsplit("/", 1)[1].removesuffix(".xml")
            assert number in "".join(page.extract_text() for page in pdf.pages)
        # A customer abroad without a VAT or enterprise number has no Peppol address: the file still goes
        # to the accountant (who reads UBL, not Peppol), marked with the rule it breaks.
        invalid = [(d["number"], d["problems"]) for d in manifest["documents"] if not d["valid"]]
        assert [(n, [p.split(":")[0] for p in problems]) for n, problems in invalid] == [
            (facts["export"], ["PEPPOL-EN16931-R010"])
        ]
        # the period's bank files byte for byte; September's is not of the period, December's was never kept
        assert [n for n in names if n.startswith("bank/")] == ["bank/november.cod"]
        assert z.read("bank/november.cod") == facts["november"]
        assert [m["file_name"] for m in manifest["bank_files_missing"]] == ["december.cod"]
        journal = _csv(z.read("sales_journal.csv"))
        payments = _csv(z.read("payments.csv"))
    # one journal row per document, totals equal to the hand-computed grids and to the book
    assert [r["number"] for r in journal] == [facts[k] for k in ("first", "intra", "export", "reverse", "credit")]
    cents = lambda col: int(sum(Decimal(r[col] or "0") for r in journal) * 100)  # noqa: E731
    assert cents("base_21") == Q4_GRIDS["03"] - Q4_GRIDS["49"] and cents("vat_21") == 21000 - 2100
    assert cents("base_12") == Q4_GRIDS["02"] and cents("base_6") == Q4_GRIDS["01"]
    assert cents("vat") == Q4_GRIDS["54"] - Q4_GRIDS["64"]
    assert (cents("base_intra_eu"), cents("base_export"), cents("base_reverse_charge")) == (200000, 50000, 80000)
    assert pack.grids == Q4_GRIDS
    grids: dict[str, int] = {}
    for row in journal:
        for item in row["vat_grids"].split():
            grid, amount = item.split("=")
            grids[grid] = grids.get(grid, 0) + int(Decimal(amount) * 100)
    assert grids == Q4_GRIDS == {k: int(Decimal(v) * 100) for k, v in manifest["vat_grids"].items()}
    credit = journal[-1]
    assert credit["type"] == "credit_note" and credit["corrects"] == facts["first"] and credit["net"] == "-100.00"
    assert journal[1]["vat_number"] == "FR40303265045" and journal[1]["revenue_category"] == "intra_eu_goods"
    # paid in full while the credit note (121.00) already took part of it back: the rest stays unallocated
    assert [(p["date"], p["amount"], p["allocated_to"], p["unallocated"]) for p in payments] == [
        ("2026-11-15", "1487.00", f"{facts['first']}=1366.00", "121.00")
    ]


def test_the_same_book_gives_the_same_pack_and_a_second_pack_reuses_the_archived_e_invoices(book, tmp_path):
    fourth_quarter(book, tmp_path)
    with book.db.transaction() as s:
        first, _ = build_pack(s, Period.parse("2026-11"), today=TODAY, now=NOW)
        archived = s.query(EInvoiceArchive).count()
    with book.db.transaction() as s:
        second, pack = build_pack(s, Period.parse("2026-11"), today=TODAY, now=NOW)
        assert s.query(EInvoiceArchive).count() == archived == 1  # the export without Peppol address is not archived
    assert first == second and len(pack.documents) == 2


def test_a_failed_write_leaves_no_file_and_no_half_zip(book, tmp_path):
    fourth_quarter(book, tmp_path)
    target = tmp_path / "missing-folder" / "q4.zip"
    with pytest.raises(Exception, match="does not exist"), book.db.transaction() as s:
        write_pack(s, Period.parse("2026-Q4"), target, today=TODAY, now=NOW)
    assert not target.exists() and not target.parent.exists()
    with book.db.reading() as s:
        assert s.query(EInvoiceArchive).count() == 0  # the transaction rolled back with the failed write


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def test_the_pack_command_writes_the_zip_and_says_what_is_in_it(book, tmp_path, monkeypatch):
    facts = fourth_quarter(book, tmp_path)
    data_dir = str(book.paths.folder)
    book.close()
    target = tmp_path / "pack.zip"
    code, out, err = run("--data-dir", data_dir, "pack", "--period", "2026-Q4", "-o", str(target), "--json")
    assert code == 0, err
    summary = json.loads(out)
    assert summary["vat_grids"]["46"] == "2000.00" and summary["bank_files_missing"] == ["december.cod"]
    assert zipfile.ZipFile(target).read(f"sales/invoices/{facts['intra']}.xml").startswith(b"<?xml")
    monkeypatch.chdir(tmp_path)
    code, out, err = run("--data-dir", data_dir, "accountant-pack", "--period", "2026-12")
    assert code == 1 and out == "" and not (tmp_path / "Atelier_Janssens-2026-12-accountant.zip").exists()
    assert err.startswith("ledgerdesk: 2026-12 was already sent to the accountant (the pack of 2026-Q4, made on ")
    code, out, err = run("--data-dir", data_dir, "accountant-pack", "--period", "2026-12", "--resend")
    assert code == 0, err
    assert (tmp_path / "Atelier_Janssens-2026-12-accountant.zip").is_file()
    assert "1 invoices, 1 credit notes" in out and "2026-12 is now closed" in out and "december.cod" in out


def test_a_bad_period_is_one_sentence_and_writes_nothing(book, tmp_path, monkeypatch):
    data_dir = str(book.paths.folder)
    book.close()
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("LEDGERDESK_LANGUAGE", "en")
    code, out, err = run("--data-dir", data_dir, "pack", "--period", "2026-Q7")
    assert code == 1 and out == "" and list(tmp_path.glob("*.zip")) == []
    assert (
        err == "ledgerdesk: '2026-Q7' is not a period: write a month (2026-11), a quarter (2026-Q4) or a year (2026)\n"
    )
