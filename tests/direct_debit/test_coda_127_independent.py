"""The CODA type-127 layout checked by a reader that is not ours: febelfin-coda (Tryton's CODA 2 parser,
written from Febelfin's standard) reads our test statements' movements, amounts, end-to-end references
and record 2.2's R-transaction fields where we put them; and our reader finds the same return whether the
bank writes the type and reason in the communication or in record 2.2."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import coda as febelfin
import pytest
from dd_statements import Refused, coda_returns

from ledgerdesk.banking.sepa_returns import returns_in

REFUSED = [
    Refused("2026-0042-1", "LD-0007", 6050, "AM04", date(2026, 1, 20), "2", "BE11ZZZ0403170701"),
    Refused("2026-0043-1", "LD-0008", 12100, "MD01", date(2026, 1, 20), "1", "BE11ZZZ0403170701"),
]


@pytest.mark.parametrize("r_in_22", [False, True])
def test_an_independent_reader_sees_our_layout(r_in_22):
    data = coda_returns(REFUSED, r_in_22=r_in_22)
    parsed = febelfin.CODA(io.StringIO(data.decode("cp1252"), newline=""))
    [statement] = parsed.statements
    moves = statement.moves
    assert [m.communication_type for m in moves] == ["127", "127"]
    assert [m.amount for m in moves] == [Decimal("-60.50"), Decimal("-121.00")]
    assert [m.customer_reference for m in moves] == ["2026-0042-1", "2026-0043-1"]
    if r_in_22:
        assert [(m.r_transaction, m.r_reason) for m in moves] == [("2", "AM04"), ("1", "MD01")]
    ours = returns_in(data)
    assert [(r.end_to_end, r.mandate_reference, r.amount_cents, r.reason, r.kind) for r in ours] == [
        ("2026-0042-1", "LD-0007", 6050, "AM04", "return"),
        ("2026-0043-1", "LD-0008", 12100, "MD01", "reject"),
    ]
