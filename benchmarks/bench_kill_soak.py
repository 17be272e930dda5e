"""A longer kill -9 soak than the test suite's: more random kills per writing command, counts printed.

    uv run python benchmarks/bench_kill_soak.py [--trials 25] [--seed S]

Runs tests/reliability/test_kill_commands.py with LEDGERDESK_KILL_TRIALS kills per command
(import-statement, reminders confirm, recurring run --confirm, import-book) and prints, per
command, how many were killed before or after their commit and how many finished first. Every
trial must leave the book as before or as after (never between) and a re-run must finish it.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=25)
    parser.add_argument("--seed", type=int, default=int(time.time()))
    args = parser.parse_args()
    env = {**os.environ, "LEDGERDESK_KILL_TRIALS": str(args.trials), "LEDGERDESK_KILL_SEED": str(args.seed)}
    started = time.perf_counter()
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            str(ROOT / "tests/reliability/test_kill_commands.py"),
        ],
        env=env,
        cwd=ROOT,
    )
    seconds = time.perf_counter() - started
    counts = json.loads((ROOT / "artifacts" / "reliability-kills.json").read_text())
    print(f"seed {args.seed}, {args.trials} trials per command, {seconds:.0f} s, pytest exit {result.returncode}")
    total = {"trials": 0, "killed": 0, "before": 0, "after": 0, "finished_first": 0}
    for name, row in sorted(counts.items()):
        print(
            f"  {name:<18} trials {row['trials']:>3}  killed {row['killed']:>3}  finished first "
            f"{row['finished_first']:>3}  | book as before {row['before']:>3}, as after {row['after']:>3}, between 0  "
            f"| uninterrupted {row['seconds_uninterrupted_ms']} ms"
        )
        for key in total:
            total[key] += row[key]
    print(
        f"  {'all':<18} trials {total['trials']:>3}  killed {total['killed']:>3}  finished first "
        f"{total['finished_first']:>3}  | book as before {total['before']:>3}, as after {total['after']:>3}, between 0"
    )
    return result.returncode


if __name__ == "__main__":
    raise SystemExit(main())
