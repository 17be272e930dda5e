"""Every interface string of the desktop app has a Dutch and a French translation."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from ledgerdesk import i18n

UI = Path(i18n.__file__).resolve().parent.parent / "ui"
FILES = [
    UI / "main_window.py",
    UI / "tabs" / "invoices_tab.py",
    *sorted((UI / "dialogs").glob("*.py")),
    *sorted((UI / "models").glob("*.py")),
    *sorted((UI / "widgets").glob("*.py")),
]
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


def test_ui_catalog_agrees_with_the_other_catalogs():
    """One catalog per language: a message shared with documents or letters is translated the same."""
    from babel.messages.pofile import read_po

    from ledgerdesk.paths import resources_dir

    for language in ("nl", "fr"):
        folder = resources_dir() / "i18n" / language
        with open(folder / "ui.po", "rb") as fh:
            ours = {m.id: m.string for m in read_po(fh) if m.id and m.string}
        for po in folder.glob("*.po"):
            if po.name == "ui.po":
                continue
            with open(po, "rb") as fh:
                theirs = {m.id: m.string for m in read_po(fh) if m.id and m.string}
            clashes = {k: (ours[k], theirs[k]) for k in ours.keys() & theirs.keys() if ours[k] != theirs[k]}
            assert clashes == {}, (language, po.name)
