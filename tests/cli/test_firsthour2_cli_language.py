"""The command line's own output in the user's language: the status column, the summaries, validate-ubl."""

from __future__ import annotations

import pytest
from builders import run_cli

ENGLISH = ("Awaiting payment", "Past due", "Paid", "letters", "skipped", "level ", "valid (")


@pytest.fixture(scope="module")
def demo(tmp_path_factory):  # type: ignore[no-untyped-def]
    folder = str(tmp_path_factory.mktemp("demo") / "book")
    assert run_cli("--data-dir", folder, "demo", "--years", "1", "--as-of", "2026-12-02")[0] == 0
    ubl = str(tmp_path_factory.mktemp("ubl") / "invoice.xml")
    assert run_cli("--data-dir", folder, "export-ubl", "2026-0087", "-o", ubl)[0] == 0
    return folder, ubl


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("fr", ("À payer", "Documents : 102", "Lettres : ", "niveau 1", ": valide (erreurs : 0")),
        ("nl", ("Openstaand", "Documenten: 102", "Brieven: ", "niveau 1", ": geldig (fouten: 0")),
    ],
)
def test_outputs_follow_ledgerdesk_lang(demo, monkeypatch, language, words):  # type: ignore[no-untyped-def]
    folder, ubl = demo
    monkeypatch.setenv("LEDGERDESK_LANG", language)
    said = "".join(
        run_cli("--data-dir", folder, *command)[1]
        for command in (
            ("invoices", "--as-of", "2026-12-02"),
            ("reminders", "propose", "--as-of", "2026-12-02"),
            ("validate-ubl", ubl),
        )
    )
    for word in words:
        assert word in said, word
    for word in ENGLISH:
        assert word not in said, word


def test_english_stays_as_it_was(demo, monkeypatch):  # type: ignore[no-untyped-def]
    folder, ubl = demo
    monkeypatch.setenv("LEDGERDESK_LANG", "en")
    assert run_cli("--data-dir", folder, "invoices", "--as-of", "2026-12-02")[1].endswith(
        "Documents: 102\n"
    )  # one wording for any count
    assert run_cli("validate-ubl", ubl)[1] == (
        f"{ubl}: valid (0 errors, 0 warnings)\n"
        "Peppol rules: partial check (LedgerDesk's subset); install the official rules with "
        "`ledgerdesk peppol-rules install`\n"
    )
    assert run_cli("--data-dir", folder, "reminders", "propose", "--as-of", "2026-12-02")[1].endswith(
        "1 letter, 1 invoice skipped\n"
    )
