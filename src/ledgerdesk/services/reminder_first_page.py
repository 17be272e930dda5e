"""The reminders tab's first screenful when the app reopens on it: the last proposal of the day, kept on disk.

A proposal reads the whole ledger (about 1.5 s on a 10-year book, after SQLAlchemy has loaded). The tab keeps
the first letters of its last proposal without review edits in the cache folder, with the book's write stamp
(persistence.write_stamp) and schema revision it was read under. On the next start the same day, while
neither changed, those letters are exactly what the proposal will say again: the tab shows them at once
(read with sqlite3 and json, no SQLAlchemy) and the full proposal replaces them when its worker is done.
Nothing here decides anything: a missing, stale or unreadable file just means no first page.
"""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import __version__
from ..paths import cache_dir
from ..persistence.write_stamp import book_state

if TYPE_CHECKING:
    from .reminders import Proposal

FORMAT = 1
KEPT_LETTERS = 60  # more than a 1920×1080 screen shows


@dataclass(frozen=True)
class KeptItem:
    """An invoice of a kept letter, with the fields the tab's items table shows (no tooltips until the run)."""

    invoice_id: int
    number: str
    issue_date: date
    due_date: date
    level: int
    open_cents: int
    fee_cents: int
    interest_cents: int
    warnings: tuple[()] = ()

    @property
    def total_cents(self) -> int:
        return self.open_cents + self.fee_cents + self.interest_cents


@dataclass(frozen=True)
class KeptLetter:
    """A proposed letter as the letters table shows it (the same field names as reminders.ProposedLetter)."""

    customer_id: int
    customer: str
    level: int
    channel: str
    pay_by: date
    number: str
    structured_communication: str
    items: tuple[KeptItem, ...]
    note: str = ""

    @property
    def total_cents(self) -> int:
        return sum(i.total_cents for i in self.items)


@dataclass(frozen=True)
class FirstPage:
    letters: tuple[KeptLetter, ...]  # the first KEPT_LETTERS, in the proposal's order
    letter_count: int  # of the whole proposal
    total_cents: int
    skipped_count: int


def _file_for(book: Path) -> Path:
    key = hashlib.sha256(str(book.resolve()).encode()).hexdigest()[:32]
    return cache_dir() / "reminders" / f"{key}.json"


def _item(i: Any) -> dict[str, Any]:
    return {
        "invoice_id": i.invoice_id,
        "number": i.number,
        "issue_date": i.issue_date.isoformat(),
        "due_date": i.due_date.isoformat(),
        "level": i.level,
        "open_cents": i.open_cents,
        "fee_cents": i.fee_cents,
        "interest_cents": i.interest_cents,
    }


def remember(book: Path, proposal: Proposal, stamp: int, revision: str) -> None:
    """Keep the first letters of a proposal made without review edits, under the stamp it was read at."""
    if not stamp:  # a book never written by this version: its stamp says nothing
        return
    doc = {
        "format": FORMAT,
        "version": __version__,
        "stamp": stamp,
        "revision": revision,
        "as_of": proposal.as_of.isoformat(),
        "letter_count": len(proposal.letters),
        "total_cents": sum(x.total_cents for x in proposal.letters),
        "skipped_count": len(proposal.skipped),
        "letters": [
            {
                "customer_id": x.customer_id,
                "customer": x.customer,
                "level": x.level,
                "channel": x.channel,
                "pay_by": x.pay_by.isoformat(),
                "number": x.number,
                "structured_communication": x.structured_communication,
                "items": [_item(i) for i in x.items],
            }
            for x in proposal.letters[:KEPT_LETTERS]
        ],
    }
    from ..atomic import write_atomic
    from ..persistence.faults import StorageError

    target = _file_for(book)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(target, json.dumps(doc, separators=(",", ":")))
    except (OSError, StorageError) as exc:  # a cache: the next start computes the proposal as before
        logging.getLogger(__name__).info("reminder first page not kept: %s", exc)


def forget(book: Path) -> None:
    _file_for(book).unlink(missing_ok=True)


def first_page(book: Path, as_of: date) -> FirstPage | None:
    """The letters kept for this book and day, if the book has not changed since; otherwise None."""
    try:
        doc = json.loads(_file_for(book).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    state = book_state(book)
    if (
        not isinstance(doc, dict)
        or state is None
        or doc.get("format") != FORMAT
        or doc.get("version") != __version__
        or doc.get("as_of") != as_of.isoformat()
        or (doc.get("stamp"), doc.get("revision")) != state
    ):
        return None
    try:
        letters = tuple(
            KeptLetter(
                customer_id=int(x["customer_id"]),
                customer=str(x["customer"]),
                level=int(x["level"]),
                channel=str(x["channel"]),
                pay_by=date.fromisoformat(x["pay_by"]),
                number=str(x["number"]),
                structured_communication=str(x["structured_communication"]),
                items=tuple(
                    KeptItem(
                        int(i["invoice_id"]),
                        str(i["number"]),
                        date.fromisoformat(i["issue_date"]),
                        date.fromisoformat(i["due_date"]),
                        int(i["level"]),
                        int(i["open_cents"]),
                        int(i["fee_cents"]),
                        int(i["interest_cents"]),
                    )
                    for i in x["items"]
                ),
            )
            for x in doc["letters"]
        )
        return FirstPage(letters, int(doc["letter_count"]), int(doc["total_cents"]), int(doc["skipped_count"]))
    except (KeyError, TypeError, ValueError):  # a file from elsewhere or damaged: not a first page
        return None
