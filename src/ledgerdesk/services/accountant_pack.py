"""The accountant's period pack: one zip with the period's sales e-invoices, bank files, journal and payments.

What is in the zip (`manifest.json` says it again, with the SHA-256 and size of every other file):
- `sales/invoices/<number>.xml`, `sales/credit_notes/<number>.xml`: the Peppol BIS 3.0 UBL of each
  document issued in the period, with its PDF embedded (the archived e-invoice; archived now when it
  never was, as `export-ubl` does);
- `bank/<file name>`: the CODA / camt files whose lines were booked in the period, byte for byte as
  imported (imports made before the book kept files are listed in the manifest as missing);
- `sales_journal.csv`: one row per document with its bases and VAT per rate, return grids and
  revenue category (`domain.sales_journal`); `payments.csv`: the payments received in the period.
- `purchases/invoices/…`, `purchases/credit_notes/…` and `purchase_journal.csv`: the bills of the period
  with their documents as received (`services.accountant_purchases`).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import BinaryIO

from sqlalchemy import select
from sqlalchemy.orm import Session

from .. import __version__
from ..atomic import atomic_file
from ..domain.document import document_of
from ..domain.money import fmt_cents
from ..domain.period import Period, check_not_sent
from ..domain.sales_journal import HEADER, JournalRow, grid_totals, journal_record, journal_row
from ..persistence.models import (
    AccountantPack,
    Allocation,
    BankLine,
    Customer,
    ImportBatch,
    ImportedFile,
    Invoice,
    Payment,
)
from ..user_files import safe_file_name
from . import history
from .accountant_purchases import HEADER as PURCHASE_HEADER
from .accountant_purchases import JOURNAL as PURCHASE_JOURNAL
from .accountant_purchases import add_purchases
from .closing import sent_periods
from .company import get_company
from .documents import corrected_references
from .einvoicing import archived, export_einvoice

JOURNAL = "sales_journal.csv"
PAYMENTS = "payments.csv"
MANIFEST = "manifest.json"
FOLDERS = {"invoice": "sales/invoices", "credit_note": "sales/credit_notes"}
PAYMENT_HEADER = (
    "date",
    "amount",
    "method",
    "customer",
    "counterparty",
    "counterparty_iban",
    "communication",
    "allocated_to",
    "unallocated",
)
# A fixed time stamp for every zip entry: the same book gives the same pack, byte for byte.
_ZIP_TIME = (2000, 1, 1, 0, 0, 0)


@dataclass(frozen=True)
class PackedDocument:
    invoice_id: int
    kind: str
    number: str
    path: str
    valid: bool
    findings: tuple[str, ...] = ()


@dataclass(frozen=True)
class MissingFile:
    file_name: str
    sha256: str
    imported_on: date


@dataclass
class Pack:
    """What a pack holds, for the summary the command line and the app show."""

    period: Period
    documents: list[PackedDocument] = field(default_factory=list)
    journal: list[JournalRow] = field(default_factory=list)
    payments: int = 0
    purchases: int = 0  # suppliers' bills dated in the period (services.accountant_purchases)
    bank_files: list[str] = field(default_factory=list)
    missing_bank_files: list[MissingFile] = field(default_factory=list)
    files: dict[str, str] = field(default_factory=dict)  # path in the zip -> SHA-256
    size: int = 0

    @property
    def invalid(self) -> list[PackedDocument]:
        return [d for d in self.documents if not d.valid]

    @property
    def grids(self) -> dict[str, int]:
        return grid_totals(self.journal)


class _Zip:
    """Entries written in order with a fixed time stamp, each hashed as it goes, into `sink` (a file being
    written atomically, so a quarter's PDFs never sit in memory all at once) or into memory."""

    def __init__(self, sink: BinaryIO | None = None) -> None:
        self.buffer: BinaryIO = sink if sink is not None else io.BytesIO()
        self.zip = zipfile.ZipFile(self.buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6)
        self.files: dict[str, tuple[str, int]] = {}

    def add(self, path: str, data: bytes) -> None:
        if path in self.files:
            raise AssertionError(f"{path} twice in one pack")
        info = zipfile.ZipInfo(path, date_time=_ZIP_TIME)
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = 0o644 << 16
        self.zip.writestr(info, data)
        self.files[path] = (hashlib.sha256(data).hexdigest(), len(data))

    def close(self) -> None:
        self.zip.close()


def _csv(header: tuple[str, ...], records: Sequence[Sequence[str]]) -> bytes:
    # UTF-8 with a byte order mark, comma-separated, decimal point: read right by Excel in every locale's
    # "import CSV" and by the accounting packages' CSV importers (WinBooks, Exact) without guessing.
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(records)
    return out.getvalue().encode("utf-8-sig")


def _unique(path: str, taken: dict[str, tuple[str, int]], tag: str) -> str:
    if path not in taken:
        return path
    stem, dot, suffix = path.rpartition(".")
    return f"{stem}-{tag}.{suffix}" if dot else f"{path}-{tag}"


def _documents(
    session: Session,
    period: Period,
    out: _Zip,
    pack: Pack,
    *,
    today: date,
    now: datetime | None,
    progress: Callable[[int, int], None] | None,
) -> None:
    invoices = list(
        session.scalars(
            select(Invoice)
            .where(Invoice.status == "issued", Invoice.issue_date.between(period.first, period.last))
            .order_by(Invoice.kind.desc(), Invoice.number_year, Invoice.number_seq, Invoice.id)
        )
    )
    corrects = corrected_references(session, invoices)
    for done, invoice in enumerate(invoices, 1):
        row = archived(session, invoice.id)
        if row is not None:
            xml, valid = row.xml, bool(row.valid)
            findings = tuple(
                f"{f.get('rule', '')}: {f.get('message', '')}" for f in row.findings if f.get("severity") == "fatal"
            )
        else:
            exported = export_einvoice(session, invoice.id, on=today, now=now)
            xml, valid = exported.xml, exported.report.valid
            findings = tuple(f"{f.rule}: {f.message}" for f in exported.report.findings if f.is_fatal)
        number = invoice.number or ""
        path = _unique(f"{FOLDERS[invoice.kind]}/{safe_file_name(number, '.xml')}", out.files, str(invoice.id))
        out.add(path, xml)
        pack.documents.append(PackedDocument(invoice.id, invoice.kind, number, path, valid, findings))
        pack.journal.append(journal_row(document_of(invoice, corrects=corrects.get(invoice.id))))
        if progress is not None:
            progress(done, len(invoices))
    records = [journal_record(r) for r in pack.journal]
    out.add(JOURNAL, _csv(HEADER, records))


def _payments(session: Session, period: Period, out: _Zip, pack: Pack) -> None:
    payments = list(
        session.scalars(
            select(Payment).where(Payment.date.between(period.first, period.last)).order_by(Payment.date, Payment.id)
        )
    )
    names = {cid: name for cid, name in session.execute(select(Customer.id, Customer.name))}
    numbers = {
        iid: number
        for iid, number in session.execute(
            select(Invoice.id, Invoice.number)
            .join(Allocation, Allocation.invoice_id == Invoice.id)
            .join(Payment, Payment.id == Allocation.payment_id)
            .where(Payment.date.between(period.first, period.last))
        )
    }
    records = []
    for p in payments:
        allocated = sum(a.amount_cents for a in p.allocations)
        records.append(
            (
                p.date.isoformat(),
                fmt_cents(p.amount_cents),
                p.method,
                names.get(p.customer_id or 0, ""),
                p.counterparty_name,
                p.counterparty_iban,
                p.communication,
                " ".join(
                    f"{numbers.get(a.invoice_id) or a.invoice_id}={fmt_cents(a.amount_cents)}"
                    for a in sorted(p.allocations, key=lambda a: a.id)
                ),
                fmt_cents(p.amount_cents - allocated),
            )
        )
    out.add(PAYMENTS, _csv(PAYMENT_HEADER, records))
    pack.payments = len(records)


def _bank_files(session: Session, period: Period, out: _Zip, pack: Pack) -> None:
    batch_ids = select(BankLine.batch_id).where(BankLine.booking_date.between(period.first, period.last)).distinct()
    batches = list(session.scalars(select(ImportBatch).where(ImportBatch.id.in_(batch_ids)).order_by(ImportBatch.id)))
    for batch in batches:
        content = session.scalar(select(ImportedFile.content).where(ImportedFile.batch_id == batch.id))
        if content is None:
            pack.missing_bank_files.append(MissingFile(batch.file_name, batch.file_sha256, batch.imported_on))
            continue
        path = _unique(f"bank/{safe_file_name(batch.file_name, fallback='statement')}", out.files, str(batch.id))
        out.add(path, content)
        pack.bank_files.append(path)


def build_pack(
    session: Session,
    period: Period,
    *,
    today: date,
    now: datetime | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[bytes, Pack]:
    """The zip of a period in memory (for a pack that goes by e-mail) and what it holds. Archives the
    e-invoice of a document that never had one (in the caller's transaction), as exporting it would."""
    buffer = io.BytesIO()
    pack = _assemble(session, period, _Zip(buffer), today=today, now=now, progress=progress)
    data = buffer.getvalue()
    pack.size = len(data)
    return data, pack


def _assemble(
    session: Session,
    period: Period,
    out: _Zip,
    *,
    today: date,
    now: datetime | None,
    progress: Callable[[int, int], None] | None,
) -> Pack:
    get_company(session)  # a book without a company has nothing to pack: says so
    now = now or datetime.now()
    pack = Pack(period)
    _documents(session, period, out, pack, today=today, now=now, progress=progress)
    _payments(session, period, out, pack)
    _bank_files(session, period, out, pack)
    pack.purchases, purchase_records = add_purchases(session, period, out)
    out.add(PURCHASE_JOURNAL, _csv(PURCHASE_HEADER, purchase_records))
    pack.files = {path: sha for path, (sha, _size) in out.files.items()}
    manifest = {
        "format": "ledgerdesk-accountant-pack/1",
        "made_by": f"LedgerDesk {__version__}",
        "made_at": now.isoformat(timespec="seconds"),
        "period": {"name": period.name, "first": period.first.isoformat(), "last": period.last.isoformat()},
        "seller": _seller(session),
        "documents": [
            {
                "kind": d.kind,
                "number": d.number,
                "file": d.path,
                "valid": d.valid,
                **({"problems": list(d.findings)} if d.findings else {}),
            }
            for d in pack.documents
        ],
        "vat_grids": {grid: fmt_cents(cents) for grid, cents in pack.grids.items()},
        "payments": pack.payments,
        "purchases": pack.purchases,
        "bank_files_missing": [
            {
                "file_name": m.file_name,
                "sha256": m.sha256,
                "imported_on": m.imported_on.isoformat(),
                "why": "imported before LedgerDesk kept statement files",
            }
            for m in pack.missing_bank_files
        ],
        "files": [{"path": path, "sha256": sha, "size": size} for path, (sha, size) in out.files.items()],
    }
    out.add(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=2).encode("utf-8"))
    out.close()
    return pack


def _seller(session: Session) -> dict[str, str]:
    company = get_company(session)
    return {"name": company.name, "vat": company.vat or ""}


def write_pack(
    session: Session,
    period: Period,
    target: Path,
    *,
    today: date,
    now: datetime | None = None,
    resend: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> Pack:
    """Make the pack of a period, write it to `target` whole or not at all, and record it as sent: the
    period is closed from then on, and each document's history says which pack it went in.

    A period that was sent (wholly or partly) is packed again only with `resend`."""
    check_not_sent(period, sent_periods(session), resend=resend)
    now = now or datetime.now()
    # Written straight into the temporary file beside the target, which becomes the target only after the
    # pack is recorded: a failure anywhere leaves neither a file nor a record.
    with atomic_file(Path(target)) as sink:
        pack = _assemble(session, period, _Zip(sink), today=today, now=now, progress=progress)
        sink.flush()
        pack.size = sink.seek(0, io.SEEK_END)
        sink.seek(0)
        digest = hashlib.sha256()
        while chunk := sink.read(1 << 20):
            digest.update(chunk)
        sha = digest.hexdigest()
        _record(session, period, pack, Path(target).name, sha, today=today, now=now, resend=resend)
    return pack


def _record(
    session: Session,
    period: Period,
    pack: Pack,
    file_name: str,
    sha: str,
    *,
    today: date,
    now: datetime,
    resend: bool,
) -> None:
    row = AccountantPack(
        period=period.name,
        first_day=period.first,
        last_day=period.last,
        made_on=today,
        made_at=now,
        file_name=file_name,
        sha256=sha,
        documents=len(pack.documents),
        resent=resend,
    )
    session.add(row)
    session.flush()
    for d in pack.documents:
        history.record(
            session,
            d.invoice_id,
            "sent_to_accountant",
            today,
            period=period.name,
            pack=row.id,
            sha256=pack.files[d.path],
        )


def default_name(session: Session, period: Period) -> str:
    """The pack's file name: the seller's name and the period (`Acme-2026-Q4-accountant.zip`)."""
    return safe_file_name(f"{get_company(session).name}-{period.name}-accountant", ".zip")
