"""kill -9 at random moments during the writing commands: the book is always as before or as after, never between.

Each trial copies a demo book, starts the command in a warm forked process, kills it with
SIGKILL after a random delay within the command's own running time, then checks the book
(integrity, foreign keys, numbering without gap or duplicate, no over-allocation), checks that
its rows equal either the state before or the state after an uninterrupted run, and re-runs
the command: the end state must equal the uninterrupted run's. The counts go to
artifacts/reliability-kills.json. The seed is fixed so a failure can be replayed; a longer soak
with more trials is benchmarks/bench_kill_soak.py.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import time
from pathlib import Path

import pytest

from .storage_helpers import AS_OF, behind_book, book_state, check_book, run

TRIALS = int(os.environ.get("LEDGERDESK_KILL_TRIALS", "4"))
SEED = int(os.environ.get("LEDGERDESK_KILL_SEED", "20261206"))
ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"

COMMANDS = {
    "import-statement": lambda folder: ["import-statement", str(folder / "demo-statement.cod")],
    "reminders-confirm": lambda folder: ["reminders", "confirm", "--as-of", AS_OF, "--ignore-bank-age"],
    "recurring-run": lambda folder: ["recurring", "run", "--as-of", "2026-12-31", "--confirm"],
    "import-book": lambda folder: ["import-book", str(folder.parent / "demo-book.json")],
}
COUNTS: dict[str, dict[str, int]] = {}


def _start_folder(name: str, demo_folder: Path, target: Path) -> Path:
    """The demo book, or for import-book an empty book (no company) beside the exported JSON."""
    if name == "import-book":
        target.mkdir(parents=True)
        code, _, err = run(target, "invoices")  # creates the empty book
        assert code == 0, err
        shutil.copy(demo_folder.parent / "demo-book.json", target.parent / "demo-book.json")
    else:
        shutil.copytree(demo_folder, target)
    return target


def _moment(rng: random.Random, trial: int, duration: float) -> float:
    """When to kill: anywhere in the run for even trials; for odd ones in its last part, where the
    transaction writes and commits (most of a run is start-up and reading, before any write)."""
    if trial % 2 == 0:
        return rng.uniform(0, duration * 1.1)
    return rng.uniform(duration * 0.6, duration * 1.05)


def _run_to_end(fork_server, folder: Path, argv: list[str], out: Path) -> tuple[dict, float]:  # type: ignore[type-arg]
    started = time.perf_counter()
    pid = fork_server.start(["--data-dir", str(folder), *argv], out)
    result = fork_server.wait(pid)
    return result, time.perf_counter() - started


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_kill_9_at_random_moments_leaves_the_book_before_or_after_and_a_rerun_finishes_it(
    name, demo_folder, fork_server, tmp_path
):
    rng = random.Random(f"{SEED}-{name}")
    reference = _start_folder(name, demo_folder, tmp_path / "reference" / "book")
    argv = COMMANDS[name](reference)
    before = book_state(reference / "ledgerdesk.sqlite")
    result, duration = _run_to_end(fork_server, reference, argv, tmp_path / "reference.out")
    assert result["code"] == 0, (tmp_path / "reference.out").read_text()
    after = book_state(reference / "ledgerdesk.sqlite")
    assert after != before, "the command changed nothing: the trial would prove nothing"
    counts = COUNTS.setdefault(
        name,
        {
            "trials": 0,
            "killed": 0,
            "finished_first": 0,
            "before": 0,
            "after": 0,
            "seconds_uninterrupted_ms": round(duration * 1000),
        },
    )
    for trial in range(TRIALS):
        folder = _start_folder(name, demo_folder, tmp_path / f"t{trial}" / "book")
        argv = COMMANDS[name](folder)
        out = tmp_path / f"t{trial}.out"
        pid = fork_server.start(["--data-dir", str(folder), *argv], out)
        time.sleep(_moment(rng, trial, duration))
        os.kill(pid, signal.SIGKILL)  # a finished child is a zombie until reaped: the signal is harmless
        outcome = fork_server.wait(pid)
        counts["trials"] += 1
        if outcome["signal"] == signal.SIGKILL:
            counts["killed"] += 1
        else:
            counts["finished_first"] += 1
            assert outcome["code"] == 0, out.read_text()
        book = folder / "ledgerdesk.sqlite"
        check_book(book)
        state = book_state(book)
        assert state in (before, after), f"trial {trial}: the book is neither as before nor as after the command"
        counts["before" if state == before else "after"] += 1
        # Re-run (the killed process's lock is stale: flock died with it) and finish the work.
        rerun, _ = _run_to_end(fork_server, folder, argv, tmp_path / f"t{trial}.rerun")
        text = (tmp_path / f"t{trial}.rerun").read_text()
        assert rerun["code"] in (0, 1) and "Traceback" not in text and "internal error" not in text, text
        check_book(book)
        assert book_state(book) == after, f"trial {trial}: re-running did not reach the uninterrupted end state"
        assert not list(folder.glob(".*.new-*")) or rerun["code"] == 0
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "reliability-kills.json").write_text(json.dumps(COUNTS, indent=1))


def test_kill_9_during_a_schema_update_leaves_the_old_or_the_new_schema_and_only_verified_backups(
    fork_server, tmp_path
):
    from ledgerdesk.persistence.backups import BackupError, verify
    from ledgerdesk.persistence.book import read_revision
    from ledgerdesk.persistence.schema import HEAD_REVISION

    rng = random.Random(f"{SEED}-migration")
    source, old = behind_book(tmp_path / "source", tmp_path / "built")
    customers = _customers(source)
    reference = tmp_path / "reference"
    shutil.copytree(source.parent, reference)
    result, duration = _run_to_end(fork_server, reference, ["invoices"], tmp_path / "reference.out")
    assert result["code"] == 0 and read_revision(reference / "ledgerdesk.sqlite") == HEAD_REVISION
    counts = COUNTS.setdefault(
        "schema-update",
        {
            "trials": 0,
            "killed": 0,
            "finished_first": 0,
            "before": 0,
            "after": 0,
            "seconds_uninterrupted_ms": round(duration * 1000),
        },
    )
    for trial in range(TRIALS):
        folder = tmp_path / f"m{trial}"
        shutil.copytree(source.parent, folder)
        pid = fork_server.start(["--data-dir", str(folder), "invoices"], tmp_path / f"m{trial}.out")
        time.sleep(_moment(rng, trial, duration))
        os.kill(pid, signal.SIGKILL)
        outcome = fork_server.wait(pid)
        counts["trials"] += 1
        counts["killed" if outcome["signal"] == signal.SIGKILL else "finished_first"] += 1
        book = folder / "ledgerdesk.sqlite"
        check_book(book)
        revision = read_revision(book)
        assert revision in (old, HEAD_REVISION), f"trial {trial}: the book is at {revision}"
        counts["before" if revision == old else "after"] += 1
        assert _customers(book) == customers
        for copy in (folder / "backups").glob("*.sqlite") if (folder / "backups").exists() else ():
            try:
                verify(copy)  # the one check every backup passes before it counts
            except BackupError as exc:
                pytest.fail(f"trial {trial}: {copy.name} counts as a backup but is not one ({exc})")
        rerun, _ = _run_to_end(fork_server, folder, ["invoices"], tmp_path / f"m{trial}.rerun")
        assert rerun["code"] == 0, (tmp_path / f"m{trial}.rerun").read_text()
        assert read_revision(book) == HEAD_REVISION and _customers(book) == customers
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "reliability-kills.json").write_text(json.dumps(COUNTS, indent=1))


def _customers(book: Path) -> list[tuple[object, ...]]:
    """The rows the old schema already had, in its columns (the update adds columns)."""
    import sqlite3

    conn = sqlite3.connect(f"{book.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return conn.execute("SELECT id, name, notes, created_on FROM customers ORDER BY id").fetchall()
    finally:
        conn.close()
