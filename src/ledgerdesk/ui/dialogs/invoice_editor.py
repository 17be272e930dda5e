"""The invoice editor: customer, lines, live totals per VAT rate, terms, notes; draft, issue, credit, pay.

The widget only gathers what was typed; totals come from `domain.invoicing.totals_of`,
due dates from `domain.invoicing.due_date`, and every button is one service call.
"""

from __future__ import annotations

import html
from dataclasses import replace

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...domain.errors import ValidationError
from ...domain.invoicing import due_date, totals_of
from ...domain.references import format as format_ogm
from ...services import einvoicing, invoice_forms
from ..models.lines import LineDraft, treatment_key, vat_label
from ..widgets import document_header as header
from ..widgets.einvoice_status import EInvoiceStatusWidget, _confirm_override
from ..widgets.feedback import confirm_issue as _confirm_issue
from ..widgets.fit import fit_to_screen
from ..widgets.invoice_lines import pydate, qdate
from ..widgets.invoice_payments import InvoicePayments
from ..widgets.line_editing import LineEditing
from ..widgets.payment_behaviour import PaymentBehaviourWidget
from ..widgets.service_period import LinePeriodDialog, PeriodField
from .invoice_actions import InvoiceActions


class InvoiceEditor(InvoiceActions, LineEditing, QDialog):
    """Edits a draft; shows an issued invoice read-only with its credit and payment actions."""

    saved = Signal(int)
    confirm_override = staticmethod(_confirm_override)  # "Issue anyway?" (tests answer it themselves)
    confirm_issue = staticmethod(_confirm_issue)  # "Issue invoice … ?" asked once (tests answer it themselves)

    def __init__(
        self,
        ctx,
        *,
        invoice_id: int | None = None,
        customer_id: int | None = None,  # type: ignore[no-untyped-def]
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        tr = ctx.tr
        self.invoice_id = invoice_id
        self.view: invoice_forms.InvoiceView | None = None
        fit_to_screen(self, 980, 720)
        self.defaults = ctx.read(invoice_forms.invoice_defaults)

        # --- header fields ---
        self.heading = header.heading_label()
        self.customer = QComboBox()
        self.customer.setEditable(True)
        self.customer.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        completer = self.customer.completer()
        assert completer is not None  # an editable combo box has one
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.customer.setMinimumWidth(320)
        self.new_customer_button = QPushButton(tr("New customer…"))
        self.issue_date = header.date_field(ctx.today())
        # the date of supply, a mandatory mention when it differs from the issue date
        self.supply_differs = QCheckBox(tr("Differs from the issue date"))
        self.supply_date = header.date_field(ctx.today())
        self.supply_date.setEnabled(False)
        self.supply_differs.toggled.connect(self.supply_date.setEnabled)
        supply_row = QHBoxLayout()
        supply_row.addWidget(self.supply_differs)
        supply_row.addWidget(self.supply_date, 1)
        self.period = PeriodField(tr, ctx.today())  # BT-73/74: services billed over a period
        # the customer's references (BT-10, BT-13, BT-12), as they gave them
        self.buyer_reference = QLineEdit(placeholderText=tr("Buyer reference"))
        self.order_reference = QLineEdit(placeholderText=tr("Order number"))
        self.contract_reference = QLineEdit(placeholderText=tr("Contract"))
        references_row = QHBoxLayout()
        for edit in (self.buyer_reference, self.order_reference, self.contract_reference):
            edit.setMaxLength(200)
            references_row.addWidget(edit, 1)
        self.references_label = QLabel(tr("Customer's references"))
        self.terms = header.days_field(tr, self.defaults.payment_terms_days)
        self.due_label = QLabel()
        self.language = header.language_field()
        customer_row = QHBoxLayout()
        customer_row.addWidget(self.customer, 1)
        customer_row.addWidget(self.new_customer_button)
        terms_row = QHBoxLayout()
        terms_row.addWidget(self.terms)
        terms_row.addWidget(self.due_label, 1)
        form = QFormLayout()
        form.addRow(tr("Customer"), customer_row)
        self.issue_date_label = QLabel(tr("Issue date"))  # "Date of the credit note" on a credit note
        form.addRow(self.issue_date_label, self.issue_date)
        form.addRow(tr("Date of supply"), supply_row)
        form.addRow(tr("Service period"), self.period)
        form.addRow(self.references_label, references_row)
        form.addRow(tr("Payment terms"), terms_row)
        form.addRow(tr("Document language"), self.language)

        # --- lines ---
        line_buttons = self.build_lines()
        self.line_period_button = QPushButton(tr("Line period…"))
        line_buttons.addWidget(self.line_period_button)
        line_buttons.addStretch()

        # --- notes and totals ---
        self.notes = QPlainTextEdit()
        self.notes.setPlaceholderText(tr("Notes printed on the invoice"))
        self.notes.setMaximumHeight(90)
        self.totals_box = QGroupBox(tr("Totals"))
        self.totals_grid = QGridLayout(self.totals_box)
        self._total_labels: list[tuple[QLabel, QLabel]] = []
        self.problems = header.problems_label()
        self.state_label = QLabel()
        self.state_label.setWordWrap(True)
        self.state_label.setTextFormat(Qt.TextFormat.RichText)  # the structured communication is kept on one line
        bottom = QHBoxLayout()
        left = QVBoxLayout()
        left.addWidget(QLabel(tr("Notes")))
        left.addWidget(self.notes)
        left.addWidget(self.state_label)
        left.addWidget(self.problems)
        self.payments = InvoicePayments(ctx)  # an issued invoice's payment history
        left.addWidget(self.payments)
        # the e-invoice as it would be issued (or as archived), with its problems in business words
        self.einvoice = EInvoiceStatusWidget(ctx)
        self.einvoice.table.setMaximumHeight(110)
        left.addWidget(self.einvoice)
        left.addStretch()
        # how this customer pays, while the invoice is being written (terms can follow it)
        self.behaviour = PaymentBehaviourWidget(ctx, follow_book=True)  # issuing or a payment changes what is owed
        bottom.addLayout(left, 3)
        bottom.addWidget(self.behaviour, 2)
        bottom.addWidget(self.totals_box, 2)

        # --- actions ---
        self.save_button = QPushButton(tr("Save draft"))
        self.issue_button = QPushButton(tr("Issue"))
        self.delete_button = QPushButton(tr("Delete draft"))
        self.credit_button = QPushButton(tr("Credit note…"))
        self.payment_button = QPushButton(tr("Register payment…"))
        self.preview_button = QPushButton(tr("Preview PDF"))
        self.pdf_button = QPushButton(tr("Save PDF…"))
        self.print_button = QPushButton(tr("Print…"))
        self.close_button = QPushButton(tr("Close"))
        actions = header.action_row(
            (
                self.save_button,
                self.issue_button,
                self.delete_button,
                self.credit_button,
                self.payment_button,
                self.preview_button,
                self.pdf_button,
                self.print_button,
            ),
            self.close_button,
        )

        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(form)
        layout.addWidget(self.table, 1)
        layout.addLayout(line_buttons)
        layout.addLayout(bottom)
        layout.addLayout(actions)

        self.lines.lines_changed.connect(self.update_totals)
        self.issue_date.dateChanged.connect(self.update_due)
        self.terms.valueChanged.connect(self.update_due)
        self.customer.currentIndexChanged.connect(self._customer_picked)
        self.line_period_button.clicked.connect(self.choose_line_period)
        self.new_customer_button.clicked.connect(self.create_customer)
        self.save_button.clicked.connect(self.save)
        self.issue_button.clicked.connect(self.issue)
        self.delete_button.clicked.connect(self.delete)
        self.credit_button.clicked.connect(self.credit)
        self.payment_button.clicked.connect(self.register_payment)
        self.close_button.clicked.connect(self.close)
        self.preview_button.clicked.connect(self.preview_pdf)
        self.pdf_button.clicked.connect(self.save_pdf)
        self.print_button.clicked.connect(self.print_document)

        ctx.book_changed.connect(self._book_changed)
        self.load_customers(select=customer_id)
        if invoice_id is not None:
            self.load(invoice_id)
        else:
            self.lines.add_line(self.blank_line())
        self.refresh_state()

    # --- loading ------------------------------------------------------------------
    def load_customers(self, select: int | None = None) -> None:
        current = select if select is not None else self.customer_id()
        self.customer.blockSignals(True)
        self.customer.clear()
        for choice in self.ctx.read(invoice_forms.customer_choices):
            self.customer.addItem(header.customer_label(choice), choice.id)
        self.customer.setCurrentIndex(self.customer.findData(current) if current is not None else -1)
        self.customer.blockSignals(False)
        if select is not None:
            self._customer_picked()

    def load(self, invoice_id: int) -> None:
        view = self.ctx.read(invoice_forms.load_invoice, invoice_id, self.ctx.today())
        self.view, self.invoice_id = view, view.id
        self.customer.setCurrentIndex(self.customer.findData(view.customer_id))
        doc = view.document
        self.issue_date.setDate(qdate(doc.issue_date))
        self.supply_differs.setChecked(doc.delivery_date is not None)
        self.supply_date.setDate(qdate(doc.delivery_date or doc.issue_date))
        self.period.set_period(doc.service_period)
        refs = doc.customer_references
        self.buyer_reference.setText(refs.buyer_reference)
        self.order_reference.setText(refs.order_reference)
        self.contract_reference.setText(refs.contract_reference)
        if not view.is_issued:
            required = self.ctx.read(invoice_forms.invoice_defaults, view.customer_id).requires_buyer_reference
            self.show_reference_required(required)
        if doc.payment_terms_days is not None:
            self.terms.setValue(doc.payment_terms_days)
        self.language.setCurrentIndex(self.language.findData(doc.language))
        self.notes.setPlainText(doc.notes)
        self.lines.set_drafts([LineDraft.of(line, self.ctx.language) for line in doc.lines])

    def _book_changed(self) -> None:
        """An issued document shown here may have been paid or credited elsewhere; drafts keep what is typed."""
        if self.view is not None and self.view.is_issued:
            self.load(self.view.id)
            self.refresh_state()

    def customer_id(self) -> int | None:
        data = self.customer.currentData()
        if data is None or self.customer.currentText() != self.customer.itemText(self.customer.currentIndex()):
            return None
        return int(data)

    def _customer_picked(self) -> None:
        customer_id = self.customer_id()
        if customer_id != self.behaviour.customer_id:
            self.behaviour.set_customer(customer_id)
        if customer_id is None or (self.view is not None and self.view.customer_id == customer_id):
            return
        defaults = self.ctx.read(invoice_forms.invoice_defaults, customer_id)
        self.terms.setValue(defaults.payment_terms_days)
        self.language.setCurrentIndex(self.language.findData(defaults.language))
        self.show_reference_required(defaults.requires_buyer_reference)

    def show_reference_required(self, required: bool) -> None:
        """A customer who requires their buyer reference (or order number) is asked for it here."""
        tr = self.ctx.tr
        self.buyer_reference.setPlaceholderText(tr("Buyer reference (required)") if required else tr("Buyer reference"))
        self.references_label.setText(tr("Customer's references *") if required else tr("Customer's references"))
        self.references_label.setToolTip(
            tr("This customer requires their buyer reference or order number on every invoice.") if required else ""
        )

    # --- live feedback --------------------------------------------------------------
    def update_due(self) -> None:
        due = self.view.document.due_date if self.view is not None and self.view.is_issued else None
        due = due or due_date(pydate(self.issue_date.date()), self.terms.value())
        self.due_label.setText(self.ctx.tr("due {date}", date=self.ctx.date(due)))

    def update_totals(self) -> None:
        tr = self.ctx.tr
        lines, problems = self.lines.parsed()
        totals = totals_of(lines)
        rows: list[tuple[str, str]] = [(tr("Net"), self.ctx.money(totals.net_cents))]
        for vat in totals.breakdown:
            key = treatment_key(vat.rate, vat.exemption.value if vat.exemption else None)
            rows.append(
                (
                    tr("VAT {rate} on {base}", rate=vat_label(tr, key), base=self.ctx.money(vat.base_cents)),
                    self.ctx.money(vat.vat_cents),
                )
            )
        rows.append((tr("Total"), self.ctx.money(totals.total_cents)))
        # Labels are reused (created once, hidden when not needed): rebuilding them on every
        # keystroke would flicker and leave stale widgets until deleteLater runs.
        while len(self._total_labels) < len(rows):
            left, right = QLabel(), QLabel()
            right.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.totals_grid.addWidget(left, len(self._total_labels), 0)
            self.totals_grid.addWidget(right, len(self._total_labels), 1)
            self._total_labels.append((left, right))
        for i, (left, right) in enumerate(self._total_labels):
            used = i < len(rows)
            left.setVisible(used)
            right.setVisible(used)
            if not used:
                continue
            left.setText(rows[i][0])
            right.setText(rows[i][1])
            last = i == len(rows) - 1
            left.setStyleSheet("font-weight: 600;" if last else "")
            right.setStyleSheet("font-weight: 600; font-size: 15px;" if last else "")
        self.totals_grid.setRowStretch(99, 1)  # keep the rows together at the top
        self.total_cents = totals.total_cents
        self.problems.setText("\n".join(problems))

    def refresh_state(self) -> None:
        tr = self.ctx.tr
        view = self.view
        issued = view is not None and view.is_issued
        credit_note = view is not None and view.document.is_credit_note
        if view is None:
            self.heading.setText(tr("New invoice"))
        elif credit_note:
            doc = view.document
            self.heading.setText(
                tr(
                    "Credit note {number} for invoice {original}",
                    number=doc.number or tr("(draft)"),
                    original=doc.corrects.number if doc.corrects else "",
                )
            )
        else:
            self.heading.setText(tr("Invoice {number}", number=view.document.number or tr("(draft)")))
        self.setWindowTitle(self.heading.text())
        # A credit note says so in its own words: its date, its notes, its button (not the invoice's).
        self.issue_date_label.setText(tr("Date of the credit note") if credit_note else tr("Issue date"))
        self.supply_differs.setText(
            tr("Differs from the date of the credit note") if credit_note else tr("Differs from the issue date")
        )
        self.notes.setPlaceholderText(
            tr("Notes printed on the credit note") if credit_note else tr("Notes printed on the invoice")
        )
        self.issue_button.setText(tr("Issue credit note") if credit_note else tr("Issue"))
        self.lines.read_only = issued
        for widget in (self.customer, self.new_customer_button, self.add_line_button, self.remove_line_button):
            widget.setEnabled(not issued and not credit_note)
        self.line_period_button.setEnabled(not issued)
        self.period.set_editable(not issued)
        for edit in (self.buyer_reference, self.order_reference, self.contract_reference):
            edit.setReadOnly(issued)
        for field in (self.issue_date, self.terms, self.language, self.supply_differs):
            field.setEnabled(not issued)
        self.supply_date.setEnabled(not issued and self.supply_differs.isChecked())
        self.terms.setEnabled(not issued and not credit_note)
        self.notes.setReadOnly(issued)
        self.save_button.setVisible(not issued)
        self.issue_button.setVisible(not issued)
        self.delete_button.setVisible(view is not None and not issued)
        self.credit_button.setVisible(issued and not credit_note)
        self.payment_button.setVisible(issued and not credit_note)
        for button in (self.preview_button, self.pdf_button, self.print_button):
            button.setVisible(view is not None)
        # A draft can be previewed (marked as such); saving and printing are for issued documents.
        self.pdf_button.setEnabled(issued)
        self.print_button.setEnabled(issued)
        self.credit_button.setEnabled(issued and view is not None and view.credited_cents < view.document.total_cents)
        self.payment_button.setEnabled(issued and view is not None and view.open_cents > 0)
        state = ""
        if issued and view is not None:
            parts = []
            if view.document.structured_communication:
                # Never broken across lines: "+++202/5000/00165++" above a lone "+" is misread (and mistyped).
                # Qt's rich text keeps only a whole block on one line (a nowrap span still breaks).
                line = tr("Structured communication: {ogm}", ogm=format_ogm(view.document.structured_communication))
                parts.append(f'<div style="white-space: nowrap">{html.escape(line)}</div>')
            if not credit_note:
                parts.append(html.escape(tr("Open amount: {amount}", amount=self.ctx.money(view.open_cents))))
                if view.credited_cents:
                    parts.append(html.escape(tr("Credited: {amount}", amount=self.ctx.money(view.credited_cents))))
            parts.append(html.escape(tr("Issued documents cannot be changed; correct them with a credit note.")))
            state = "".join(part if part.startswith("<div") else f"<div>{part}</div>" for part in parts)
        self.state_label.setText(state)
        self.payments.setVisible(issued and not credit_note)
        if issued and not credit_note and view is not None:
            self.payments.show_invoice(view.id)
        shown = view is not None and self.ctx.read(einvoicing.concerns_einvoicing, view.id)
        self.einvoice.setVisible(shown)
        if shown and view is not None:
            self.einvoice.show_invoice(view.id)
            self.einvoice.table.setVisible(self.einvoice.model.rowCount() > 0)
        if self.behaviour.customer_id != self.customer_id():
            self.behaviour.set_customer(self.customer_id())
        self.update_due()
        self.update_totals()

    # --- line actions -----------------------------------------------------------------
    def choose_line_period(self, *, dialog: LinePeriodDialog | None = None) -> None:
        """The selected line's own service period (BG-26), when it differs from the invoice's."""
        row = self.table.currentIndex().row()
        if not 0 <= row < self.lines.rowCount():
            return
        draft = self.lines.drafts()[row]
        dialog = dialog or LinePeriodDialog(self.ctx.tr, draft.description, draft.period, self.ctx.today(), self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        try:
            period = dialog.field.period()
        except ValidationError as exc:
            self.problems.setText(self.ctx.say(exc))
            return
        self.lines.set_draft(row, replace(draft, period=period))
