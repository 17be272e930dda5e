"""A small panel with a customer's payment behaviour; the customer page and invoice editor embed it."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QGroupBox, QLabel

from ...domain.money import fmt_cents
from ...services.receivables import PaymentBehaviour, payment_behaviour
from ..context import AppContext


class PaymentBehaviourWidget(QGroupBox):
    def __init__(self, ctx: AppContext, parent=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(ctx.tr("Payment behaviour"), parent)
        self.ctx = ctx
        self.customer_id: int | None = None
        form = QFormLayout(self)
        self.days_to_pay, self.days_late, self.share_late = QLabel("–"), QLabel("–"), QLabel("–")
        self.open, self.overdue = QLabel("–"), QLabel("–")
        form.addRow(ctx.tr("Average days to pay"), self.days_to_pay)
        form.addRow(ctx.tr("Average days late"), self.days_late)
        form.addRow(ctx.tr("Paid late"), self.share_late)
        form.addRow(ctx.tr("Open"), self.open)
        form.addRow(ctx.tr("Overdue"), self.overdue)

    def set_customer(self, customer_id: int | None) -> None:
        self.customer_id = customer_id
        self.refresh()

    def refresh(self) -> None:
        if self.customer_id is None:
            for label in (self.days_to_pay, self.days_late, self.share_late, self.open, self.overdue):
                label.setText("–")
            return
        self.show_behaviour(self.ctx.read(payment_behaviour, self.customer_id, self.ctx.today()))

    def show_behaviour(self, pb: PaymentBehaviour) -> None:
        none = self.ctx.tr("No paid invoices in the last 12 months")
        self.days_to_pay.setText(f"{pb.avg_days_to_pay:.0f}" if pb.avg_days_to_pay is not None else none)
        self.days_late.setText(f"{pb.avg_days_late:.0f}" if pb.avg_days_late is not None else "–")
        self.share_late.setText(f"{pb.share_paid_late:.0%}" if pb.share_paid_late is not None else "–")
        self.open.setText(fmt_cents(pb.open_cents))
        self.overdue.setText(fmt_cents(pb.overdue_cents))
