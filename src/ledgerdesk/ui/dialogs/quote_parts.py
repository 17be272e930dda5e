"""Choose the part of a quote or order confirmation to take now: every line with what is left of it, and the
quantity to take (all that is left by default). The service checks the part; this window only asks."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...services.quotes import PartRow
from ..models.lines import parse_decimal
from ..models.parts import NOW, PartsModel
from ..widgets.fit import fit_to_screen


def quantity_text(ctx, value: Decimal) -> str:  # type: ignore[no-untyped-def]
    """A quantity as the user writes it (decimal comma in Dutch and French)."""
    text = format(value.normalize(), "f") if value else "0"
    return text.replace(".", ",") if ctx.language in ("nl", "fr") else text


class PartsDialog(QDialog):
    """The lines, what is left, and what to take now; `wanted()` after `exec()` gives the part chosen."""

    def __init__(self, ctx, title: str, rows: list[PartRow], action: str, parent: QWidget | None = None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        tr = ctx.tr
        self.ctx = ctx
        self.setWindowTitle(title)
        fit_to_screen(self, 760, 360)
        headers = [tr("Line"), tr("Description"), tr("Quantity"), tr("Left"), tr("Now")]
        self.model = PartsModel(rows, headers, lambda d: quantity_text(ctx, d), self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.verticalHeader().hide()
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.AllEditTriggers)
        self.view.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.problem = QLabel()
        self.problem.setStyleSheet("color: #c62828;")
        self.problem.setWordWrap(True)
        self.ok_button = QPushButton(action)
        self.cancel_button = QPushButton(tr("Cancel"))
        self.ok_button.clicked.connect(self._check)
        self.cancel_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch()
        buttons.addWidget(self.ok_button)
        buttons.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(tr("What to take now")))
        layout.addWidget(self.view, 1)
        layout.addWidget(self.problem)
        layout.addLayout(buttons)
        self._wanted: dict[int, Decimal] = {}

    def set_now(self, row: int, text: str) -> None:
        self.model.setData(self.model.index(row, NOW), text)

    def _check(self) -> None:
        wanted, bad = self.model.wanted(parse_decimal)
        if bad:
            text = self.model.data(self.model.index(bad[0], NOW))
            self.problem.setText(self.ctx.tr("'{value}' is not a number", value=text))
            return
        if not wanted:
            self.problem.setText(self.ctx.tr("Nothing is chosen."))
            return
        self._wanted = wanted
        self.accept()

    def wanted(self) -> dict[int, Decimal | None]:
        return dict(self._wanted)
