"""Every date field reads 02/03/2026, the Belgian way, as the rest of the app: not Qt's short '2/03/26'."""

from __future__ import annotations

import re

import pytest
from PySide6.QtWidgets import QDateEdit

DAY = re.compile(r"\d{2}/\d{2}/\d{4}")


def _dialogs(ctx):  # type: ignore[no-untyped-def]
    from ledgerdesk.ui.dialogs.bill_editor import BillEditor
    from ledgerdesk.ui.dialogs.direct_debit import DirectDebitDialog
    from ledgerdesk.ui.dialogs.recurring_dialog import RecurringDialog

    yield "direct debit", lambda: DirectDebitDialog(ctx)
    yield "supplier's bill", lambda: BillEditor(ctx)
    yield "recurring invoice", lambda: RecurringDialog(ctx, None, as_of=ctx.today())


@pytest.mark.parametrize("which", ["direct debit", "supplier's bill", "recurring invoice"])
def test_date_fields_show_day_month_year(qtbot, ctx, which):  # type: ignore[no-untyped-def]
    make = dict(_dialogs(ctx))[which]
    dialog = make()
    qtbot.addWidget(dialog)
    edits = dialog.findChildren(QDateEdit)
    assert edits
    for edit in edits:
        assert DAY.fullmatch(edit.text()), (which, edit.text())
