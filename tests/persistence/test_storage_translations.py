"""Every sentence the storage layer can say is translated in nl, fr and en (resources/i18n/*/storage.po)."""

from __future__ import annotations

import ast
import string
from pathlib import Path

import pytest

from ledgerdesk.i18n import catalog
from ledgerdesk.persistence.errors import BookError, EmptyBookFileError

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "ledgerdesk"
SOURCES = (
    "persistence/faults.py",
    "persistence/inspect_book.py",
    "persistence/book.py",
    "atomic.py",
)


def storage_msgids() -> set[str]:
    """The first argument of every *Error(...) call with literal text in the storage modules."""
    found = set()
    for name in SOURCES:
        for node in ast.walk(ast.parse((PACKAGE / name).read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
                and (getattr(node.func, "id", None) or getattr(node.func, "attr", "")).endswith("Error")
            ):
                found.add(node.args[0].value)
    return found


@pytest.mark.parametrize("language", ["nl", "fr", "en"])
def test_every_storage_sentence_is_translated_with_the_same_placeholders(language):
    messages = catalog(language)
    msgids = storage_msgids()
    assert len(msgids) >= 25  # the scan finds them all (25 since the duplicate persistence/verify.py went)
    missing = sorted(m for m in msgids if m not in messages)
    assert not missing, missing
    for msgid in msgids:
        names = {f for _, f, _, _ in string.Formatter().parse(msgid) if f}
        assert {f for _, f, _, _ in string.Formatter().parse(messages[msgid]) if f} == names, msgid


def test_a_book_error_speaks_the_users_language_and_stays_english_for_scripts():
    error = EmptyBookFileError(
        "The book file {path} is empty (0 bytes) and holds no book. If you want a new book there, delete the "
        "file; if it held your book, restore it from a backup in {backups}.",
        path="/b/ledgerdesk.sqlite",
        backups="/b/backups",
    )
    assert str(error).startswith("The book file /b/ledgerdesk.sqlite is empty")
    assert error.in_language("nl").startswith("Het boekbestand /b/ledgerdesk.sqlite is leeg")
    assert "vous" in error.in_language("fr")
    assert BookError("plain {braces} kept").in_language("nl") == "plain {braces} kept"
