"""Benchmark a huge camt.053 statement: a 200 MB file imported by the command line, time and peak memory.

    uv run python benchmarks/bench_bank_stream.py [--mb 200] [--keep]

Issue 24.2: a 200 MB camt file peaked at 2.8 GB. Targets: under 500 MB, under 10 s per MB (aim far lower).
The file is one statement of identical-shaped entries (about 680 bytes each) written by
`banking.samples.big_camt`; the import runs in a child process whose peak RSS is read with getrusage.
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from ledgerdesk.banking.samples import big_camt

ENTRY_BYTES = 678  # measured size of one big_camt entry


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mb", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "big.xml"
        size = big_camt(path, args.mb * 1024 * 1024 // ENTRY_BYTES)
        start = time.perf_counter()
        run = subprocess.run(
            [
                sys.executable,
                "-m",
                "ledgerdesk.cli",
                "--data-dir",
                str(Path(tmp) / "book"),
                "import-statement",
                str(path),
                "--accept-account",
                "--json",
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        took = time.perf_counter() - start
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        lines = run.stdout.count('"line":') if run.returncode == 0 else 0
        print(
            f"{size / 1e6:.0f} MB camt.053, {lines:,} lines: exit {run.returncode}, {took:.1f} s "
            f"({took / (size / 1e6):.3f} s/MB), peak {peak:.0f} MB"
        )
        if run.returncode:
            print(run.stderr[-2000:])


if __name__ == "__main__":
    main()
