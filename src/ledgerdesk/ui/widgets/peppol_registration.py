"""A customer's Peppol page: whether the registry knows it, for which documents, and since when; checked on request."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ...domain.errors import DomainError
from ...services import peppol_lookup
from ..context import AppContext


class CustomerPeppol(QWidget):
    """The cached answer with its day, and "Check now" (the lookup runs off the UI thread, then is stored)."""

    def __init__(self, ctx: AppContext, customer_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.customer_id = customer_id
        self.state = QLabel()
        self.state.setWordWrap(True)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.check = QPushButton(ctx.tr("Check now"))
        self.check.clicked.connect(self.check_now)
        bar = QHBoxLayout()
        bar.addStretch(1)
        bar.addWidget(self.check)
        layout = QVBoxLayout(self)
        layout.addWidget(self.state)
        layout.addWidget(self.problem)
        layout.addLayout(bar)
        layout.addStretch(1)
        self.refresh()

    def title(self) -> str:
        return self.ctx.tr("Peppol")

    def refresh(self) -> None:
        tr = self.ctx.tr
        found = self.ctx.read(peppol_lookup.registration_of, self.customer_id)
        if found is None:
            self.state.setText(tr("Not looked up yet: is this customer on Peppol?"))
            return
        via = tr("the Peppol registry") if found.source == "sml" else found.source.capitalize()
        day = self.ctx.date(found.checked_on)
        if found.participant is None:
            self.state.setText(tr("Not on Peppol (checked on {day} via {via}).", day=day, via=via))
            return
        kinds = [
            name for name, yes in ((tr("invoices"), found.invoices), (tr("credit notes"), found.credit_notes)) if yes
        ]
        self.state.setText(
            tr(
                "On Peppol as {participant}, receives {documents} (checked on {day} via {via}).",
                participant=found.participant,
                documents=tr(" and ").join(kinds) if kinds else tr("none of the documents LedgerDesk sends"),
                day=day,
                via=via,
            )
        )

    def check_now(self) -> None:
        vat = self.ctx.read(peppol_lookup.customer_vat, self.customer_id)
        if not vat:
            self.problem.setText(self.ctx.tr("This customer has no VAT number: there is nothing to look up."))
            return
        ask, source = peppol_lookup.asker(None, "sml")
        self.check.setEnabled(False)
        self.problem.setText(self.ctx.tr("Asking the Peppol registry…"))
        self.ctx.run_async(
            lambda: peppol_lookup.look_up(vat, ask, source), done=self._found, failed=self._failed, owner=self
        )

    def _found(self, lookup: peppol_lookup.Lookup) -> None:
        self.check.setEnabled(True)
        self.problem.setText("")
        self.ctx.write(peppol_lookup.remember, lookup, on=self.ctx.today(), customer_id=self.customer_id)
        self.refresh()

    def _failed(self, exc: Exception) -> None:
        self.check.setEnabled(True)
        if not isinstance(exc, DomainError):
            raise exc
        self.problem.setText(self.ctx.say(exc))
