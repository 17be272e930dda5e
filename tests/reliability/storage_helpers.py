"""Builders for the storage reliability tests: small tmpfs disks, read-only mounts, CLI runs, book checks.

Mounting needs root (CI runs as root); without it the tests that need a mount skip and say why.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
AS_OF = "2026-11-30"


def run(data_dir: Path, *argv: str) -> tuple[int, str, str]:
    """The command line in this process: exit code, stdout, stderr."""
    out, err = io.StringIO(), io.StringIO()
    from ledgerdesk import cli

    code = cli.main(["--data-dir", str(data_dir), *argv], out=out, err=err)
    return code, out.getvalue(), err.getvalue()


class ForkServer:
    """Client of fork_server.py: start commands in a warm interpreter, kill and reap them."""

    def __init__(self) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, str(HERE / "fork_server.py")],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            bufsize=1,
        )
        assert json.loads(self.proc.stdout.readline()).get("ready")  # type: ignore[union-attr]

    def _ask(self, request: dict) -> dict:  # type: ignore[type-arg]
        self.proc.stdin.write(json.dumps(request) + "\n")  # type: ignore[union-attr]
        self.proc.stdin.flush()  # type: ignore[union-attr]
        return json.loads(self.proc.stdout.readline())  # type: ignore[union-attr]

    def start(self, argv: list[str], out: Path) -> int:
        return int(self._ask({"run": argv, "out": str(out)})["pid"])

    def wait(self, pid: int) -> dict:  # type: ignore[type-arg]
        return self._ask({"wait": pid})

    def close(self) -> None:
        self.proc.stdin.close()  # type: ignore[union-attr]
        self.proc.wait(timeout=30)


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def folder_state(folder: Path) -> dict[str, str]:
    """Every file under `folder` with its hash: 'unchanged' means byte for byte, and no file more or less."""
    return {str(p.relative_to(folder)): sha(p) for p in sorted(folder.rglob("*")) if p.is_file()}


def _mount_possible() -> str | None:
    if sys.platform != "linux":
        return "mounting a test file system needs Linux"
    if os.geteuid() != 0:
        return "mounting a small tmpfs or a read-only bind mount needs root (CI runs as root)"
    return None


def _run(*cmd: str) -> None:
    subprocess.run(cmd, check=True, capture_output=True)


@contextlib.contextmanager
def small_disk(folder: Path, size: str) -> Iterator[Path]:
    """A tmpfs of `size` (e.g. '2m') mounted on `folder`, unmounted afterwards."""
    reason = _mount_possible()
    if reason:
        pytest.skip(reason)
    folder.mkdir(parents=True, exist_ok=True)
    try:
        _run("mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder))
    except (subprocess.CalledProcessError, FileNotFoundError) as exc:
        pytest.skip(f"cannot mount a tmpfs here: {exc}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], capture_output=True, check=False)


@contextlib.contextmanager
def read_only_view(source: Path, mountpoint: Path) -> Iterator[Path]:
    """`source` (a folder or a file) seen read-only at `mountpoint` through a read-only bind mount."""
    reason = _mount_possible()
    if reason:
        pytest.skip(reason)
    if source.is_dir():
        mountpoint.mkdir(parents=True, exist_ok=True)
    else:
        mountpoint.touch()
    try:
        _run("mount", "--bind", str(source), str(mountpoint))
    except (subprocess.CalledProcessError, FileNotFoundError) as exc:
        pytest.skip(f"cannot bind-mount here: {exc}")
    try:
        _run("mount", "-o", "remount,bind,ro", str(mountpoint))
        yield mountpoint
    finally:
        subprocess.run(["umount", "-l", str(mountpoint)], capture_output=True, check=False)


def fill_disk(folder: Path, leave: int) -> Path:
    """Fill the file system of `folder` until about `leave` bytes are free."""
    ballast = folder / "ballast.bin"
    free = os.statvfs(folder).f_bavail * os.statvfs(folder).f_frsize
    with open(ballast, "wb") as fh:
        remaining = max(0, free - leave)
        chunk = b"\0" * (64 * 1024)
        while remaining > 0:
            try:
                fh.write(chunk[: min(len(chunk), remaining)])
                fh.flush()
            except OSError:
                break
            remaining -= len(chunk)
    return ballast


def check_book(path: Path) -> dict[str, object]:
    """The invariants a book must keep whatever happened to the process writing it."""
    conn = sqlite3.connect(path)
    try:
        integrity = conn.execute("PRAGMA integrity_check").fetchall()
        assert integrity == [("ok",)], integrity
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        for kind in ("invoice", "credit_note"):
            rows = conn.execute(
                "SELECT number_year, number_seq FROM invoices WHERE kind = ? AND status = 'issued'", (kind,)
            ).fetchall()
            by_year: dict[int, list[int]] = {}
            for year, seq in rows:
                by_year.setdefault(year, []).append(seq)
            for year, seqs in by_year.items():
                assert sorted(seqs) == list(range(1, len(seqs) + 1)), (
                    f"{kind} {year}: gap or duplicate in {sorted(seqs)}"
                )
        over_paid = conn.execute(
            "SELECT p.id FROM payments p JOIN allocations a ON a.payment_id = p.id "
            "GROUP BY p.id HAVING SUM(a.amount_cents) > MAX(p.amount_cents)"
        ).fetchall()
        assert over_paid == [], f"payments allocated beyond their amount: {over_paid}"
        over_allocated = conn.execute(
            "SELECT i.id FROM invoices i JOIN allocations a ON a.invoice_id = i.id "
            "GROUP BY i.id HAVING SUM(a.amount_cents) > MAX(i.total_cents)"
        ).fetchall()
        assert over_allocated == [], f"invoices allocated beyond their total: {over_allocated}"
        present = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        counts = {
            table: conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
            for table in (
                "invoices",
                "payments",
                "allocations",
                "bank_lines",
                "reminder_letters",
                "recurring_occurrences",
                "customers",
            )
            if table in present
        }
    finally:
        conn.close()
    return counts


def book_state(path: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table, without the columns that record when a command ran (DATETIME):
    two runs of the same command on the same book give the same state."""
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        tables = [
            r[0]
            for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
            )
        ]
        state = {}
        for table in tables:
            columns = [
                row[1]
                for row in conn.execute(f"PRAGMA table_info({table})")
                if "DATETIME" not in (row[2] or "").upper() and "TIMESTAMP" not in (row[2] or "").upper()
            ]
            select = ", ".join(f'"{c}"' for c in columns)
            state[table] = sorted(conn.execute(f'SELECT {select} FROM "{table}"').fetchall(), key=repr)
        return state
    finally:
        conn.close()


def behind_book(folder: Path, built: Path) -> tuple[Path, str]:
    """A book at the first revision (every migration still to run) with 6000 customers (about 2.5 MB),
    built in `built` and copied into `folder` (which may be a small disk)."""
    import shutil

    from ledgerdesk.persistence import book as book_module
    from ledgerdesk.persistence.db import Database

    built.mkdir(parents=True)
    book = built / "ledgerdesk.sqlite"
    revisions = book_module.known_revisions()
    db = Database(book)
    book_module.upgrade(db, revisions[0])
    db.dispose()
    conn = sqlite3.connect(book)
    conn.executemany(
        "INSERT INTO customers (name, kind, street, postcode, city, country, language, email, phone, notes, "
        "receives_einvoice, created_on) VALUES (?, 'business', '', '', '', 'BE', 'nl', '', '', ?, 0, '2025-01-01')",
        [(f"Klant {i}", "x" * 300) for i in range(6000)],
    )
    conn.commit()
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    folder.mkdir(parents=True)
    shutil.copy(book, folder / book.name)
    return folder / book.name, revisions[0]
