"""A hostile book file cannot turn a reminder text into a format program (issue 23, point 7).

The book goes in through `import-book`, the letters out through `reminders propose/confirm/print/emails`:
a format-spec text is refused at the door with its JSON path; a text that got into an older book is
printed literally, at once, in the PDF and the e-mail alike.
"""

from __future__ import annotations

import email
import email.policy
import io
import json
import resource
import sqlite3
import time

from pypdf import PdfReader

from ledgerdesk import cli

HOSTILE = "Dear {customer:>1000000000} {customer.__class__.__mro__} {0} {customer!r}"


def run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = cli.main(list(args), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def _book_file(tmp_path, text: str) -> str:
    source = str(tmp_path / "source")
    assert run("--data-dir", source, "demo", "--years", "1", "--customers", "6", "--as-of", "2026-12-02")[0] == 0
    path = tmp_path / "book.json"
    assert run("--data-dir", source, "export-book", "-o", str(path))[0] == 0
    doc = json.loads(path.read_text(encoding="utf-8"))
    doc["reminder_scenarios"] = [
        {
            "code": "business",
            "name": "Business",
            "kind": "business",
            "levels": [
                {
                    "number": 1,
                    "days": 10,
                    "channel": "email",
                    "title": "Payment reminder",
                    "body": "Pay {total} by {pay_by}.",
                    "texts": {"nl": text},
                }
            ],
        }
    ]
    path.write_text(json.dumps(doc), encoding="utf-8")
    return str(path)


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def test_a_format_spec_text_in_a_book_file_is_refused_with_its_path(tmp_path):
    started = time.perf_counter()
    code, out, err = run("--data-dir", str(tmp_path / "target"), "import-book", _book_file(tmp_path, HOSTILE))
    assert code != 0
    assert "$.reminder_scenarios[0]" in out + err and "unknown placeholder" in err and "{customer:>1000000000}" in err
    assert "Traceback" not in out + err
    assert time.perf_counter() - started < 20


def test_a_hostile_text_already_in_a_book_is_printed_literally_in_letters_and_e_mails(tmp_path):
    target = str(tmp_path / "target")
    code, out, err = run("--data-dir", target, "import-book", _book_file(tmp_path, "Dear {customer}, pay {{total}}."))
    assert code == 0, out + err
    # An older LedgerDesk let this text through (its check read format strings): put it in the book as it would be.
    with sqlite3.connect(tmp_path / "target" / "ledgerdesk.sqlite") as db:
        db.execute(
            "UPDATE dunning_levels SET overrides = ? WHERE number = 1", (json.dumps({"nl": HOSTILE + " {{total}}"}),)
        )
    before, started = _peak_mb(), time.perf_counter()
    code, out, err = run("--data-dir", target, "reminders", "propose", "--as-of", "2026-12-02", "--ignore-bank-age")
    assert code == 0 and "R2026-0001" in out, err
    assert run("--data-dir", target, "reminders", "confirm", "--as-of", "2026-12-02", "--ignore-bank-age")[0] == 0
    code, out, err = run(
        "--data-dir", target, "reminders", "emails", "--as-of", "2026-12-02", "-o", str(tmp_path / "mails")
    )
    assert code == 0, err
    [eml] = list((tmp_path / "mails").glob("*.eml"))
    message = email.message_from_bytes(eml.read_bytes(), policy=email.policy.default)
    body = next(p for p in message.walk() if p.get_content_type() == "text/plain").get_content()
    assert HOSTILE + " {total}" in body
    pdf = next(p for p in message.walk() if p.get_content_type() == "application/pdf").get_payload(decode=True)
    text = " ".join(PdfReader(io.BytesIO(pdf)).pages[0].extract_text().split())
    assert "{customer:>1000000000}" in text and "{customer.__class__.__mro__}" in text and "{0}" in text
    # The same letter printed on paper (the channel changed in the file) reads the same.
    with sqlite3.connect(tmp_path / "target" / "ledgerdesk.sqlite") as db:
        db.execute("UPDATE reminder_letters SET channel = 'letter'")
    code, out, err = run(
        "--data-dir", target, "reminders", "print", "--as-of", "2026-12-02", "-o", str(tmp_path / "l.pdf")
    )
    assert code == 0, err
    printed = " ".join(PdfReader(str(tmp_path / "l.pdf")).pages[0].extract_text().split())
    assert "{customer:>1000000000}" in printed and "{total}" in printed
    assert time.perf_counter() - started < 20
    assert _peak_mb() - before < 200
