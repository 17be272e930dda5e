"""A recorded bill's window: its lines as received, with the cost category of each still to choose.

The lines, amounts and VAT are the supplier's (an imported UBL stays stored as received); the cost
category is the book's own reading of the cost, so it is chosen here with the same picker as a typed bill.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...services import purchases
from ...services.purchase_list import PurchaseRow
from ..context import AppContext
from ..widgets.feedback import attempt
from ..widgets.fit import fit_to_screen
from .bill_editor import category_combo

DESCRIPTION, AMOUNT, RATE, CATEGORY, DEDUCTIBLE = range(5)


class BillWindow(QDialog):
    saved = Signal(int)  # the bill's id, after its categories changed

    def __init__(self, ctx: AppContext, bill: PurchaseRow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.bill = ctx, bill
        tr = ctx.tr
        self.setWindowTitle(tr("Bill {number}", number=bill.number))
        self.lines = ctx.read(purchases.bill_lines, bill.id)
        categories = ctx.read(purchases.categories)

        heading = QLabel(f"<b>{bill.number}</b> · {bill.supplier} · {ctx.date(bill.issue_date)}")
        note = QLabel(
            tr("The supplier's document stays as received; only your cost categories change.")
            if bill.source in ("ubl", "peppol")
            else ""
        )
        note.setWordWrap(True)
        self.table = QTableWidget(len(self.lines), 5)
        self.table.setHorizontalHeaderLabels(
            [tr("Description"), tr("Amount excl. VAT"), tr("VAT rate"), tr("Cost category"), tr("Deductible VAT %")]
        )
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(DESCRIPTION, QHeaderView.ResizeMode.Stretch)
        self.combos: list[QComboBox] = []
        for row, line in enumerate(self.lines):
            self.table.setItem(row, DESCRIPTION, QTableWidgetItem(line.description))
            amount = QTableWidgetItem(ctx.money(line.net_cents))
            self.table.setItem(row, AMOUNT, amount)
            self.table.setItem(row, RATE, QTableWidgetItem(f"{line.vat_rate.normalize():f} %"))
            combo = category_combo(ctx, categories, line.category)
            self.table.setCellWidget(row, CATEGORY, combo)
            self.combos.append(combo)
            self.table.setItem(row, DEDUCTIBLE, QTableWidgetItem(f"{line.deductible_pct.normalize():f}"))
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(DESCRIPTION, QHeaderView.ResizeMode.Stretch)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText(tr("Save"))
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(tr("Close"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(note)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        fit_to_screen(self, 760, 360)

    def chosen(self) -> dict[int, str]:
        return {line.position: str(combo.currentData()) for line, combo in zip(self.lines, self.combos, strict=True)}

    def save(self) -> int | None:
        """Store the categories picked; the window stays open on a refusal (said once, by `attempt`)."""
        changed = attempt(
            self, self.ctx, purchases.set_line_categories, self.bill.id, self.chosen(), on=self.ctx.today()
        )
        if changed is None:
            return None
        self.saved.emit(self.bill.id)
        self.accept()
        return changed
