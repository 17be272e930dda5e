"""Round trip (hypothesis): statements written from the specifications read back field by field,
in both formats, both sides (money in and out), with windows-1252 accents."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from ledgerdesk.banking.camt import CamtReader
from ledgerdesk.banking.coda import CodaReader
from ledgerdesk.banking.samples import Stmt, Tx, camt, coda
from ledgerdesk.domain import references

LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 éèêëàâäçôöûüïîÉÈÀÇßñ'-.,/&"
words = st.text(alphabet=LETTERS, min_size=0, max_size=35).map(lambda t: " ".join(t.split()))
ibans = st.sampled_from(["", "BE68539007547034", "BE62510007547061", "NL91ABNA0417164300"])
ogms = st.one_of(st.none(), st.integers(1, 9_999_999_999).map(references.from_payload))
txs = st.builds(
    Tx,
    amount_cents=st.integers(-99_999_999, 99_999_999).filter(bool),
    ogm=ogms,
    text=st.text(alphabet=LETTERS, max_size=140).map(lambda t: " ".join(t.split())),
    name=words,
    iban=ibans,
    bic=st.sampled_from(["", "GKCCBEBB", "KREDBEBB"]),
    day=st.dates(date(2000, 1, 1), date(2099, 12, 31)),
)
statements = st.lists(
    st.builds(
        Stmt,
        number=st.integers(1, 999).map(lambda n: f"{n:03d}"),
        opening_cents=st.integers(-(10**9), 10**9),
        txs=st.lists(txs, min_size=1, max_size=6),
    ),
    min_size=1,
    max_size=3,
)


def check(written: list[Stmt], read) -> None:  # type: ignore[no-untyped-def]
    assert len(read) == len(written)
    for w, r in zip(written, read, strict=False):
        assert (r.account, r.opening_balance_cents, r.closing_balance_cents) == (
            w.account,
            w.opening_cents,
            w.closing_cents,
        )
        assert len(r.lines) == len(w.txs)
        for tx, line in zip(w.txs, r.lines, strict=False):
            assert line.amount_cents == tx.amount_cents
            assert line.ogm == tx.ogm
            assert line.counterparty_name == tx.name
            assert line.counterparty_iban == tx.iban
            assert line.counterparty_bic == tx.bic
            assert line.booking_date == tx.day
            if not tx.ogm:
                assert line.communication == tx.text


@given(statements)
@settings(max_examples=150, deadline=None)
def test_coda_round_trip(written):
    read, problems = CodaReader().parse(coda(written), "rt.cod")
    assert problems == []
    check(written, read)


@given(statements, st.sampled_from(["02", "04", "08", "13"]))
@settings(max_examples=150, deadline=None)
def test_camt_round_trip(written, version):
    for s in written:
        s.number = str(int(s.number))
    read, problems = CamtReader().parse(camt(written, version=version), "rt.xml")
    assert problems == []
    check(written, read)
