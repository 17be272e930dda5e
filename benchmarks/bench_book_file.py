"""Benchmark the book file on large books: `export-book` and `import-book` by the command line, time and peak memory.

    uv run python benchmarks/bench_book_file.py [--keep DIR] [--books demo10 big50k]

Issue 24: on a 25,370-document book export-book peaked at 676 MB and import-book at 547 MB; the limit is
500 MB. Two books: `demo10` is `ledgerdesk demo --years 10 --customers 1000` (about 25,300 documents with
their party snapshots, events and payments), `big50k` is `bigbook.make_big_book` (50,000 invoices over
ten years). Each command runs in a fresh child process whose peak RSS is read with getrusage (the
children's maximum, so each command gets its own `python -c` wrapper process that reports its own).

Measured (2 shared cores, load about 7, so wall times are loose; peaks are not):
    before  demo10 (25,279 documents, 51.8 MB): export 659 MB 7.4 s, import 534 MB 42 s
            big50k (50,000 invoices, 38.7 MB):   export 482 MB 9.3 s, import 606 MB 16.6 s
    after   demo10: export 82 MB (CPU 5.5 -> 7.7 s: each document through document_of), import 335 MB 34 s
            big50k: export 80 MB 14.5 s, import 347 MB 45 s
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from bigbook import make_big_book  # noqa: E402

_CHILD = """
import resource, sys, time
from ledgerdesk.cli import main
t = time.perf_counter()
code = main(sys.argv[1:])
took = time.perf_counter() - t
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(f"@@ {code} {took:.2f} {peak:.0f}", file=sys.stderr)
"""


def _run(*args: str) -> tuple[int, float, float, str]:
    done = subprocess.run([sys.executable, "-c", _CHILD, *args], capture_output=True, text=True, check=False)
    last = [line for line in done.stderr.splitlines() if line.startswith("@@ ")]
    if not last:
        return 99, 0.0, 0.0, done.stderr[-2000:]
    code, took, peak = last[-1].split()[1:]
    return int(code), float(took), float(peak), done.stderr[-500:] if int(code) else ""


def _book(name: str, root: Path) -> Path:
    folder = root / name
    if (folder / "ledgerdesk.sqlite").exists():
        return folder
    if name == "big50k":
        make_big_book(folder)
    else:
        code, *_rest, err = _run(
            "--data-dir", str(folder), "demo", "--years", "10", "--customers", "1000", "--as-of", "2026-11-23"
        )
        if code:
            raise SystemExit(f"demo failed: {err}")
    return folder


def bench(name: str, root: Path) -> dict[str, object]:
    folder = _book(name, root)
    out = root / f"{name}.json"
    out.unlink(missing_ok=True)
    e_code, e_s, e_mb, e_err = _run("--data-dir", str(folder), "export-book", "-o", str(out))
    copy = root / f"{name}-copy"
    if copy.exists():
        for f in copy.iterdir():
            f.unlink()
    i_code, i_s, i_mb, i_err = _run("--data-dir", str(copy), "import-book", str(out))
    return {
        "book": name,
        "file_mb": round(out.stat().st_size / 1e6, 1) if out.exists() else None,
        "export_exit": e_code,
        "export_s": e_s,
        "export_peak_mb": e_mb,
        "import_exit": i_code,
        "import_s": i_s,
        "import_peak_mb": i_mb,
        **({"errors": (e_err + i_err)[-600:]} if e_err or i_err else {}),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--keep", type=Path, help="keep (and reuse) the books in this folder")
    parser.add_argument("--books", nargs="+", default=["demo10", "big50k"])
    args = parser.parse_args()
    root = args.keep or Path(tempfile.mkdtemp(prefix="ledgerdesk-bookfile-"))
    root.mkdir(parents=True, exist_ok=True)
    t = time.perf_counter()
    for name in args.books:
        result = bench(name, root)
        print(json.dumps(result))
        ok = result["export_peak_mb"] < 500 and result["import_peak_mb"] < 500  # type: ignore[operator]
        print(f"target: export and import under 500 MB -> {'OK' if ok else 'MISSED'}")
    print(f"total {time.perf_counter() - t:.0f} s")


if __name__ == "__main__":
    main()
