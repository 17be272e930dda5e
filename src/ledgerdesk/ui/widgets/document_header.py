"""The fields every document editor (invoice, quote) builds alike around its lines: the heading, dates,
payment terms, document language, the problems line and the row of actions. One place, so the editors
look the same and a date or a term is typed the same way in each."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date

from PySide6.QtWidgets import QComboBox, QDateEdit, QHBoxLayout, QLabel, QPushButton, QSpinBox

from ...i18n import LANGUAGE_NAMES
from ...services.invoice_forms import CustomerChoice
from .invoice_lines import qdate


def heading_label() -> QLabel:
    """The editor's title line (what the document is and its state)."""
    heading = QLabel()
    heading.setStyleSheet("font-size: 16px; font-weight: 600;")
    return heading


def customer_label(choice: CustomerChoice) -> str:
    """A customer in the picker: the town tells apart two of the same name."""
    return f"{choice.name} — {choice.city}" if choice.city else choice.name


def date_field(day: date) -> QDateEdit:
    """A date typed as dd/mm/yyyy or picked in a calendar."""
    edit = QDateEdit(qdate(day))
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("dd/MM/yyyy")
    return edit


def days_field(tr: Callable[[str], str], days: int) -> QSpinBox:
    """Payment terms in days, up to a year."""
    box = QSpinBox()
    box.setRange(0, 365)
    box.setSuffix(" " + tr("days"))
    box.setValue(days)
    return box


def language_field() -> QComboBox:
    """The document's language, by its own name."""
    box = QComboBox()
    for code, name in LANGUAGE_NAMES.items():
        box.addItem(name, code)
    return box


def problems_label() -> QLabel:
    """Where the editor says, in red, why the document cannot be saved or issued as it is."""
    label = QLabel()
    label.setWordWrap(True)
    label.setStyleSheet("color: #c62828;")
    return label


def action_row(buttons: Iterable[QPushButton], close: QPushButton) -> QHBoxLayout:
    """The actions on the left, Close alone on the right."""
    row = QHBoxLayout()
    for button in buttons:
        row.addWidget(button)
    row.addStretch()
    row.addWidget(close)
    return row
