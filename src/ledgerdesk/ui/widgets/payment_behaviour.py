"""A small panel with a customer's payment behaviour; the customer page and invoice editor embed it."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFormLayout, QGroupBox, QLabel

from ... import i18n
from ..context import AppContext

if TYPE_CHECKING:  # services.receivables brings SQLAlchemy: the receivables tab paints before it loads
    from ...services.receivables import PaymentBehaviour


def _wrapping(text: str) -> QLabel:
    """A label that may take two lines (the long Dutch and French ones do): its two lines are reserved, so a
    short panel (Receivables at 1024×700) grows to hold them instead of drawing them over each other."""
    label = QLabel(text)
    label.setWordWrap(True)
    label.setMinimumHeight(2 * label.fontMetrics().lineSpacing() + 2)
    return label


class PaymentBehaviourWidget(QGroupBox):
    def __init__(self, ctx: AppContext, parent=None, *, follow_book: bool = False) -> None:  # type: ignore[no-untyped-def]
        super().__init__(ctx.tr("Payment behaviour"), parent)
        self.ctx = ctx
        self.customer_id: int | None = None
        self.as_of: date | None = None  # None: today
        form = QFormLayout(self)
        # narrow beside a table: the two long Dutch and French labels wrap rather than be cut off
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        self.days_to_pay, self.days_late, self.share_late = QLabel("–"), QLabel("–"), QLabel("–")
        self.open, self.overdue = QLabel("–"), QLabel("–")
        self.note = _wrapping("")  # "No paid invoices in the last 12 months": two lines in a narrow panel
        form.addRow(_wrapping(ctx.tr("Average days to pay")), self.days_to_pay)
        form.addRow(_wrapping(ctx.tr("Average days late")), self.days_late)
        form.addRow(ctx.tr("Paid late"), self.share_late)
        form.addRow(ctx.tr("Open"), self.open)
        form.addRow(ctx.tr("Overdue"), self.overdue)
        form.addRow(self.note)
        if follow_book:  # for owners that do not refresh it themselves (the invoice editor)
            ctx.book_changed.connect(self._book_changed)

    def _book_changed(self) -> None:
        if self.customer_id is not None:
            self.refresh()

    def set_customer(self, customer_id: int | None, as_of: date | None = None) -> None:
        """Show a customer's behaviour as of a day (the receivables tab's date; today by default)."""
        self.customer_id, self.as_of = customer_id, as_of
        self.refresh()

    def refresh(self) -> None:
        if self.customer_id is None:
            for label in (self.days_to_pay, self.days_late, self.share_late, self.open, self.overdue):
                label.setText("–")
            self.note.setText("")
            return
        from ...services.receivables import payment_behaviour

        self.show_behaviour(self.ctx.read(payment_behaviour, self.customer_id, self.as_of or self.ctx.today()))

    def show_behaviour(self, pb: PaymentBehaviour) -> None:
        from babel.numbers import format_percent  # here: the receivables tab paints before babel loads

        self.note.setText("" if pb.paid_invoices else self.ctx.tr("No paid invoices in the last 12 months"))
        self.days_to_pay.setText(f"{pb.avg_days_to_pay:.0f}" if pb.avg_days_to_pay is not None else "–")
        self.days_late.setText(f"{pb.avg_days_late:.0f}" if pb.avg_days_late is not None else "–")
        self.share_late.setText(
            format_percent(pb.share_paid_late, locale=i18n.LOCALES[self.ctx.language])
            if pb.share_paid_late is not None
            else "–"
        )
        self.open.setText(i18n.format_money(pb.open_cents, self.ctx.language))
        self.overdue.setText(i18n.format_money(pb.overdue_cents, self.ctx.language))
