"""The service period in the invoice editor: the invoice's (a check and two dates) and a line's own (a small dialog).

Only gathers days; whether they make a period (the end not before the start, a line's inside the
invoice's) is `domain.supply`'s to say, and the editor shows that sentence like any other problem.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QWidget,
)

from ...domain.supply import ServicePeriod
from .invoice_lines import pydate, qdate


def _day_edit(day: date) -> QDateEdit:
    edit = QDateEdit(qdate(day))
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("dd/MM/yyyy")
    return edit


class PeriodField(QWidget):
    """'Services over a period' with the first and last day; `period()` is None while unchecked."""

    def __init__(self, tr, today: date, parent: QWidget | None = None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self.enabled = QCheckBox(tr("Services over a period"))
        self.start = _day_edit(today.replace(day=1))
        self.end = _day_edit(today)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.enabled)
        row.addWidget(QLabel(tr("from")))
        row.addWidget(self.start, 1)
        row.addWidget(QLabel(tr("to")))
        row.addWidget(self.end, 1)
        self.enabled.toggled.connect(self._follow)
        self._follow(False)

    def _follow(self, on: bool) -> None:
        self.start.setEnabled(on and self.enabled.isEnabled())
        self.end.setEnabled(on and self.enabled.isEnabled())

    def set_editable(self, editable: bool) -> None:
        self.enabled.setEnabled(editable)
        self.start.setEnabled(editable and self.enabled.isChecked())
        self.end.setEnabled(editable and self.enabled.isChecked())

    def set_period(self, period: ServicePeriod | None) -> None:
        self.enabled.setChecked(period is not None)
        if period is not None:
            self.start.setDate(qdate(period.start))
            self.end.setDate(qdate(period.end))

    def period(self) -> ServicePeriod | None:
        """The period typed, or None; raises ValidationError when it ends before it starts."""
        if not self.enabled.isChecked():
            return None
        return ServicePeriod(pydate(self.start.date()), pydate(self.end.date()))


class LinePeriodDialog(QDialog):
    """A line's own service period, when it differs from the invoice's (none: the invoice's applies)."""

    def __init__(self, tr, description: str, period: ServicePeriod | None, today: date, parent=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self.setWindowTitle(tr("Service period of a line"))
        self.field = PeriodField(tr, today, self)
        self.field.set_period(period)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(QLabel(description))
        form.addRow(self.field)
        form.addRow(buttons)
