"""Editing scenarios in the dialog: a change is saved, a change breaking consumer law is refused."""

from __future__ import annotations

from datetime import date

from ledgerdesk.services import dunning_setup
from ledgerdesk.ui.context import AppContext
from ledgerdesk.ui.dialogs.reminder_scenarios import ScenarioDialog


def test_a_user_moves_the_second_business_reminder_and_cannot_make_the_first_consumer_one_cost_money(qtbot, book, artifacts_dir):
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
    assert dialog.save()
    with book.db.reading() as s:
        assert dunning_setup.reminder_settings(s) == {
            "max_bank_age_days": 5, "new_customer_scenario": "business", "new_customer_paid_invoices": 2,
        }
