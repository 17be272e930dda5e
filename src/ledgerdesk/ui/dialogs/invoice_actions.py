"""The invoice editor's actions: each button is one service call (save, issue, delete, credit,
pay, new customer) or a call into the PDF capability. Mixed into InvoiceEditor."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QSpinBox,
    QWidget,
)

from ...domain.customer_refs import CustomerReferences
from ...domain.document import DocumentKind
from ...domain.errors import DomainError
from ...services import invoice_forms, invoicing
from ...services.invoicing import DraftData
from ..widgets.feedback import as_sentence, attempt, message_of, show_error
from ..widgets.invoice_lines import document_module, pydate

if TYPE_CHECKING:
    from ..context import AppContext
    from ..models.lines import LinesModel
    from ..widgets.service_period import PeriodField


class InvoiceActions(QDialog):
    """What the editor's buttons do; the editor (InvoiceEditor) builds the widgets declared here."""

    ctx: AppContext
    view: invoice_forms.InvoiceView | None
    invoice_id: int | None
    lines: LinesModel
    period: PeriodField
    buyer_reference: QLineEdit
    order_reference: QLineEdit
    contract_reference: QLineEdit
    issue_date: QDateEdit
    supply_date: QDateEdit
    supply_differs: QCheckBox
    terms: QSpinBox
    notes: QPlainTextEdit
    language: QComboBox
    problems: QLabel
    credit_note_editor: InvoiceActions
    saved: Signal
    confirm_issue: Callable[[QWidget | None, str, str, str], bool]
    confirm_override: Callable[[QWidget, list[Any]], bool]

    if TYPE_CHECKING:  # what the editor defines

        def customer_id(self) -> int | None: ...

        def load(self, invoice_id: int) -> None: ...

        def refresh_state(self) -> None: ...

        def load_customers(self, select: int | None = None) -> None: ...

    # --- service calls ------------------------------------------------------------------
    def draft_data(self) -> DraftData | None:
        tr = self.ctx.tr
        lines, problems = self.lines.parsed()
        customer_id = (
            self.customer_id() if self.view is None or not self.view.document.is_credit_note else self.view.customer_id
        )
        if customer_id is None:
            problems.insert(0, tr("Choose a customer from the list, or create one."))
        if not lines and not problems:
            problems.append(tr("An invoice needs at least one line."))
        try:
            service_period = self.period.period()
        except DomainError as exc:
            problems.append(self.ctx.say(exc))
            service_period = None
        try:
            references = CustomerReferences.of(
                self.buyer_reference.text(), self.order_reference.text(), self.contract_reference.text()
            )
        except DomainError as exc:
            problems.append(self.ctx.say(exc))
            references = CustomerReferences()
        if problems:
            self.problems.setText("\n".join(problems))
            show_error(self, self.ctx, DomainError(problems[0]))
            return None
        assert customer_id is not None
        return DraftData(
            customer_id=customer_id,
            issue_date=pydate(self.issue_date.date()),
            lines=lines,
            delivery_date=pydate(self.supply_date.date()) if self.supply_differs.isChecked() else None,
            service_period=service_period,
            references=references,
            payment_terms_days=self.terms.value(),
            notes=self.notes.toPlainText(),
            language=self.language.currentData(),
        )

    def save(self) -> int | None:
        data = self.draft_data()
        if data is None:
            return None
        saved = attempt(self, self.ctx, invoice_forms.save_draft, self.invoice_id, data)
        if saved is not None:
            self.load(saved)
            self.refresh_state()
            self.saved.emit(saved)
        return saved

    def issue(self) -> str | None:
        data = self.draft_data()
        if data is None or not self._asked_to_issue(data):
            return None
        result = self._issue_checked(data)
        if result is None:
            return None
        invoice_id, number = result
        self.load(invoice_id)
        self.refresh_state()
        self.saved.emit(invoice_id)
        return number

    def _asked_to_issue(self, data: DraftData) -> bool:
        """Ask once: the number, the customer and the total, with any warning of the VAT cases; a case
        the customer cannot receive is refused here with its reason, before anything is written."""
        try:
            question = self.ctx.read(invoice_forms.issue_question, self.invoice_id, data, today=self.ctx.today())
        except Exception as exc:  # a refusal is one sentence, never a traceback
            show_error(self, self.ctx, exc)
            return False
        tr = self.ctx.tr
        text = question.message(self.ctx.money(question.total_cents)).translated(tr)
        warnings = [as_sentence(w.translated(tr)) + "." for w in (*question.date_warnings, *question.warnings)]
        self.problems.setText("\n".join(warnings))
        issue = tr("Issue credit note") if question.kind is DocumentKind.CREDIT_NOTE else tr("Issue")
        return bool(self.confirm_issue(self, "\n\n".join([*warnings, text]), issue, tr("Cancel")))

    def _issue_checked(self, data: DraftData) -> tuple[int, str] | None:
        """Issue; a Peppol customer's invalid e-invoice needs an explicit "Issue anyway", and
        on "Cancel" what was typed is kept as a draft with the problems listed."""
        from ...services.einvoicing import EInvoiceInvalid

        try:
            return self.ctx.write(invoice_forms.save_and_issue, self.invoice_id, data)
        except EInvoiceInvalid as refused:
            if self.confirm_override(self, refused.findings):
                return attempt(self, self.ctx, invoice_forms.save_and_issue, self.invoice_id, data, override=True)
            if self.save() is not None:
                self.problems.setText(message_of(self.ctx, refused))
            return None
        except Exception as exc:  # a refusal is one sentence, never a traceback
            show_error(self, self.ctx, exc)
            return None

    def delete(self) -> None:
        if self.invoice_id is None:
            return
        answer = QMessageBox.question(self, self.ctx.tr("Delete draft"), self.ctx.tr("Delete this draft?"))
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            self.ctx.write(invoicing.delete_draft, self.invoice_id)
        except Exception as exc:  # shown as one sentence
            show_error(self, self.ctx, exc)
            return
        self.close()

    def credit(self) -> QWidget | None:
        from .credit_note import CreditNoteDialog

        if self.view is None:
            return None
        dialog = CreditNoteDialog(self.ctx, self.view, parent=self)
        dialog.created.connect(self._open_credit_note)
        dialog.open()
        return dialog

    def _open_credit_note(self, credit_note_id: int) -> None:
        editor_class: Callable[..., InvoiceActions] = type(self)  # the editor, whose constructor takes the ids
        editor = editor_class(self.ctx, invoice_id=credit_note_id, parent=self.parentWidget())
        editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        editor.show()
        self.credit_note_editor = editor
        self._reload()

    def _reload(self) -> None:
        """The invoice again, after a credit note or a payment changed what is left to pay."""
        if self.view is not None:
            self.load(self.view.id)
        self.refresh_state()

    def register_payment(self) -> QWidget | None:
        from .payment import PaymentDialog

        if self.view is None:
            return None
        dialog = PaymentDialog(self.ctx, self.view, parent=self)
        dialog.registered.connect(lambda _id: self._reload())
        dialog.open()
        return dialog

    # --- documents: PDF preview, save and print (ui.dialogs.invoice_document) ---------------
    def preview_pdf(self):  # type: ignore[no-untyped-def]
        if self.invoice_id is None:
            return None
        return document_module().preview_invoice(
            self.ctx, self.invoice_id, self, allow_draft=not (self.view and self.view.is_issued)
        )

    def save_pdf(self):  # type: ignore[no-untyped-def]
        if self.invoice_id is None:
            return None
        return document_module().save_invoice_pdf_as(
            self.ctx, self.invoice_id, self, suggested_number=(self.view.document.number if self.view else "") or ""
        )

    def print_document(self) -> int:
        if self.invoice_id is None:
            return 0
        return document_module().print_invoice(self.ctx, self.invoice_id, self)

    def create_customer(self) -> QWidget:
        from .customers import CustomerPage

        page = CustomerPage(self.ctx, None, parent=self)
        page.saved.connect(lambda customer_id: self.load_customers(select=customer_id))
        page.open()
        return page
