"""The reminders tab as a user drives it: pick a date, review, confirm, print, see who is reminded often."""

from __future__ import annotations

from datetime import date

import pytest
from builders import customer, invoice_due
from PySide6.QtCore import QDate

from ledgerdesk.i18n import format_money
from ledgerdesk.services import reminders
from ledgerdesk.ui.context import AppContext
from ledgerdesk.ui.tabs.reminders_tab import RemindersTab


@pytest.fixture
def tab(qtbot, book, monkeypatch):
    claes = customer(book, "Bouwbedrijf Claes")
    for amount, due in (("1000.00", date(2026, 1, 31)), ("500.00", date(2026, 2, 14)), ("250.00", date(2026, 2, 27))):
        invoice_due(book, claes, amount, due)
    wouters = customer(book, "Lies Wouters", kind="consumer")
    invoice_due(book, wouters, "320.00", due=date(2026, 2, 27))
    # Level 1 asks payment by 24 February; level 2 waits for that and three working days for the bank.
    for on in (date(2026, 2, 10), date(2026, 2, 27)):
        with book.db.transaction() as s:
            reminders.confirm(s, on)
    ctx = AppContext(book, language="en", today=lambda: date(2026, 3, 18))
    # The tab proposes in a worker thread (see test_proposals_run_off_the_ui_thread); these stories
    # check what it shows, so its reads answer at once here.
    monkeypatch.setattr(
        ctx, "read_async", lambda query, *a, done, failed=None, owner=None, **k: done(ctx.read(query, *a, **k))
    )
    widget = RemindersTab(ctx)
    said: list[str] = []
    monkeypatch.setattr(widget, "_say", said.append)
    widget.said = said
    qtbot.addWidget(widget)
    widget.show()  # a hidden tab only marks itself stale when the book changes
    return widget


def test_the_tab_proposes_for_today_and_every_model_is_sound(tab, qtmodeltester):
    assert tab.title() == "Reminders"
    assert [(r.customer, r.level) for r in tab.letters.rows()] == [("Bouwbedrijf Claes", 3), ("Lies Wouters", 1)]
    tab.letters_view.selectRow(0)
    assert [i.number for i in tab.items.rows()] == ["2026-0001", "2026-0002", "2026-0003"]
    for model in (tab.letters, tab.items, tab.skipped, tab.work, tab.customers, tab.invoice_history):
        qtmodeltester.check(model, force_py=True)
    assert tab.warnings.isVisibleTo(tab)  # no bank statements imported yet


def test_review_then_confirm_then_print(tab, qtbot, tmp_path, monkeypatch, artifacts_dir):
    tab.letters_view.selectRow(0)
    tab.items_view.selectRow(2)
    tab.drop_selected()  # 2026-0003 waits for the next run
    tab.letters_view.selectRow(0)
    assert [i.number for i in tab.items.rows()] == ["2026-0001", "2026-0002"]
    assert (
        tab.summary.text()
        == f"Letters to send: 2, for {format_money(191783, 'en')}. Invoices skipped: 1 (see why under Skipped)."
    )
    tab.undo_review()  # changed my mind: it goes in after all
    tab.letters_view.selectRow(0)
    assert [i.number for i in tab.items.rows()] == ["2026-0001", "2026-0002", "2026-0003"]
    tab.items_view.selectRow(2)
    tab.drop_selected()
    tab.letters_view.selectRow(0)
    monkeypatch.setattr(tab, "ask_note", lambda current: "Called on 9 March; promised next week.")
    tab.add_note()
    assert tab.letters.rows()[0].note.startswith("Called on 9 March")
    tab.grab().save(str(artifacts_dir / "reminders_tab.png"))

    tab.confirm()
    assert tab.said[-1] == "2 letters confirmed"
    assert tab.letters.rows() == []  # nothing confirmed comes back the same day
    assert tab.customers.rows()[0].customer == "Bouwbedrijf Claes" and tab.customers.rows()[0].often
    tab.customers_view.selectRow(0)
    assert {r.letter for r in tab.invoice_history.rows()} == {"R2026-0001", "R2026-0002", "R2026-0003"}

    target = tmp_path / "batch.pdf"
    monkeypatch.setattr(tab, "ask_pdf_path", lambda: target)
    tab.print_letters()  # laid out in a background thread; the button says so meanwhile
    qtbot.waitUntil(lambda: tab.print_button.isEnabled(), timeout=20000)
    assert target.read_bytes().startswith(b"%PDF") and tab.said[-1].startswith("2 letters printed")


def test_a_hand_made_level_that_breaks_consumer_law_is_refused_with_one_sentence(tab, monkeypatch):
    tab.letters_view.selectRow(1)
    tab.items_view.selectRow(0)
    monkeypatch.setattr(tab, "ask_level", lambda current: 3)
    tab.change_level()
    assert "would charge a consumer" in tab.said[-1]
    assert [r.level for r in tab.letters.rows()] == [3, 1]


def test_call_tasks_from_level_two_show_up_when_due_and_can_be_done(tab):
    tab.date.setDate(
        tab.date.date().addDays(-2)
    )  # 16 March: the call task of the level-2 letter of 27 Feb is due 6 March
    calls = [r for r in tab.work.rows() if r.kind == "call"]
    assert [c.customer for c in calls] == ["Bouwbedrijf Claes"]
    tab.work_view.selectRow(0)
    tab.ask_call_note = lambda: "Spoke to the accountant; pays Friday."
    tab.mark_done()
    assert [r for r in tab.work.rows() if r.kind == "call"] == []
    with tab.ctx.book.db.reading() as s:
        from ledgerdesk.persistence.models import CallTask

        (task,) = s.query(CallTask).all()
        assert task.done and task.note.endswith("Spoke to the accountant; pays Friday.")


def test_a_promise_and_a_dispute_taken_from_the_tab_hold_the_reminder(tab, monkeypatch):
    from ledgerdesk.ui.dialogs.collection_action import ActionInput

    tab.letters_view.selectRow(1)  # Lies Wouters
    tab.items_view.selectRow(0)
    monkeypatch.setattr(
        tab, "ask_action", lambda kind, cents: ActionInput(date(2026, 3, 25), cents, "pays on the 25th")
    )
    tab.collection_action("promise")
    assert [r.customer for r in tab.letters.rows()] == ["Bouwbedrijf Claes"]
    assert any("promised by 2026-03-25" in r.reason for r in tab.skipped.rows())
    assert ("promise", "Lies Wouters", 32000) in [(r.kind, r.customer, r.amount_cents) for r in tab.work.rows()]

    tab.letters_view.selectRow(0)
    tab.items_view.selectRow(0)
    monkeypatch.setattr(tab, "ask_action", lambda kind, cents: ActionInput(date(2026, 3, 18), 0, "wrong hours billed"))
    tab.collection_action("dispute")
    disputed = [n for n, r in enumerate(tab.skipped.rows()) if r.reason.startswith("disputed")]
    assert [tab.skipped.rows()[n].number for n in disputed] == ["2026-0001"]
    tab.skipped_view.selectRow(disputed[0])
    tab.resolve_dispute()
    assert not any(r.reason.startswith("disputed") for r in tab.skipped.rows())


def test_a_proposed_letter_can_be_previewed_before_confirming(tab, monkeypatch):
    from pypdf import PdfReader

    opened = []
    monkeypatch.setattr(tab, "open_url", opened.append)
    tab.letters_view.selectRow(0)
    path = tab.preview_letter()
    assert opened and path.exists()
    assert "Ingebrekestelling" in PdfReader(str(path)).pages[0].extract_text()  # the customer's language, not the UI's


def test_reasons_speak_the_users_language(qtbot, book):
    from ledgerdesk.services import reminders as service

    who = customer(book, "Brouwerij Hendrickx")
    invoice_due(book, who, "750.00", due=date(2026, 2, 1))
    with book.db.transaction() as s:
        service.confirm(s, date(2026, 2, 11))
    widget = RemindersTab(AppContext(book, language="fr", today=lambda: date(2026, 2, 20)))
    qtbot.addWidget(widget)
    assert widget.skipped.rowCount() == 0  # nothing proposed until the tab is shown
    with qtbot.waitSignal(widget.proposed, timeout=10000):
        widget.show()
    index = widget.skipped.index(0, 2)
    assert widget.skipped.data(index) == (
        "le niveau 2 attend la date limite 25/02/2026 du dernier courrier et 3 jours "
        "ouvrables pour la banque : dû à partir du 02/03/2026"
    )
    assert widget.skipped.rows()[0].reason.startswith("level 2 waits for")  # the CLI and JSON stay English


def test_a_customer_can_be_given_another_scenario_from_the_history(tab, book):
    from ledgerdesk.persistence.models import Customer

    tab.confirm()
    tab.customers_view.selectRow(0)
    combo = tab.customer_history.scenario
    assert combo.currentData() == ""  # the scenario of its kind
    combo.setCurrentIndex(combo.findData("business-strict"))
    combo.activated.emit(combo.currentIndex())
    with book.db.reading() as s:
        chosen = s.get(Customer, tab.customers.rows()[0].customer_id).dunning_scenario
    assert chosen == "business-strict"
    assert tab.customer_history.scenario.currentData() == "business-strict"  # still shown after the refresh


def test_a_hidden_tab_waits_until_it_is_shown_to_propose_again(tab, book):
    tab.hide()
    with book.db.transaction() as s:
        reminders.confirm(s, date(2026, 3, 18))
    tab.ctx.book_changed.emit()
    assert len(tab.letters.rows()) == 2  # not redone while hidden
    tab.show()
    assert tab.letters.rows() == []


def test_a_payment_plan_for_the_whole_letter_holds_it(tab, monkeypatch):
    from ledgerdesk.ui.dialogs.collection_action import ActionInput

    tab.letters_view.selectRow(0)  # Bouwbedrijf Claes: 1,750.00 open
    monkeypatch.setattr(tab, "ask_action", lambda kind, cents: ActionInput(date(2026, 3, 31), cents, "three months", 3))
    tab.collection_action("plan")
    assert [r.customer for r in tab.letters.rows()] == ["Lies Wouters"]
    assert {r.reason for r in tab.skipped.rows() if r.customer == "Bouwbedrijf Claes"} == {
        "payment plan running until 2026-05-30"
    }


def test_the_history_shows_everything_that_happened_to_a_reminded_invoice(
    tab, monkeypatch, qtmodeltester, artifacts_dir
):
    from ledgerdesk.ui.dialogs.collection_action import ActionInput

    tab.letters_view.selectRow(0)
    tab.items_view.selectRow(0)  # 2026-0001, reminded twice already
    monkeypatch.setattr(
        tab, "ask_action", lambda kind, cents: ActionInput(date(2026, 3, 27), cents, "after the holidays")
    )
    tab.collection_action("promise")
    tab.pages.setCurrentIndex(3)
    tab.customers_view.selectRow(0)
    history = tab.customer_history
    first = [n for n, r in enumerate(history.letters.rows()) if r.invoice == "2026-0001"][0]
    history.letters_view.selectRow(first)
    texts = [history.events.data(history.events.index(n, 1)) for n in range(history.events.rowCount())]
    assert texts[-1] == "promised to pay 1.000,00 by 27/03/2026"
    assert "reminder R2026-0001, level 1 by letter: open 1.000,00, compensation 0,00, interest 0,00" in texts
    qtmodeltester.check(history.events, force_py=True)
    tab.resize(1100, 700)
    tab.grab().save(str(artifacts_dir / "reminders_history.png"))


def test_the_customer_page_can_show_a_customers_reminders(qtbot, book):
    from ledgerdesk.ui.widgets.reminder_history import CustomerReminders

    who = customer(book, "Garage Maes")
    invoice_due(book, who, "600.00", due=date(2026, 2, 1))
    with book.db.transaction() as s:
        reminders.confirm(s, date(2026, 2, 11))
    widget = CustomerReminders(AppContext(book, language="nl", today=lambda: date(2026, 3, 1)), who)
    qtbot.addWidget(widget)
    assert widget.title() == "Herinneringen"
    assert [(r.invoice, r.level) for r in widget.letters.rows()] == [("2026-0001", 1)]
    texts = [widget.events.data(widget.events.index(n, 1)) for n in range(widget.events.rowCount())]
    assert texts[-1] == "herinnering R2026-0001, niveau 1 per brief: open 600,00, vergoeding 0,00, interest 0,00"


def test_a_rule_broken_while_confirming_is_said_in_one_sentence(tab, monkeypatch):
    from ledgerdesk.domain.errors import DomainError

    def refuse(*_args, **_kwargs):
        raise DomainError("reminder numbers changed while confirming; propose again")

    monkeypatch.setattr(reminders, "confirm", refuse)
    tab.confirm()
    assert tab.said[-1] == "Reminder numbers changed while confirming; propose again"


def test_many_warnings_keep_to_three_lines_with_the_rest_in_the_tooltip(tab, monkeypatch):
    from ledgerdesk.domain.messages import Message

    real = reminders.propose

    def noisy(session, as_of, edits=reminders.Edits()):
        from dataclasses import replace

        # (a missing rate has its own box with its remedy; these are the other warnings)
        warnings = tuple(
            Message.of(
                "bank statements last imported on {date} (more than {days} days ago)", date=f"20{y}-01-01", days=10
            )
            for y in range(10, 16)
        )
        return replace(real(session, as_of, edits), warnings=warnings)

    monkeypatch.setattr(reminders, "propose", noisy)
    tab.refresh()
    assert tab.warnings.text().splitlines()[-1] == "… and 3 more (hover to see them)"
    assert len(tab.warnings.text().splitlines()) == 4 and len(tab.warnings.toolTip().splitlines()) == 6


def test_proposals_run_off_the_ui_thread_and_only_the_newest_is_shown(qtbot, book):
    import threading

    who = customer(book, "Brouwerij Hendrickx")
    invoice_due(book, who, "750.00", due=date(2026, 2, 1))
    ctx = AppContext(book, language="en", today=lambda: date(2026, 3, 10))
    threads = []
    original = ctx.read

    def read(query, *args, **kwargs):  # type: ignore[no-untyped-def]
        threads.append(threading.current_thread() is threading.main_thread())
        return original(query, *args, **kwargs)

    ctx.read = read  # type: ignore[method-assign]
    widget = RemindersTab(ctx)
    qtbot.addWidget(widget)
    with qtbot.waitSignal(widget.proposed, timeout=10000):
        widget.show()
        widget.date.setDate(QDate(2026, 2, 15))  # overtakes the first request: the first answer is dropped
        assert widget.summary.text() == "Proposing…" and not widget.confirm_button.isEnabled()
    ctx.wait_idle()
    qtbot.wait(50)
    assert threads and not any(threads)  # every proposal was read in a worker thread
    assert widget.as_of() == date(2026, 2, 15) and widget.letters.rows()[0].customer == "Brouwerij Hendrickx"
    assert widget.confirm_button.isEnabled()
