"""The invoice editor's editable lines: text cells as typed, parsed into domain LineInputs.

The model keeps what the user typed (so a half-typed '12,' is not lost) and turns each
row into a `domain.invoicing.LineInput`; every rule (rounding, rates, discounts) stays
in the domain.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from ...domain.errors import ValidationError
from ...domain.invoicing import LineInput
from ...domain.supply import ServicePeriod
from ...domain.units import UNITS, known_code
from ...domain.vat import Exemption, VatTreatment

Index = QModelIndex | QPersistentModelIndex
DESCRIPTION, QUANTITY, UNIT, PRICE, DISCOUNT, VAT, NET = range(7)
VAT_KEYS = (
    "21",
    "12",
    "6",
    "0",
    "6/renovation",
    "0/franchise",
    "0/reverse_charge",
    "0/eu_services",
    "0/intra_eu",
    "0/export",
    "0/art44",
    "0/outside_scope",
)


def parse_decimal(text: str) -> Decimal:
    """'1.234,50', '1234.5' or '12,5' -> Decimal; Belgian decimal comma accepted."""
    from ...domain.money import D

    raw = text.strip().replace(" ", "").replace("\u00a0", "").replace("€", "")
    if "," in raw:
        raw = raw.replace(".", "").replace(",", ".")
    return D(raw or "0")


def vat_label(tr, key: str) -> str:  # type: ignore[no-untyped-def]
    labels = {
        "0/franchise": tr("Exempt: small business franchise"),
        "0/reverse_charge": tr("Reverse charge: works for a registered contractor"),
        "0/eu_services": tr("Reverse charge: services to a business in another EU country"),
        "0/intra_eu": tr("Exempt: intra-EU supply"),
        "0/export": tr("Exempt: export"),
        "0/art44": tr("Exempt: art. 44 (medical care, teaching, ...)"),
        "0/outside_scope": tr("Outside the scope of VAT"),
        "6/renovation": tr("6 %: renovation of a dwelling of 10 years or more"),
    }
    return labels.get(key, f"{key} %")


def unit_label(language: str, unit: str) -> str:
    """A unit as the editor shows it: the Rec. 20 code's name in the user's language, else the typed text."""
    code = known_code(unit)
    if code is None or not unit.strip():
        return unit
    return f"{UNITS[code][language if language in UNITS[code] else 'en'][0]}"


def decimal_text(value: Decimal, language: str) -> str:
    if value == value.to_integral() and value.as_tuple().exponent != -2:
        text = format(value.normalize(), "f")
    else:
        text = format(value, "f")
    return text.replace(".", ",") if language in ("nl", "fr") else text


def price_text(value: Decimal) -> Decimal:
    """A price shows at least its cents: 1.4 -> 1.40, 0.125 stays 0.125."""
    exponent = value.as_tuple().exponent  # an int for a finite value
    return value if isinstance(exponent, int) and exponent <= -2 else value.quantize(Decimal("0.01"))


@dataclass(frozen=True)
class LineDraft:
    description: str = ""
    quantity: str = "1"
    unit_price: str = ""
    discount: str = "0"
    vat: str = "21"
    unit: str = ""
    period: ServicePeriod | None = None  # the line's own service period, chosen in a dialog

    def to_input(self) -> LineInput:
        rate, _, exemption = self.vat.partition("/")
        return LineInput.of(
            self.description,
            parse_decimal(self.quantity),
            parse_decimal(self.unit_price),
            rate,
            discount_pct=parse_decimal(self.discount),
            exemption=exemption or None,
            unit=self.unit,
            period=self.period,
        )

    @classmethod
    def of(cls, line: LineInput, language: str) -> LineDraft:
        return cls(
            description=line.description,
            quantity=decimal_text(line.quantity, language),
            unit_price=decimal_text(price_text(line.unit_price), language),
            discount=decimal_text(line.discount_pct, language),
            vat=line.vat.key,
            unit=line.unit,
            period=line.period,
        )

    @property
    def is_blank(self) -> bool:
        return not self.description.strip() and not self.unit_price.strip()


def treatment_key(rate: Decimal, exemption: str | None) -> str:
    return VatTreatment(rate, Exemption(exemption) if exemption else None).key


class LinesModel(QAbstractTableModel):
    """Editable invoice lines; `lines_changed` fires on every edit so totals follow live."""

    lines_changed = Signal()

    def __init__(self, ctx, parent: Any = None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self.ctx = ctx
        self._rows: list[LineDraft] = []
        self.read_only = False
        tr = ctx.tr
        self._headers = [
            tr("Description"),
            tr("Quantity"),
            tr("Unit"),
            tr("Unit price"),
            tr("Discount %"),
            tr("VAT"),
            tr("Net"),
        ]

    # --- rows ---------------------------------------------------------------
    def drafts(self) -> list[LineDraft]:
        return list(self._rows)

    def set_drafts(self, rows: list[LineDraft]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()
        self.lines_changed.emit()

    def add_line(self, draft: LineDraft | None = None) -> int:
        row = len(self._rows)
        self.beginInsertRows(QModelIndex(), row, row)
        self._rows.append(draft or LineDraft())
        self.endInsertRows()
        self.lines_changed.emit()
        return row

    def remove_line(self, row: int) -> None:
        if 0 <= row < len(self._rows):
            self.beginRemoveRows(QModelIndex(), row, row)
            del self._rows[row]
            self.endRemoveRows()
            self.lines_changed.emit()

    def set_draft(self, row: int, draft: LineDraft) -> None:
        self._rows[row] = draft
        self.dataChanged.emit(self.index(row, 0), self.index(row, NET))
        self.lines_changed.emit()

    def parsed(self) -> tuple[list[LineInput], list[str]]:
        """The non-blank lines as domain inputs, and one problem sentence per bad line."""
        lines, problems = [], []
        for number, draft in enumerate(self._rows, start=1):
            if draft.is_blank:
                continue
            try:
                lines.append(draft.to_input())
            except ValidationError as exc:
                problems.append(self.ctx.tr("Line {n}: {problem}", n=number, problem=self.ctx.say(exc, alone=False)))
        return lines, problems

    # --- Qt model API -----------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._headers)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(self._headers)
        ):
            return self._headers[section]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() != NET and not self.read_only:
            base |= Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (
            not index.isValid()
            or not 0 <= index.row() < len(self._rows)
            or not 0 <= index.column() < len(self._headers)
        ):
            return None
        draft = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.TextAlignmentRole:
            right = column in (QUANTITY, PRICE, DISCOUNT, NET)
            return int(
                (Qt.AlignmentFlag.AlignRight if right else Qt.AlignmentFlag.AlignLeft) | Qt.AlignmentFlag.AlignVCenter
            )
        if role == Qt.ItemDataRole.EditRole:
            return (draft.description, draft.quantity, draft.unit, draft.unit_price, draft.discount, draft.vat, "")[
                column
            ]
        if role == Qt.ItemDataRole.DisplayRole:
            if column == VAT:
                return vat_label(self.ctx.tr, draft.vat)
            if column == UNIT:
                return unit_label(self.ctx.language, draft.unit)
            if column == DESCRIPTION and draft.period is not None:
                start, end = self.ctx.date(draft.period.start), self.ctx.date(draft.period.end)
                return f"{draft.description}  [{start} – {end}]"
            if column == NET:
                if draft.is_blank:
                    return ""
                try:
                    return self.ctx.amount(draft.to_input().net_cents)
                except ValidationError:
                    return "—"
            return (draft.description, draft.quantity, draft.unit, draft.unit_price, draft.discount)[column]
        if role == Qt.ItemDataRole.ToolTipRole and column == VAT:
            return vat_label(self.ctx.tr, draft.vat)  # whole, where the narrow column cuts a long case's name
        if role == Qt.ItemDataRole.ToolTipRole and column == NET and not draft.is_blank:
            try:
                draft.to_input()
            except ValidationError as exc:
                return self.ctx.say(exc)
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or self.read_only or index.column() == NET:
            return False
        field = ("description", "quantity", "unit", "unit_price", "discount", "vat")[index.column()]
        text = "" if value is None else str(value)
        if field == "vat" and text not in VAT_KEYS:
            return False
        changes: dict[str, Any] = {field: text}  # a text cell; the period is set by set_draft
        self._rows[index.row()] = replace(self._rows[index.row()], **changes)
        self.dataChanged.emit(index, self.index(index.row(), NET))
        self.lines_changed.emit()
        return True
