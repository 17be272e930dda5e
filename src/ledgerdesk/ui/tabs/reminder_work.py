"""The reminders tab's collection work: calls done, promises, payment plans, disputes (a mixin of RemindersTab).

Kept apart so the tab module stays about layout and the review; every action is one service
call, and a broken rule comes back as one sentence through the tab's `_say`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QInputDialog, QTableView, QWidget

from ...domain.errors import DomainError
from ...domain.holds import split_instalments

if TYPE_CHECKING:
    from ..context import AppContext
    from ..dialogs.collection_action import ActionInput
    from ..models.rows import RowTableModel


class CollectionWork(QWidget):
    """The collection actions; the tab (RemindersTab) builds the views and models declared here."""

    ctx: AppContext
    letters: RowTableModel
    items: RowTableModel
    skipped: RowTableModel
    work: RowTableModel
    letters_view: QTableView
    items_view: QTableView
    skipped_view: QTableView
    work_view: QTableView

    if TYPE_CHECKING:  # what the tab defines

        def as_of(self) -> date: ...

        def _selected(self, view: QTableView, model: RowTableModel) -> Any: ...

        def _say(self, text: str) -> None: ...

        def _write(self, action: Callable[..., Any], *args: Any, **kwargs: Any) -> Any: ...

    def mark_done(self) -> None:
        row = self._selected(self.work_view, self.work)
        if row is not None and row.kind == "call":
            note = self.ask_call_note()
            if note is not None:
                from ...services import collection

                self._write(collection.complete_call_task, row.id, on=self.as_of(), note=note)

    def collection_action(self, kind: str) -> None:
        """A promise, a dispute or a call task for the invoice selected in the letter under review,
        or a payment plan for all of the letter's invoices."""
        from ...services import collection

        item = self._selected(self.items_view, self.items)
        letter = self._selected(self.letters_view, self.letters)
        if letter is None or (item is None and kind != "plan"):
            return
        answer = self.ask_action(kind, item.open_cents if item else letter.open_cents)
        if answer is None:
            return
        try:
            if kind == "promise":
                self.ctx.write(
                    collection.add_promise,
                    item.invoice_id,
                    made_on=self.as_of(),
                    promised_date=answer.on,
                    amount_cents=answer.amount_cents,
                    note=answer.text,
                )
            elif kind == "plan":  # every invoice of the letter, paid off in monthly instalments
                ids = [i.invoice_id for i in letter.items]
                schedule = split_instalments(sum(i.open_cents for i in letter.items), answer.count, answer.on)
                self.ctx.write(collection.add_plan, ids, made_on=self.as_of(), instalments=schedule, note=answer.text)
            elif kind == "dispute":
                self.ctx.write(collection.open_dispute, item.invoice_id, on=self.as_of(), reason=answer.text)
            else:
                self.ctx.write(
                    collection.add_call_task,
                    letter.customer_id,
                    due=answer.on,
                    note=answer.text,
                    invoice_id=item.invoice_id,
                    today=self.as_of(),
                )
        except DomainError as exc:
            self._say(self.ctx.say(exc))

    def resolve_dispute(self) -> None:
        from ...services import collection

        row = self._selected(self.skipped_view, self.skipped)
        if row is not None and self.ctx.read(collection.open_disputes_of, row.invoice_id):
            self._write(collection.resolve_disputes_of, row.invoice_id, on=self.as_of())

    # --- questions (separate so tests can answer them) ------------------------------------
    def ask_call_note(self) -> str | None:
        text, ok = QInputDialog.getText(self, self.ctx.tr("Mark call done"), self.ctx.tr("What was agreed?"))
        return text.strip() if ok else None

    def ask_action(self, kind: str, amount_cents: int) -> ActionInput | None:
        from ..dialogs.collection_action import ActionDialog

        dialog = ActionDialog(self.ctx.tr, kind, today=self.as_of(), amount_cents=amount_cents, parent=self)
        if dialog.exec() != ActionDialog.DialogCode.Accepted:
            return None
        try:
            return dialog.value()
        except DomainError as exc:
            self._say(self.ctx.say(exc))
            return None
