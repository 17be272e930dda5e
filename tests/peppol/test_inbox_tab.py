"""The Inbox tab: fetch on request (off the UI thread), list what arrived, open it readably."""

from __future__ import annotations

from datetime import date

import pytest
from peppol_standin import StandIn
from PySide6.QtCore import QUrl

from ledgerdesk.peppol import settings_for
from ledgerdesk.services import peppol_setup
from ledgerdesk.ui.context import AppContext
from ledgerdesk.ui.tabs.inbox_tab import InboxTab


@pytest.fixture
def ctx(book, qtbot):
    context = AppContext(book, language="fr", today=lambda: date(2026, 4, 1))
    yield context
    context.wait_idle()


def test_fetch_now_lists_the_received_documents_and_opens_their_pdf(
    ctx, qtbot, supplier_ubl, tmp_keyring, qtmodeltester
):
    opened: list[QUrl] = []
    tab = InboxTab(ctx, opener=lambda url: opened.append(url) or True)
    qtbot.addWidget(tab)
    tab.show()
    tab.fetch_now()
    assert "Peppol n'est pas configuré" in tab.status.text()
    with StandIn("peppyrus") as ap:
        ctx.write(peppol_setup.save_access_point, settings_for("peppyrus", base_url=ap.base_url), ap.api_key)
        for doc in supplier_ubl[:2]:
            ap.deliver(doc)
        tab.fetch_now()
        qtbot.waitUntil(lambda: tab.fetch.isEnabled(), timeout=10000)
    assert tab.status.text().startswith("2 nouveaux, 0 doublons écartés, 0 restent")
    qtbot.waitUntil(lambda: tab.model.rowCount() == 2)
    qtmodeltester.check(tab.model)
    first = tab.model.row_at(0)
    assert tab.model.index(0, 1).data() == "Facture" and "Bakkerij Peeters" == tab.model.index(0, 2).data()
    assert tab.model.index(0, 6).data() == "valide"
    target = tab.open_document(first.id)
    assert opened == [QUrl.fromLocalFile(str(target))] and target.read_bytes().startswith(b"%PDF")


def test_a_received_invoice_is_rejected_with_a_reason_from_the_tab(ctx, qtbot, supplier_ubl, tmp_keyring, monkeypatch):
    from ledgerdesk.einvoice.ubl_reader import read_header
    from ledgerdesk.ui.tabs import inbox_tab

    tab = InboxTab(ctx, opener=lambda url: True)
    qtbot.addWidget(tab)
    tab.show()
    with StandIn("peppyrus") as ap:
        ctx.write(peppol_setup.save_access_point, settings_for("peppyrus", base_url=ap.base_url), ap.api_key)
        ap.deliver(supplier_ubl[0])
        tab.fetch_now()
        qtbot.waitUntil(lambda: tab.fetch.isEnabled() and tab.model.rowCount() == 1, timeout=10000)
        assert not tab.reject_button.isEnabled()
        tab.table.selectRow(0)
        assert tab.reject_button.isEnabled()

        def answered(dialog):
            dialog.reason.setCurrentIndex(dialog.reason.findData("QTY"))
            dialog.text.setText("12 broden, niet 3")
            return inbox_tab.QDialog.DialogCode.Accepted

        monkeypatch.setattr(inbox_tab.RejectDialog, "exec", answered)
        tab.ask_and_reject()
        qtbot.waitUntil(lambda: tab.status.text().startswith("Réponse"), timeout=10000)
        assert tab.status.text() == "Réponse R1-1 envoyée."
        [sent] = ap.sent()
        header = read_header(sent.content)
        assert header.response_code == "RE" and [(r.code, r.text) for r in header.reasons] == [
            ("QTY", "12 broden, niet 3")
        ]


def test_a_received_invoice_becomes_a_bill_once_from_the_tab_and_the_command_line(
    ctx, qtbot, supplier_ubl, tmp_keyring, tmp_path
):
    import io
    import json

    from ledgerdesk.cli import main
    from ledgerdesk.persistence.models import Purchase

    tab = InboxTab(ctx, opener=lambda url: True)
    qtbot.addWidget(tab)
    tab.show()
    with StandIn("peppyrus") as ap:
        ctx.write(peppol_setup.save_access_point, settings_for("peppyrus", base_url=ap.base_url), ap.api_key)
        for doc in supplier_ubl[:2]:
            ap.deliver(doc)
        tab.fetch_now()
        qtbot.waitUntil(lambda: tab.fetch.isEnabled() and tab.model.rowCount() == 2, timeout=10000)
    tab.table.selectRow(0)
    assert tab.bill_button.isEnabled()
    number = tab.record_bill()
    assert number and tab.status.text().startswith(f"Facture d'achat {number} de ")
    assert tab.status.text().endswith("approuvez-la et payez-la dans Achats.")
    with ctx.book.db.reading() as s:
        bill = s.query(Purchase).one()
        assert (bill.number, bill.status, bill.source) == (number, "received", "peppol")
        assert bill.peppol_message_id
    assert tab.record_bill() is None and "déjà" in tab.status.text()  # the same message twice: refused
    second = tab.model.row_at(1).id
    folder = str(ctx.book.paths.folder)
    ctx.wait_idle()
    ctx.book.close()
    out, err = io.StringIO(), io.StringIO()
    code = main(["--data-dir", folder, "purchases", "import", "--inbox", str(second), "--json"], out=out, err=err)
    assert code == 0, err.getvalue()
    assert json.loads(out.getvalue())["imported"] is True
    out, err = io.StringIO(), io.StringIO()
    assert main(["--data-dir", folder, "purchases", "import", "--inbox", "999"], out=out, err=err) == 1
    assert "999" in err.getvalue()
