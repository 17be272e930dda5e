"""Rejecting a bill that came through Peppol tells the supplier: an invoice response RE, kept with the rejection."""

from __future__ import annotations

import io
from datetime import date

import pytest
from peppol_standin import StandIn
from sqlalchemy import text

from ledgerdesk.cli import main
from ledgerdesk.peppol import settings_for
from ledgerdesk.persistence.models import PeppolResponse, Purchase
from ledgerdesk.services import inbox, peppol_setup, purchase_import
from ledgerdesk.ui.context import AppContext


@pytest.fixture
def ctx(book, qtbot):
    context = AppContext(book, language="en", today=lambda: date(2026, 4, 1))
    yield context
    context.wait_idle()


def _run(folder: str, *argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    return main(["--data-dir", folder, *argv], out=out, err=err), out.getvalue(), err.getvalue()


def test_a_rejected_peppol_bill_sends_the_supplier_a_response_once(ctx, supplier_ubl, tmp_keyring, monkeypatch):
    from datetime import datetime

    monkeypatch.setenv("LEDGERDESK_LANG", "en")
    with StandIn("peppyrus") as ap:
        ctx.write(peppol_setup.save_access_point, settings_for("peppyrus", base_url=ap.base_url), ap.api_key)
        ap.deliver(supplier_ubl[0])
        access_point = ctx.read(peppol_setup.open_access_point)
        inbox.fetch_inbox(ctx.book.db, access_point, now=datetime(2026, 4, 1, 9))
        [row] = ctx.read(inbox.incoming_rows)
        imported = ctx.write(purchase_import.bill_from_inbox, row.id, on=date(2026, 4, 1))
        folder = str(ctx.book.paths.folder)
        ctx.wait_idle()
        ctx.book.close()
        code, out, err = _run(folder, "purchases", "reject", imported.recorded.number, "--reason", "not our order")
        assert code == 0, err
        assert out.splitlines()[0] == f"{imported.recorded.number}: rejected"
        assert "(rejected) sent to the supplier" in out.splitlines()[1]
        responses = [m for m in ap.sent() if b"ApplicationResponse" in m.content]
    assert len(responses) == 1
    assert b"<cbc:ResponseCode>RE</cbc:ResponseCode>" in responses[0].content.replace(
        b' listID="UNCL4343OpSubset"', b""
    )
    assert b"not our order" in responses[0].content


def test_without_peppol_set_up_the_response_is_kept(book, supplier_ubl, tmp_keyring, monkeypatch):
    from datetime import datetime

    from ledgerdesk.persistence.models import IncomingDocument

    monkeypatch.setenv("LEDGERDESK_LANG", "en")
    with StandIn("peppyrus") as ap:
        with book.db.transaction() as s:
            peppol_setup.save_access_point(s, settings_for("peppyrus", base_url=ap.base_url), ap.api_key)
        ap.deliver(supplier_ubl[0])
        with book.db.reading() as s:
            access_point = peppol_setup.open_access_point(s)
        inbox.fetch_inbox(book.db, access_point, now=datetime(2026, 4, 1, 9))
    with book.db.transaction() as s:
        incoming = s.query(IncomingDocument).one()
        imported = purchase_import.bill_from_inbox(s, incoming.id, on=date(2026, 4, 1))
        s.execute(text("DELETE FROM settings WHERE key LIKE 'peppol%'"))  # Peppol no longer set up
    folder = str(book.paths.folder)
    book.close()
    code, out, err = _run(folder, "purchases", "reject", imported.recorded.number, "--reason", "wrong price")
    assert code == 0, err
    assert "kept for the next `inbox respond`: Peppol is not set up" in out
    from ledgerdesk.paths import BookPaths
    from ledgerdesk.persistence.book import open_book

    again = open_book(BookPaths.in_dir(folder))
    try:
        with again.db.reading() as s:
            assert s.query(Purchase).one().status == "rejected"
            kept = s.query(PeppolResponse).one()
            assert kept.code == "RE" and kept.message_id is None
    finally:
        again.close()
