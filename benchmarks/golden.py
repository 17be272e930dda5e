"""Golden outputs of the demo book: record them once, then check a refactor changed nothing a user sees.

Run:
    uv run python benchmarks/golden.py record DIR   # builds the demo book, writes every output under DIR
    uv run python benchmarks/golden.py check DIR    # builds it again and compares with DIR (exit 1 if not equal)

The book is `ledgerdesk demo --years 3 --as-of 2026-12-02 --seed 7`. The outputs are what a user or an
accountant sees through the command line: `invoices --json`, `kpi --json`, `export-book`, the text of
every invoice and credit note PDF (`invoice-pdf --as-of`), and every UBL file (`export-ubl --force`).
Values that depend on the wall clock (the PDF embedded in a UBL file, archive timestamps) are replaced
by stable stand-ins before comparing, so only a change of behaviour shows as a difference.
"""

from __future__ import annotations

import base64
import difflib
import io
import json
import re
import sys
import tempfile
import time
from pathlib import Path

from ledgerdesk.cli import main as cli

AS_OF = "2026-12-02"
DEMO = ["demo", "--years", "3", "--as-of", AS_OF, "--seed", "7"]


def _run(data_dir: Path, *args: str) -> str:
    out, err = io.StringIO(), io.StringIO()
    code = cli(["--data-dir", str(data_dir), *args], out=out, err=err)
    if code != 0:
        raise SystemExit(f"ledgerdesk {' '.join(args)} failed ({code}): {err.getvalue().strip()}")
    return out.getvalue()


def _pdf_text(data: bytes) -> str:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    try:
        pages = [pdf[i].get_textpage().get_text_range() for i in range(len(pdf))]
    finally:
        pdf.close()
    return "\n\f\n".join(page.replace("\r\n", "\n") for page in pages)


_EMBEDDED = re.compile(rb"(<cbc:EmbeddedDocumentBinaryObject[^>]*>)([^<]*)(</cbc:EmbeddedDocumentBinaryObject>)")


def _stable_ubl(xml: bytes) -> str:
    """The UBL text with its embedded PDF replaced by that PDF's text (its bytes carry a creation time)."""

    def text_of(match: re.Match[bytes]) -> bytes:
        pdf = base64.b64decode(match.group(2))
        body = _pdf_text(pdf).encode("utf-8")
        return match.group(1) + b"[PDF text:\n" + body + b"\n]" + match.group(3)

    return _EMBEDDED.sub(text_of, xml).decode("utf-8")


def _stable_book(text: str) -> str:
    """The book file with the e-invoice archive's wall-clock fields and embedded PDFs made stable."""
    book = json.loads(text)

    def walk(value: object) -> object:
        if isinstance(value, dict):
            out = {}
            for key, item in value.items():
                if key in ("created_at", "exported_at", "written_at"):
                    out[key] = "<time>"
                elif key == "xml" and isinstance(item, str):
                    try:
                        out[key] = _stable_ubl(base64.b64decode(item))
                    except ValueError:
                        out[key] = _stable_ubl(item.encode("utf-8"))
                elif key == "sha256":
                    out[key] = "<sha256>"
                else:
                    out[key] = walk(item)
            return out
        if isinstance(value, list):
            return [walk(item) for item in value]
        return value

    return json.dumps(walk(book), ensure_ascii=False, indent=1, sort_keys=True)


def produce(target: Path) -> dict[str, float]:
    """Build the demo book in a fresh folder and write every output under `target`; returns timings."""
    timings: dict[str, float] = {}
    target.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="ledgerdesk-golden-") as tmp:
        book = Path(tmp) / "book"
        started = time.perf_counter()
        _run(book, *DEMO)
        timings["demo"] = time.perf_counter() - started
        (target / "invoices.json").write_text(_run(book, "invoices", "--as-of", AS_OF, "--json"), encoding="utf-8")
        (target / "kpi.json").write_text(_run(book, "kpi", "--as-of", AS_OF, "--json"), encoding="utf-8")
        (target / "book.json").write_text(_stable_book(_run(book, "export-book")), encoding="utf-8")
        numbers = [
            row["number"] for row in json.loads((target / "invoices.json").read_text(encoding="utf-8")) if row["number"]
        ]
        started = time.perf_counter()
        (target / "pdf").mkdir(exist_ok=True)
        for number in numbers:
            pdf = Path(tmp) / f"{number}.pdf"
            _run(book, "invoice-pdf", number, "--as-of", AS_OF, "-o", str(pdf))
            (target / "pdf" / f"{number}.txt").write_text(_pdf_text(pdf.read_bytes()), encoding="utf-8")
        timings["pdf"] = time.perf_counter() - started
        started = time.perf_counter()
        (target / "ubl").mkdir(exist_ok=True)
        for number in numbers:
            xml = Path(tmp) / f"{number}.xml"
            _run(book, "export-ubl", number, "--force", "-o", str(xml))
            (target / "ubl" / f"{number}.xml").write_text(_stable_ubl(xml.read_bytes()), encoding="utf-8")
        timings["ubl"] = time.perf_counter() - started
    return timings


def compare(expected: Path, actual: Path) -> list[str]:
    """Differences between two output folders, as unified diffs (at most 40 lines per file)."""
    problems = []
    want = {p.relative_to(expected) for p in expected.rglob("*") if p.is_file()}
    got = {p.relative_to(actual) for p in actual.rglob("*") if p.is_file()}
    for missing in sorted(want - got):
        problems.append(f"missing: {missing}")
    for extra in sorted(got - want):
        problems.append(f"new: {extra}")
    for name in sorted(want & got):
        a = (expected / name).read_text(encoding="utf-8")
        b = (actual / name).read_text(encoding="utf-8")
        if a != b:
            diff = list(
                difflib.unified_diff(a.splitlines(), b.splitlines(), f"golden/{name}", f"now/{name}", lineterm="", n=1)
            )
            problems.append("\n".join(diff[:40]) + ("\n…" if len(diff) > 40 else ""))
    return problems


def main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[0] not in ("record", "check"):
        print("usage: golden.py record|check DIR", file=sys.stderr)
        return 2
    folder = Path(argv[1])
    if argv[0] == "record":
        timings = produce(folder)
        files = sum(1 for p in folder.rglob("*") if p.is_file())
        print(f"recorded {files} files in {folder} ({', '.join(f'{k} {v:.1f} s' for k, v in timings.items())})")
        return 0
    with tempfile.TemporaryDirectory(prefix="ledgerdesk-golden-now-") as now:
        produce(Path(now))
        problems = compare(folder, Path(now))
        files = sum(1 for p in folder.rglob("*") if p.is_file())
    if problems:
        print("\n".join(problems))
        print(f"{len(problems)} of {files} golden files differ")
        return 1
    print(f"all {files} golden files identical")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
