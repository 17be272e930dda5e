"""Parts the list-and-form windows build alike, so that they look and behave alike: a read-only list of
rows, a form of labelled fields and the Close button."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import QAbstractItemModel
from PySide6.QtWidgets import QAbstractItemView, QDialogButtonBox, QFormLayout, QTableView, QWidget


def row_list(model: QAbstractItemModel) -> QTableView:
    """A sortable list of `model`'s rows: one whole row selected at a time, nothing edited in place (a
    form or another window changes a row), no row numbers."""
    view = QTableView()
    view.setModel(model)
    view.setSortingEnabled(True)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().hide()
    return view


def form_of(rows: Iterable[tuple[str, QWidget]]) -> QFormLayout:
    """The fields, each after its label, one under the other."""
    form = QFormLayout()
    for label, widget in rows:
        form.addRow(label, widget)
    return form


def close_box(tr: Callable[[str], str], on_close: Callable[[], object]) -> QDialogButtonBox:
    """The Close button in the platform's place, in the user's language."""
    close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
    close.button(QDialogButtonBox.StandardButton.Close).setText(tr("Close"))
    close.rejected.connect(on_close)
    return close
