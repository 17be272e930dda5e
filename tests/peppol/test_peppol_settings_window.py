"""The Peppol access point window: the address follows provider and environment; saving checks the key first."""

from __future__ import annotations

import pytest
from peppol_standin import StandIn

from ledgerdesk.services import peppol_setup
from ledgerdesk.ui.context import AppContext
from ledgerdesk.ui.dialogs.peppol_settings import PeppolSettingsDialog


@pytest.fixture
def ctx(book, qtbot):
    context = AppContext(book, language="nl")
    yield context
    context.wait_idle()


def test_the_address_follows_the_provider_and_the_environment(ctx, qtbot):
    dialog = PeppolSettingsDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.provider.setCurrentIndex(dialog.provider.findData("peppyrus"))
    dialog.environment.setCurrentIndex(dialog.environment.findData("test"))
    assert dialog.address.text() == "https://api.test.peppyrus.be/v1/" and dialog.address.isReadOnly()
    dialog.provider.setCurrentIndex(dialog.provider.findData("recommand"))
    assert dialog.address.text() == "https://app.recommand.eu/api/v1/"
    assert not dialog.company.isHidden() and dialog.api_key.placeholderText() == "key:secret"


def test_saving_checks_the_key_with_the_access_point_then_stores_it(ctx, qtbot, tmp_keyring):
    with StandIn("peppyrus", api_key="right") as ap:
        dialog = PeppolSettingsDialog(ctx)
        qtbot.addWidget(dialog)
        dialog.environment.setCurrentIndex(dialog.environment.findData("custom"))
        dialog.address.setText(ap.base_url)
        dialog.api_key.setText("wrong")
        dialog.check_and_save()
        qtbot.waitUntil(lambda: dialog.buttons.isEnabled())
        assert "Peppyrus weigerde de API-sleutel (401)" in dialog.status.text()
        assert ctx.read(peppol_setup.access_point_settings) is None
        dialog.api_key.setText("right")
        with qtbot.waitSignal(dialog.accepted, timeout=5000):
            dialog.check_and_save()
    saved = ctx.read(peppol_setup.access_point_settings)
    assert saved.base_url == ap.base_url and saved.environment == "custom"
    assert "Ingesteld: Peppyrus, voor Atelier Janssens." == dialog.status.text()
    assert "right" in tmp_keyring.path.read_text() and dialog.api_key.text() == ""
