"""Forms that hold still: messages in reserved space, no field moves while typing, typing never changes a choice."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from ledgerdesk.ui.context import AppContext
from ledgerdesk.ui.dialogs.company_setup import CompanySetup
from ledgerdesk.ui.dialogs.customer_form import CustomerForm


def _places(dialog: QWidget, widgets: list[QWidget]) -> list[tuple[int, int, int, int]]:
    return [
        (w.mapTo(dialog, w.rect().topLeft()).x(), w.mapTo(dialog, w.rect().topLeft()).y(), w.width(), w.height())
        for w in widgets
    ]


def test_company_setup_fields_never_move_while_messages_come_and_go(qtbot, empty_book):
    dialog = CompanySetup(AppContext(empty_book, language="fr"), first_start=True)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    watched = [dialog.regime, dialog.iban, dialog.bic, dialog.email, dialog.terms, dialog.save_button]
    before = _places(dialog, watched)
    height = dialog.height()
    for vat, iban in (
        ("BE 0403.170.702", ""),
        ("BE 0403.170.701", "BE71 0961"),
        ("", "BE71 0961 2345 6769"),
        ("0403170701", "BE00 0000 0000 0000 0000 0000 0000 0000"),
        ("", ""),
    ):
        dialog.vat.setText(vat)
        dialog.iban.setText(iban)
        qtbot.wait(1)
        assert _places(dialog, watched) == before, (vat, iban)
        assert dialog.height() == height
    dialog.vat.setText("BE 0403.170.702")
    assert dialog.field_messages["vat"].text().startswith("Ce n’est pas un numéro de TVA valide")


def test_a_long_message_is_cut_to_its_line_and_whole_in_the_tooltip(qtbot, empty_book):
    dialog = CompanySetup(AppContext(empty_book, language="nl"), first_start=True)
    qtbot.addWidget(dialog)
    dialog.resize(560, dialog.height())
    dialog.show()
    dialog.iban.setText("BE00 0000 0000 0000 0000 0000 0000 0000 0000")
    line = dialog.field_messages["iban"]
    assert line.toolTip() == line.text() != ""
    assert line.fontMetrics().horizontalAdvance(line.shown_text()) <= line.width()


def test_typing_meant_for_the_iban_never_switches_the_vat_regime(qtbot, empty_book):
    """The bug: a click landed on the regime box, and 'BE71…' typed there chose the franchise regime unseen."""
    dialog = CompanySetup(AppContext(empty_book, language="nl"), first_start=True)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.regime.setFocus()
    qtbot.keyClicks(dialog.regime, "BE71 0961 2345 6769 kfs")
    assert dialog.regime.currentData() == "standard"
    qtbot.keyClick(dialog.regime, Qt.Key.Key_Down)  # the keyboard still chooses, on purpose
    assert dialog.regime.currentData() == "franchise"


def test_customer_form_holds_still(qtbot, ctx):
    form = CustomerForm(ctx)
    qtbot.addWidget(form)
    form.show()
    qtbot.waitExposed(form)
    watched = [form.language, form.email, form.phone, form.terms, form.notes]
    before = _places(form, watched)
    form.name.setText("Garage Peeters")
    for vat in ("BE 0403.170.702", "BE 0403.170.701", "", "12"):
        form.vat.setText(vat)
        form.email.setText("not-an-address" if vat else "")
        qtbot.wait(1)
        assert _places(form, watched) == before, vat
    form.kind.setFocus()
    qtbot.keyClicks(form.kind, "consument")
    assert form.kind.currentData() == "business"


def test_a_new_customer_speaks_the_companys_invoice_language(qtbot, book, prefs):
    from ledgerdesk.services import company as company_service

    with book.db.transaction() as session:
        company_service.get_company(session).language = "fr"
    form = CustomerForm(AppContext(book, language="nl", preferences=prefs))
    qtbot.addWidget(form)
    assert form.language.currentData() == "fr"


def test_switching_the_interface_language_at_first_start_takes_the_invoice_language_along(qtbot, empty_book):
    from ledgerdesk.ui.dialogs.company_setup import LANGUAGE_RESULT

    dialog = CompanySetup(AppContext(empty_book, language="en"), first_start=True)
    qtbot.addWidget(dialog)
    dialog.ui_language.setCurrentIndex(dialog.ui_language.findData("fr"))
    assert dialog.result() == LANGUAGE_RESULT and dialog.chosen_language == "fr"
    assert dialog.data().language == "fr"
