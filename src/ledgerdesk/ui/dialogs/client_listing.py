"""The annual client listing window: a year, its Belgian VAT customers above € 250, saved as CSV on request."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...domain.client_listing import ListedClient
from ...services.client_listing import listing, write_listing
from ...services.intervat import write_client_listing
from ..context import AppContext
from ..models.rows import Column, RowTableModel
from ..widgets.save_csv import ask_and_save_csv
from ..widgets.save_xml import ask_and_save_intervat


def listing_model(ctx: AppContext) -> RowTableModel[ListedClient]:
    """One row per client: VAT number, name, turnover, VAT (sorted by the raw values)."""
    tr = ctx.tr
    return RowTableModel(
        [
            Column(tr("VAT number"), lambda c: c.vat_number),
            Column(tr("Name"), lambda c: c.name),
            Column(
                tr("Turnover excl. VAT"),
                lambda c: ctx.amount(c.turnover_cents),
                sort_key=lambda c: c.turnover_cents,
                align_right=True,
            ),
            Column(tr("VAT"), lambda c: ctx.amount(c.vat_cents), sort_key=lambda c: c.vat_cents, align_right=True),
        ]
    )


class ClientListingDialog(QDialog):
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
        self.setWindowTitle(tr("Annual client listing"))
        self.year = QSpinBox()
        self.year.setRange(2000, 2099)
        form = QFormLayout()
        form.addRow(tr("Year"), self.year)
        note = QLabel(
            tr(
                "Belgian VAT-registered customers you sold more than € 250 excluding VAT to in the year, "
                "credit notes deducted. File it by 31 March."
            )
        )
        note.setWordWrap(True)
        self.model = listing_model(ctx)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
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
        for widget in (note, self.table, self.status, buttons):
            if widget is self.table:
                layout.addLayout(form)
            layout.addWidget(widget)
        self.year.valueChanged.connect(self.refresh)
        self.year.setValue(ctx.today().year - 1)  # in the first months of a year, last year is the one due
        self.resize(640, 480)

    def refresh(self) -> None:
        self.model.set_rows(self.ctx.read(listing, self.year.value()))
        self.status.setText(
            self.ctx.tr(
                "{count} customers in the listing of {year}.", count=self.model.rowCount(), year=self.year.value()
            )
        )

    def ask_and_save(self) -> None:
        year = self.year.value()
        ask_and_save_csv(
            self, self.ctx, self._ask, f"client-listing-{year}.csv", write_listing, year, status=self.status
        )

    def ask_and_save_xml(self) -> None:
        year = self.year.value()
        ask_and_save_intervat(
            self, self.ctx, self._ask, f"client-listing-{year}.xml", write_client_listing, year, status=self.status
        )
