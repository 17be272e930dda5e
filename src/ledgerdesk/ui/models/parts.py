"""The part of a quote or order to take now: one row per line with what is left, and an editable quantity."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from ...domain.errors import DomainError
from ...services.quotes import PartRow

Index = QModelIndex | QPersistentModelIndex
NOW = 4  # the editable column


class PartsModel(QAbstractTableModel):
    """Lines (read-only) and the quantity to take now of each (text as typed, checked by `wanted`)."""

    def __init__(
        self, rows: Sequence[PartRow], headers: Sequence[str], number: Callable[[Decimal], str], parent: Any = None
    ) -> None:
        super().__init__(parent)
        self._rows = list(rows)
        self._headers = list(headers)
        self._number = number
        self._now = [number(row.left) if row.left else "" for row in rows]  # all that is left, by default

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else 5

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return (
                str(row.position + 1),
                row.description,
                f"{self._number(row.quantity)} {row.unit}".strip(),
                f"{self._number(row.left)} {row.unit}".strip(),
                self._now[index.row()],
            )[index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in (0, 2, 3, NOW):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        if index.isValid() and index.column() == NOW and self._rows[index.row()].left:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or index.column() != NOW:
            return False
        self._now[index.row()] = str(value).strip()
        self.dataChanged.emit(index, index)
        return True

    def wanted(self, parse: Callable[[str], Decimal]) -> tuple[dict[int, Decimal], list[int]]:
        """Position -> quantity typed (empty or 0: not taken), and the rows whose text is not a number."""
        wanted: dict[int, Decimal] = {}
        bad = []
        for i, (row, text) in enumerate(zip(self._rows, self._now, strict=True)):
            if not text:
                continue
            try:
                quantity = parse(text)
            except (ValueError, ArithmeticError, DomainError):
                bad.append(i)
                continue
            if quantity:
                wanted[row.position] = quantity
        return wanted, bad
