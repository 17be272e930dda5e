"""`import-statement` in a child process on hostile files: one plain refusal or an import, in bounded time and memory.

Peak memory is the child's own maximum resident set (VmHWM, read as it ends), time the wall clock;
the caps are those of issue 24 (500 MB, 10 s per MB) with a floor for start-up. The
figures of each run go to artifacts/reliability/bank-limits.txt.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ledgerdesk.banking.samples import Stmt, Tx, big_camt, camt, coda

pytestmark = pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads peak memory from /proc")

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts" / "reliability"
MEMORY_CAP_MB = 500
START_SECONDS = 15  # interpreter, Qt-free imports and the book's first open, on a loaded machine


# The command line as `python -m ledgerdesk.cli` runs it, writing its own peak memory when it ends. VmHWM
# belongs to the process's memory map, which exec replaces; getrusage's ru_maxrss would also count the
# forked copy of this (large) pytest process.
RUNNER = """
import atexit, os, sys
def _peak():
    with open('/proc/self/status') as status:
        peak = next(line.split()[1] for line in status if line.startswith('VmHWM:'))
    with open(os.environ['BANK_PEAK_FILE'], 'w') as out:
        out.write(peak)
atexit.register(_peak)
from ledgerdesk.cli import main
raise SystemExit(main(sys.argv[1:]))
"""


def run_cli(data_dir: Path, *args: str, timeout: float = 120) -> tuple[int, str, str, float, float]:
    """(exit code, stdout, stderr, seconds, peak MB) of one command-line run."""
    out, err, peak = (data_dir.parent / name for name in ("out.txt", "err.txt", "peak.txt"))
    env = {**os.environ, "LEDGERDESK_LANG": "en", "BANK_PEAK_FILE": str(peak)}
    start = time.perf_counter()
    with open(out, "wb") as o, open(err, "wb") as e:
        run = subprocess.run(
            [sys.executable, "-c", RUNNER, "--data-dir", str(data_dir), *args],
            stdout=o,
            stderr=e,
            stdin=subprocess.DEVNULL,
            env=env,
            timeout=timeout,
            check=False,
        )
    took = time.perf_counter() - start
    peak_mb = int(peak.read_text()) / 1024  # kB
    return run.returncode, out.read_text("utf-8", "replace"), err.read_text("utf-8", "replace"), took, peak_mb


def book_rows(data_dir: Path) -> tuple[int, ...]:
    conn = sqlite3.connect(data_dir / "ledgerdesk.sqlite")
    try:
        return tuple(
            conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in ("bank_import_batches", "bank_statements", "bank_lines", "payments")
        )
    finally:
        conn.close()


@pytest.fixture(scope="module")
def figures():
    rows: list[str] = []
    yield rows
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "bank-limits.txt").write_text("\n".join(rows) + "\n", encoding="utf-8")


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory) -> Path:
    """One book with one imported line for the module: a refusal must leave it as it is (checked each time)."""
    tmp = tmp_path_factory.mktemp("bank-limits")
    folder = tmp / "book"
    code, _, err, _, _ = run_cli(
        folder,
        "import-statement",
        str(_write(tmp / "first.cod", coda([Stmt(txs=[Tx(100, ref="F1")])]))),
        "--accept-account",
    )
    assert code == 0, err
    return folder


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def _laughs() -> bytes:
    entities = b"".join(b'<!ENTITY l%d "%s">' % (i, b"&l%d;" % (i - 1) * 10) for i in range(1, 12))
    data = camt([Stmt(txs=[Tx(100, ref="X", text="hello")])])
    head, _, rest = data.partition(b"?>")
    return head + b'?><!DOCTYPE Document [<!ENTITY l0 "lol">' + entities + b"]>" + rest.replace(b"hello", b"&l11;")


def _huge_coda_line(path: Path, megabytes: int) -> Path:
    with open(path, "wb") as fh:
        fh.write(coda([Stmt(txs=[Tx(100, ref="H1")])]).split(b"\r\n")[0] + b"\r\n")
        block = b"2" * (1 << 20)
        fh.writelines(block for _ in range(megabytes))
    return path


CASES = {
    "entity expansion": (lambda tmp: _write(tmp / "laughs.xml", _laughs()), "DOCTYPE"),
    "external entity": (
        lambda tmp: _write(
            tmp / "xxe.xml",
            camt([Stmt(txs=[Tx(100, ref="X", text="hello")])])
            .replace(b"?>", b'?><!DOCTYPE Document [<!ENTITY x SYSTEM "file:///etc/passwd">]>', 1)
            .replace(b"hello", b"&x;"),
        ),
        "DOCTYPE",
    ),
    "huge CODA line (100 MB)": (lambda tmp: _huge_coda_line(tmp / "huge.cod", 100), "104,857,600 characters long"),
    "empty file": (lambda tmp: _write(tmp / "empty.xml", b""), "is empty"),
    "a directory": (lambda tmp: (tmp / "folder.cod").mkdir() or tmp / "folder.cod", "not a file"),
    "a FIFO": (lambda tmp: os.mkfifo(tmp / "pipe.cod") or tmp / "pipe.cod", "not a file"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_a_hostile_file_is_refused_in_one_place_with_the_book_unchanged(case, data_dir, tmp_path, figures):
    make, expected = CASES[case]
    path = make(tmp_path)
    before = book_rows(data_dir)
    code, out, err, took, peak = run_cli(data_dir, "import-statement", str(path), timeout=60)
    figures.append(f"{case:28} exit {code}  {took:5.1f} s  peak {peak:4.0f} MB  {err.splitlines()[0] if err else ''}")
    assert code == 1, (out, err)
    assert expected in err
    assert "Traceback" not in err and "internal error" not in err
    assert all(line.startswith("ledgerdesk: ") for line in err.splitlines())
    # refused by the reader (a problem list) or, for what is not a file at all, before it (one sentence)
    assert err.splitlines()[-1].endswith("problem(s); nothing was imported") or (
        len(err.splitlines()) == 1 and str(path) in err
    )
    assert len(err.splitlines()) <= 3  # the cause, at most a true consequence, the summary
    assert book_rows(data_dir) == before
    assert peak < MEMORY_CAP_MB and took < START_SECONDS


def test_a_big_camt_statement_is_streamed_in_bounded_memory_and_time(data_dir, tmp_path, figures):
    path = tmp_path / "big.xml"
    size_mb = big_camt(path, 30_000) / 1e6  # about 20 MB; benchmarks/bench_bank_stream.py runs 200 MB
    code, _, err, took, peak = run_cli(
        data_dir, "import-statement", str(path), "--accept-account", "--json", timeout=10 * size_mb + START_SECONDS
    )
    figures.append(
        f"{f'big camt.053 ({size_mb:.0f} MB)':28} exit {code}  {took:5.1f} s  peak {peak:4.0f} MB  "
        f"{took / size_mb:.2f} s/MB"
    )
    assert code == 0, err
    assert book_rows(data_dir)[2] == 1 + 30_000  # the last test of the module: the book grows here only
    assert peak < MEMORY_CAP_MB
    assert took < 10 * size_mb + START_SECONDS
