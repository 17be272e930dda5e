"""The EC sales list window: a month or quarter, its intra-EU customers per code, saved as CSV on request."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QFileDialog,
    QWidget,
)

from ...domain.ec_sales_list import EcSalesLine, total_cents
from ...domain.period import Period
from ...services.ec_sales_list import listing, write_listing
from ...services.intervat import write_ec_sales_list
from ..context import AppContext
from ..models.rows import Column
from ..widgets.fit import fit_to_screen
from ..widgets.period_picker import PeriodPicker
from .listing_dialog import AskFile, ListingDialog


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


class EcSalesListDialog(ListingDialog[EcSalesLine]):
    def __init__(
        self, ctx: AppContext, parent: QWidget | None = None, *, ask: AskFile = QFileDialog.getSaveFileName
    ) -> None:
        tr = ctx.tr
        note = tr(
            "Intra-EU supplies of goods (L) and services to businesses in another member state (S), per "
            "customer VAT number, credit notes deducted. File it by the 20th after the period."
        )
        super().__init__(
            ctx, parent, title=tr("EC sales list"), note=note, columns=_columns(ctx), stretch_column=3, ask=ask
        )
        self.picker = PeriodPicker(ctx, ("quarter", "month"))
        self.lay_out(self.picker)
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
        self.save_csv(f"ec-sales-list-{period}.csv", write_listing, period)

    def ask_and_save_xml(self) -> None:
        period = self.period()
        self.save_intervat(f"ec-sales-list-{period}.xml", write_ec_sales_list, period)
