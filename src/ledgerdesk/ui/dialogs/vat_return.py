"""The VAT return preview window: the grids of a month or quarter, and the documents behind the chosen grid."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHeaderView,
    QLabel,
    QListWidget,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...domain.errors import DomainError
from ...domain.period import Period
from ...domain.vat_return import GRIDS, GridLine, VatReturn
from ...services.intervat import write_vat_return
from ...services.vat_return import preview
from ..context import AppContext
from ..models.rows import Column, RowTableModel
from ..widgets.period_picker import PeriodPicker
from ..widgets.save_xml import ask_and_save_intervat


def grid_model(ctx: AppContext) -> RowTableModel[GridLine]:
    """The grids as rows: number, what it holds, amount (sorted by the cents)."""
    tr = ctx.tr
    return RowTableModel(
        [
            Column(tr("Grid"), lambda row: row.grid),
            Column(tr("What it holds"), lambda row: tr(GRIDS[row.grid]), sort_key=lambda row: row.grid),
            Column(tr("Amount"), lambda row: ctx.amount(row.cents), sort_key=lambda row: row.cents, align_right=True),
        ]
    )


class VatReturnDialog(QDialog):
    """Pick a month or quarter; every grid with its amount; the documents of the selected grid below."""

    def __init__(
        self,
        ctx: AppContext,
        parent: QWidget | None = None,
        *,
        ask: Callable[..., tuple[str, str]] = QFileDialog.getSaveFileName,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._ask = ask
        tr = ctx.tr
        self.setWindowTitle(tr("VAT return preview"))
        self.picker = PeriodPicker(ctx, ("quarter", "month"))
        note = QLabel(
            tr(
                "The return from the invoices and credit notes issued in the period and the suppliers' bills "
                "dated in it, those on which you owe the VAT yourself included (grids 55–57 and 84–88). A bill "
                "it cannot place (another currency, or who owes its VAT not recorded) is named below."
            )
        )
        note.setWordWrap(True)
        self.model = grid_model(ctx)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        self.documents_title = QLabel()
        self.documents = QListWidget()
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.save_xml = QPushButton(tr("Save Intervat XML…"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.save_xml, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.save_xml.clicked.connect(self.ask_and_save_xml)
        layout = QVBoxLayout(self)
        for widget in (self.picker, note, self.table, self.status, self.documents_title, self.documents, buttons):
            layout.addWidget(widget)
        self.picker.changed.connect(self.refresh)
        self.table.selectionModel().currentRowChanged.connect(lambda current, _previous: self._show_documents())
        self.vat: VatReturn | None = None
        self.picker.show_period(Period.last_quarter(ctx.today()))
        self.resize(640, 620)

    def refresh(self) -> None:
        try:
            self.vat = self.ctx.read(preview, self.picker.period())
        except DomainError as exc:
            self.vat = None
            self.model.set_rows([])
            translated = getattr(exc, "translated", None)
            self.status.setText(translated(self.ctx.tr) if callable(translated) else str(exc))
            self._show_documents()
            return
        self.model.set_rows(list(self.vat.lines))
        due, back = self.vat.cents("71"), self.vat.cents("72")
        text = (
            self.ctx.tr("To pay for {period}: {amount}", period=self.vat.period.name, amount=self.ctx.money(due))
            if due or not back
            else self.ctx.tr(
                "To get back for {period}: {amount}", period=self.vat.period.name, amount=self.ctx.money(back)
            )
        )
        if self.vat.by_hand:
            text += "\n" + self.ctx.tr(
                "To place by hand (not in euro, or who owes their VAT is not recorded): {bills}",
                bills=", ".join(self.vat.by_hand),
            )
        self.status.setText(text)
        self._show_documents()

    def _show_documents(self) -> None:
        self.documents.clear()
        row = self.table.currentIndex().row()
        if self.vat is None or not 0 <= row < self.model.rowCount():
            self.documents_title.setText(self.ctx.tr("Choose a grid to see its documents."))
            return
        line = self.model.row_at(row)
        self.documents_title.setText(self.ctx.tr("Documents in grid {grid}:", grid=line.grid))
        self.documents.addItems(list(line.documents))

    def select_grid(self, grid: str) -> None:
        rows = [line.grid for line in self.model.rows()]
        if grid in rows:
            self.table.selectRow(rows.index(grid))

    def ask_and_save_xml(self) -> None:
        period = self.picker.period()
        ask_and_save_intervat(
            self, self.ctx, self._ask, f"vat-return-{period.name}.xml", write_vat_return, period, status=self.status
        )
