"""Every interface string of the desktop app has a Dutch and a French translation."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from ledgerdesk import i18n

UI = Path(i18n.__file__).resolve().parent.parent / "ui"
FILES = [UI / "main_window.py", UI / "tabs" / "invoices_tab.py", *sorted((UI / "dialogs").glob("*.py")),
         *sorted((UI / "models").glob("*.py")), *sorted((UI / "widgets").glob("*.py"))]
FILES.append(UI.parent / "app.py")


def interface_strings() -> set[str]:
    found = set()
    for path in FILES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant):
                name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", None)
                if name == "tr" and isinstance(node.args[0].value, str):
                    found.add(node.args[0].value)
    return found


@pytest.mark.parametrize("language", ["nl", "fr"])
def test_every_ui_string_is_translated(language):
    strings = interface_strings()
    assert len(strings) > 100
    missing = sorted(s for s in strings if s not in i18n.catalog(language))
    assert missing == []


def test_placeholders_survive_translation():
    import string

    ours = interface_strings()
    for language in ("nl", "fr"):
        for msgid, text in i18n.catalog(language).items():
            fields = lambda s: {f for _, f, _, _ in string.Formatter().parse(s) if f}  # noqa: E731
            if msgid in ours:
                assert fields(msgid) == fields(text), (language, msgid)
