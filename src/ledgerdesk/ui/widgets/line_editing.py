"""The lines part of every document editor (invoice, quote, work slip): the lines model, its table with the
line delegate, the Add/Remove line buttons, and the suggestions of earlier lines. One place, so a new
document kind's editor gets the same lines by inheriting it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QAbstractItemView, QDialog, QHBoxLayout, QHeaderView, QPushButton, QTableView

from ...services import invoice_forms
from ..models.lines import (
    DESCRIPTION,
    DISCOUNT,
    NET,
    PRICE,
    QUANTITY,
    UNIT,
    VAT,
    VAT_KEYS,
    LineDraft,
    LinesModel,
    treatment_key,
)
from .invoice_lines import LineDelegate

if TYPE_CHECKING:
    from ..context import AppContext

# Wide enough for the headers in nl, fr and en; the description takes the rest. The VAT column fits what
# its lines say ("21 %"), up to VAT_WIDEST: a long case's name is cut there and whole in its tooltip.
COLUMN_WIDTHS = ((QUANTITY, 70), (UNIT, 80), (PRICE, 105), (DISCOUNT, 85), (NET, 100))
VAT_WIDEST = 170
# A company outside the standard VAT regime puts its regime's case on every line.
REGIME_CASES = {"franchise": "0/franchise", "art44": "0/art44"}


class LineEditing(QDialog):
    """Builds the lines of a document editor (`build_lines`) and answers the line delegate (a QDialog: Qt
    makes each editor the C++ class of its first Qt base)."""

    ctx: AppContext
    defaults: invoice_forms.Defaults
    lines: LinesModel
    table: QTableView
    add_line_button: QPushButton
    remove_line_button: QPushButton
    suggestions: dict[str, invoice_forms.Suggestion]

    def build_lines(self) -> QHBoxLayout:
        """The model, the table and the line buttons (returned in a row the editor may add to)."""
        tr = self.ctx.tr
        self.suggestions = {}
        self.ctx.read_async(invoice_forms.line_suggestions, done=self._set_suggestions, owner=self)
        self.lines = LinesModel(self.ctx, self)
        self.table = QTableView()
        self.table.setModel(self.lines)
        self.table.setItemDelegate(LineDelegate(self))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.AllEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(DESCRIPTION, QHeaderView.ResizeMode.Stretch)
        for column, width in COLUMN_WIDTHS:
            self.table.setColumnWidth(column, width)
        for signal in (self.lines.modelReset, self.lines.dataChanged, self.lines.rowsInserted):
            signal.connect(self._fit_vat_column)
        self._fit_vat_column()
        self.add_line_button = QPushButton(tr("Add line"))
        self.remove_line_button = QPushButton(tr("Remove line"))
        self.add_line_button.clicked.connect(self.add_line)
        self.remove_line_button.clicked.connect(self.remove_line)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_line_button)
        buttons.addWidget(self.remove_line_button)
        return buttons

    def _fit_vat_column(self, *_args: object) -> None:
        header = self.table.horizontalHeader()
        wanted = max(self.table.sizeHintForColumn(VAT), header.sectionSizeFromContents(VAT).width())
        self.table.setColumnWidth(VAT, min(wanted, VAT_WIDEST))

    def _set_suggestions(self, suggestions: list[invoice_forms.Suggestion]) -> None:
        self.suggestions = {s.description: s for s in suggestions}

    def blank_line(self) -> LineDraft:
        return LineDraft(vat=REGIME_CASES.get(self.defaults.vat_regime, "21"))

    def add_line(self) -> None:
        row = self.lines.add_line(self.blank_line())
        self.table.setCurrentIndex(self.lines.index(row, DESCRIPTION))
        self.table.edit(self.lines.index(row, DESCRIPTION))

    def remove_line(self) -> None:
        index = self.table.currentIndex()
        if index.isValid():
            self.lines.remove_line(index.row())

    def apply_suggestion(self, row: int) -> None:
        """A description typed before brings its last price and VAT, unless a price is already there."""
        from ..models.lines import decimal_text, price_text

        draft = self.lines.drafts()[row]
        suggestion = self.suggestions.get(draft.description.strip())
        if suggestion is None or draft.unit_price.strip():
            return
        key = treatment_key(suggestion.vat_rate, suggestion.vat_exemption)
        self.lines.set_draft(
            row,
            LineDraft(
                draft.description,
                draft.quantity,
                decimal_text(price_text(suggestion.unit_price), self.ctx.language),
                draft.discount,
                key if key in VAT_KEYS else draft.vat,
                suggestion.unit,
                draft.period,
            ),
        )
