"""The purchase side of the accountant's pack: each bill's documents as received and the purchase journal.

- `purchases/invoices/<supplier>-<number>.<ext>` and `purchases/credit_notes/…`: the supplier's UBL file,
  PDF or photo of every bill dated in the period, byte for byte as received (rejected bills left out);
- `purchase_journal.csv`: one row per bill: date, type, number, supplier, VAT number, country, currency,
  base and VAT per rate, deductible and non-deductible VAT, total, cost categories, status.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..domain.document import line_of
from ..domain.invoicing import totals_of
from ..domain.money import fmt_cents
from ..domain.period import Period
from ..persistence.models import Purchase, PurchaseFile
from ..user_files import safe_file_name

JOURNAL = "purchase_journal.csv"
FOLDERS = {"purchase_invoice": "purchases/invoices", "purchase_credit_note": "purchases/credit_notes"}
HEADER = (
    "date",
    "type",
    "number",
    "supplier",
    "vat_number",
    "country",
    "currency",
    "bases_per_rate",
    "vat_per_rate",
    "net",
    "vat",
    "deductible_vat",
    "non_deductible_vat",
    "total",
    "categories",
    "status",
    "files",
)


class Zip(Protocol):
    files: dict[str, tuple[str, int]]

    def add(self, path: str, data: bytes) -> None: ...


def _rate(rate: Decimal) -> str:
    return format(rate.normalize(), "f")


def add_purchases(session: Session, period: Period, out: Zip) -> tuple[int, list[list[str]]]:
    """Put the period's bills' files in the zip; (bills packed, the journal's records)."""
    bills = list(
        session.scalars(
            select(Purchase)
            .where(Purchase.issue_date.between(period.first, period.last), Purchase.status != "rejected")
            .order_by(Purchase.issue_date, Purchase.id)
        )
    )
    files: dict[int, list[PurchaseFile]] = defaultdict(list)
    if bills:
        for f in session.scalars(
            select(PurchaseFile).where(PurchaseFile.purchase_id.in_([b.id for b in bills])).order_by(PurchaseFile.id)
        ):
            files[f.purchase_id].append(f)
    records: list[list[str]] = []
    for b in bills:
        sign = -1 if b.kind == "purchase_credit_note" else 1
        totals = totals_of([line_of(line) for line in b.lines])
        paths = []
        for i, f in enumerate(files[b.id]):
            suffix = "." + f.name.rsplit(".", 1)[1].lower() if "." in f.name else ""
            stem = safe_file_name(f"{b.supplier.name}-{b.number}", fallback="bill")
            path = f"{FOLDERS[b.kind]}/{stem}{'-' + str(i + 1) if i else ''}{suffix}"
            if path in out.files:
                path = f"{FOLDERS[b.kind]}/{stem}-{b.id}-{i + 1}{suffix}"
            out.add(path, f.content)
            paths.append(path)
        records.append(
            [
                b.issue_date.isoformat(),
                b.kind,
                b.number,
                b.supplier.name,
                b.supplier.vat or "",
                b.supplier.country,
                b.currency,
                " ".join(f"{_rate(v.rate)}%={fmt_cents(sign * v.base_cents)}" for v in totals.breakdown),
                " ".join(f"{_rate(v.rate)}%={fmt_cents(sign * v.vat_cents)}" for v in totals.breakdown),
                fmt_cents(sign * b.net_cents),
                fmt_cents(sign * b.vat_cents),
                fmt_cents(sign * b.deductible_vat_cents),
                fmt_cents(sign * (b.vat_cents - b.deductible_vat_cents)),
                fmt_cents(sign * b.total_cents),
                " ".join(sorted({line.category for line in b.lines})),
                b.status,
                " ".join(paths),
            ]
        )
    return len(bills), records
