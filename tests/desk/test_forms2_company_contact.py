"""The company form: its e-mail address meets the customer's rule, and a missing name waits to be pointed out."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import QApplication

from ledgerdesk.domain.email_address import validate_email
from ledgerdesk.domain.errors import DomainError, ValidationError
from ledgerdesk.services.company import CompanyData, clean_company, get_company
from ledgerdesk.ui.context import AppContext
from ledgerdesk.ui.dialogs.company_setup import CompanySetup
from ledgerdesk.ui.dialogs.customer_form import CustomerForm


@pytest.mark.parametrize("address", ["jean.exemple.be", "jean@@exemple", "jean@exemple", "jean @exemple.be"])
def test_an_address_without_one_at_and_a_domain_is_refused(address):
    with pytest.raises(ValidationError):
        validate_email(address)
    with pytest.raises(ValidationError):
        clean_company(CompanyData(name="Studio Lambert", email=address))


def test_a_plain_address_or_none_at_all_is_accepted():
    assert validate_email(" jean@exemple.be ") == "jean@exemple.be"
    assert validate_email("") == ""


def _setup(qtbot, book, language: str, *, first_start: bool = True) -> CompanySetup:
    dialog = CompanySetup(AppContext(book, language=language), first_start=first_start)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


@pytest.mark.parametrize("address", ["jean.exemple.be", "jean@@exemple"])
def test_the_company_form_refuses_a_bad_address_under_the_field_and_does_not_save(qtbot, empty_book, address):
    dialog = _setup(qtbot, empty_book, "fr")
    dialog.name.setText("Studio Lambert")
    dialog.iban.setText("BE71 0961 2345 6769")
    assert dialog.save_button.isEnabled()
    before = dialog.save_button.mapTo(dialog, dialog.save_button.rect().topLeft())
    dialog.email.setText(address)
    assert dialog.field_messages["email"].text() == f"« {address} » n’est pas une adresse e-mail"
    assert not dialog.save_button.isEnabled()
    assert dialog.save_button.mapTo(dialog, dialog.save_button.rect().topLeft()) == before  # the line was kept
    assert not dialog.save()
    with pytest.raises(DomainError):  # nothing was written
        dialog.ctx.read(get_company)
    dialog.email.setText("jean@exemple.be")
    assert dialog.field_messages["email"].text() == ""
    assert dialog.save()
    assert dialog.ctx.read(get_company).email == "jean@exemple.be"


def test_the_customer_form_uses_the_same_rule(qtbot, ctx):
    form = CustomerForm(ctx)
    qtbot.addWidget(form)
    form.name.setText("Garage Peeters")
    form.email.setText("jean@@exemple")  # the customer rule once only looked for an '@'
    assert form.problem() is not None


def test_a_blank_first_start_form_says_nothing_until_the_name_is_left_empty(qtbot, empty_book):
    dialog = _setup(qtbot, empty_book, "fr")
    assert dialog.message.text() == ""
    assert not dialog.save_button.isEnabled()
    dialog.street.setText("Rue Haute 1")  # typing elsewhere says nothing about the name either
    assert dialog.message.text() == ""
    qtbot.keyClicks(dialog.name, "S")
    qtbot.keyClick(dialog.name, Qt.Key.Key_Backspace)
    assert dialog.message.text() == ""  # still in the field: no complaint while typing
    # leaves the name empty after touching it (the offscreen test platform moves no real focus)
    QApplication.sendEvent(dialog.name, QFocusEvent(QEvent.Type.FocusOut, Qt.FocusReason.TabFocusReason))
    assert dialog.message.text() == "L’entreprise a besoin d’un nom"


def test_saving_a_nameless_company_says_why(qtbot, empty_book):
    dialog = _setup(qtbot, empty_book, "nl")
    assert dialog.message.text() == ""
    assert not dialog.save()
    assert dialog.message.text() != ""
