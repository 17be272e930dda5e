"""Verified backups of a book file: copied to a temporary name, checked, renamed, rotated; restore.

A backup is a copy made with SQLite's online backup API from a read transaction, so it is one
consistent moment of the book even while the app writes. It is written as a hidden `.partial`
file, checked (it opens, `PRAGMA integrity_check` says ok, every table has the same number of rows
as the book had at that moment, the same last invoice and credit note numbers), its facts are
written beside it as JSON, and only then is it renamed to its final name: the rename is the commit
point, so a backup killed half-way is never listed. The book holds everything (the e-invoice archive
keeps each UBL file byte for byte in the `einvoice_archive` table; there are no attachments outside
the file), so one file is a whole backup.

A second folder (a USB disk, a NAS; network and sync folders are fine for copies) receives a copy
of each backup, checked against the first by SHA-256. Rotation (domain.retention) runs in each folder.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from pathlib import Path

from ..domain.messages import Message
from ..domain.os_errors import reason as os_reason
from ..domain.retention import DEFAULT_POLICY, RetentionPolicy, to_keep
from ..paths import BookPaths
from .errors import BookError

log = logging.getLogger(__name__)

SQLITE_MAGIC = b"SQLite format 3\x00"
STAMP_FORMAT = "%Y%m%d-%H%M%S-%f"
_NAME = re.compile(r"^(?P<stem>.+)-(?P<stamp>\d{8}-\d{6}-\d{6})-(?P<label>[a-z0-9][a-z0-9_-]*)\.sqlite$")
SETTINGS_FILE = "backup-settings.json"
SECOND_FOLDER_NAME = "LedgerDesk backups"
AUTOMATIC_LABELS = frozenset({"daily", "close"})
COPY_PAGES = 1024


class BackupError(BookError):
    """A backup could not be made, read or restored; `message` says why (translatable)."""

    def __init__(self, message: Message) -> None:
        super().__init__(str(message))
        self.message = message


@dataclass(frozen=True)
class BackupFacts:
    """What a backup holds, read from the copy itself when it was checked."""

    revision: str | None
    rows: dict[str, int]
    last_invoice: str | None
    last_credit_note: str | None
    company: str | None
    integrity: str = "ok"
    size: int = 0
    sha256: str = ""
    verified_at: str = ""

    @property
    def invoices(self) -> int:
        return self.rows.get("invoices", 0)

    @property
    def archived_einvoices(self) -> int:
        return self.rows.get("einvoice_archive", 0)

    @property
    def customers(self) -> int:
        return self.rows.get("customers", 0)

    def same_content_as(self, other: BackupFacts) -> bool:
        return (self.revision, self.rows, self.last_invoice, self.last_credit_note) == (
            other.revision,
            other.rows,
            other.last_invoice,
            other.last_credit_note,
        )

    def to_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict) -> BackupFacts:
        return cls(**{k: data[k] for k in cls.__dataclass_fields__ if k in data})


@dataclass(frozen=True)
class Backup:
    """One finished backup file; `facts` is None when its check could not be read back."""

    path: Path
    made_at: datetime
    label: str
    facts: BackupFacts | None
    second_copy: bool = False

    @property
    def verified(self) -> bool:
        return self.facts is not None and self.facts.integrity == "ok"


@dataclass
class BackupSettings:
    """Per book, beside it: automatic backups on/off and the second folder."""

    automatic: bool = True
    second_folder: Path | None = None

    @classmethod
    def load(cls, paths: BookPaths) -> BackupSettings:
        file = paths.folder / SETTINGS_FILE
        try:
            data = json.loads(file.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return cls()
        except (OSError, ValueError) as exc:
            log.warning("unreadable %s (%s); using the defaults", file, exc)
            return cls()
        second = data.get("second_folder")
        return cls(automatic=bool(data.get("automatic", True)), second_folder=Path(second) if second else None)

    def save(self, paths: BookPaths) -> None:
        data = {"automatic": self.automatic, "second_folder": str(self.second_folder) if self.second_folder else None}
        _write_atomically(paths.folder / SETTINGS_FILE, json.dumps(data, indent=2).encode("utf-8"))


@dataclass
class BackupResult:
    backup: Backup
    second_copy: Path | None = None
    problems: list[Message] = field(default_factory=list)
    removed: int = 0


def read_only(path: Path, *, immutable: bool = False) -> sqlite3.Connection:
    """A read-only connection; the path goes into a percent-encoded URI, so folders named
    "Facturen #2" or "50% klaar" open the right file (a raw "file:" URI would cut at # or ?)."""
    uri = Path(path).resolve().as_uri() + ("?mode=ro&immutable=1" if immutable else "?mode=ro")
    return sqlite3.connect(uri, uri=True)


# --- reading what a book file holds ------------------------------------------------------
def _tables(conn: sqlite3.Connection) -> list[str]:
    return [
        r[0]
        for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
        )
    ]


def read_facts(conn: sqlite3.Connection) -> BackupFacts:
    """Row counts of every table, the schema revision, the last numbers and the company name."""
    tables = _tables(conn)
    rows = {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}

    def one(sql: str) -> str | None:
        try:
            row = conn.execute(sql).fetchone()
        except sqlite3.DatabaseError:
            return None
        return row[0] if row else None

    last = "SELECT number FROM invoices WHERE kind = '{}' AND number IS NOT NULL ORDER BY number DESC LIMIT 1"
    return BackupFacts(
        revision=one("SELECT version_num FROM alembic_version") if "alembic_version" in rows else None,
        rows=rows,
        last_invoice=one(last.format("invoice")) if "invoices" in rows else None,
        last_credit_note=one(last.format("credit_note")) if "invoices" in rows else None,
        company=one("SELECT name FROM company WHERE id = 1") if "company" in rows else None,
    )


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def verify(path: Path) -> BackupFacts:
    """Open the copy read-only and check it; BackupError says what is wrong with it."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(16)
    except OSError as exc:
        raise BackupError(
            Message.of("The backup {path} cannot be read: {error}.", path=path, error=os_reason(exc))
        ) from None
    if head != SQLITE_MAGIC:
        raise BackupError(Message.of("The backup {path} is damaged: it is not an SQLite database.", path=path))
    try:
        # immutable=1: a copy is never written, so no -wal/-shm files appear beside it (read-only media too)
        conn = read_only(path, immutable=True)
    except sqlite3.Error as exc:
        raise BackupError(Message.of("The backup {path} cannot be opened: {error}.", path=path, error=exc)) from None
    try:
        problems = [r[0] for r in conn.execute("PRAGMA integrity_check(5)")]
        if problems != ["ok"]:
            raise BackupError(
                Message.of("The backup {path} is damaged: {error}.", path=path, error="; ".join(problems))
            )
        facts = read_facts(conn)
    except sqlite3.DatabaseError as exc:
        raise BackupError(Message.of("The backup {path} is damaged: {error}.", path=path, error=exc)) from None
    finally:
        conn.close()
    if facts.revision is None or "company" not in facts.rows:
        raise BackupError(Message.of("The backup {path} is not a LedgerDesk book.", path=path))
    return BackupFacts(
        **{
            **asdict(facts),
            "size": path.stat().st_size,
            "sha256": _sha256(path),
            "verified_at": datetime.now().isoformat(timespec="seconds"),
        }
    )


def check(path: Path) -> BackupFacts:
    """verify(), and compare with the checksum recorded when the backup was made (bit rot, edits)."""
    facts = verify(path)
    recorded = _read_manifest(path)
    if recorded is not None and recorded.sha256 and recorded.sha256 != facts.sha256:
        raise BackupError(
            Message.of("The backup {path} is damaged: it changed since it was made (its checksum differs).", path=path)
        )
    return facts


# --- files ---------------------------------------------------------------------------------
def _fsync_dir(folder: Path) -> None:
    if os.name == "nt":
        return  # directories cannot be opened for fsync on Windows; NTFS journals the rename
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_file(path: Path) -> None:
    with open(path, "rb+") as fh:
        os.fsync(fh.fileno())


def _write_atomically(target: Path, data: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.partial")
    with open(tmp, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, target)
    _fsync_dir(target.parent)


def _manifest(path: Path) -> Path:
    return path.with_suffix(".json")


def _finish(tmp: Path, final: Path, facts: BackupFacts) -> None:
    """Facts first, then the rename that makes the backup exist."""
    _fsync_file(tmp)
    _write_atomically(_manifest(final), json.dumps(facts.to_json(), indent=2).encode("utf-8"))
    os.replace(tmp, final)
    _fsync_dir(final.parent)


def _discard(path: Path) -> None:
    for p in (path, Path(f"{path}-journal"), Path(f"{path}-wal"), Path(f"{path}-shm")):
        try:
            p.unlink()
        except FileNotFoundError:
            pass


def second_folder_for(paths: BookPaths, base: Path) -> Path:
    """Each book gets its own subfolder on the shared disk, named after its folder and a hash of its path."""
    digest = hashlib.sha256(str(paths.book.resolve()).encode("utf-8")).hexdigest()[:8]
    return base / SECOND_FOLDER_NAME / f"{paths.folder.name or 'book'}-{digest}"


# --- making, listing, rotating ----------------------------------------------------------------
def make_backup(
    paths: BookPaths,
    label: str,
    *,
    now: datetime | None = None,
    settings: BackupSettings | None = None,
    policy: RetentionPolicy | None = DEFAULT_POLICY,
    progress: Callable[[int, int], None] | None = None,
) -> BackupResult:
    """Back up the book into backups/ (and the second folder), verified, then rotate (unless policy is None)."""
    now = now or datetime.now()
    settings = settings if settings is not None else BackupSettings.load(paths)
    paths.backups.mkdir(parents=True, exist_ok=True)
    name = f"{paths.book.stem}-{now.strftime(STAMP_FORMAT)}-{label}.sqlite"
    final = paths.backups / name
    tmp = paths.backups / f".{name}.partial"
    _discard(tmp)
    try:
        source = read_only(paths.book)
        source.isolation_level = None  # the BEGIN below is ours
        try:
            source.execute("BEGIN")  # one read snapshot for the counts and the copy
            expected = read_facts(source)
            target = sqlite3.connect(str(tmp))
            try:
                # in steps of COPY_PAGES pages, reporting (copied, total) pages between steps
                source.backup(
                    target,
                    pages=COPY_PAGES,
                    progress=(lambda _status, left, total: progress(total - left, total)) if progress else None,
                )
            finally:
                target.close()
            source.execute("COMMIT")
        finally:
            source.close()
        facts = verify(tmp)
        if not facts.same_content_as(expected):
            raise BackupError(
                Message.of(
                    "The backup {path} does not hold what the book held (rows or last numbers differ); it was discarded.",
                    path=final,
                )
            )
        _finish(tmp, final, facts)
    except (sqlite3.Error, OSError) as exc:
        _discard(tmp)
        from .faults import DiskFullError, ReadOnlyError, explain

        fault = explain(exc, paths.book, writing=final)  # a full disk or a read-only folder, said as such
        if isinstance(fault, DiskFullError | ReadOnlyError):
            raise fault from None
        raise BackupError(
            Message.of("The book {path} could not be backed up: {error}.", path=paths.book, error=exc)
        ) from None
    except BaseException:
        _discard(tmp)
        raise
    log.info("backup %s verified: %s rows, last invoice %s", final, sum(facts.rows.values()), facts.last_invoice)
    result = BackupResult(Backup(final, now, label, facts))
    if settings.second_folder is not None:
        try:
            result.second_copy = _copy_to_second(paths, final, facts, settings.second_folder)
        except BackupError as exc:
            result.problems.append(exc.message)
            log.warning("second copy failed: %s", exc)
    if policy is None:
        return result
    result.removed = rotate(paths.backups, paths.book.stem, policy)
    if result.second_copy is not None:
        result.removed += rotate(result.second_copy.parent, paths.book.stem, policy)
    return result


def _copy_to_second(paths: BookPaths, source: Path, facts: BackupFacts, base: Path) -> Path:
    if not base.is_dir():
        raise BackupError(
            Message.of("The second backup folder {folder} is not reachable (is the disk plugged in?).", folder=base)
        )
    folder = second_folder_for(paths, base)
    final = folder / source.name
    tmp = folder / f".{source.name}.partial"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with open(source, "rb") as src, open(tmp, "wb") as dst:
            dst.writelines(iter(lambda: src.read(1 << 20), b""))
        if _sha256(tmp) != facts.sha256:
            raise BackupError(
                Message.of("The copy in {folder} differs from the backup; it was discarded.", folder=folder)
            )
        _finish(tmp, final, facts)
    except OSError as exc:
        _discard(tmp)
        raise BackupError(
            Message.of("The backup could not be copied to {folder}: {error}.", folder=folder, error=os_reason(exc))
        ) from None
    except BaseException:
        _discard(tmp)
        raise
    return final


def _parse(path: Path) -> tuple[str, datetime, str] | None:
    match = _NAME.match(path.name)
    if not match:
        return None
    try:
        return match["stem"], datetime.strptime(match["stamp"], STAMP_FORMAT), match["label"]
    except ValueError:
        return None


def _read_manifest(path: Path) -> BackupFacts | None:
    try:
        return BackupFacts.from_json(json.loads(_manifest(path).read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError):
        return None


def backups_in(folder: Path, stem: str, *, second_copy: bool = False) -> list[Backup]:
    """Finished backups of one book in one folder, newest first (never a .partial)."""
    found: list[Backup] = []
    if not folder.is_dir():
        return found
    for path in folder.iterdir():
        parsed = _parse(path)
        if parsed is None or parsed[0] != stem:
            continue
        found.append(Backup(path, parsed[1], parsed[2], _read_manifest(path), second_copy))
    return sorted(found, key=lambda b: b.made_at, reverse=True)


def list_backups(paths: BookPaths, settings: BackupSettings | None = None) -> list[Backup]:
    settings = settings if settings is not None else BackupSettings.load(paths)
    found = backups_in(paths.backups, paths.book.stem)
    if settings.second_folder is not None:
        found += backups_in(second_folder_for(paths, settings.second_folder), paths.book.stem, second_copy=True)
    return sorted(found, key=lambda b: (b.made_at, b.second_copy), reverse=True)


def rotate(folder: Path, stem: str, policy: RetentionPolicy = DEFAULT_POLICY) -> int:
    """Delete the backups the retention policy does not keep; returns how many went."""
    existing = backups_in(folder, stem)
    by_hand = [b.made_at for b in existing if b.label == "manual"]  # added to the day, never in place of it
    keep = to_keep((b.made_at for b in existing), policy, by_hand=by_hand)
    removed = 0
    for b in existing:
        if b.made_at not in keep:
            b.path.unlink(missing_ok=True)
            _manifest(b.path).unlink(missing_ok=True)
            removed += 1
    return removed


def daily_due(backups: Iterable[Backup], today: date) -> bool:
    """True when no backup of the book was made today (any kind counts)."""
    return not any(b.made_at.date() == today and not b.second_copy for b in backups)


def same_disk_warning(paths: BookPaths, settings: BackupSettings, backups: Iterable[Backup]) -> Message | None:
    """A warning while every copy sits on the disk that holds the book."""
    try:
        book_device = os.stat(paths.folder).st_dev
    except OSError:
        return None
    if settings.second_folder is None:
        return Message.of(
            "Every backup is on the same disk as the book; choose a second folder on a USB disk or a NAS."
        )
    try:
        second_device = os.stat(settings.second_folder).st_dev
    except OSError:
        return Message.of(
            "The second backup folder {folder} is not reachable (is the disk plugged in?).",
            folder=settings.second_folder,
        )
    if second_device == book_device:
        return Message.of(
            "The second backup folder {folder} is on the same disk as the book; choose a USB disk or a NAS.",
            folder=settings.second_folder,
        )
    if not any(b.second_copy for b in backups):
        return Message.of("No backup has been copied to {folder} yet.", folder=settings.second_folder)
    return None


# --- restoring ---------------------------------------------------------------------------------
def copy_into(source: Path, book: Path) -> None:
    """Replace the book's content with the source's, in one SQLite transaction (a kill leaves the old book)."""
    src = read_only(source, immutable=True)
    dst = sqlite3.connect(str(book))
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()


def restore_book(paths: BookPaths, source: Path, *, now: datetime | None = None) -> BackupFacts:
    """Make the book exactly the backup: check the backup, back up the book as it is, copy, check.

    Refuses (book untouched) a damaged backup, one written by a newer LedgerDesk, a book open elsewhere or
    one on a network drive or in a sync folder.
    """
    from .book_lock import acquire_lock
    from .errors import UnsafeLocationError
    from .location import unsafe_for_book
    from .revisions import known_revisions

    problem = unsafe_for_book(paths.folder)  # the restored book could not be opened there anyway
    if problem is not None:
        raise UnsafeLocationError(problem)
    facts = check(source)
    if facts.revision not in known_revisions():
        raise BackupError(
            Message.of(
                "The backup {path} was made by a newer version of LedgerDesk (schema {revision}); "
                "update the app to restore it.",
                path=source,
                revision=facts.revision,
            )
        )
    lock = acquire_lock(paths)
    try:
        if paths.book.exists():
            try:
                # no rotation now: it could delete the very backup being restored
                make_backup(paths, "before-restore", now=now, policy=None)
            except BackupError:
                # The book itself is damaged (the usual reason to restore): keep its bytes as they are.
                stamp = (now or datetime.now()).strftime(STAMP_FORMAT)
                kept = paths.backups / f"{paths.book.stem}-{stamp}-damaged.sqlite"
                _write_atomically(kept, paths.book.read_bytes())
                for suffix in ("-wal", "-shm"):
                    Path(f"{paths.book}{suffix}").unlink(missing_ok=True)
                paths.book.unlink()
                log.warning("the book could not be backed up before the restore; its bytes are kept in %s", kept)
        try:
            copy_into(source, paths.book)
            conn = read_only(paths.book)
            try:
                restored = read_facts(conn)
            finally:
                conn.close()
        except sqlite3.Error as exc:
            raise BackupError(
                Message.of("The backup {path} could not be restored: {error}.", path=source, error=exc)
            ) from None
        if not restored.same_content_as(facts):
            raise BackupError(Message.of("The restored book does not match the backup {path}.", path=source))
    finally:
        lock.release()
    log.info("restored %s from %s", paths.book, source)
    return facts
