"""Benchmark the SEPA direct debit collection file for N invoices (default 5,000): N customers with a mandate,
one monthly recurring invoice each, collected in one run.

    uv run python benchmarks/bench_direct_debit.py [--invoices 5000] [--version 08|02]

Prints the time to issue the month's invoices (each freezes its direct debit notice), to collect them
(pain.008 built, schema-checked here, each collection and its payment recorded in one transaction),
the time of the schema check alone, and the file's size.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from datetime import date, datetime
from pathlib import Path

from ledgerdesk.domain.invoicing import LineInput
from ledgerdesk.paths import BookPaths
from ledgerdesk.persistence.book import open_book
from ledgerdesk.sepa import schema
from ledgerdesk.sepa.identifiers import for_enterprise
from ledgerdesk.services import company, direct_debit, direct_debit_collect, recurring

NOW = datetime(2026, 1, 1, 9, 0)


def iban(number: int) -> str:
    first = f"734{number:07d}"
    bban = f"{first}{int(first) % 97 or 97:02d}"
    return f"BE{98 - int(bban + '111400') % 97:02d}{bban}"


def fill(book, invoices: int) -> None:  # type: ignore[no-untyped-def]
    with book.db.transaction() as s:
        company.save_company(
            s,
            company.CompanyData(
                name="Atelier Janssens", street="Kerkstraat 1", postcode="9000", city="Gent",
                vat="BE0403170701", iban="BE71096123456769", bic="GKCCBEBB",
            ),
        )  # fmt: skip
        direct_debit.save_creditor(
            s, direct_debit.CreditorSetup(for_enterprise("0403170701"), "BE71096123456769", "GKCCBEBB")
        )
        for n in range(invoices):
            customer = company.create_customer(
                s,
                company.CustomerData(
                    name=f"Klant {n:05d} Élise", kind="consumer", street=f"Kerkstraat {n % 200 + 1} bus {n % 7 + 1}",
                    postcode="3000", city="Leuven",
                ),
                today=date(2025, 12, 1),
            ).id  # fmt: skip
            direct_debit.add_mandate(
                s,
                direct_debit.MandateData(f"LD-{n:06d}", customer, date(2025, 12, 1), iban(n + 1), "KREDBEBB"),
                today=date(2025, 12, 1),
                now=NOW,
            )
            recurring.create_template(
                s,
                recurring.TemplateData(
                    customer_id=customer, frequency="monthly", start_date=date(2026, 1, 1),
                    lines=[LineInput.of("Abonnement", 1, f"{20 + n % 80}.{n % 100:02d}", "21")],
                    mode="issued", payment_terms_days=14,
                ),
                now=NOW,
            )  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--invoices", type=int, default=5000)
    parser.add_argument("--version", choices=["08", "02"], default="08")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        book = open_book(BookPaths.in_dir(Path(folder)))
        fill(book, args.invoices)
        started = time.perf_counter()
        with book.db.transaction() as s:
            made = recurring.generate(s, date(2026, 1, 1), now=NOW)
        issued = time.perf_counter() - started
        files: dict[str, bytes] = {}
        started = time.perf_counter()
        with book.db.transaction() as s:
            result = direct_debit_collect.collect(
                s, date(2026, 1, 15), today=date(2026, 1, 10), now=datetime(2026, 1, 10),
                version=f"pain.008.001.{args.version}", write=files.update,
            )  # fmt: skip
        collected = time.perf_counter() - started
        started = time.perf_counter()
        problems = schema.problems(files["CORE"])
        checked = time.perf_counter() - started
        book.close()
    assert not problems, problems[:3]
    print(f"{len(made.created)} invoices issued with their notices: {issued:.2f} s")
    print(
        f"collection file pain.008.001.{args.version} for {len(result.invoices)} invoices "
        f"({result.total_cents / 100:.2f} EUR): {collected:.2f} s, {len(files['CORE']) / 1e6:.1f} MB"
    )
    print(f"schema check of that file: {checked:.2f} s")


if __name__ == "__main__":
    main()
