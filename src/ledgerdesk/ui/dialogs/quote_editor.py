"""The quote editor: the document editors' lines (ui/widgets/line_editing.py) with a quote's own fields.

Customer, date, validity, payment terms of the later invoice, language, deposit, terms and notes; live
totals from `domain.invoicing.totals_of`; every button is one service call (`services.quotes`).
A sent quote is shown read-only with its status and history.
"""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...domain import quotes as rules
from ...domain.errors import DomainError
from ...domain.invoicing import totals_of
from ...services import invoice_forms, quotes
from ..models.lines import LineDraft, parse_decimal
from ..widgets import document_header as header
from ..widgets.feedback import attempt, show_error
from ..widgets.fit import fit_to_screen
from ..widgets.invoice_lines import pydate, qdate
from ..widgets.line_editing import LineEditing
from . import quote_files


class QuoteEditor(LineEditing, QDialog):
    """Edits a draft quote; shows a sent one read-only."""

    saved = Signal(int)

    def __init__(
        self,
        ctx,  # type: ignore[no-untyped-def]
        *,
        quote_id: int | None = None,
        customer_id: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        tr = ctx.tr
        self.quote_id = quote_id
        self.view: quotes.QuoteView | None = None
        fit_to_screen(self, 940, 680)
        self.defaults = ctx.read(invoice_forms.invoice_defaults)

        self.heading = header.heading_label()
        self.customer = QComboBox()
        for choice in ctx.read(invoice_forms.customer_choices):
            self.customer.addItem(header.customer_label(choice), choice.id)
        self.customer.setCurrentIndex(self.customer.findData(customer_id) if customer_id is not None else -1)
        today = ctx.today()
        self.issue_date = header.date_field(today)
        self.valid_until = header.date_field(rules.default_valid_until(today))
        self.terms_days = header.days_field(tr, self.defaults.payment_terms_days)
        self.language = header.language_field()
        self.language.setCurrentIndex(self.language.findData(self.defaults.language))
        self.deposit = QLineEdit()
        self.deposit.setPlaceholderText(tr("none"))
        self.planned = QComboBox()
        self._fill_months(None)
        form = QFormLayout()
        form.addRow(tr("Customer"), self.customer)
        form.addRow(tr("Date"), self.issue_date)
        form.addRow(tr("Valid until"), self.valid_until)
        form.addRow(tr("Payment terms"), self.terms_days)
        form.addRow(tr("Document language"), self.language)
        form.addRow(tr("Deposit to pay (no VAT)"), self.deposit)
        form.addRow(tr("Planned month"), self.planned)

        line_buttons = self.build_lines()
        line_buttons.addStretch()
        self.totals = QLabel()
        self.totals.setAlignment(Qt.AlignmentFlag.AlignRight)
        line_buttons.addWidget(self.totals)

        self.terms = QPlainTextEdit()
        self.terms.setPlaceholderText(tr("Terms printed on the quote"))
        self.terms.setMaximumHeight(70)
        self.notes = QPlainTextEdit()
        self.notes.setPlaceholderText(tr("Notes printed on the quote"))
        self.notes.setMaximumHeight(60)
        self.state_label = QLabel()
        self.state_label.setWordWrap(True)
        self.problems = header.problems_label()

        self.save_button = QPushButton(tr("Save draft"))
        # Numbering is not sending: the outbox or the quotes list's "Mark as sent" says when it left.
        self.send_button = QPushButton(tr("Make final"))
        self.preview_button = QPushButton(tr("Preview PDF"))
        self.pdf_button = QPushButton(tr("Save PDF…"))
        self.close_button = QPushButton(tr("Close"))
        actions = header.action_row(
            (self.save_button, self.send_button, self.preview_button, self.pdf_button), self.close_button
        )

        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(form)
        layout.addWidget(self.table, 1)
        layout.addLayout(line_buttons)
        layout.addWidget(QLabel(tr("Terms")))
        layout.addWidget(self.terms)
        layout.addWidget(QLabel(tr("Notes")))
        layout.addWidget(self.notes)
        layout.addWidget(self.state_label)
        layout.addWidget(self.problems)
        layout.addLayout(actions)

        self.lines.lines_changed.connect(self.update_totals)
        self.customer.currentIndexChanged.connect(self._customer_picked)
        self.planned.currentIndexChanged.connect(self._planned_changed)
        self.save_button.clicked.connect(self.save)
        self.send_button.clicked.connect(self.send)
        self.preview_button.clicked.connect(lambda: quote_files.preview(self.ctx, self.quote_id, self))
        self.pdf_button.clicked.connect(lambda: quote_files.save_as(self.ctx, self.quote_id, self))
        self.close_button.clicked.connect(self.close)
        if quote_id is not None:
            self.load(quote_id)
        else:
            self.lines.add_line(self.blank_line())
            if customer_id is not None:
                self._customer_picked()  # the customer's language and terms
        self.refresh_state()

    # --- loading and state ---------------------------------------------------------------
    def load(self, quote_id: int) -> None:
        view = self.ctx.read(quotes.load_quote, quote_id, self.ctx.today())
        self.view, self.quote_id = view, view.id
        doc = view.document
        self.customer.blockSignals(True)
        self.customer.setCurrentIndex(self.customer.findData(view.customer_id))
        self.customer.blockSignals(False)
        self.issue_date.setDate(qdate(doc.issue_date))
        self.valid_until.setDate(qdate(view.valid_until))
        if doc.payment_terms_days is not None:
            self.terms_days.setValue(doc.payment_terms_days)
        self.language.setCurrentIndex(self.language.findData(doc.language))
        self.deposit.setText(self.ctx.amount(view.deposit_cents) if view.deposit_cents else "")
        self.planned.blockSignals(True)
        self._fill_months(view.planned_month)
        self.planned.blockSignals(False)
        self.terms.setPlainText(view.terms)
        self.notes.setPlainText(doc.notes)
        self.lines.set_drafts([LineDraft.of(line, self.ctx.language) for line in doc.lines])

    def _fill_months(self, stored: str | None) -> None:
        """None, then this month and the next 23 (and the stored month if it is another)."""
        today = self.ctx.today()
        months = [
            f"{today.year + (today.month - 1 + i) // 12:04d}-{(today.month - 1 + i) % 12 + 1:02d}" for i in range(24)
        ]
        if stored and stored not in months:
            months.insert(0, stored)
        self.planned.clear()
        self.planned.addItem(self.ctx.tr("(not planned)"), None)
        for month in months:
            self.planned.addItem(month, month)
        self.planned.setCurrentIndex(max(self.planned.findData(stored), 0) if stored else 0)

    def _planned_changed(self) -> None:
        """On a sent quote the plan may still change: stored at once."""
        view = self.view
        if view is None or view.status is rules.QuoteStatus.DRAFT:
            return
        if attempt(self, self.ctx, quotes.set_planned_month, view.id, self.planned.currentData()) is None:
            return
        self.saved.emit(view.id)

    def _customer_picked(self) -> None:
        customer_id = self.customer.currentData()
        if customer_id is None:
            return
        defaults = self.ctx.read(invoice_forms.invoice_defaults, int(customer_id))
        self.terms_days.setValue(defaults.payment_terms_days)
        self.language.setCurrentIndex(self.language.findData(defaults.language))

    def update_totals(self) -> None:
        lines, problems = self.lines.parsed()
        totals = totals_of(lines)
        self.totals.setText(
            self.ctx.tr(
                "Net {net} · VAT {vat} · Total {total}",
                net=self.ctx.money(totals.net_cents),
                vat=self.ctx.money(totals.vat_cents),
                total=self.ctx.money(totals.total_cents),
            )
        )
        self.problems.setText("\n".join(problems))

    def refresh_state(self) -> None:
        tr = self.ctx.tr
        view = self.view
        draft = view is None or view.status is rules.QuoteStatus.DRAFT
        if view is None:
            self.heading.setText(tr("New quote"))
        elif draft:
            self.heading.setText(tr("Draft quote"))
        else:
            self.heading.setText(tr("Quote {number}", number=view.document.number or ""))
        for widget in (
            self.customer,
            self.issue_date,
            self.valid_until,
            self.terms_days,
            self.language,
            self.add_line_button,
            self.remove_line_button,
            self.save_button,
            self.send_button,
        ):
            widget.setEnabled(draft)
        for edit in (self.deposit,):
            edit.setReadOnly(not draft)
        self.planned.setEnabled(
            view is None or view.status not in (rules.QuoteStatus.REFUSED, rules.QuoteStatus.CONVERTED)
        )
        for text in (self.terms, self.notes):
            text.setReadOnly(not draft)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.AllEditTriggers if draft else QAbstractItemView.EditTrigger.NoEditTriggers
        )
        self.preview_button.setEnabled(self.quote_id is not None)
        self.pdf_button.setEnabled(self.quote_id is not None)
        self.state_label.setText(status_sentence(self.ctx, view) if view is not None else "")
        self.update_totals()

    # --- actions ---------------------------------------------------------------------------
    def quote_data(self) -> quotes.QuoteData | None:
        tr = self.ctx.tr
        lines, problems = self.lines.parsed()
        customer_id = self.customer.currentData()
        if customer_id is None:
            problems.insert(0, tr("Choose a customer from the list, or create one."))
        deposit_cents = None
        text = self.deposit.text().strip()
        if text:
            try:
                value = parse_decimal(text)
                if value != value.quantize(Decimal("0.01")):
                    raise ValueError(text)
                deposit_cents = int(value * 100)
            except (DomainError, ValueError, ArithmeticError):
                problems.append(tr("'{text}' is not an amount (e.g. 500.00)", text=text))
        if problems:
            self.problems.setText("\n".join(problems))
            show_error(self, self.ctx, DomainError(problems[0]))
            return None
        return quotes.QuoteData(
            customer_id=int(customer_id),
            issue_date=pydate(self.issue_date.date()),
            lines=lines,
            valid_until=pydate(self.valid_until.date()),
            terms=self.terms.toPlainText(),
            notes=self.notes.toPlainText(),
            deposit_cents=deposit_cents,
            planned_month=self.planned.currentData(),
            payment_terms_days=self.terms_days.value(),
            language=self.language.currentData(),
        )

    def save(self) -> int | None:
        data = self.quote_data()
        if data is None:
            return None
        saved = attempt(self, self.ctx, quotes.save_draft, self.quote_id, data)
        if saved is not None:
            self.load(saved)
            self.refresh_state()
            self.saved.emit(saved)
        return saved

    def send(self) -> str | None:
        """Number the quote and freeze it: the customer will receive it as it is now."""
        data = self.quote_data()
        if data is None:
            return None
        result = attempt(self, self.ctx, quotes.save_and_send, self.quote_id, data)
        if result is None:
            return None
        quote_id, number = result
        self.load(quote_id)
        self.refresh_state()
        self.saved.emit(quote_id)
        return number


def status_sentence(ctx, view: quotes.QuoteView) -> str:  # type: ignore[no-untyped-def]
    """Where the quote stands, in the user's words, with the last step of its history."""
    tr = ctx.tr
    status = tr(rules.STATUS_LABELS[view.status])
    if view.status is rules.QuoteStatus.REFUSED and view.refusal_reason:
        return tr("{status}: {reason}", status=status, reason=view.refusal_reason)
    if view.decided_on is not None:
        return tr("{status} on {date}", status=status, date=ctx.date(view.decided_on))
    if view.status in rules.NUMBERED:
        return tr("{status}, valid until {date}", status=status, date=ctx.date(view.valid_until))
    return status
