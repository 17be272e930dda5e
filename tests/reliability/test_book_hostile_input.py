"""Hostile book files at `import-book` (and what a file then makes the writers do): each case is refused
with exit 1 and one sentence per problem naming the file and the JSON path, in bounded time and
memory, the book unchanged, nothing written outside the chosen folder, file text shown literally.

All commands of the module run in one child process (tests/reliability/hostile_runner.py) under a
500 MB data limit and a 10 s alarm per command; the cases are listed in CASES and WRITERS below.
"""

from __future__ import annotations

import copy
import email
import email.policy
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

import pytest
from builders import customer, invoice, new_book

from ledgerdesk.paths import BookPaths
from ledgerdesk.persistence.book import open_book
from ledgerdesk.services import book_io, reminders
from ledgerdesk.services.reminders import Edits

RUNNER = Path(__file__).with_name("hostile_runner.py")
LIMIT_MB = 500
TIMEOUT_S = 10
DOC_FILE = "book.json"
MARKUP = '<font size="200">Claes</font> & <b>Zonen</b> {customer}'


def _base_document(folder: Path) -> dict:
    """A small real book exported as a file: a company, a customer with an e-mail address, two issued
    invoices and one confirmed reminder letter, which the file then sends by e-mail."""
    book = new_book(folder)
    now = datetime(2026, 1, 5, 9)
    with book.db.transaction() as s:
        claes = customer(s, "Drukkerij Claes", email="claes@example.be", language="nl", since=date(2025, 6, 1))
        for day in (date(2026, 1, 5), date(2026, 1, 6)):
            invoice(s, claes, day, what="Werken", terms=30, now=now)
        reminders.confirm(s, date(2026, 3, 20), Edits(override_bank_check=True), now=datetime(2026, 3, 20, 8))
    with book.db.reading() as s:
        doc = book_io.export_book(s)
    book.close()
    for run in doc["reminder_runs"]:
        for letter in run["letters"]:
            letter["channel"] = "email"
    return doc


def _rename_letter(doc: dict, number: str) -> None:
    """Give the first letter another number everywhere the file names it."""
    letter = doc["reminder_runs"][0]["letters"][0]
    old, letter["number"] = letter["number"], number
    for group in doc.get("payment_references", []):
        group["source"] = group["source"].replace(old, number)
    for task in doc.get("call_tasks", []):
        if task.get("letter") == old:
            task["letter"] = number
    for event in doc.get("invoice_events", []):
        if event["detail"].get("letter") == old:
            event["detail"]["letter"] = number


def _set(path: list, value):  # type: ignore[no-untyped-def]
    def change(doc: dict) -> None:
        target = doc
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    return change


def _nested(depth: int):  # type: ignore[no-untyped-def]
    def change(doc: dict) -> None:
        value: object = "deep"
        for _ in range(depth):
            value = [value]
        doc["settings"]["user.nested"] = value

    return change


def _text(doc: dict) -> str:
    return json.dumps(doc, ensure_ascii=False)


# name: (how the file is made, the JSON path (or text) the refusal must name). A maker takes the base
# document and returns the file's bytes, or changes the document (returns None) which is then written.
CASES: dict[str, tuple] = {
    # path-like and lenient numbers
    "letter number ../../escaped": (
        lambda d: _rename_letter(d, "../../escaped-letter-0001"),
        "$.reminder_runs[0].letters[0].number",
    ),
    "letter number absolute path": (
        lambda d: _rename_letter(d, "/tmp/escaped-letter-0001"),
        "$.reminder_runs[0].letters[0].number",
    ),
    "letter number with a comma": (lambda d: _rename_letter(d, "R2026-12,50"), "$.reminder_runs[0].letters[0].number"),
    "invoice number 12,50": (_set(["invoices", 1, "number"], "12,50"), "$.invoices[1].number"),
    "invoice number ../2026-0002": (_set(["invoices", 1, "number"], "../2026-0002"), "$.invoices[1].number"),
    "invoice number superscript digit": (_set(["invoices", 1, "number"], "2026-000²"), "$.invoices[1].number"),
    "invoice number same sequence": (_set(["invoices", 1, "number"], "2026-00001"), "$.invoices[1].number"),
    "week date": (_set(["invoices", 0, "issue_date"], "2026-W02-1"), "$.invoices[0].issue_date"),
    "time with an offset": (
        _set(["invoices", 0, "created_at"], "2026-01-05T09:00:00+02:00"),
        "$.invoices[0].created_at",
    ),
    "payment terms as text": (_set(["customers", 0, "payment_terms_days"], "45"), "$.customers[0].payment_terms_days"),
    "payment terms 45.9": (_set(["company", "payment_terms_days"], 45.9), "$.company.payment_terms_days"),
    "flag as text": (_set(["customers", 0, "receives_einvoice"], "false"), "$.customers[0].receives_einvoice"),
    # format-string tricks
    "format width 999999999": (
        _set(["company", "invoice_number_format"], "{year}-{seq:999999999}"),
        "$.company.invoice_number_format",
    ),
    "format fill 2000000000": (
        _set(["company", "credit_note_number_format"], "{seq:*^2000000000}"),
        "$.company.credit_note_number_format",
    ),
    "format reaching attributes": (
        _set(["company", "invoice_number_format"], "{seq.__class__.__mro__}"),
        "$.company.invoice_number_format",
    ),
    "format path-like": (
        _set(["company", "invoice_number_format"], "../{year}-{seq:04d}"),
        "$.company.invoice_number_format",
    ),
    # big and non-numbers
    "5000-digit integer": (
        lambda d: _text(d).replace('"payment_terms_days": 30', '"payment_terms_days": ' + "9" * 5000, 1).encode(),
        "$.company.payment_terms_days",
    ),
    "2^63 where days are expected": (
        _set(["invoices", 0, "payment_terms_days"], 2**63),
        "$.invoices[0].payment_terms_days",
    ),
    "1e20 where days are expected": (
        _set(["customers", 0, "payment_terms_days"], 1e20),
        "$.customers[0].payment_terms_days",
    ),
    "2^63 reminder level": (
        _set(["reminder_runs", 0, "letters", 0, "level"], 2**63),
        "$.reminder_runs[0].letters[0].level",
    ),
    "amount 1e30": (_set(["invoices", 0, "lines", 0, "unit_price"], "1e30"), "$.invoices[0].lines[0].unit_price"),
    "quantity 1e999999999": (
        _set(["invoices", 0, "lines", 0, "quantity"], "1e999999999"),
        "$.invoices[0].lines[0].quantity",
    ),
    "Infinity literal": (
        lambda d: _text(d).replace('"payment_terms_days": 30', '"payment_terms_days": Infinity', 1).encode(),
        "$.company.payment_terms_days",
    ),
    "NaN literal": (lambda d: _text(d).replace('"level": 1', '"level": NaN', 1).encode(), ".level"),
    "1e400 float": (
        lambda d: _text(d).replace('"payment_terms_days": 30', '"payment_terms_days": 1e400', 1).encode(),
        "$.company.payment_terms_days",
    ),
    # text no book can hold
    "lone surrogate (escaped)": (
        lambda d: json.dumps(_with(d, ["customers", 0, "name"], "Claes \ud800")).encode(),
        "$.customers[0].name",
    ),
    "lone surrogate (raw bytes)": (
        lambda d: _text(d).replace("Drukkerij", "Druk\ud800kerij").encode("utf-8", "surrogatepass"),
        "is not UTF-8 text",
    ),
    "terminal escape in a name": (
        _set(["customers", 0, "name"], "Claes\x1b[2J\x1b]0;pwned\x07"),
        "$.customers[0].name",
    ),
    "NUL in a note": (_set(["invoices", 0, "notes"], "a\x00b"), "$.invoices[0].notes"),
    "2,000,000-character note": (_set(["invoices", 0, "notes"], "x" * 2_000_000), "$.invoices[0].notes"),
    "huge key": (lambda d: d["settings"].__setitem__("k" * 100_000, 1), "has a key that is not a name"),
    # structure
    "100,000-deep nesting": (lambda d: b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
    "100-deep nesting in a setting": (_nested(100), "nested too deeply"),
    "5 MB of unclosed brackets": (lambda d: b"[" * 5_000_000, "$: has 5000000 objects and lists"),
    "unclosed object": (lambda d: b'{"ledgerdesk_book": 2, "company": {', "$: is not valid JSON (line 1"),
    "empty file": (lambda d: b"", "$: is not valid JSON"),
    "a million empty objects": (lambda d: b"[" + b"{}," * 1_000_000 + b"{}]", "$: has 1000002 objects and lists"),
    "four million numbers": (lambda d: b"[" + b"1," * 4_000_000 + b"1]", "$: has 4000000 values"),
    "not JSON": (lambda d: b"\x89PNG\r\n\x1a\n" + os.urandom(64), "$: is not"),
}


def _with(doc: dict, path: list, value) -> dict:  # type: ignore[no-untyped-def]
    _set(path, value)(doc)
    return doc


def _digest(book_file: Path) -> str:
    """Every row of every table, so 'unchanged' means the same data, whatever SQLite did to its pages."""
    digest = hashlib.sha256()
    with sqlite3.connect(f"file:{book_file}?mode=ro", uri=True) as db:
        tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        for table in tables:
            rows = sorted(repr(r) for r in db.execute(f'SELECT * FROM "{table}"'))
            digest.update(f"{table}:{len(rows)}:{''.join(rows)}".encode())
    return digest.hexdigest()


def _files_under(folder: Path) -> set[Path]:
    return {p for p in folder.rglob("*") if p.is_file()}


def _write_summary(report: dict) -> None:
    """Cases, outcomes and times for a person (and the issue's note) to read: artifacts/hostile-book.json."""
    artifacts = Path(__file__).resolve().parents[2] / "artifacts"
    artifacts.mkdir(exist_ok=True)
    rows = [{key: r[key] for key in ("case", "code", "seconds", "timed_out", "crashed")} for r in report["results"]]
    slowest = max(rows, key=lambda r: r["seconds"])
    (artifacts / "hostile-book.json").write_text(
        json.dumps(
            {
                "commands": len(rows),
                "exit_codes": {str(c): sum(r["code"] == c for r in rows) for c in {r["code"] for r in rows}},
                "slowest": slowest,
                "peak_mb": report["peak_mb"],
                "results": rows,
            },
            indent=1,
        )
    )


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    """Every case prepared on disk, then all commands run in one limited child process."""
    root = tmp_path_factory.mktemp("hostile-book")
    base = _base_document(root / "base")
    template = root / "empty"
    open_book(BookPaths.in_dir(template)).close()
    template_file = BookPaths.in_dir(template).book
    steps, folders = [], {}

    def case_folder(name: str) -> Path:
        folder = root / "cases" / f"c{len(folders):02d}"
        (folder / "data").mkdir(parents=True)
        shutil.copy(template_file, folder / "data" / template_file.name)
        folders[name] = folder
        return folder

    def step(name: str, folder: Path, *argv: str, language: str = "en") -> None:
        steps.append(
            {
                "case": name,
                "argv": ["--data-dir", str(folder / "data"), *argv],
                "cwd": str(folder),
                "language": language,
            }
        )

    for name, (make, _expected) in CASES.items():
        folder = case_folder(name)
        doc = copy.deepcopy(base)
        made = make(doc)
        (folder / DOC_FILE).write_bytes(
            made if isinstance(made, bytes) else _text(doc).encode("utf-8", "surrogatepass")
        )
        step(name, folder, "import-book", str(folder / DOC_FILE))

    # Files that are not files, or too large: refused before reading.
    special = root / "special"
    special.mkdir()
    fifo = special / "book.fifo"
    os.mkfifo(fifo)
    sparse = special / "huge.json"
    with open(sparse, "wb") as fh:
        fh.truncate(101 * 1024 * 1024)  # sparse: no disk used, but 101 MB to whoever reads it
    for name, target in {
        "/dev/zero": "/dev/zero",
        "a FIFO": str(fifo),
        "a folder": str(special),
        "a 101 MB file": str(sparse),
        "a missing file": str(special / "nope.json"),
    }.items():
        step(name, case_folder(name), "import-book", target)

    # Writers: a path-like letter number cannot be imported, but a hostile company name can: the
    # e-mail it makes has one-line headers. Invoice numbers with '/' (an allowed format) name files safely.
    folder = case_folder("e-mail with a line break in the company name")
    doc = copy.deepcopy(base)
    doc["company"]["name"] = "Atelier\r\nBcc: everyone@example.com"
    (folder / DOC_FILE).write_text(_text(doc), encoding="utf-8")
    step("e-mail with a line break in the company name", folder, "import-book", str(folder / DOC_FILE))
    step(
        "e-mail with a line break in the company name",
        folder,
        "reminders",
        "emails",
        "--as-of",
        "2026-03-20",
        "-o",
        str(folder / "out"),
    )
    step(
        "e-mail with a line break in the company name",
        folder,
        "reminders",
        "emails",
        "--as-of",
        "2026-03-20",
        "-o",
        str(folder / DOC_FILE),
        language="nl",
    )
    folder = case_folder("slash in invoice numbers")
    doc = copy.deepcopy(base)
    doc["company"]["invoice_number_format"] = "{year}/{seq:04d}"
    for document in doc["invoices"]:
        document["number"] = document["number"].replace("-", "/")
    (folder / DOC_FILE).write_text(_text(doc), encoding="utf-8")
    step("slash in invoice numbers", folder, "import-book", str(folder / DOC_FILE))
    step("slash in invoice numbers", folder, "invoice-pdf", "2026/0001", "--as-of", "2026-03-20")
    (folder / "out").mkdir()
    step("slash in invoice numbers", folder, "export-ubl", "2026/0002", "-o", str(folder / "out"))
    # Markup and tabs in a customer's name are printed as written, not interpreted.
    name = "markup in a customer name"
    folder = case_folder(name)
    doc = copy.deepcopy(base)
    doc["customers"][0]["name"] = MARKUP
    doc["reminder_runs"][0]["letters"][0]["channel"] = "letter"
    (folder / DOC_FILE).write_text(_text(doc), encoding="utf-8")
    step(name, folder, "import-book", str(folder / DOC_FILE))
    step(name, folder, "reminders", "print", "--as-of", "2026-03-20", "-o", str(folder / "letters.pdf"))
    # The user's language: the same refusal in French and Dutch.
    for language in ("fr", "nl"):
        name = f"invoice number 12,50 ({language})"
        folder = case_folder(name)
        doc = copy.deepcopy(base)
        doc["invoices"][1]["number"] = "12,50"
        (folder / DOC_FILE).write_text(_text(doc), encoding="utf-8")
        step(name, folder, "import-book", str(folder / DOC_FILE), language=language)
    name = "payment terms as text (fr)"
    folder = case_folder(name)
    doc = copy.deepcopy(base)
    doc["customers"][0]["payment_terms_days"] = "45"
    (folder / DOC_FILE).write_text(_text(doc), encoding="utf-8")
    step(name, folder, "import-book", str(folder / DOC_FILE), language="fr")

    before = {name: _digest(folder / "data" / template_file.name) for name, folder in folders.items()}
    outside_before = _files_under(root) - {p for f in folders.values() for p in _files_under(f)}
    job = json.dumps({"limit_mb": LIMIT_MB, "timeout": TIMEOUT_S, "steps": steps})
    child = subprocess.run(
        [sys.executable, str(RUNNER)],
        input=job,
        capture_output=True,
        text=True,
        timeout=TIMEOUT_S * len(steps) + 60,
        env={**os.environ, "PYTHONHASHSEED": "0"},
        check=False,
    )
    assert child.returncode == 0, child.stderr[-3000:]
    report = json.loads(child.stdout)
    _write_summary(report)
    results: dict[str, list[dict]] = {}
    for result in report["results"]:
        results.setdefault(result["case"], []).append(result)
    return {
        "results": results,
        "folders": folders,
        "before": before,
        "root": root,
        "peak_mb": report["peak_mb"],
        "outside_before": outside_before,
        "book_name": template_file.name,
    }


def _refused(run, name: str) -> dict:
    [result] = run["results"][name]
    assert not result["timed_out"] and not result["crashed"], result
    assert result["code"] == 1, result
    assert "internal error" not in result["err"] and "Traceback" not in result["err"], result["err"]
    for line in result["err"].splitlines():  # one sentence per line, nothing a terminal would interpret
        assert line.startswith("ledgerdesk: ") and line.isprintable(), repr(line)
    assert _digest(run["folders"][name] / "data" / run["book_name"]) == run["before"][name], "the book changed"
    return result


@pytest.mark.parametrize("name", list(CASES))
def test_a_hostile_book_file_is_refused_with_its_json_path_and_the_book_unchanged(run, name):
    result = _refused(run, name)
    folder = run["folders"][name]
    assert str(folder / DOC_FILE) in result["err"]
    assert CASES[name][1] in result["err"], result["err"]
    assert result["err"].rstrip().endswith("nothing was imported")
    assert len(result["err"]) < 5000  # a 2,000,000-character value is not echoed back
    assert result["seconds"] < TIMEOUT_S


@pytest.mark.parametrize(
    "name, expected",
    [
        ("/dev/zero", "is not a file"),
        ("a FIFO", "is not a file"),
        ("a folder", "is a folder, not a file"),
        ("a 101 MB file", "is too large: 101 MB, at most 100 MB"),
        ("a missing file", "no such file"),
    ],
)
def test_what_is_not_a_readable_book_file_is_refused_before_reading(run, name, expected):
    result = _refused(run, name)
    assert expected in result["err"] and len(result["err"].splitlines()) == 1, result["err"]
    assert result["seconds"] < 2


def test_nothing_was_written_outside_the_case_folders_and_memory_stayed_bounded(run):
    outside = _files_under(run["root"]) - {p for f in run["folders"].values() for p in _files_under(f)}
    assert outside == run["outside_before"]
    assert not list(Path("/tmp").glob("escaped-letter-*"))
    assert run["peak_mb"] < LIMIT_MB


def test_a_line_break_in_the_company_name_cannot_add_an_e_mail_header(run):
    name = "e-mail with a line break in the company name"
    imported, written, into_a_file = run["results"][name]
    assert imported["code"] == 0 and written["code"] == 0, (imported, written)
    assert into_a_file["code"] == 1 and "is een bestand, geen map" in into_a_file["err"], into_a_file
    [eml] = (run["folders"][name] / "out").iterdir()
    assert eml.name == "R2026-0001.eml"
    message = email.message_from_bytes(eml.read_bytes(), policy=email.policy.default)
    assert message["Bcc"] is None
    assert "Atelier Bcc: everyone@example.com" in message["Subject"]
    assert [k for k in message if k.lower() == "bcc"] == []


def test_invoice_numbers_with_a_slash_name_files_inside_the_chosen_folder(run):
    name = "slash in invoice numbers"
    imported, pdf, ubl = run["results"][name]
    folder = run["folders"][name]
    assert imported["code"] == 0 and pdf["code"] == 0, (imported, pdf)
    assert (folder / "2026_0001.pdf").read_bytes().startswith(b"%PDF")
    assert ubl["code"] == 1 and "is a folder; give a file name" in ubl["err"], ubl
    assert not list((folder / "out").iterdir())


@pytest.mark.parametrize(
    "language, words", [("fr", "n'est pas un numéro au format"), ("nl", "is geen nummer in het formaat")]
)
def test_the_refusal_is_said_in_the_users_language(run, language, words):
    result = _refused(run, f"invoice number 12,50 ({language})")
    assert "$.invoices[1].number" in result["err"] and words in result["err"], result["err"]


def test_markup_in_a_name_is_printed_literally(run):
    from pypdf import PdfReader

    name = "markup in a customer name"
    imported, printed = run["results"][name]
    assert imported["code"] == 0 and printed["code"] == 0, (imported, printed)
    text = " ".join(page.extract_text() for page in PdfReader(run["folders"][name] / "letters.pdf").pages)
    assert MARKUP in " ".join(text.split()), text[:500]


def test_a_generic_field_problem_is_said_in_the_users_language_too(run):
    result = _refused(run, "payment terms as text (fr)")
    assert "$.customers[0].payment_terms_days : '45' doit être un nombre entier" in result["err"], result["err"]
    assert "1 problème(s) ; rien n'a été importé" in result["err"]
