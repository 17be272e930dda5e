"""Benchmark the outbox: N invoices queued and sent to a local SMTP server (aiosmtpd), and N sent to a local
stand-in access point (the peppol branch's Peppyrus stand-in) through the Peppol adapter.

    uv run python benchmarks/bench_outbox.py [--documents 1000] [--customers 100] [--skip-peppol]

Queueing builds each message once (the PDF for e-mail; the UBL, validated and archived, for Peppol)
and stores it with its SHA-256; sending commits three short transactions per message (sending,
handed over, the answer), so that a kill -9 at any moment is safe. Prints the time of each phase.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import date, datetime
from pathlib import Path

from ledgerdesk.domain.invoicing import LineInput
from ledgerdesk.paths import BookPaths
from ledgerdesk.persistence.book import open_book
from ledgerdesk.persistence.models import Invoice
from ledgerdesk.services import company, invoicing, outbox
from ledgerdesk.services.mail import MailSettings, SmtpTransport, save_mail_settings

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "tests" / "outbox"), str(ROOT / "tests" / "peppol")]
NOW = datetime(2026, 3, 2, 9, 0)


def vat_number(n: int) -> str:
    """A valid Belgian VAT number (mod 97 check) for the n-th customer."""
    base = 2_000_000 + n
    return f"BE{base:08d}{97 - base % 97:02d}"


def fill(book, documents: int, customers: int) -> list[tuple[int, str]]:  # type: ignore[no-untyped-def]
    with book.db.transaction() as s:
        company.save_company(
            s,
            company.CompanyData(
                name="Atelier Janssens", street="Kerkstraat 1", postcode="9000", city="Gent", vat="BE0403170701",
                iban="BE71096123456769", bic="GKCCBEBB", email="info@janssens.be", language="nl",
            ),
        )  # fmt: skip
        ids = [
            company.create_customer(
                s,
                company.CustomerData(
                    name=f"Klant {i}", vat=vat_number(i), street="Markt 5", postcode="2000", city="Antwerpen",
                    email=f"boekhouding{i}@klant.example", language=("nl", "fr", "en")[i % 3],
                ),
                today=date(2026, 1, 1),
            ).id
            for i in range(customers)
        ]  # fmt: skip
        made = []
        for n in range(documents):
            draft = invoicing.create_draft(
                s,
                invoicing.DraftData(ids[n % customers], date(2026, 3, 1), [LineInput.of("Werk", 1, "100", "21")]),
                now=NOW,
            )
            invoicing.issue(s, draft, on=date(2026, 3, 1), now=NOW)
            made.append((ids[n % customers], s.get(Invoice, draft).number))
    return made


def bench_email(folder: Path, documents: int, customers: int) -> None:
    from smtp_server import LocalSmtp

    server = LocalSmtp()
    book = open_book(BookPaths.in_dir(folder / "email"))
    try:
        made = fill(book, documents, customers)
        with book.db.transaction() as s:
            settings = save_mail_settings(s, MailSettings("127.0.0.1", server.port, "none", "", "f@janssens.be"))
        started = time.perf_counter()
        with book.db.transaction() as s:
            for _, number in made:
                outbox.queue(s, number, now=NOW, via="email", from_address="f@janssens.be")
        queued = time.perf_counter() - started
        transport = SmtpTransport(settings, lambda: None)
        started = time.perf_counter()
        report = outbox.send_queue(book.db, {"email": transport}, clock=datetime.now)
        sent = time.perf_counter() - started
        transport.close()
        assert len(report.sent) == documents and len(server.recorder.messages) == documents, report.stopped
        size = sum(len(m) for m in server.recorder.messages) / documents / 1024
        print(f"e-mail: {documents} queued in {queued:.1f} s ({queued / documents * 1000:.1f} ms each, PDF built)")
        print(f"e-mail: {documents} sent in {sent:.1f} s ({documents / sent:.0f} per second), {size:.0f} KiB each")
    finally:
        book.close()
        server.stop()


def bench_peppol(folder: Path, documents: int, customers: int) -> None:
    import keyring
    from peppol_samples import FileKeyring
    from peppol_standin import StandIn

    from ledgerdesk.peppol import settings_for
    from ledgerdesk.services.outbox_channels import send
    from ledgerdesk.services.peppol_lookup import Lookup, remember
    from ledgerdesk.services.peppol_setup import save_access_point

    keyring.set_keyring(FileKeyring(folder / "keyring.json"))
    with StandIn("peppyrus", api_key="bench-key") as server:
        book = open_book(BookPaths.in_dir(folder / "peppol"))
        try:
            made = fill(book, documents, customers)
            with book.db.transaction() as s:
                save_access_point(s, settings_for("peppyrus", base_url=server.base_url), "bench-key")
                for customer_id in {c for c, _ in made}:
                    vat = s.get(company.Customer, customer_id).vat
                    participant = f"0208:{vat[2:]}"
                    server.register(participant)
                    remember(
                        s, Lookup(vat, (participant,), participant, True, True, (), "peppyrus"), on=NOW.date(),
                        customer_id=customer_id,
                    )  # fmt: skip
            from ledgerdesk.einvoice.validate import warm_up

            warm_up()
            started = time.perf_counter()
            with book.db.transaction() as s:
                directory = __import__("ledgerdesk.services.outbox_channels", fromlist=["directory"]).directory(s)
                for _, number in made:
                    row = outbox.queue(s, number, now=NOW, directory=directory)
                    assert row.channel == "peppol"
            queued = time.perf_counter() - started
            started = time.perf_counter()
            report = send(book.db, clock=datetime.now)
            sent = time.perf_counter() - started
            assert len(report.sent) == documents and len(server.sent()) == documents, report.stopped
            states = {r.state for r in report.sent}
            print(
                f"peppol: {documents} queued in {queued:.1f} s ({queued / documents * 1000:.1f} ms each, UBL built, validated, archived)"
            )
            print(
                f"peppol: {documents} sent in {sent:.1f} s ({documents / sent:.0f} per second), states {sorted(states)}"
            )
        finally:
            book.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--documents", type=int, default=1000)
    parser.add_argument("--customers", type=int, default=100)
    parser.add_argument("--skip-peppol", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        bench_email(Path(tmp), args.documents, args.customers)
        if not args.skip_peppol:
            bench_peppol(Path(tmp), args.documents, args.customers)


if __name__ == "__main__":
    main()
