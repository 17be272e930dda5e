"""A month, quarter or year picker (kind, year, which month or quarter) giving a `domain.period.Period`."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QFormLayout, QSpinBox, QWidget

from ...domain.period import Period
from ..context import AppContext

KIND_LABELS = {"month": "Month", "quarter": "Quarter", "year": "Year"}
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


class PeriodPicker(QWidget):
    """Three fields in a form; `changed` is emitted whenever the period they give changes."""

    changed = Signal()

    def __init__(self, ctx: AppContext, kinds: tuple[str, ...], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.kinds = kinds
        self.kind = QComboBox()
        for kind in kinds:
            self.kind.addItem(ctx.tr(KIND_LABELS[kind]), kind)
        self.year = QSpinBox()
        self.year.setRange(2000, 2099)
        self.part = QComboBox()
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(ctx.tr("Period"), self.kind)
        form.addRow(ctx.tr("Year"), self.year)
        form.addRow("", self.part)
        self._filling = False
        self.kind.currentIndexChanged.connect(self._fill_parts)
        self.year.valueChanged.connect(self._changed)
        self.part.currentIndexChanged.connect(self._changed)

    def show_period(self, period: Period) -> None:
        kind = "year" if period.name.isdigit() else "quarter" if "Q" in period.name else "month"
        self._filling = True
        self.year.setValue(period.first.year)
        self.kind.setCurrentIndex(self.kinds.index(kind))
        self._fill_parts()
        self._filling = True
        if kind == "quarter":
            self.part.setCurrentIndex((period.first.month - 1) // 3)
        elif kind == "month":
            self.part.setCurrentIndex(period.first.month - 1)
        self._filling = False
        self.changed.emit()

    def _fill_parts(self) -> None:
        kind = self.kind.currentData()
        was, self._filling = self._filling, True
        self.part.clear()
        if kind == "quarter":
            for q in range(1, 5):
                self.part.addItem(self.ctx.tr("Quarter {number}", number=q), q)
        elif kind == "month":
            for m, name in enumerate(MONTHS, 1):
                self.part.addItem(self.ctx.tr(name), m)
        self.part.setVisible(kind != "year")
        self._filling = was
        self._changed()

    def _changed(self) -> None:
        if not self._filling:
            self.changed.emit()

    def period(self) -> Period:
        kind, year = self.kind.currentData(), self.year.value()
        if kind == "quarter":
            return Period.quarter(year, int(self.part.currentData()))
        if kind == "month":
            return Period.month(year, int(self.part.currentData()))
        return Period.parse(str(year))
