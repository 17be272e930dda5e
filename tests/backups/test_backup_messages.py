"""Every sentence the backup, restore and location code can show is translated (nl, fr) with its placeholders."""

from __future__ import annotations

import ast
import string
from pathlib import Path

import pytest

import ledgerdesk
from ledgerdesk import i18n
from ledgerdesk.ui.dialogs.backups import KINDS, BackupsModel

SRC = Path(ledgerdesk.__file__).resolve().parent
FILES = [SRC / "persistence" / "backups.py", SRC / "persistence" / "location.py", SRC / "services" / "backups.py"]


def templates() -> set[str]:
    found = set()
    for path in FILES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "of"
                and node.args
                and isinstance(node.args[0], ast.Constant)
            ):
                found.add(node.args[0].value)
    return found | set(KINDS.values()) | set(BackupsModel.HEADERS) | {"Restoring the backup"}


@pytest.mark.parametrize("language", ["nl", "fr"])
def test_every_backup_message_is_translated_with_the_same_placeholders(language):
    catalog = i18n.catalog(language)
    assert len(templates()) > 25

    def fields(text: str) -> set[str]:
        return {f for _, f, _, _ in string.Formatter().parse(text) if f}

    missing = sorted(t for t in templates() if t not in catalog)
    assert missing == []
    assert all(fields(t) == fields(catalog[t]) for t in templates())
