"""Every command's text output in Dutch and French: a user who reads nl or fr meets no English sentence.

The demo book with a quote, a supplier's bill, direct debit and a work slip is walked with every
command of `ledgerdesk` (the ones that need a network or a mail server say why they are left out),
once per language on its own copy; stdout and stderr are read for English left over
(tests/cli/cli_words.py). The outputs go to artifacts/words/ for a person to read.
"""

from __future__ import annotations

import argparse
import io
import shutil
from datetime import date
from pathlib import Path

import pytest
from cli_words import english_left, english_sources

from ledgerdesk import cli

AS_OF = "2026-12-02"
# Left out of the walk, with why: each needs a mail server, an access point or a download.
NOT_WALKED = {
    "mail setup": "stores a password in the keyring",
    "mail sign-in": "opens a browser",
    "send": "needs a mail server or an access point",
    "outbox send": "needs a mail server",
    "outbox reminders": "needs a mail server",
    "outbox pack": "needs a mail server",
    "outbox retry": "needs a failed delivery",
    "peppol setup": "needs an access point",
    "peppol lookup": "needs the Peppol directory",
    "inbox fetch": "needs an access point",
    "inbox show": "needs a received document",
    "inbox respond": "needs a received document",
    "peppol-rules install": "downloads the official rules",
    "intervat-schemas install": "needs the official schema files",
    "statements send": "needs a mail server",
}


def walk(folder: Path) -> list[tuple[str, ...]]:
    """The commands in the order a user would meet them; later ones use what earlier ones made."""
    f = str(folder)
    return [
        ("invoices", "--as-of", AS_OF),
        (
            "quotes",
            "add",
            "--customer",
            "1",
            "--description",
            "Analyse",
            "--price",
            "500.00",
            "--date",
            "2026-12-01",
            "--send",
        ),
        (
            "quotes",
            "add",
            "--customer",
            "2",
            "--description",
            "Analyse",
            "--price",
            "90.00",
            "--date",
            "2026-12-01",
            "--send",
        ),
        ("quotes", "add", "--customer", "1", "--description", "Analyse", "--price", "100.00", "--date", "2026-12-01"),
        ("quotes", "mark-sent", "Q2026-0001", "--on", AS_OF, "--how", "overhandigd"),
        ("quotes", "accept", "Q2026-0001", "--on", AS_OF),
        ("quotes", "refuse", "Q2026-0002", "--on", AS_OF, "--reason", "te duur"),
        ("quotes", "list", "--as-of", AS_OF),
        ("quotes", "pdf", "Q2026-0001", "-o", f"{f}/quote.pdf"),
        ("quotes", "convert", "Q2026-0001", "--on", AS_OF),
        ("work", "add", "--customer", "3", "--description", "Montage", "--price", "80", "--date", "2026-12-01"),
        ("work", "list"),
        ("work", "invoice", "--customer", "3", "--on", AS_OF),
        ("company", "show"),
        ("company", "set", "--phone", "081 22 33 44"),
        ("company", "set", "--email", "jean.dupont.be"),
        ("customers", "add", "--name", "Boulangerie Martin", "--city", "Namur"),
        ("customers", "add", "--name", "Boulangerie Martin", "--vat", "BE0123"),
        ("customers", "add", "--name", "Boulangerie Martin", "--email", "martin at home"),
        ("customers", "list", "--search", "Martin"),
        ("customers", "list"),
        ("invoice", "add", "--customer", "Boulangerie Dupont", "--description", "Pain", "--price", "12,50"),
        ("invoice", "add", "--customer", "3", "--description", "Montage", "--price", "80", "--date", AS_OF),
        ("invoice", "add", "--customer", "3", "--description", "Montage", "--price", "80", "--date", AS_OF, "--issue"),
        ("invoice", "issue", "99999"),
        (
            "articles",
            "add",
            "--code",
            "T-1",
            "--name-nl",
            "Proef",
            "--name-fr",
            "Essai",
            "--unit",
            "HUR",
            "--price",
            "50",
            "--vat",
            "21",
        ),  # fmt: skip
        ("articles", "list"),
        ("articles", "archive", "T-1"),
        ("purchases", "supplier-add", "--name", "Proximus NV", "--vat", "BE0202239951"),
        (
            "purchases",
            "add",
            "--supplier",
            "Proximus NV",
            "--number",
            "F-1",
            "--date",
            "2026-11-20",
            "--due",
            "2026-12-01",
            "--line",
            "100.00:21",
        ),
        (
            "purchases",
            "add",
            "--supplier",
            "Proximus NV",
            "--number",
            "F-2",
            "--date",
            "2026-11-21",
            "--line",
            "50.00:21",
        ),
        (
            "purchases",
            "add",
            "--supplier",
            "Proximus NV",
            "--number",
            "F-3",
            "--date",
            "2026-11-22",
            "--line",
            "70.00:21",
        ),
        ("purchases", "list", "--as-of", AS_OF),
        ("purchases", "due", "--as-of", "2026-11-28"),
        ("purchases", "categories", "F-1", "--line", "1:office"),
        ("purchases", "approve", "F-1", "--by", "anna"),
        ("purchases", "approve", "F-3", "--by", "anna"),
        ("purchases", "reject", "F-2", "--reason", "dubbel"),
        ("purchases", "pay", "--number", "F-3", "-o", f"{f}/pay.xml"),
        ("purchases", "paid", "F-1", "--on", AS_OF),
        ("purchases", "suppliers"),
        ("purchases", "reverse-charge", "F-1", "--reverse-charge", "none"),
        ("purchases", "review"),
        ("purchases", "import", f"{f}/invoice.xml"),
        ("vat-return", "--period", "2026-Q4"),
        ("direct-debit-setup", "--creditor-id", "BE00ZZZ0123456749", "--iban", "BE68539007547034"),
        ("direct-debit-setup", "--creditor-id", "BE81ZZZ0123456749", "--iban", "BE68539007547034"),
        ("direct-debit-setup",),
        (
            "mandates",
            "add",
            "--customer",
            "1",
            "--reference",
            "M-1",
            "--signed",
            "2026-11-01",
            "--iban",
            "BE68539007547034",
        ),
        (
            "mandates",
            "add",
            "--customer",
            "2",
            "--reference",
            "M-2",
            "--signed",
            "2026-11-01",
            "--iban",
            "BE71096123456769",
        ),
        ("mandates", "amend", "M-1", "--new-reference", "M-1B", "--on", AS_OF),
        ("mandates", "revoke", "M-2", "--on", AS_OF),
        ("mandates", "list"),
        ("mandates", "form", "--customer", "1", "--reference", "M-9", "-o", f"{f}/mandate.pdf"),
        ("direct-debit", "--collect-on", "2026-12-20", "-o", f"{f}/dd.xml"),
        ("kpi", "--as-of", AS_OF),
        ("recurring", "list"),
        ("recurring", "run", "--as-of", AS_OF),
        ("recurring", "run", "--as-of", AS_OF, "--confirm"),
        ("recurring", "add", "--customer", "1", "--description", "Hosting", "--price", "40", "--start", "2027-01-01"),
        ("pack", "--period", "2026-10", "-o", f"{f}/pack.zip"),
        ("client-listing", "--year", "2026"),
        ("ec-sales-list", "--period", "2026-Q3"),
        ("export-ubl", "2026-0025", "-o", f"{f}/out.xml"),
        ("export-ubl", "2026-0025", "--force", "-o", f"{f}/out.xml"),
        ("validate-ubl", f"{f}/out.xml"),
        ("invoice-pdf", "2026-0025", "-o", f"{f}/out.pdf"),
        ("import-statement", f"{f}/demo-statement.cod"),
        ("import-statement", f"{f}/demo-statement.cod"),
        ("reminders", "propose", "--as-of", AS_OF),
        ("reminders", "confirm", "--as-of", AS_OF),
        ("reminders", "print", "--as-of", AS_OF, "-o", f"{f}/letters.pdf"),
        ("reminders", "emails", "--as-of", AS_OF, "-o", f"{f}/mails"),
        ("reminders", "rates"),
        ("outbox",),
        ("inbox", "list"),
        ("peppol-rules", "status"),
        ("intervat-schemas", "status"),
        ("backup",),
        ("backups",),
        ("backup-settings",),
        ("export-book", "-o", f"{f}/book.json"),
        ("move-book", f"{f}-moved"),
    ]


def run(*args: str) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    code = cli.main(list(args), out=out, err=err)
    return code, out.getvalue() + err.getvalue()


@pytest.fixture(scope="module")
def demo(tmp_path_factory):  # type: ignore[no-untyped-def]
    folder = tmp_path_factory.mktemp("words") / "demo"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("LEDGERDESK_LANG", "en")
        assert run("--data-dir", str(folder), "demo", "--years", "1", "--customers", "12", "--as-of", AS_OF)[0] == 0
        assert (
            run("--data-dir", str(folder), "export-ubl", "2026-0020", "--force", "-o", str(folder / "invoice.xml"))[0]
            == 0
        )
    return folder


def commands_of(parser: argparse.ArgumentParser, prefix: tuple[str, ...] = ()) -> set[str]:
    found: set[str] = set()
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in {id(p): (n, p) for n, p in reversed(action.choices.items())}.values():
                inner = commands_of(sub, (*prefix, name))
                found |= inner or {" ".join((*prefix, name))}
    return found


def walked_names(commands: list[tuple[str, ...]]) -> set[str]:
    every = commands_of(cli.build_parser())
    return {" ".join(c[:2]) if " ".join(c[:2]) in every else c[0] for c in commands}


def test_every_command_is_walked_or_says_why_not(tmp_path):  # type: ignore[no-untyped-def]
    every = commands_of(cli.build_parser())
    walked = walked_names(walk(tmp_path)) | {"demo", "import-book", "restore"}
    assert every - walked - set(NOT_WALKED) == set()


@pytest.mark.parametrize("language", ["nl", "fr"])
def test_every_command_speaks_the_users_language(demo, tmp_path, monkeypatch, artifacts_dir, language):  # type: ignore[no-untyped-def]
    folder = tmp_path / language
    shutil.copytree(demo, folder)
    monkeypatch.setenv("LEDGERDESK_LANG", language)
    monkeypatch.setattr(cli.Context, "today", lambda self: date.fromisoformat(AS_OF))  # the demo's day
    said: list[tuple[tuple[str, ...], str]] = []
    for command in walk(folder):
        code, text = run("--data-dir", str(folder), *command)
        assert "internal error" not in text, (command, text)
        said.append((command, text))
    backup = str(next((folder / "backups").glob("*.sqlite")))
    for data_dir, command in (
        (folder, ("restore", backup)),
        (tmp_path / "new", ("import-book", str(folder / "book.json"))),
        (tmp_path / "small", ("demo", "--years", "1", "--customers", "2", "--as-of", AS_OF)),
    ):
        said.append((command, run("--data-dir", str(data_dir), *command)[1]))
    (artifacts_dir / "words").mkdir(exist_ok=True)
    (artifacts_dir / "words" / f"cli-{language}.txt").write_text(
        "".join(f"$ ledgerdesk {' '.join(command)}\n{text}\n" for command, text in said), encoding="utf-8"
    )
    sources, names = english_sources(), book_texts(folder)
    problems = [
        f"{command[0]}: {p}" for command, text in said for p in english_left(text, language, sources, literal=names)
    ]
    assert problems == [], "\n".join(problems)


def book_texts(folder: Path) -> frozenset[str]:
    """Names and descriptions as the book holds them: shown as they are, in whatever language they were typed."""
    import sqlite3

    with sqlite3.connect(folder / "ledgerdesk.sqlite") as db:
        names = {row[0] for row in db.execute("select name from customers")}
        names |= {row[0] for row in db.execute("select description from invoice_lines")}
        names |= {row[0] for row in db.execute("select name from suppliers")}
    return frozenset(n for n in names if n)
