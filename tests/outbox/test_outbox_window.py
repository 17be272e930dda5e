"""The outbox in the app: the Outbox tab (Send queue, Retry, the server's answer), Send on an invoice with the
channel choice, the mail settings window with the password in the keyring (a file keyring in tmp)."""

from __future__ import annotations

from datetime import date

import keyring
import pytest

from ledgerdesk.paths import BookPaths
from ledgerdesk.persistence.book import open_book
from ledgerdesk.persistence.models import Invoice
from ledgerdesk.services import outbox
from ledgerdesk.services.mail import KEYRING_SERVICE, MailSettings, save_mail_settings
from ledgerdesk.ui.context import AppContext
from ledgerdesk.ui.dialogs.mail_settings import MailSettingsDialog
from ledgerdesk.ui.dialogs.send_document import SendDocumentDialog
from ledgerdesk.ui.tabs.outbox_tab import OutboxTab

from .conftest import make_book


class MemoryKeyring(keyring.backend.KeyringBackend):
    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.store: dict[tuple[str, str], str] = {}

    def get_password(self, service, username):  # type: ignore[no-untyped-def]
        return self.store.get((service, username))

    def set_password(self, service, username, password):  # type: ignore[no-untyped-def]
        self.store[(service, username)] = password

    def delete_password(self, service, username):  # type: ignore[no-untyped-def]
        self.store.pop((service, username), None)


@pytest.fixture
def ring():
    previous = keyring.get_keyring()
    memory = MemoryKeyring()
    keyring.set_keyring(memory)
    yield memory
    keyring.set_keyring(previous)


@pytest.fixture
def app_book(qapp, tmp_path, smtp):
    folder = tmp_path / "book"
    numbers = make_book(folder, 2)
    book = open_book(BookPaths.in_dir(folder))
    with book.db.transaction() as s:
        save_mail_settings(s, MailSettings("127.0.0.1", smtp.port, "none", "", "facturen@janssens.be"))
    ctx = AppContext(book, language="nl", today=lambda: date(2026, 3, 2))
    yield ctx, numbers
    ctx.wait_idle()
    book.close()


def _invoice_id(ctx, number):  # type: ignore[no-untyped-def]
    from sqlalchemy import select

    with ctx.book.db.reading() as s:
        return s.scalar(select(Invoice.id).where(Invoice.number == number))


def test_send_on_an_invoice_proposes_email_sends_it_and_shows_the_servers_answer(qtbot, app_book, smtp, ring):
    ctx, numbers = app_book
    dialog = SendDocumentDialog(ctx, _invoice_id(ctx, numbers[1]))  # the consumer
    qtbot.addWidget(dialog)
    assert dialog.chosen() == "email"
    assert not dialog.buttons["peppol"].isEnabled()
    assert "Peppol" in dialog.buttons["peppol"].text() and "consument" in dialog.buttons["peppol"].text()
    dialog.send()
    qtbot.waitUntil(lambda: "250 2.0.0 Ok: queued as Q0001" in dialog.answer_line.text(), timeout=15_000)
    assert dialog.answer_line.text().startswith("verzonden")
    assert dialog.history.count() == 1 and "250 2.0.0" in dialog.history.item(0).text()
    assert len(smtp.recorder.messages) == 1


def test_the_user_may_choose_post_instead(qtbot, app_book, smtp, ring):
    ctx, numbers = app_book
    dialog = SendDocumentDialog(ctx, _invoice_id(ctx, numbers[0]))
    qtbot.addWidget(dialog)
    dialog.buttons["post"].setChecked(True)
    dialog.send()
    qtbot.waitUntil(lambda: dialog.history.count() == 1, timeout=15_000)
    assert smtp.recorder.messages == []
    assert ctx.read(outbox.deliveries)[0].channel == "post"


def test_the_outbox_tab_lists_deliveries_sends_the_queue_and_retries(qtbot, qtmodeltester, app_book, smtp, ring):
    ctx, numbers = app_book
    smtp.recorder.faults.rcpt_reply = "550 5.1.1 No such user here"
    for number in numbers:
        ctx.write(outbox.queue, number, now=__import__("datetime").datetime(2026, 3, 2, 9))
    tab = OutboxTab(ctx)
    qtbot.addWidget(tab)
    tab.show()
    qtbot.waitUntil(lambda: tab.model.rowCount() == 2, timeout=10_000)
    qtmodeltester.check(tab.model)
    tab.send_queue()
    qtbot.waitUntil(lambda: "0 verzonden, 2 mislukt" in tab.message.text(), timeout=15_000)
    qtbot.waitUntil(lambda: {r.state for r in tab.model.rows()} == {"failed"}, timeout=10_000)
    answers = [tab.model.index(r, 7).data() for r in range(2)]
    assert answers == ["550 5.1.1 No such user here"] * 2  # the server's words, verbatim
    smtp.recorder.faults.rcpt_reply = None
    tab.view.selectRow(0)
    assert tab.retry_button.isEnabled()
    tab.retry()
    qtbot.waitUntil(lambda: "1 verzonden" in tab.message.text(), timeout=15_000)
    assert len(smtp.recorder.messages) == 1


def test_mail_settings_keep_the_password_in_the_keyring_and_refuse_bad_values(qtbot, app_book, ring):
    ctx, _ = app_book
    dialog = MailSettingsDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.host.setText("smtp.office365.com")
    dialog.port.setValue(587)
    dialog.security.setCurrentIndex(dialog.security.findData("none"))
    dialog.user.setText("jan@janssens.be")
    dialog.password.setText("app-password-123")
    assert not dialog.save()
    assert "alleen voor een mailserver op deze computer" in dialog.problem.text()
    dialog.security.setCurrentIndex(dialog.security.findData("starttls"))
    assert dialog.save()
    assert ring.store[(KEYRING_SERVICE, "jan@janssens.be@smtp.office365.com:587")] == "app-password-123"
    assert b"app-password-123" not in ctx.book.paths.book.read_bytes()


def test_documents_queued_offline_go_by_themselves_when_the_server_is_back(qtbot, app_book, smtp, ring):
    from datetime import datetime

    ctx, numbers = app_book
    ctx.write(outbox.queue, numbers[0], now=datetime(2026, 3, 2, 9))
    tab = OutboxTab(ctx)
    qtbot.addWidget(tab)
    tab.show()
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1, timeout=10_000)
    tab.background.try_now()  # instead of waiting for the timer
    qtbot.waitUntil(lambda: len(smtp.recorder.messages) == 1, timeout=15_000)
    qtbot.waitUntil(lambda: [r.state for r in tab.model.rows()] == ["sent"], timeout=10_000)
    tab.background.stop()
