"""The Peppol channel behind the outbox's own Protocols (PeppolDirectory, Transport): chosen when the customer
is registered, never for a consumer without a Peppol endpoint, and the user may choose another channel.

The access point itself (Peppyrus, Recommand, their stand-in servers) is the peppol branch's; this
fake stands in for it only to prove the outbox's side of the contract.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import datetime

import pytest

from ledgerdesk.cli import main
from ledgerdesk.domain.outbox import OutboxError, Outcome
from ledgerdesk.paths import BookPaths
from ledgerdesk.persistence.book import open_book
from ledgerdesk.services import outbox

from .conftest import make_book


class FakeAccessPoint:
    channel = "peppol"

    def __init__(self, registered: set[str]) -> None:
        self.known = registered
        self.sent: list[tuple[str, str, bytes]] = []

    def registered(self, customer_id: int, fallback_id: str | None, kind: str) -> tuple[str | None, bool | None]:
        return fallback_id, fallback_id in self.known

    def send(self, message: bytes, recipient: str, key: str, handed_over: Callable[[], None]) -> Outcome:
        handed_over()
        self.sent.append((recipient, key, message))
        return Outcome(True, f'{{"id": "{key}", "folder": "sent"}}', delivered=True)

    def close(self) -> None:
        pass


@pytest.fixture
def two_customers(tmp_path):
    folder = tmp_path / "book"
    numbers = make_book(folder, 2)  # [business Peeters BE0202239951, consumer Jan]
    book = open_book(BookPaths.in_dir(folder))
    yield book, numbers
    book.close()


def test_a_registered_business_gets_peppol_and_the_ubl_goes_to_the_access_point(two_customers):
    book, numbers = two_customers
    ap = FakeAccessPoint({"0208:0202239951"})
    with book.db.reading() as s:
        proposal = outbox.propose(s, numbers[0], ap)
    assert proposal.channel == "peppol" and proposal.possible["peppol"] is None
    with book.db.transaction() as s:
        row = outbox.queue(s, numbers[0], now=datetime(2026, 3, 2, 9), directory=ap)
    report = outbox.send_queue(book.db, {"peppol": ap}, clock=lambda: datetime(2026, 3, 2, 10))
    [sent] = report.sent
    assert sent.state == "delivered" and sent.recipient == "0208:0202239951"
    recipient, key, ubl = ap.sent[0]
    assert key == row.message_key and b"<Invoice" in ubl and b"0202239951" in ubl
    with book.db.reading() as s:
        assert outbox.message_of(s, sent.id) == ubl  # the archived copy is what the access point got


def test_a_consumer_never_goes_by_peppol_and_the_user_may_choose_another_channel(two_customers):
    book, numbers = two_customers
    ap = FakeAccessPoint({"0208:0202239951"})
    with book.db.reading() as s:
        proposal = outbox.propose(s, numbers[1], ap)
    assert proposal.channel == "email"
    assert proposal.possible["peppol"] == "a consumer without a Peppol endpoint cannot receive by Peppol"
    with book.db.transaction() as s, pytest.raises(OutboxError, match="cannot go by peppol"):
        outbox.queue(s, numbers[1], now=datetime(2026, 3, 2), via="peppol", directory=ap)
    with book.db.transaction() as s:  # the registered business, by post because the user says so
        row = outbox.queue(s, numbers[0], now=datetime(2026, 3, 2), via="post", directory=ap)
    assert row.channel == "post" and "Antwerpen" in row.recipient


def test_without_an_access_point_the_command_line_says_so(tmp_path, monkeypatch):
    monkeypatch.setenv("LEDGERDESK_LANG", "nl")
    folder = tmp_path / "book"
    numbers = make_book(folder, 1)
    err = io.StringIO()
    code = main(["--data-dir", str(folder), "send", numbers[0], "--via", "peppol"], out=io.StringIO(), err=err)
    assert code == 1
    assert err.getvalue() == (
        f"ledgerdesk: {numbers[0]} kan niet via peppol: er is geen Peppol-toegangspunt ingesteld\n"
    )
