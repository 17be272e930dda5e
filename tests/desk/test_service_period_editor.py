"""The editor's service period: the invoice's and a line's own, stored, shown again, and the late warning from its end."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt

from ledgerdesk.domain.supply import ServicePeriod
from ledgerdesk.services import invoice_forms
from ledgerdesk.ui.dialogs.invoice_editor import InvoiceEditor
from ledgerdesk.ui.models.lines import DESCRIPTION, LineDraft
from ledgerdesk.ui.widgets.invoice_lines import qdate
from ledgerdesk.ui.widgets.service_period import LinePeriodDialog


class _Answered(LinePeriodDialog):
    """The line period dialog as a user fills it in and presses OK."""

    def __init__(self, editor, start: date, end: date) -> None:  # type: ignore[no-untyped-def]
        super().__init__(editor.ctx.tr, "", None, editor.ctx.today(), editor)
        self.field.enabled.setChecked(True)
        self.field.start.setDate(qdate(start))
        self.field.end.setDate(qdate(end))

    def exec(self) -> int:
        return int(LinePeriodDialog.DialogCode.Accepted.value)


def test_the_editor_keeps_both_periods_and_warns_from_the_periods_end(
    qtbot, ctx, book, customer_id, messages, monkeypatch
):
    asked: list[str] = []
    monkeypatch.setattr(
        InvoiceEditor, "confirm_issue", staticmethod(lambda parent, text, *a: asked.append(text) or True)
    )
    editor = InvoiceEditor(ctx, customer_id=customer_id)
    qtbot.addWidget(editor)
    assert not editor.period.start.isEnabled()
    editor.issue_date.setDate(qdate(date(2026, 3, 2)))
    editor.period.enabled.setChecked(True)
    assert editor.period.start.isEnabled() and editor.period.end.isEnabled()
    editor.period.start.setDate(qdate(date(2026, 1, 1)))
    editor.period.end.setDate(qdate(date(2026, 1, 31)))
    editor.lines.set_drafts([LineDraft("Consultancy", "20", "95"), LineDraft("Hosting", "1", "40")])
    editor.table.setCurrentIndex(editor.lines.index(1, DESCRIPTION))
    # a line period outside the invoice's is refused when saving, with the sentence of the rule
    editor.choose_line_period(dialog=_Answered(editor, date(2025, 12, 15), date(2026, 1, 31)))
    assert editor.save() is None
    assert any("lies outside the invoice's" in m for m in messages), messages
    editor.choose_line_period(dialog=_Answered(editor, date(2026, 1, 16), date(2026, 1, 31)))
    shown = editor.lines.data(editor.lines.index(1, DESCRIPTION), Qt.ItemDataRole.DisplayRole)
    assert shown == "Hosting  [16/01/2026 – 31/01/2026]"
    draft_id = editor.save()
    assert draft_id is not None
    with book.db.reading() as s:
        doc = invoice_forms.load_invoice(s, draft_id).document
    assert doc.service_period == ServicePeriod(date(2026, 1, 1), date(2026, 1, 31))
    assert [line.period for line in doc.lines] == [None, ServicePeriod(date(2026, 1, 16), date(2026, 1, 31))]
    # shown again as saved
    again = InvoiceEditor(ctx, invoice_id=draft_id)
    qtbot.addWidget(again)
    assert again.period.period() == doc.service_period
    assert again.lines.drafts()[1].period == doc.lines[1].period
    # issued on 2 March, the January services were due by 15 February
    assert editor.issue() == "2026-0001"
    assert asked[0].startswith("The supply of 31/01/2026 had to be invoiced by 15/02/2026")
    assert not editor.period.enabled.isEnabled() and not editor.line_period_button.isEnabled()


def test_a_period_ending_before_it_starts_is_told_not_saved(qtbot, ctx, customer_id, messages):
    editor = InvoiceEditor(ctx, customer_id=customer_id)
    qtbot.addWidget(editor)
    editor.period.enabled.setChecked(True)
    editor.period.start.setDate(qdate(date(2026, 2, 28)))
    editor.period.end.setDate(qdate(date(2026, 2, 1)))
    editor.lines.set_drafts([LineDraft("Consultancy", "20", "95")])
    assert editor.save() is None
    assert messages and "cannot end (2026-02-01) before it starts (2026-02-28)" in messages[-1], messages
