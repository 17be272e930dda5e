"""The window of a declaration listing (annual client listing, EC sales list): a note on what is listed,
what to list (a year, a period), the table, a status line, "Save as CSV…" and "Save Intervat XML…"."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHeaderView,
    QLabel,
    QLayout,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ..context import AppContext
from ..models.rows import Column, RowTableModel
from ..widgets.save_csv import ask_and_save_csv
from ..widgets.save_xml import ask_and_save_intervat

Row = TypeVar("Row")
AskFile = Callable[..., tuple[str, str]]


class ListingDialog(QDialog, Generic[Row]):
    """A subclass adds what to list (`lay_out(chooser)`), fills the table in `refresh` and names its CSV file."""

    def __init__(
        self,
        ctx: AppContext,
        parent: QWidget | None,
        *,
        title: str,
        note: str,
        columns: Sequence[Column[Row]],
        stretch_column: int,
        ask: AskFile = QFileDialog.getSaveFileName,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._ask = ask
        self.setWindowTitle(title)
        self.note = QLabel(note)
        self.note.setWordWrap(True)
        self.model: RowTableModel[Row] = RowTableModel(list(columns))
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.horizontalHeader().setSectionResizeMode(stretch_column, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.save = QPushButton(ctx.tr("Save as CSV…"))
        self.save_xml = QPushButton(ctx.tr("Save Intervat XML…"))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.addButton(self.save, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(self.save_xml, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.rejected.connect(self.reject)
        self.save.clicked.connect(self.ask_and_save)
        self.save_xml.clicked.connect(self.ask_and_save_xml)

    def lay_out(self, chooser: QWidget | QLayout) -> None:
        """The note, then what to list, the table, the status line and the buttons."""
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        if isinstance(chooser, QLayout):
            layout.addLayout(chooser)
        else:
            layout.addWidget(chooser)
        for widget in (self.table, self.status, self.buttons):
            layout.addWidget(widget)

    def save_csv(self, file_name: str, write: Callable[..., Any], *args: Any) -> None:
        """Ask where (suggesting `file_name`) and write the listing there; the status line says what happened."""
        ask_and_save_csv(self, self.ctx, self._ask, file_name, write, *args, status=self.status)

    def save_intervat(self, file_name: str, write: Callable[..., Any], *args: Any) -> None:
        """Ask where and write the Intervat XML there, checked against the installed schema when it is."""
        ask_and_save_intervat(self, self.ctx, self._ask, file_name, write, *args, status=self.status)

    def refresh(self) -> None:
        raise NotImplementedError

    def ask_and_save(self) -> None:
        raise NotImplementedError

    def ask_and_save_xml(self) -> None:
        raise NotImplementedError
