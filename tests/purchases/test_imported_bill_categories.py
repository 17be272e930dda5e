"""An imported supplier's e-invoice keeps its UBL byte for byte, while the cost category of each of its lines
can still be chosen afterwards: in the bill's window (the typed bill's picker) and from the command line."""

from __future__ import annotations

import hashlib
import io
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from ledgerdesk.cli import main
from ledgerdesk.domain.errors import DomainError
from ledgerdesk.persistence.models import Purchase, PurchaseEvent, PurchaseFile
from ledgerdesk.services import purchase_list, purchases
from ledgerdesk.services.purchase_import import import_ubl

from .supplier_ubl import invoice

TODAY = date(2026, 12, 6)


def _imported(book) -> tuple[int, bytes]:  # type: ignore[no-untyped-def]
    xml = invoice()
    with book.db.transaction() as s:
        return import_ubl(s, xml, name="peeters.xml", on=TODAY).recorded.id, xml


def _stored(book, bill_id: int) -> tuple[list[tuple[str, Decimal]], bytes]:  # type: ignore[no-untyped-def]
    with book.db.reading() as s:
        bill = s.get(Purchase, bill_id)
        content = s.scalars(select(PurchaseFile.content).where(PurchaseFile.purchase_id == bill_id)).one()
        return [(line.category, line.deductible_pct) for line in bill.lines], content


@pytest.fixture
def messages(monkeypatch):
    """Every warning the window would show, instead of a blocking message box."""
    from ledgerdesk.ui.widgets import feedback

    shown: list[str] = []
    monkeypatch.setattr(feedback.QMessageBox, "warning", lambda parent, title, text, *a: shown.append(text))
    return shown


@pytest.mark.parametrize("language", ["nl", "fr"])
def test_an_imported_bills_categories_change_in_its_window(qtbot, book, artifacts_dir, messages, language):
    from ledgerdesk.ui.context import AppContext
    from ledgerdesk.ui.tabs.purchases_tab import PurchasesTab

    bill_id, xml = _imported(book)
    before, _ = _stored(book, bill_id)
    ctx = AppContext(book, language=language, today=lambda: TODAY)
    tab = PurchasesTab(ctx)
    qtbot.addWidget(tab)
    with qtbot.waitSignal(tab.loaded, timeout=10_000):
        tab.reload()
    tab.view.selectRow(0)
    window = tab.open_selected()
    assert window is not None and len(window.combos) == 2
    assert all(combo.isEnabled() for combo in window.combos)  # the typed bill's picker, not a read-only text
    window.combos[1].setCurrentIndex(window.combos[1].findData("marketing"))
    for width, height in ((1024, 700), (1920, 1080)):
        window.resize(width, height)
        window.grab().save(str(artifacts_dir / f"bill-window-{language}-{width}.png"))
    assert window.save() == 1, messages
    after, content = _stored(book, bill_id)
    assert after == [before[0], ("marketing", before[1][1])]  # the deductible share stays as recorded
    assert content == xml and hashlib.sha256(content).hexdigest() == hashlib.sha256(xml).hexdigest()
    with book.db.reading() as s:
        event = s.scalars(select(PurchaseEvent).where(PurchaseEvent.kind == "categories_changed")).one()
        assert event.detail == {"lines": [[2, before[1][0], "marketing"]]}
    ctx.wait_idle()


def test_categories_of_an_imported_bill_from_the_command_line(book, monkeypatch):
    bill_id, xml = _imported(book)
    folder = str(book.paths.folder)
    book.close()
    monkeypatch.setenv("LEDGERDESK_LANG", "en")
    out, err = io.StringIO(), io.StringIO()
    code = main(["--data-dir", folder, "purchases", "categories", "DP-2026-117", "--line", "1:car"], out=out, err=err)
    assert (code, out.getvalue()) == (0, "DP-2026-117: 1 line(s) in another cost category\n"), err.getvalue()
    out, err = io.StringIO(), io.StringIO()
    code = main(
        ["--data-dir", folder, "purchases", "categories", "DP-2026-117", "--line", "3:office"], out=out, err=err
    )
    assert (code, err.getvalue()) == (1, "ledgerdesk: the bill has no line 3\n")
    out, err = io.StringIO(), io.StringIO()
    code = main(["--data-dir", folder, "purchases", "categories", "DP-2026-117", "--line", "1:yacht"], out=out, err=err)
    assert (code, err.getvalue()) == (1, "ledgerdesk: 'yacht' is not a cost category\n")


def test_a_bill_keeps_its_categories_when_nothing_changes(book):
    bill_id, _ = _imported(book)
    with book.db.transaction() as s:
        rows = purchases.bill_lines(s, bill_id)
        assert purchases.set_line_categories(s, bill_id, {r.position: r.category for r in rows}, on=TODAY) == 0
        assert purchase_list.list_bills(s, TODAY)[0].source in ("ubl", "peppol")
    with book.db.transaction() as s, pytest.raises(DomainError, match="no line 5"):
        purchases.set_line_categories(s, bill_id, {4: "office"}, on=TODAY)
