"""Hostile files at `validate-ubl`: entity declarations, external entities, NaN and overflowing amounts,
deep nesting, huge text, and paths that are not files. Each ends with exit 1 and findings (or one
sentence), never an internal error, within the time and memory limits, and no entity is ever expanded
or fetched.

All commands run in one child process (tests/reliability/hostile_runner.py) under a 500 MB data limit
and a 10 s alarm per command.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

RUNNER = Path(__file__).with_name("hostile_runner.py")
EXAMPLE = (
    Path(__file__).resolve().parents[1] / "einvoice" / "cen-en16931" / "ubl" / "examples" / "ubl-tc434-example1.xml"
)
LIMIT_MB = 500
TIMEOUT_S = 10
SECRET = "TOP-SECRET-LEDGERDESK"


def _amount(tag: str, value: str):  # type: ignore[no-untyped-def]
    return lambda xml: re.sub(rf"(<cbc:{tag}[^>]*>)[^<]*", rf"\g<1>{value}", xml, count=1)


def _doctype(declaration: str, reference: str):  # type: ignore[no-untyped-def]
    def change(xml: str) -> str:
        start = xml.index("<Invoice")
        return (
            xml[:start]
            + f"<!DOCTYPE Invoice [{declaration}]>\n"
            + xml[start:].replace("<cbc:Note>", f"<cbc:Note>{reference}", 1)
        )

    return change


LAUGHS = '<!ENTITY a "lol">' + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(9))

# name: (how the file's text is made from the CEN example, text the output must contain)
CASES: dict[str, tuple] = {
    "billion laughs": (_doctype(LAUGHS, "&j;"), "XML"),  # libxml2 stops the amplification itself
    "external entity": (lambda xml: _doctype('<!ENTITY x SYSTEM "file://{secret}">', "&x;")(xml), "XML-DOCTYPE"),
    "external DTD": (
        lambda xml: xml.replace("<Invoice", '<!DOCTYPE Invoice SYSTEM "http://127.0.0.1:9/evil.dtd">\n<Invoice', 1),
        "XML-DOCTYPE",
    ),
    "NaN price": (_amount("PriceAmount", "NaN"), "UBL-XSD"),
    "sNaN quantity": (_amount("InvoicedQuantity", "sNaN"), "UBL-XSD"),
    "Infinity line amount": (_amount("LineExtensionAmount", "Infinity"), "UBL-XSD"),
    "quantity 1e999999999": (_amount("InvoicedQuantity", "1e999999999"), "UBL-XSD"),
    "percent 1e999999999": (_amount("Percent", "1e999999999"), "UBL-XSD"),
    "40-digit price": (_amount("PriceAmount", "9" * 40), "NOT valid"),
    "100,000-deep nesting": (lambda xml: xml.replace("<cbc:Note>", "<cbc:Note>" + "<a>" * 100_000, 1), "XML"),
    "15 MB text node": (lambda xml: xml.replace("<cbc:Note>", "<cbc:Note>" + "x" * 15_000_000, 1), "NOT valid"),
    "terminal escape in a value": (lambda xml: xml.replace("<cbc:ID>", "<cbc:ID>&#x1b;[2J", 1), "NOT valid"),
    "not XML": (lambda xml: "\x89PNG\r\n\x1a\n" + "\x00" * 64, "XML"),
    "empty file": (lambda xml: "", "XML"),
}


def _write_summary(report: dict) -> None:
    """Cases, outcomes and times for a person (and the issue's note) to read: artifacts/hostile-ubl.json."""
    artifacts = Path(__file__).resolve().parents[2] / "artifacts"
    artifacts.mkdir(exist_ok=True)
    rows = [{key: r[key] for key in ("case", "code", "seconds", "timed_out", "crashed")} for r in report["results"]]
    slowest = max(rows, key=lambda r: r["seconds"])
    (artifacts / "hostile-ubl.json").write_text(
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
    root = tmp_path_factory.mktemp("hostile-ubl")
    secret = root / "secret.txt"
    secret.write_text(SECRET)
    example = EXAMPLE.read_text(encoding="utf-8")
    steps, files = [], {}

    def step(name: str, target: str) -> None:
        steps.append(
            {
                "case": name,
                "argv": ["--data-dir", str(root / "data"), "validate-ubl", target],
                "cwd": str(root),
                "language": "en",
            }
        )
        files[name] = target

    for n, (name, (make, _expected)) in enumerate(CASES.items()):
        path = root / f"case{n:02d}.xml"
        path.write_bytes(make(example).replace("{secret}", str(secret)).encode("utf-8", "surrogatepass"))
        step(name, str(path))
    fifo = root / "invoice.fifo"
    os.mkfifo(fifo)
    sparse = root / "huge.xml"
    with open(sparse, "wb") as fh:
        fh.truncate(21 * 1024 * 1024)
    for name, target in {
        "/dev/zero": "/dev/zero",
        "a FIFO": str(fifo),
        "a folder": str(root),
        "a 21 MB file": str(sparse),
    }.items():
        step(name, target)
    job = json.dumps({"limit_mb": LIMIT_MB, "timeout": TIMEOUT_S, "steps": steps})
    child = subprocess.run(
        [sys.executable, str(RUNNER)],
        input=job,
        capture_output=True,
        text=True,
        timeout=TIMEOUT_S * len(steps) + 60,
        check=False,
    )
    assert child.returncode == 0, child.stderr[-3000:]
    report = json.loads(child.stdout)
    _write_summary(report)
    return {"results": {r["case"]: r for r in report["results"]}, "files": files, "peak_mb": report["peak_mb"]}


def _checked(run, name: str) -> dict:
    result = run["results"][name]
    assert not result["timed_out"] and not result["crashed"], result
    assert result["code"] == 1, result
    both = result["out"] + result["err"]
    assert "internal error" not in both and "Traceback" not in both, both[-2000:]
    assert SECRET not in both and "lol" * 10 not in both
    assert all(line.isprintable() for line in both.splitlines()), "a control character reached the terminal"
    return result


@pytest.mark.parametrize("name", list(CASES))
def test_a_hostile_ubl_file_gets_findings_not_an_internal_error(run, name):
    result = _checked(run, name)
    assert CASES[name][1] in result["out"] + result["err"]
    assert f"{run['files'][name]}: NOT valid" in result["out"]
    assert result["seconds"] < TIMEOUT_S


@pytest.mark.parametrize(
    "name, expected",
    [
        ("/dev/zero", "is not a file"),
        ("a FIFO", "is not a file"),
        ("a folder", "is a folder, not a file"),
        ("a 21 MB file", "is too large: 21 MB, at most 20 MB"),
    ],
)
def test_what_is_not_a_readable_ubl_file_is_refused_in_one_sentence(run, name, expected):
    result = _checked(run, name)
    assert result["err"].startswith(f"ledgerdesk: {run['files'][name]} {expected}"), result["err"]
    assert len(result["err"].splitlines()) == 1 and result["seconds"] < 2


def test_memory_stayed_bounded(run):
    assert run["peak_mb"] < LIMIT_MB
