"""One customer's reminder history: its letters per invoice and everything that happened to the selected invoice.

Used by the reminders tab (History page) and offered to the customer page as
`CustomerReminders(ctx, customer_id)` with `title()`.
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...domain.errors import DomainError
from ..context import AppContext
from ..models import reminders as models


def _view(model, stretch: int, order: Qt.SortOrder) -> QTableView:  # type: ignore[no-untyped-def]
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setSortingEnabled(True)
    view.sortByColumn(0, order)
    view.horizontalHeader().setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    view.verticalHeader().setVisible(False)
    view.setWordWrap(False)
    return view


class CustomerReminders(QWidget):
    """Letters sent to one customer (newest first) and the full history of the invoice selected."""

    def __init__(self, ctx: AppContext, customer_id: int | None = None) -> None:
        super().__init__()
        self.ctx = ctx
        self.customer_id = customer_id
        self.letters = models.invoice_history_model(ctx.tr, ctx.language)
        self.events = models.events_model(ctx.tr, ctx.language)
        # Letters newest first; an invoice's story from the start (same-day events keep their order).
        self.letters_view = _view(self.letters, 1, Qt.SortOrder.DescendingOrder)
        self.events_view = _view(self.events, 1, Qt.SortOrder.AscendingOrder)
        self.scenario = QComboBox()  # which reminder scenario this customer follows
        self.scenario.activated.connect(lambda _i: self._choose_scenario())
        chooser = QHBoxLayout()
        chooser.addWidget(QLabel(ctx.tr("Reminder scenario")))
        chooser.addWidget(self.scenario)
        chooser.addStretch(1)
        self.hint = QLabel(ctx.tr("Select a reminded invoice to see all that happened to it."))
        self.hint.setStyleSheet("color: palette(mid)")
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.letters_view)
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(self.hint)
        lower_layout.addWidget(self.events_view)
        split.addWidget(lower)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(chooser)
        layout.addWidget(split)
        self.letters_view.selectionModel().currentRowChanged.connect(lambda _c, _p: self._show_events())
        ctx.book_changed.connect(self.refresh)
        self.refresh()

    def title(self) -> str:
        return self.ctx.tr("Reminders")

    def show_customer(self, customer_id: int | None) -> None:
        self.customer_id = customer_id
        self.refresh()

    def refresh(self) -> None:
        self._show_scenarios()
        rows = self._letters_of(self.customer_id) if self.customer_id is not None else ()
        self.letters.set_rows(rows)
        self.letters_view.resizeColumnsToContents()
        if rows:  # the newest reminder's invoice, so the lower pane is never empty for no reason
            self.letters_view.selectionModel().setCurrentIndex(
                self.letters.index(0, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
            )
        self._show_events()

    def _show_scenarios(self) -> None:
        self.scenario.clear()
        self.scenario.setEnabled(self.customer_id is not None)
        if self.customer_id is None:
            return
        from ...services import dunning_setup  # SQLAlchemy: only once there is a customer to show

        current, codes = self.ctx.read(dunning_setup.customer_choices, self.customer_id)
        names = self.ctx.read(dunning_setup.scenarios)
        self.scenario.addItem(self.ctx.tr("(the scenario of its kind)"), "")
        for code in codes:
            self.scenario.addItem(self.ctx.tr(names[code].name), code)
        self.scenario.setCurrentIndex(max(self.scenario.findData(current or ""), 0))

    def _events_of(self, invoice_id: int):  # type: ignore[no-untyped-def]
        from ...services import reminder_views

        return self.ctx.read(reminder_views.invoice_events, invoice_id)

    def _choose_scenario(self) -> None:
        from ...services import dunning_setup

        if self.customer_id is None:
            return
        try:
            self.ctx.write(dunning_setup.set_customer_scenario, self.customer_id, self.scenario.currentData() or None)
        except DomainError as exc:
            QMessageBox.information(self, self.ctx.tr("Reminders"), self.ctx.say(exc))

    def _letters_of(self, customer_id: int):  # type: ignore[no-untyped-def]
        from ...services import reminder_views  # SQLAlchemy: only once there is a customer to show

        return self.ctx.read(reminder_views.invoice_reminders, customer_id)

    def _show_events(self) -> None:
        index = self.letters_view.selectionModel().currentIndex()
        row = self.letters.row_at(index.row()) if index.isValid() else None
        self.events.set_rows(self._events_of(row.invoice_id) if row else ())
        self.events_view.resizeColumnsToContents()
