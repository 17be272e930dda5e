"""The annual client listing window: a year, its Belgian VAT customers above € 250, saved as CSV on request."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QSpinBox,
    QWidget,
)

from ...domain.client_listing import ListedClient
from ...services.client_listing import listing, write_listing
from ...services.intervat import write_client_listing
from ..context import AppContext
from ..models.rows import Column
from .listing_dialog import AskFile, ListingDialog


def listing_columns(ctx: AppContext) -> list[Column[ListedClient]]:
    """One row per client: VAT number, name, turnover, VAT (sorted by the raw values)."""
    tr = ctx.tr
    return [
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


class ClientListingDialog(ListingDialog[ListedClient]):
    def __init__(
        self, ctx: AppContext, parent: QWidget | None = None, *, ask: AskFile = QFileDialog.getSaveFileName
    ) -> None:
        tr = ctx.tr
        note = tr(
            "Belgian VAT-registered customers you sold more than € 250 excluding VAT to in the year, "
            "credit notes deducted. File it by 31 March."
        )
        columns = listing_columns(ctx)
        super().__init__(
            ctx, parent, title=tr("Annual client listing"), note=note, columns=columns, stretch_column=1, ask=ask
        )
        self.year = QSpinBox()
        self.year.setRange(2000, 2099)
        form = QFormLayout()
        form.addRow(tr("Year"), self.year)
        self.lay_out(form)
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
        self.save_csv(f"client-listing-{year}.csv", write_listing, year)

    def ask_and_save_xml(self) -> None:
        year = self.year.value()
        self.save_intervat(f"client-listing-{year}.xml", write_client_listing, year)
