"""The pack window: last quarter by default, one zip where the user chooses, what it holds said in Dutch."""

from __future__ import annotations

import zipfile
from datetime import date

import pytest
from pack_builders import TODAY, fourth_quarter

from ledgerdesk.domain.period import Period
from ledgerdesk.services.accountant_pack import write_pack
from ledgerdesk.ui.context import AppContext
from ledgerdesk.ui.dialogs.accountant_pack import AccountantPackDialog


def test_the_window_packs_last_quarter_where_the_user_chooses(qtbot, book, tmp_path):
    facts = fourth_quarter(book, tmp_path)
    ctx = AppContext(book, language="nl", today=lambda: TODAY)
    target = tmp_path / "voor-boekhouder"  # no suffix typed: .zip is added
    asked = []

    def ask(parent, title, default, filters):
        asked.append(default)
        return str(target), filters

    dialog = AccountantPackDialog(ctx, ask=ask)
    qtbot.addWidget(dialog)
    assert dialog.period() == Period.parse("2026-Q4") and dialog.picker.part.currentText() == "Kwartaal 4"
    dialog.ask_and_save()
    qtbot.waitUntil(lambda: not dialog._busy, timeout=30_000)
    ctx.wait_idle()
    assert asked[0].endswith("Atelier_Janssens-2026-Q4-accountant.zip")
    assert dialog.status.text().startswith("5 documenten, 1 betalingen en 1 bankbestanden bewaard in")
    assert facts["export"] in dialog.status.text() and "december.cod" in dialog.status.text()
    with zipfile.ZipFile(target.with_suffix(".zip")) as z:
        assert f"sales/invoices/{facts['first']}.xml" in z.namelist()
    dialog.picker.kind.setCurrentIndex(0)
    dialog.picker.part.setCurrentIndex(10)
    assert dialog.period() == Period.parse("2026-11") and dialog.picker.part.currentText() == "november"
    dialog.picker.kind.setCurrentIndex(2)
    assert dialog.period() == Period.parse("2026") and not dialog.picker.part.isVisibleTo(dialog)


def test_cancelling_while_packing_writes_no_file_and_keeps_the_book_as_it_was(book, tmp_path):
    fourth_quarter(book, tmp_path)
    target = tmp_path / "q4.zip"

    def stop(done: int, total: int) -> None:
        if done == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt), book.db.transaction() as s:
        write_pack(s, Period.parse("2026-Q4"), target, today=date(2027, 1, 5), progress=stop)
    assert not target.exists() and list(tmp_path.glob("*.tmp")) == []


def test_a_period_already_sent_says_when_and_goes_again_only_when_ticked(qtbot, book, tmp_path):
    fourth_quarter(book, tmp_path)
    with book.db.transaction() as s:
        write_pack(s, Period.parse("2026-11"), tmp_path / "nov.zip", today=date(2026, 12, 2))
    ctx = AppContext(book, language="nl", today=lambda: TODAY)
    target = tmp_path / "q4.zip"
    dialog = AccountantPackDialog(ctx, ask=lambda *a: (str(target), ""))
    qtbot.addWidget(dialog)
    assert "Op" in dialog.sent.text() and "2026-11" in dialog.sent.text() and not dialog.save.isEnabled()
    dialog.resend.setChecked(True)
    assert dialog.save.isEnabled()
    dialog.ask_and_save()
    qtbot.waitUntil(lambda: not dialog._busy, timeout=30_000)
    ctx.wait_idle()
    assert target.is_file() and "2026-Q4" in dialog.sent.text() and not dialog.save.isEnabled()
    dialog.picker.kind.setCurrentIndex(2)
    dialog.picker.year.setValue(2027)
    assert dialog.save.isEnabled() and "sluit de periode af" in dialog.sent.text()
