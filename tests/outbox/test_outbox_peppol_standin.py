"""The outbox's Peppol channel for real: the peppol branch's adapter against its local stand-in access points
(Peppyrus and Recommand APIs), set up and looked up with the `peppol` commands, sent with `send`."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import keyring
import pytest

from ledgerdesk.cli import main

from .conftest import make_book

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "peppol"))  # the peppol branch's stand-ins
from peppol_samples import FileKeyring  # noqa: E402
from peppol_standin import StandIn  # noqa: E402


def cli(folder, *argv):  # type: ignore[no-untyped-def]
    out, err = io.StringIO(), io.StringIO()
    code = main(["--data-dir", str(folder), *argv], out=out, err=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def ring(tmp_path):
    previous = keyring.get_keyring()
    keyring.set_keyring(FileKeyring(tmp_path / "keyring.json"))
    yield
    keyring.set_keyring(previous)


@pytest.fixture(params=["peppyrus", "recommand"])
def access_point(request, ring, tmp_path, monkeypatch):
    key = "test-key" if request.param == "peppyrus" else "key_test:secret_test"
    monkeypatch.setenv("AP_KEY", key)
    monkeypatch.setenv("LEDGERDESK_LANG", "en")
    with StandIn(request.param, api_key=key) as server:
        server.state.timeout_seconds = 1.0
        folder = tmp_path / "book"
        numbers = make_book(folder, 2)
        code, _, err = cli(folder, "peppol", "setup", "--provider", request.param, "--api-key-env", "AP_KEY",
                           "--base-url", server.base_url)  # fmt: skip
        assert code == 0, err
        yield server, folder, numbers


def test_a_business_registered_on_peppol_gets_its_invoice_by_peppol_and_it_is_delivered(access_point):
    server, folder, numbers = access_point
    server.register("0208:0202239951")
    code, out, err = cli(folder, "peppol", "lookup", "BE0202239951", "--via", "access-point")
    assert code == 0, err
    code, out, err = cli(folder, "send", numbers[0], "--json")
    assert code == 0, err
    row = json.loads(out)
    assert row["channel"] == "peppol" and row["recipient"] == "0208:0202239951"
    assert row["state"] == "delivered"
    [sent] = server.sent()
    assert sent.recipient == "0208:0202239951" and b"<Invoice" in sent.content
    # Delivered through Peppol: the proof of delivery that starts the protest window is in its history.
    from ledgerdesk.paths import BookPaths
    from ledgerdesk.persistence.book import open_book
    from ledgerdesk.persistence.models import Invoice, InvoiceEvent

    book = open_book(BookPaths.in_dir(folder))
    try:
        with book.db.reading() as s:
            invoice = s.query(Invoice).filter_by(number=numbers[0]).one()
            kinds = [e.kind for e in s.query(InvoiceEvent).filter_by(invoice_id=invoice.id)]
            assert "peppol_delivered" in kinds, kinds
    finally:
        book.close()
    # The consumer of the same book is never offered to Peppol.
    code, _, err = cli(folder, "send", numbers[1], "--via", "peppol")
    assert code == 1 and "a consumer without a Peppol endpoint cannot receive by Peppol" in err
    assert len(server.sent()) == 1


def test_a_5xx_keeps_it_queued_with_the_access_points_words_and_the_next_run_sends_it_once(access_point):
    server, folder, numbers = access_point
    server.register("0208:0202239951")
    cli(folder, "peppol", "lookup", "BE0202239951", "--via", "access-point")
    server.fail_next("server_error", on="send", words="Service Unavailable: upstream Peppol network not reachable")
    code, out, err = cli(folder, "send", numbers[0], "--json")
    assert code == 1
    assert json.loads(out)["state"] == "queued" and "upstream Peppol network not reachable" in err
    assert cli(folder, "outbox", "send")[0] == 0
    assert len(server.sent()) == 1


def test_a_crash_between_the_access_point_taking_it_and_its_answer_never_sends_twice(access_point):
    server, folder, numbers = access_point
    server.register("0208:0202239951")
    cli(folder, "peppol", "lookup", "BE0202239951", "--via", "access-point")
    server.fail_next("crash_after_send", on="send")  # stored at the access point, the answer lost
    cli(folder, "send", numbers[0])
    cli(folder, "outbox", "send")  # again, under the same key: the adapter finds the earlier message
    assert len(server.sent()) == 1
    [delivery] = json.loads(cli(folder, "outbox", "--json")[1])
    assert delivery["state"] in ("sent", "delivered")
