"""A file that is neither XML nor JSON is refused in our words with its line and column: the English of
lxml and of the json module never reaches a Dutch or French user (nor an English one)."""

from __future__ import annotations

import io

import pytest
from lxml import etree

from ledgerdesk import cli
from ledgerdesk.einvoice.findings import BUSINESS_WORDS
from ledgerdesk.einvoice.xml_syntax import KEYS, syntax_finding

LIBRARY_ENGLISH = ("Start tag expected", "Expecting", "<string>", "not found", "Premature", "delimiter")


def run(*args: str) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    code = cli.main(list(args), out=out, err=err)
    return code, out.getvalue() + err.getvalue()


@pytest.mark.parametrize(
    ("language", "said"),
    [
        (
            "fr",
            "erreur  XML : Le fichier n’est pas du XML : il ne commence pas par un élément comme <Invoice> (ligne 1, colonne 1).\n",
        ),
        (
            "nl",
            "fout    XML: Het bestand is geen XML: het begint niet met een element zoals <Invoice> (regel 1, kolom 1).\n",
        ),
        (
            "en",
            "fatal   XML: The file is not XML: it does not start with an element such as <Invoice> (line 1, column 1).\n",
        ),
    ],
)
def test_validating_a_text_file_says_it_is_not_xml_and_where(tmp_path, monkeypatch, language, said):  # type: ignore[no-untyped-def]
    notes = tmp_path / "notes.txt"
    notes.write_text("Bread for Martin\n", encoding="utf-8")
    monkeypatch.setenv("LEDGERDESK_LANG", language)
    code, text = run("validate-ubl", str(notes))
    assert code == 0 or code == 1
    assert text.startswith(said), text
    assert not any(english in text for english in LIBRARY_ENGLISH)


@pytest.mark.parametrize(
    ("xml", "key", "position"),
    [
        (b"<a></b>", "XML-MISMATCH", (1, 8)),
        (b"<a>", "XML-CUT", (1, 4)),
        (b"<a/>\n<b/>", "XML-EXTRA", (2, 1)),
        (b"<a>&foo;</a>", "XML-ENTITY", (1, 9)),
        (b"<a x=1/>", "XML-AT", (1, 6)),
    ],
)
def test_lxmls_reasons_become_our_sentences_with_the_position(xml, key, position):  # type: ignore[no-untyped-def]
    with pytest.raises(etree.XMLSyntaxError) as failed:
        etree.fromstring(xml)
    found = syntax_finding(failed.value)
    assert (found.rule, found.msgid) == ("XML", BUSINESS_WORDS[key])
    assert (found.values["line"], found.values["column"]) == position
    assert f"(line {position[0]}, column {position[1]})" in found.message
    assert key == "XML-AT" or key in KEYS.values()


@pytest.mark.parametrize(
    ("content", "language", "said"),
    [
        (
            b"Bread for Martin",
            "fr",
            "n’est pas du JSON valide (ligne 1, colonne 1 : une valeur est attendue à cet endroit)",
        ),
        (b'{"a": 1 "b": 2}', "nl", "is geen geldige JSON (regel 1, kolom 9: er ontbreekt een komma)"),
        (b'["\\q"]', "fr", "n’est pas du JSON valide (ligne 1, colonne 3)"),
        (b"Bread", "en", "is not valid JSON (line 1, column 1: a value is expected there)"),
    ],
)
def test_a_book_file_that_is_not_json_says_where_in_the_users_words(tmp_path, monkeypatch, content, language, said):  # type: ignore[no-untyped-def]
    notes = tmp_path / "notes.txt"
    notes.write_bytes(content)
    monkeypatch.setenv("LEDGERDESK_LANG", language)
    code, text = run("--data-dir", str(tmp_path / "book"), "import-book", str(notes))
    assert code == 1
    assert said in text, text
    assert not any(english in text for english in LIBRARY_ENGLISH)
