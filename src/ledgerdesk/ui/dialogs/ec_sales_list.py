"""The EC sales list window: a month or quarter, its intra-EU customers per code, saved as CSV on request."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...domain.ec_sales_list import EcSalesLine, total_cents
from ...domain.period import Period
from ...services.ec_sales_list import listing, write_listing
from ...services.intervat import write_ec_sales_list
from ..context import AppContext
from ..models.rows import Column, RowTableModel
from ..widgets.fit import fit_to_screen
from ..widgets.period_picker import PeriodPicker
from ..widgets.save_csv import ask_and_save_csv
from ..widgets.save_xml import ask_and_save_intervat


def _columns(ctx: AppContext) -> list[Column[EcSalesLine]]:
    tr = ctx.tr
    codes = {"L": tr("L — goods"), "S": tr("S — services")}
    return [
        Column(tr("VAT number"), lambda x: f"{x.country} {x.vat_number}"),
        Column(tr("Code"), lambda x: codes.get(x.code, x.code), sort_key=lambda x: x.code),
        Column(
            tr("Amount excl. VAT"),
            lambda x: ctx.amount(x.amount_cents),
            sort_key=lambda x: x.amount_cents,
            align_right=True,
            foreground=lambda x: "#b00020" if x.is_correction else None,
            tooltip=lambda x: tr("Below zero: a correction of an earlier period") if x.is_correction else None,
        ),
        Column(tr("Name"), lambda x: x.name),
        Column(tr("Documents"), lambda x: ", ".join(x.documents)),
    ]


class EcSalesListDialog(QDialog):
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
        self.setWindowTitle(tr("EC sales list"))
        self.picker = PeriodPicker(ctx, ("quarter", "month"))
        note = QLabel(
            tr(
                "Intra-EU supplies of goods (L) and services to businesses in another member state (S), per "
                "customer VAT number, credit notes deducted. File it by the 20th after the period."
            )
        )
        note.setWordWrap(True)
        self.model: RowTableModel[EcSalesLine] = RowTableModel(_columns(ctx))
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.save = QPushButton(tr("Save as CSV…"))
        self.save_xml = QPushButton(tr("Save Intervat XML…"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.save, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.save_xml, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.save.clicked.connect(self.ask_and_save)
        self.save_xml.clicked.connect(self.ask_and_save_xml)
        layout = QVBoxLayout(self)
        for widget in (note, self.picker, self.table, self.status, buttons):
            layout.addWidget(widget)
        self.picker.changed.connect(self.refresh)
        self.picker.show_period(Period.last_quarter(ctx.today()))
        fit_to_screen(self, 760, 480)

    def period(self) -> Period:
        return self.picker.period()

    def refresh(self) -> None:
        lines = self.ctx.read(listing, self.period())
        self.model.set_rows(lines)
        self.status.setText(
            self.ctx.tr(
                "{count} lines in the EC sales list of {period}, total {total}.",
                count=len(lines),
                period=str(self.period()),
                total=self.ctx.amount(total_cents(lines)),
            )
        )

    def ask_and_save(self) -> None:
        period = self.period()
        ask_and_save_csv(
            self, self.ctx, self._ask, f"ec-sales-list-{period}.csv", write_listing, period, status=self.status
        )

    def ask_and_save_xml(self) -> None:
        period = self.period()
        ask_and_save_intervat(
            self, self.ctx, self._ask, f"ec-sales-list-{period}.xml", write_ec_sales_list, period, status=self.status
        )
