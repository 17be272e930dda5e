"""The customer's account page sends its statement of account through the outbox and says what left, when,
how and the server's answer; the Outbox tab names it. Screenshots in nl and fr go to artifacts/outbox2/."""

from __future__ import annotations

from datetime import date, datetime
from email import message_from_bytes, policy
from pathlib import Path

import pytest
from PySide6.QtCore import QDate

from ledgerdesk.paths import BookPaths
from ledgerdesk.persistence.book import open_book
from ledgerdesk.services import outbox
from ledgerdesk.services.mail import MailSettings, save_mail_settings
from ledgerdesk.ui.context import AppContext
from ledgerdesk.ui.tabs.outbox_tab import OutboxTab
from ledgerdesk.ui.widgets.customer_account import CustomerAccountPage

from .conftest import make_book

SHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "outbox2"


@pytest.mark.parametrize(("language", "subject", "words"), [
    ("nl", "Rekeninguittreksel van Atelier Janssens", ("verzonden via E-mail", "250 2.0.0 Ok")),
    ("fr", "Rekeninguittreksel van Atelier Janssens", ("envoyé par E-mail", "250 2.0.0 Ok")),  # the customer's nl
])  # fmt: skip
def test_send_statement_emails_it_and_the_page_says_what_left(
    qtbot, qapp, tmp_path, smtp, memory_keyring, language, subject, words
):
    folder = tmp_path / "book"
    make_book(folder, 2)
    book = open_book(BookPaths.in_dir(folder))
    with book.db.transaction() as s:
        save_mail_settings(s, MailSettings("127.0.0.1", smtp.port, "none", "", "facturen@janssens.be"))
    ctx = AppContext(book, language=language, today=lambda: date(2026, 3, 31))
    try:
        page = CustomerAccountPage(ctx, 1)
        qtbot.addWidget(page)
        page.resize(900, 520)
        page.show()
        page.start.setDate(QDate(2026, 1, 1))
        assert page.sent_line.text() == ""
        page.send_button.click()
        qtbot.waitUntil(lambda: words[0] in page.sent_line.text(), timeout=20_000)
        assert words[1] in page.sent_line.text() and "01/01/2026 – 31/03/2026" in page.sent_line.text()
        mail = message_from_bytes(smtp.recorder.messages[0], policy=policy.default)
        assert mail["Subject"] == subject and mail["To"] == "boekhouding@peeters.be"
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.grab().save(str(SHOTS / f"customer-account-{language}.png"))
        # The same period again: refused, said in the user's language, nothing sent.
        page.send_button.click()
        assert "2026-01-01..2026-03-31" in page.sent_line.text() and len(smtp.recorder.messages) == 1

        ctx.write(outbox.queue, "2026-0002", now=datetime(2026, 3, 31, 10))  # the consumer's invoice, queued
        tab = OutboxTab(ctx)
        tab.background.stop()
        qtbot.addWidget(tab)
        tab.resize(1100, 300)
        tab.show()
        qtbot.waitUntil(lambda: tab.model.rowCount() == 2, timeout=10_000)
        names = {tab.model.index(r, 0).data() for r in range(2)}
        kind = ctx.tr("Statement of account")
        assert f"{kind} 01/01/2026 – 31/03/2026" in names and "2026-0002" in names
        tab.grab().save(str(SHOTS / f"outbox-tab-{language}.png"))
    finally:
        ctx.wait_idle()
        book.close()
