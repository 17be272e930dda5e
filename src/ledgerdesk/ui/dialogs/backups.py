"""The Backups window: every backup with what it holds, the second folder, back up now, restore with a preview.

The restore itself is the composition root's (it must close the book first): the window checks the
chosen backup again, shows what it holds, asks, and emits `restore_requested`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...services import backups as service
from ...services.backups import Backup, BackupError, BackupFacts
from ..context import AppContext
from ..widgets.fit import fit_to_screen

Index = QModelIndex | QPersistentModelIndex
KINDS = {
    "manual": "By hand",
    "daily": "Daily",
    "close": "On closing",
    "before-restore": "Before a restore",
    "damaged": "Damaged book kept",
}


@dataclass(frozen=True)
class BackupRow:
    """One line of the list, as plain values."""

    path: Path
    made_at: datetime
    kind: str
    second_copy: bool
    verified: bool
    documents: int | None
    last_invoice: str | None
    archived: int | None
    size: int

    @classmethod
    def of(cls, b: Backup) -> BackupRow:
        f = b.facts
        size = f.size if f else (b.path.stat().st_size if b.path.exists() else 0)
        return cls(
            b.path,
            b.made_at,
            b.label,
            b.second_copy,
            b.verified,
            f.invoices if f else None,
            f.last_invoice if f else None,
            f.archived_einvoices if f else None,
            size,
        )


class BackupsModel(QAbstractTableModel):
    HEADERS = ("Made", "Kind", "Where", "Checked", "Documents", "Last invoice", "E-invoices", "Size")

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.rows: list[BackupRow] = []

    def set_rows(self, rows: list[BackupRow]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.ctx.tr(self.HEADERS[section])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.UserRole,
            Qt.ItemDataRole.ToolTipRole,
        ):
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return str(row.path)
        tr = self.ctx.tr
        if role == Qt.ItemDataRole.UserRole:  # raw values for sorting
            return (
                row.made_at,
                row.kind,
                row.second_copy,
                row.verified,
                row.documents or 0,
                row.last_invoice or "",
                row.archived or 0,
                row.size,
            )[index.column()]
        dash = "–"
        return (
            self.ctx.date(row.made_at.date()) + row.made_at.strftime(" %H:%M"),
            tr(KINDS[row.kind])
            if row.kind in KINDS
            else tr("Before update {revision}", revision=row.kind.removeprefix("before-")),
            tr("Second folder") if row.second_copy else tr("This computer"),
            tr("Checked") if row.verified else tr("Not checked"),
            dash if row.documents is None else str(row.documents),
            row.last_invoice or dash,
            dash if row.archived is None else str(row.archived),
            f"{row.size / 1_000_000:.1f} MB",
        )[index.column()]


class BackupsDialog(QDialog):
    restore_requested = Signal(Path)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.paths = ctx.book.paths
        tr = ctx.tr
        self.setWindowTitle(tr("Backups"))
        fit_to_screen(self, 900, 480)
        self.warning = QLabel()
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet("color: #8a5300;")
        self.automatic = QCheckBox(tr("Back up automatically (every day while LedgerDesk is open, and on closing)"))
        self.second = QLabel()
        choose = QPushButton(tr("Second folder…"))
        choose.clicked.connect(self.choose_second_folder)
        self.clear_second = QPushButton(tr("No second folder"))
        self.clear_second.clicked.connect(lambda: self._set_second(None))
        self.model = BackupsModel(ctx, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.verticalHeader().hide()
        self.table.doubleClicked.connect(lambda _: self.ask_restore())
        self.status = QLabel()
        self.backup_button = QPushButton(tr("Back up now"))
        self.backup_button.clicked.connect(self.back_up_now)
        self.restore_button = QPushButton(tr("Restore…"))
        self.restore_button.clicked.connect(self.ask_restore)
        from_file = QPushButton(tr("Restore from a file…"))
        from_file.clicked.connect(self.ask_restore_file)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)

        second_row = QHBoxLayout()
        second_row.addWidget(self.second, 1)
        second_row.addWidget(choose)
        second_row.addWidget(self.clear_second)
        actions = QHBoxLayout()
        for w in (self.backup_button, self.restore_button, from_file):
            actions.addWidget(w)
        actions.addStretch(1)
        actions.addWidget(buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(self.warning)
        layout.addWidget(self.automatic)
        layout.addLayout(second_row)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)
        layout.addLayout(actions)
        self.automatic.toggled.connect(self._set_automatic)
        self.refresh()

    # --- reading ----------------------------------------------------------------------------
    def refresh(self) -> None:
        self.ctx.run_async(lambda: service.overview(self.paths), done=self._show, failed=self._failed, owner=self)

    def _show(self, seen: service.Overview) -> None:
        tr = self.ctx.tr
        self.model.set_rows([BackupRow.of(b) for b in seen.backups])
        self.warning.setText(seen.warning.translated(tr) if seen.warning else "")
        self.warning.setVisible(seen.warning is not None)
        self.automatic.blockSignals(True)
        self.automatic.setChecked(seen.settings.automatic)
        self.automatic.blockSignals(False)
        folder = seen.settings.second_folder
        self.second.setText(
            tr("Second folder: {folder}", folder=str(folder))
            if folder
            else tr("Second folder: none (choose one on a USB disk or a NAS)")
        )
        self.clear_second.setEnabled(folder is not None)
        self.restore_button.setEnabled(bool(seen.backups))
        if seen.backups:
            self.table.selectRow(0)

    def _failed(self, exc: Exception) -> None:
        message = exc.message.translated(self.ctx.tr) if isinstance(exc, BackupError) else str(exc)
        self.status.setText(message)
        self.backup_button.setEnabled(True)

    # --- settings --------------------------------------------------------------------------
    def _set_automatic(self, on: bool) -> None:
        self.ctx.run_async(
            lambda: service.set_automatic(self.paths, on),
            done=lambda _: self.refresh(),
            failed=self._failed,
            owner=self,
        )

    def choose_second_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.ctx.tr("Second backup folder"))
        if folder:
            self._set_second(Path(folder))

    def _set_second(self, folder: Path | None) -> None:
        self.ctx.run_async(
            lambda: service.set_second_folder(self.paths, folder),
            done=lambda _: self.refresh(),
            failed=self._failed,
            owner=self,
        )

    # --- actions -----------------------------------------------------------------------------
    def back_up_now(self) -> None:
        self.backup_button.setEnabled(False)
        self.status.setText(self.ctx.tr("Backing up…"))
        now = datetime.now()
        self.ctx.run_async(
            lambda: service.back_up_now(self.paths, now=now), done=self._backed_up, failed=self._failed, owner=self
        )

    def _backed_up(self, result: Any) -> None:
        self.backup_button.setEnabled(True)
        self.status.setText(result_sentence(self.ctx.tr, result))
        self.refresh()

    def selected(self) -> BackupRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.rows[rows[0].row()] if rows else None

    def ask_restore(self) -> None:
        row = self.selected()
        if row is not None:
            self.preview(row.path)

    def ask_restore_file(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, self.ctx.tr("Restore from a file"), str(self.paths.backups), "LedgerDesk (*.sqlite);;*"
        )
        if name:
            self.preview(Path(name))

    def preview(self, path: Path) -> None:
        """Check the backup again, then show what it holds and ask."""
        self.status.setText(self.ctx.tr("Checking the backup…"))
        self.ctx.run_async(
            lambda: service.preview(path),
            done=lambda facts: self._confirm(path, facts),
            failed=self._failed,
            owner=self,
        )

    def _confirm(self, path: Path, facts: BackupFacts) -> None:
        tr = self.ctx.tr
        self.status.setText("")
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(tr("Restore a backup"))
        box.setText(tr("Replace the book by this backup?"))
        box.setInformativeText(preview_text(tr, path, facts))
        restore = box.addButton(tr("Restore"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        if box.clickedButton() is restore:
            self.restore_requested.emit(path)
            self.accept()


def preview_text(tr, path: Path, facts: BackupFacts) -> str:  # type: ignore[no-untyped-def]
    dash = "–"
    return tr(
        "{file}\nCompany: {company}\nDocuments: {documents} (last invoice {last_invoice}, last credit note "
        "{last_credit_note})\nCustomers: {customers}\nArchived e-invoices: {archived}\n\nThe book as it is now "
        "is backed up first, so this can be undone.",
        file=path.name,
        company=facts.company or dash,
        documents=facts.invoices,
        last_invoice=facts.last_invoice or dash,
        last_credit_note=facts.last_credit_note or dash,
        customers=facts.customers,
        archived=facts.archived_einvoices,
    )


def result_sentence(tr, result: Any) -> str:  # type: ignore[no-untyped-def]
    """'Backup checked: 120 documents, last invoice 2026-0123.' plus any problem with the second folder."""
    facts = result.backup.facts
    text = tr(
        "Backup checked: {documents} documents, last invoice {last_invoice}.",
        documents=facts.invoices,
        last_invoice=facts.last_invoice or "–",
    )
    for problem in result.problems:
        text += " " + problem.translated(tr)
    return text
