"""Every word in the user's language: domain sentences, command-line errors, Qt's own words, the first start."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QDialogButtonBox

from ledgerdesk import cli
from ledgerdesk.app import Desk
from ledgerdesk.domain.errors import ValidationError
from ledgerdesk.domain.messages import Message
from ledgerdesk.i18n import gettext
from ledgerdesk.i18n.sentences import sentence
from ledgerdesk.paths import BookPaths
from ledgerdesk.services.company import get_company
from ledgerdesk.ui.dialogs.company_setup import LANGUAGE_RESULT, CompanySetup
from ledgerdesk.ui.qt_language import use_language


@pytest.mark.parametrize(
    ("english", "language", "expected"),
    [
        ("'vijfhonderd' is not a number", "nl", "'vijfhonderd' is geen getal"),
        ("'BE0403019261' is not an e-mail address", "fr", "« BE0403019261 » n’est pas une adresse e-mail"),
        (
            "no reminder letters were confirmed on 2026-12-02",
            "nl",
            "Er werden op 02/12/2026 geen herinneringsbrieven bevestigd",
        ),
        ("{'x'} is not a number", "en", "{'x'} is not a number"),  # braces in a value: left as it is, capitalised
        ("a sentence nobody wrote a translation for", "fr", "A sentence nobody wrote a translation for"),
    ],
)
def test_a_formatted_english_sentence_comes_back_in_the_users_language(english, language, expected):
    assert sentence(english, language) == expected


def test_a_sentence_inside_a_sentence_and_amounts_are_translated_too():
    tr = gettext("nl")
    inner = str(ValidationError("'abc' is not a number"))
    assert sentence(tr("Line {n}: {problem}", n=1, problem=inner), "nl") == "Lijn 1: 'abc' is geen getal"
    said = sentence("allocating 12.50 exceeds the invoice's open amount (10.00)", "nl")
    assert said == "€\xa012,50 toewijzen is meer dan het openstaande bedrag van de factuur (€\xa010,00)"


def test_domain_messages_show_dates_in_the_users_format():
    message = Message.of("already reminded on {date}", date="2026-12-02")
    assert "02/12/2026" in message.translated(gettext("fr"))
    assert "2026-12-02" in str(message)  # the command line and JSON keep ISO dates


def test_command_line_errors_follow_the_locale(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("LEDGERDESK_LANG", "fr")
    code = cli.main(["--data-dir", str(tmp_path), "import-book", str(tmp_path / "missing.json")])
    err = capsys.readouterr().err
    assert code != 0 and err.startswith("ledgerdesk: Impossible de lire") and err.count("\n") == 1
    monkeypatch.setenv("LEDGERDESK_LANG", "en")
    cli.main(["--data-dir", str(tmp_path), "import-book", str(tmp_path / "missing.json")])
    assert capsys.readouterr().err.startswith("ledgerdesk: Cannot read")  # one sentence, capitalised


def test_qt_speaks_the_interface_language(qapp):
    try:
        for language, close, cancel in (("fr", "Fermer", "Annuler"), ("nl", "Sluiten", "Annuleren")):
            assert use_language(language)
            box = QDialogButtonBox(QDialogButtonBox.StandardButton.Close | QDialogButtonBox.StandardButton.Cancel)
            assert sorted(b.text() for b in box.buttons()) == sorted([close, cancel])
    finally:
        use_language("en")


def test_the_first_start_asks_the_interface_language_and_keeps_what_was_typed(qtbot, tmp_path, prefs, monkeypatch):
    """The dialog opens in the system's language; choosing French brings it back in French, filled in."""
    seen: list[tuple[str, str]] = []

    def run(dialog: CompanySetup) -> int:
        seen.append((dialog.ctx.language, dialog.name.text()))
        if len(seen) == 1:
            dialog.name.setText("Studio Lambert")
            dialog.ui_language.setCurrentIndex(dialog.ui_language.findData("fr"))
            return dialog.result()
        dialog.vat.setText("0403170701")
        dialog.iban.setText("BE71 0961 2345 6769")
        assert dialog.windowTitle() == "Bienvenue dans LedgerDesk"
        return int(dialog.save())

    monkeypatch.setattr(CompanySetup, "exec", run)
    monkeypatch.setattr("ledgerdesk.ui.preferences.system_language", lambda: "en")
    assert not prefs.has_language()
    desk = Desk(prefs)
    try:
        assert desk.start(BookPaths.in_dir(tmp_path / "fresh"))
        qtbot.addWidget(desk.window)
        assert seen == [("en", ""), ("fr", "Studio Lambert")]
        assert prefs.language() == "fr" and prefs.has_language()
        assert desk.ctx.language == "fr" and desk.ctx.read(get_company).name == "Studio Lambert"
        desk.window.close()
    finally:
        desk.close()
        use_language("en")


def test_choosing_the_language_ends_the_dialog_with_that_choice(qtbot, empty_book):
    from ledgerdesk.ui.context import AppContext

    dialog = CompanySetup(AppContext(empty_book, language="nl"), first_start=True)
    qtbot.addWidget(dialog)
    dialog.open()
    dialog.ui_language.setCurrentIndex(dialog.ui_language.findData("en"))
    assert dialog.result() == LANGUAGE_RESULT and dialog.chosen_language == "en"


def test_amounts_in_domain_sentences_are_shown_in_the_users_money_format():
    message = Message.of(
        "bank line of {date}, {amount} from {counterparty}", date="2026-12-02", amount="6330.72", counterparty="Renard"
    )
    from ledgerdesk.i18n import format_money

    assert message.translated(gettext("nl")) == f"bank line of 02/12/2026, {format_money(633072, 'nl')} from Renard"
    assert "6.330,72" in format_money(633072, "nl")
    assert str(message) == "bank line of 2026-12-02, 6330.72 from Renard"  # the command line and JSON stay plain
    written = Message.of("A cash payment of EUR {amount} is not allowed", amount="3500.00")
    assert written.translated(gettext("fr")) == "A cash payment of EUR 3500.00 is not allowed"  # no second €
