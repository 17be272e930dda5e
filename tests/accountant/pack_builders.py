"""A fourth quarter of 2026 covering every sales VAT case, with its bank files, and its hand-computed return grids."""

from __future__ import annotations

from datetime import date, datetime

from builders import customer, invoice

from ledgerdesk.banking import samples
from ledgerdesk.domain.invoicing import LineInput
from ledgerdesk.persistence.models import ImportedFile, Invoice
from ledgerdesk.services import bank_import, invoicing

NOW = datetime(2027, 1, 5, 9, 0)
TODAY = date(2027, 1, 5)

# Hand-computed from the documents below (cents): 21 % 10 h x 100 = 1000.00 (VAT 210.00), 12 % 200.00
# (VAT 24.00), 6 % 50.00 (VAT 3.00); reverse charge 800.00; intra-EU goods 2000.00; export 500.00; the
# credit note takes back 1 h at 21 %: base 100.00 in grid 49, VAT 21.00 in grid 64.
Q4_GRIDS = {
    "01": 5000,
    "02": 20000,
    "03": 100000,
    "45": 80000,
    "46": 200000,
    "47": 50000,
    "49": 10000,
    "54": 23700,
    "64": 2100,
}


def _customer(s, **fields) -> int:
    data = {"vat": None, "receives_einvoice": False, "since": date(2026, 1, 1), **fields}
    return customer(s, **data)


def _issue(s, customer: int, day: date, *lines: LineInput) -> tuple[int, str]:
    invoice_id = invoice(s, customer, day, lines=lines, now=NOW)
    return invoice_id, s.get(Invoice, invoice_id).number


def _import(s, tmp_path, name: str, stmt: samples.Stmt) -> int:
    path = tmp_path / name
    path.write_bytes(samples.coda([stmt], created=stmt.day))
    result = bank_import.import_file(s, path, today=stmt.day, now=NOW)
    assert result.batch_id is not None
    return result.batch_id


def fourth_quarter(book, tmp_path) -> dict[str, object]:
    """Fill the book; returns the numbers, the bank files and what the pack must hold."""
    files = tmp_path / "statements"
    files.mkdir()
    with book.db.transaction() as s:
        be = _customer(s, name="Bakkerij Peeters", vat="BE0202239951")
        fr = _customer(
            s,
            name="Boulangerie Martin",
            vat="FR40303265045",
            country="FR",
            postcode="75001",
            city="Paris",
            street="Rue de Rivoli 1",
        )
        us = _customer(s, name="Acme Inc.", country="US", postcode="10001", city="New York", street="5th Avenue 1")
        _issue(s, be, date(2026, 9, 30), LineInput.of("September work", 1, "300"))
        first_id, first = _issue(
            s,
            be,
            date(2026, 10, 5),
            LineInput.of("Work", 10, "100", unit="h"),
            LineInput.of("Books", 1, "50", "6"),
            LineInput.of("Lodging", 1, "200", "12"),
        )
        _, intra = _issue(s, fr, date(2026, 11, 10), LineInput.of("Machine", 1, "2000", "0", exemption="intra_eu"))
        _, export = _issue(s, us, date(2026, 11, 20), LineInput.of("Parts", 5, "100", "0", exemption="export"))
        _, reverse = _issue(
            s, be, date(2026, 12, 1), LineInput.of("Renovation", 1, "800", "0", exemption="reverse_charge")
        )
        invoicing.create_draft(s, invoicing.DraftData(be, date(2026, 11, 3), [LineInput.of("Draft", 1, "99")]))
        note_id = invoicing.create_credit_note(
            s, first_id, issue_date=date(2026, 12, 15), lines=[LineInput.of("Work", 1, "100", unit="h")], now=NOW
        )
        credit = invoicing.issue(s, note_id, on=date(2026, 12, 15), now=NOW)
        first_row = s.get(Invoice, first_id)
        ogm, total = first_row.structured_communication, first_row.total_cents
        _import(
            s,
            files,
            "september.cod",
            samples.Stmt(
                number="009",
                day=date(2026, 9, 30),
                txs=[samples.Tx(5000, text="other", ref="S1", day=date(2026, 9, 30))],
            ),
        )
        _import(
            s,
            files,
            "november.cod",
            samples.Stmt(
                number="011",
                day=date(2026, 11, 15),
                txs=[
                    samples.Tx(
                        total,
                        ogm=ogm,
                        name="Bakkerij Peeters",
                        iban="BE68539007547034",
                        ref="N1",
                        day=date(2026, 11, 15),
                    )
                ],
            ),
        )
        old = _import(
            s,
            files,
            "december.cod",
            samples.Stmt(
                number="012",
                day=date(2026, 12, 20),
                txs=[samples.Tx(1234, text="interest", ref="D1", day=date(2026, 12, 20))],
            ),
        )
        # An import made before the book kept statement files: only its name and checksum are known.
        s.delete(s.get(ImportedFile, old))
    return {
        "first": first,
        "intra": intra,
        "export": export,
        "reverse": reverse,
        "credit": credit,
        "paid_cents": total,
        "november": (files / "november.cod").read_bytes(),
    }
