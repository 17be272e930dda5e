"""Fuzz: thousands of mutated statement files never crash a reader, and a refused file writes nothing."""

from __future__ import annotations

import random
from datetime import date

from builders import customer, issued_invoice
from sqlalchemy import func, select

from ledgerdesk.banking.camt import CamtReader
from ledgerdesk.banking.coda import CodaReader
from ledgerdesk.banking.samples import Stmt, Tx, camt, coda
from ledgerdesk.domain import references
from ledgerdesk.persistence.models import Allocation, BankLine, Payment
from ledgerdesk.services import bank_import

OGM = references.for_document(2026, 0, 1)
BASE = [
    Stmt(
        opening_cents=1000,
        txs=[
            Tx(12100, ogm=OGM, name="Bakkerij Peeters", iban="BE68539007547034", ref="R1", info="Markt 5"),
            Tx(-250, text="kosten été", ref="R2"),
            Tx(30000, ref="R3", details=[Tx(10000, ref="R3", text="2026-0002"), Tx(20000, ref="R3")]),
        ],
    ),
    Stmt(number="002", opening_cents=42850, txs=[Tx(500, ref="R4")]),
]


def mutate(data: bytes, rng: random.Random) -> bytes:
    buf = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        op = rng.randrange(6)
        if not buf:
            break
        at = rng.randrange(len(buf))
        if op == 0:
            buf[at] = rng.randrange(256)
        elif op == 1:
            buf[at] = ord(rng.choice("0123456789 +-.<>/&A"))
        elif op == 2:
            del buf[at : at + rng.randint(1, 200)]
        elif op == 3:
            buf[at:at] = buf[at : at + rng.randint(1, 130)]
        elif op == 4:
            del buf[at:]
        else:
            other = rng.randrange(len(buf))
            buf[at], buf[other] = buf[other], buf[at]
    return bytes(buf)


def _check(reader, data: bytes) -> None:
    statements, problems = reader.parse(data, "fuzz")
    assert bool(statements) != bool(problems)  # all or nothing
    for problem in problems:
        assert problem.message and "Traceback" not in problem.message
    for st in statements:
        assert st.opening_balance_cents + st.movements_cents == st.closing_balance_cents


def test_thousands_of_mutated_files_never_crash_a_reader():
    rng = random.Random(5)
    coda_data, camt_data = coda(BASE), camt(BASE)
    for _ in range(2500):
        _check(CodaReader(), mutate(coda_data, rng))
    for _ in range(1500):
        _check(CamtReader(), mutate(camt_data, rng))


def test_refused_mutants_write_nothing(book, tmp_path):
    with book.db.transaction() as s:
        issued_invoice(s, customer(s), "100", date(2026, 1, 5))
    rng = random.Random(11)
    data = coda(BASE)
    refused = 0
    for n in range(60):
        path = tmp_path / f"m{n}.cod"
        path.write_bytes(mutate(data, rng))
        with book.db.reading() as s:
            before = (
                s.scalar(select(func.count()).select_from(BankLine)),
                s.scalar(select(func.count()).select_from(Payment)),
                s.scalar(select(func.coalesce(func.sum(Allocation.amount_cents), 0))),
            )
        try:
            with book.db.transaction() as s:
                bank_import.import_file(s, path, today=date(2026, 3, 1), accept_account=True)
        except bank_import.StatementRefused:
            refused += 1
            with book.db.reading() as s:
                after = (
                    s.scalar(select(func.count()).select_from(BankLine)),
                    s.scalar(select(func.count()).select_from(Payment)),
                    s.scalar(select(func.coalesce(func.sum(Allocation.amount_cents), 0))),
                )
            assert after == before
    assert refused > 30
