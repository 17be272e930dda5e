"""The Peppol inbox: fetched, validated, kept byte for byte, duplicates dropped, confirmed only after the commit."""

from __future__ import annotations

import hashlib
import io
import json
import os
import signal
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

import pytest
from peppol_standin import StandIn
from pypdf import PdfReader

from ledgerdesk.cli import main
from ledgerdesk.paths import BookPaths
from ledgerdesk.peppol import settings_for
from ledgerdesk.persistence.book import open_book
from ledgerdesk.persistence.models import IncomingDocument
from ledgerdesk.services import inbox, peppol_setup
from ledgerdesk.services.bookfile import BookFileError, export_book, import_book

NOW = datetime(2026, 4, 1, 9, 0)
HERE = Path(__file__).resolve().parent


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def access_point(book, tmp_keyring):
    with StandIn("peppyrus") as server:
        with book.db.transaction() as s:
            peppol_setup.save_access_point(s, settings_for("peppyrus", base_url=server.base_url), server.api_key)
        yield server


def connected(book):
    with book.db.reading() as s:
        return peppol_setup.open_access_point(s, timeout=5)


def stored(book) -> list[IncomingDocument]:
    with book.db.reading() as s:
        rows = list(s.query(IncomingDocument).order_by(IncomingDocument.id))
        s.expunge_all()
        return rows


def test_the_inbox_keeps_each_document_once_and_confirms_after_storing(book, access_point, supplier_ubl):
    first = access_point.deliver(supplier_ubl[0])
    for doc in supplier_ubl[1:]:
        access_point.deliver(doc)
    access_point.duplicate_in_inbox(first)  # listed twice by the provider
    again = access_point.deliver(supplier_ubl[1])  # the same invoice sent again under another message id
    broken = access_point.deliver(b"<html>not an invoice</html>", sender="0208:0202239951")
    report = inbox.fetch_inbox(book.db, connected(book), now=NOW)
    outcomes = {item.message_id: item.outcome for item in report.items}
    assert list(outcomes.values()).count("new") == 4
    assert outcomes[again] == "duplicate" and outcomes[broken] == "unreadable"
    rows = stored(book)
    assert [r.number for r in rows] == ["2026-0001", "2026-0002", "2026-0003", "CN2026-0001"]
    assert [r.content for r in rows] == supplier_ubl  # byte for byte
    assert all(r.sha256 == hashlib.sha256(r.content).hexdigest() and r.valid for r in rows)
    assert [r.kind for r in rows][-1] == "credit_note" and rows[0].payable_cents == 3975
    # Confirmed: the stored ones and the duplicate; the unreadable one stays, to be seen.
    assert [m.id for m in access_point.unconfirmed()] == [broken]


def test_a_failed_confirmation_is_made_good_by_the_next_fetch_without_a_second_copy(book, access_point, supplier_ubl):
    access_point.deliver(supplier_ubl[0])
    access_point.fail_next("server_error", on="confirm")
    report = inbox.fetch_inbox(book.db, connected(book), now=NOW)
    assert [i.outcome for i in report.items] == ["failed"] and "503" in report.items[0].detail
    assert len(stored(book)) == 1 and len(access_point.unconfirmed()) == 1  # stored, not yet confirmed
    report = inbox.fetch_inbox(book.db, connected(book), now=NOW)
    assert [i.outcome for i in report.items] == ["already_stored"]
    assert len(stored(book)) == 1 and access_point.unconfirmed() == []


def test_a_received_document_cannot_be_changed(book, access_point, supplier_ubl):
    access_point.deliver(supplier_ubl[0])
    inbox.fetch_inbox(book.db, connected(book), now=NOW)
    with pytest.raises(Exception, match="cannot be changed"):
        with book.db.transaction() as s:
            s.query(IncomingDocument).update({"number": "X"})


def _kill_when(access_point: StandIn, book, wanted: str, *, on: str) -> None:
    """Start `inbox fetch` in a child process and kill -9 it while it waits for the `on` request."""
    access_point.state.timeout_seconds = 30
    access_point.fail_next("timeout", on=on)
    folder = book.paths.folder
    book.close()
    env = {
        **os.environ,
        "PYTHONPATH": str(HERE),
        "PYTHON_KEYRING_BACKEND": "peppol_samples.FileKeyring",
        "LEDGERDESK_TEST_KEYRING": str(folder.parent / "keyring.json"),
    }
    child = subprocess.Popen(
        [sys.executable, "-m", "ledgerdesk.cli", "--data-dir", str(folder), "inbox", "fetch"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 60
    while not any(wanted in path for method, path in access_point.state.requests):
        assert child.poll() is None, child.stderr.read().decode()  # type: ignore[union-attr]
        assert time.monotonic() < deadline
        time.sleep(0.02)
    time.sleep(0.1)
    os.kill(child.pid, signal.SIGKILL)
    child.wait()


def test_kill_9_after_the_commit_and_before_the_confirmation_loses_nothing_and_stores_nothing_twice(
    book, access_point, supplier_ubl, tmp_keyring
):
    message = access_point.deliver(supplier_ubl[0])
    _kill_when(access_point, book, f"/message/{message}/confirm", on="confirm")
    with open_book(BookPaths.in_dir(book.paths.folder)) as reopened:
        assert [r.message_id for r in stored(reopened)] == [message]  # committed before the kill
        assert [m.id for m in access_point.unconfirmed()] == [message]  # never confirmed
        report = inbox.fetch_inbox(reopened.db, connected(reopened), now=NOW)
        assert [i.outcome for i in report.items] == ["already_stored"]
        assert len(stored(reopened)) == 1 and access_point.unconfirmed() == []


def test_kill_9_while_fetching_stores_nothing_and_confirms_nothing(book, access_point, supplier_ubl):
    message = access_point.deliver(supplier_ubl[0])
    _kill_when(access_point, book, f"/message/{message}", on="fetch")
    with open_book(BookPaths.in_dir(book.paths.folder)) as reopened:
        assert stored(reopened) == [] and len(access_point.unconfirmed()) == 1
        report = inbox.fetch_inbox(reopened.db, connected(reopened), now=NOW)
        assert [i.outcome for i in report.items] == ["new"] and access_point.unconfirmed() == []


def test_fetch_list_and_show_from_the_command_line(book, access_point, supplier_ubl, tmp_path):
    access_point.deliver(supplier_ubl[0])
    without_pdf = supplier_ubl[2].replace(b"application/pdf", b"application/x-none")
    access_point.deliver(without_pdf)
    folder = str(book.paths.folder)
    book.close()
    code, out, err = run("--data-dir", folder, "inbox", "fetch", "--json")
    assert code == 0, err
    assert [i["outcome"] for i in json.loads(out)] == ["new", "new"]
    code, out, err = run("--data-dir", folder, "inbox", "list")
    assert code == 0 and "2026-0001" in out and "39.75 EUR" in out and "Bakkerij Peeters" in out
    listed = json.loads(run("--data-dir", folder, "inbox", "list", "--json")[1])
    own, rendered = tmp_path / "own.pdf", tmp_path / "rendered.pdf"
    assert run("--data-dir", folder, "inbox", "show", str(listed[1]["id"]), "-o", str(own))[0] == 0
    assert "2026-0001" in PdfReader(own).pages[0].extract_text()  # the supplier's own PDF
    assert run("--data-dir", folder, "inbox", "show", str(listed[0]["id"]), "-o", str(rendered))[0] == 0
    text = PdfReader(rendered).pages[0].extract_text()
    assert "2026-0003" in text and "Bakkerij Peeters" in text and "made by LedgerDesk" in text and "39,75" in text
    xml = tmp_path / "x.xml"
    assert run("--data-dir", folder, "inbox", "show", str(listed[0]["id"]), "-o", str(xml), "--xml")[0] == 0
    assert xml.read_bytes() == without_pdf


def test_received_documents_travel_in_the_book_file(book, access_point, supplier_ubl, tmp_path):
    for doc in supplier_ubl:
        access_point.deliver(doc)
    inbox.fetch_inbox(book.db, connected(book), now=NOW)
    with book.db.reading() as s:
        exported = export_book(s)
    assert len(exported["incoming_documents"]) == 4
    with open_book(BookPaths.in_dir(tmp_path / "other")) as other:
        with other.db.transaction() as s:
            import_book(s, json.loads(json.dumps(exported)))
        with other.db.reading() as s:
            assert export_book(s)["incoming_documents"] == exported["incoming_documents"]
    tampered = json.loads(json.dumps(exported))
    tampered["incoming_documents"][0]["sha256"] = "0" * 64
    with open_book(BookPaths.in_dir(tmp_path / "third")) as third:
        with pytest.raises(BookFileError) as refused, third.db.transaction() as s:
            import_book(s, tampered)
    assert refused.value.problems == [
        "$.incoming_documents[0].sha256: does not match the content: the file was changed"
    ]
