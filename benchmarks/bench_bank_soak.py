"""Soak the statement readers: random field and record mutations of CODA and camt.053 for a while, count outcomes.

    uv run python benchmarks/bench_bank_soak.py [--seconds 300] [--seed 1]

The bounded version runs in the tests (tests/reliability/test_bank_mutations.py, 444 cases); this one
keeps going: text nodes replaced by hostile values (1e30, NaN, impossible dates, time zones at the edge
of the calendar), elements removed or doubled, CODA fields overwritten. A case passes when the reader
returns statements or problems, never both, never raises, and every statement balances.
"""

from __future__ import annotations

import argparse
import random
import re
import time
import traceback
from collections import Counter
from datetime import date

from ledgerdesk.banking.camt import CamtReader
from ledgerdesk.banking.coda import CodaReader
from ledgerdesk.banking.samples import Stmt, Tx, camt, coda
from ledgerdesk.domain import references

OGM = references.for_document(2026, 0, 1)
BASE = [
    Stmt(
        opening_cents=1000,
        txs=[
            Tx(12100, ogm=OGM, name="Bakkerij Peeters", iban="BE68539007547034", ref="R1", info="Markt 5"),
            Tx(-250, text="kosten été", ref="R2", free="Tarieven wijzigen"),
            Tx(30000, ref="R3", details=[Tx(10000, ref="R3", text="2026-0002"), Tx(20000, ref="R3")]),
        ],
    ),
    Stmt(number="002", opening_cents=42850, day=date(2026, 3, 3), txs=[Tx(500, ref="R4")]),
]
WEIRD = [
    b"",
    b"-",
    b"1e30",
    b"NaN",
    b"\xff",
    b"2026-02-30",
    b"2026-13-01T25:00:00Z",
    b"9" * 30,
    b"<",
    b"&amp;",
    b" ",
    b"0000",
    b"+++",
    b"RF00",
    b"BBA",
    b"CRDT",
    b"DBIT",
    b"BOOK",
    b"PDNG",
    b"2014-01-04T23:00:00.000+14:00",
    b"9999-12-31T23:59:59Z",
    b"0001-01-01T00:00:00+01:00",
]


def text_mutation(data: bytes, rng: random.Random) -> bytes:
    spans = [m.span(1) for m in re.finditer(rb">([^<]*)<", data)]
    if not spans:
        return data
    a, b = rng.choice(spans)
    return data[:a] + rng.choice(WEIRD) + data[b:]


def element_mutation(data: bytes, rng: random.Random) -> bytes:
    starts = [m.start() for m in re.finditer(rb"<[A-Za-z]", data)]
    if not starts:
        return data
    a = rng.choice(starts)
    name = re.match(rb"<([A-Za-z]+)", data[a:]).group(1)  # type: ignore[union-attr]
    end = data.find(b"</" + name + b">", a)
    if end < 0:
        return data
    b = end + len(name) + 3
    return data[:a] + data[b:] if rng.random() < 0.5 else data[:b] + data[a:b] + data[b:]


def coda_mutation(data: bytes, rng: random.Random) -> bytes:
    recs = data.split(b"\r\n")
    i = rng.randrange(len(recs) - 1)
    rec = bytearray(recs[i])
    at = rng.randrange(len(rec))
    value = rng.choice([*WEIRD, b"0", b"1", b"9", b"2", b"3"])
    rec[at : at + len(value)] = value
    recs[i] = bytes(rec[:128].ljust(128, b" ")) if rng.random() < 0.8 else bytes(rec)
    return b"\r\n".join(recs)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=300)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    coda_data, camt_data = coda(BASE), camt(BASE)
    outcomes: Counter[str] = Counter()
    slowest = (0.0, "")
    start = time.time()
    while time.time() - start < args.seconds:
        if rng.random() < 0.5:
            data, reader = camt_data, CamtReader()
            for _ in range(rng.randint(1, 3)):
                data = text_mutation(data, rng) if rng.random() < 0.6 else element_mutation(data, rng)
        else:
            data, reader = coda_data, CodaReader()
            for _ in range(rng.randint(1, 3)):
                data = coda_mutation(data, rng)
        began = time.perf_counter()
        try:
            statements, problems = reader.parse(data, "soak")
            assert bool(statements) != bool(problems), "statements and problems together"
            for st in statements:
                assert st.opening_balance_cents + st.movements_cents == st.closing_balance_cents, "unbalanced"
            outcomes[f"{reader.name} {'read' if statements else 'refused'}"] += 1
        except Exception:  # noqa: BLE001 - a soak counts crashes and shows the first ones
            outcomes[f"{reader.name} CRASHED"] += 1
            if outcomes[f"{reader.name} CRASHED"] <= 3:
                traceback.print_exc(limit=4)
        took = time.perf_counter() - began
        slowest = max(slowest, (took, reader.name))
    total = sum(outcomes.values())
    print(
        f"{total:,} mutated statements in {args.seconds:.0f} s (seed {args.seed}); slowest {slowest[1]} {slowest[0] * 1000:.1f} ms"
    )
    for outcome, count in sorted(outcomes.items()):
        print(f"  {outcome:20} {count:,}")


if __name__ == "__main__":
    main()
