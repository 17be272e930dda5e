"""Editing scenarios in the dialog: a change is saved, a change breaking consumer law is refused."""

from __future__ import annotations

from datetime import date

from ledgerdesk.services import dunning_setup
from ledgerdesk.ui.context import AppContext
from ledgerdesk.ui.dialogs.reminder_scenarios import ScenarioDialog


def test_a_user_moves_the_second_business_reminder_and_cannot_make_the_first_consumer_one_cost_money(
    qtbot, book, artifacts_dir
):
    ctx = AppContext(book, language="nl", today=lambda: date(2026, 3, 1))
    dialog = ScenarioDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.choice.setCurrentIndex(dialog.choice.findData("business"))
    second = next(row for row in dialog.rows if row.level.number == 2)
    second.days.setValue(21)
    assert dialog.save()
    with book.db.reading() as s:
        assert dunning_setup.scenarios(s)["business"].level(2).days == 21

    dialog.choice.setCurrentIndex(dialog.choice.findData("consumer"))
    first = next(row for row in dialog.rows if row.level.number == 1)
    first.fees.setChecked(True)
    assert not dialog.save()
    assert "moet" in dialog.error.text() or "must be free" in dialog.error.text()
    dialog.show()
    dialog.grab().save(str(artifacts_dir / "reminder_scenarios_dialog.png"))
    with book.db.reading() as s:
        assert not dunning_setup.scenarios(s)["consumer"].level(1).fees


def test_run_settings_are_saved_with_the_scenario(qtbot, book):
    ctx = AppContext(book, language="en", today=lambda: date(2026, 3, 1))
    dialog = ScenarioDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.bank_age.setValue(5)
    dialog.new_scenario.setCurrentIndex(dialog.new_scenario.findData("business"))
    dialog.new_paid.setValue(2)
    assert dialog.bank_delay.value() == 3  # the default: three working days after a letter's pay-by date
    dialog.bank_delay.setValue(5)
    assert dialog.save()
    with book.db.reading() as s:
        assert dunning_setup.reminder_settings(s) == {
            "max_bank_age_days": 5,
            "new_customer_scenario": "business",
            "new_customer_paid_invoices": 2,
            "bank_delay_days": 5,
        }


def test_a_user_writes_their_own_dutch_text_and_a_typo_in_a_placeholder_is_refused(qtbot, book):
    from ledgerdesk.ui.dialogs.reminder_texts import LevelTextsDialog

    ctx = AppContext(book, language="en", today=lambda: date(2026, 3, 1))
    dialog = ScenarioDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.choice.setCurrentIndex(dialog.choice.findData("business"))
    first = next(row for row in dialog.rows if row.level.number == 1)

    texts = LevelTextsDialog(ctx.tr, first.level)
    qtbot.addWidget(texts)
    # Starts from the text in use; the greeting is a placeholder ("Madame, Monsieur," to a company).
    assert texts.editors["fr"].toPlainText().startswith("{salutation}\n\nNotre facture")
    texts.editors["nl"].setPlainText("Beste {custmer}, betaal {total} tegen {pay_by}.")
    texts.accept()
    assert "unknown placeholder {custmer}" in texts.error.text() and texts.result() == 0
    texts.editors["nl"].setPlainText("Beste {customer},\n\nMogen wij u vragen {balance} te betalen tegen {pay_by}?")
    texts.accept()
    assert texts.result() == 1
    own = texts.value()
    assert set(own.overrides) == {"nl"}  # unchanged languages keep following the shipped translation

    dialog.ask_texts = lambda level: own
    first.texts.click()
    assert dialog.save()
    with book.db.reading() as s:
        saved = dunning_setup.scenarios(s)["business"].level(1)
        assert dunning_setup.level_text(saved, "nl")[1].startswith("Beste {customer},\n\nMogen wij")
        assert dunning_setup.level_text(saved, "fr")[1].startswith("{salutation}\n\nNotre facture")


def test_the_user_adds_a_published_semester_rate_in_the_dialog(qtbot, book):
    ctx = AppContext(book, language="en", today=lambda: date(2026, 3, 1))
    dialog = ScenarioDialog(ctx)
    qtbot.addWidget(dialog)
    assert "2025H2: 10.5 %" in dialog.rates.text()
    dialog.semester.setText("2026 H2")
    dialog.new_rate.setText("9,75")
    assert dialog.add_rate()
    assert "2026H2: 9.75 %" in dialog.rates.text()
    dialog.semester.setText("second half")
    dialog.new_rate.setText("9")
    assert not dialog.add_rate() and "is not a semester" in dialog.error.text()
    with book.db.reading() as s:
        assert str(dunning_setup.rate_table(s).rates["2026H2"]) == "9.75"
