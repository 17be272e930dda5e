"""The access point's API key lives in the keyring (a file in tmp here), one per provider and base URL."""

from __future__ import annotations

import keyring.backend
import keyring.errors
import pytest

from ledgerdesk.peppol import PeppolError, settings_for
from ledgerdesk.peppol.keys import load_api_key, store_api_key


def test_a_key_is_stored_and_read_back_per_provider_and_environment(tmp_keyring):
    test = settings_for("peppyrus", test=True)
    production = settings_for("peppyrus")
    store_api_key(test, "test-123")
    assert load_api_key(test) == "test-123"
    with pytest.raises(PeppolError, match="no Peppyrus API key"):
        load_api_key(production)
    assert "test-123" in tmp_keyring.path.read_text()


def test_a_computer_without_a_usable_keyring_is_told_so(tmp_keyring):
    class Broken(keyring.backend.KeyringBackend):
        priority = 1  # type: ignore[assignment]

        def get_password(self, service, username):
            raise keyring.errors.KeyringLocked("the keyring is locked")

        def set_password(self, service, username, password):
            raise keyring.errors.NoKeyringError("No recommended backend was available.")

        def delete_password(self, service, username):
            pass

    keyring.set_keyring(Broken())
    with pytest.raises(PeppolError, match="cannot be used for the API key: No recommended backend"):
        store_api_key(settings_for("recommand"), "k:s")
    with pytest.raises(PeppolError, match="the keyring is locked"):
        load_api_key(settings_for("recommand"))


def test_an_unknown_provider_and_a_bad_base_url_are_refused():
    with pytest.raises(
        PeppolError, match="'storecove' is not a Peppol access point LedgerDesk knows; choose peppyrus, recommand"
    ):
        settings_for("storecove")
    with pytest.raises(PeppolError, match="is not a web address"):
        settings_for("peppyrus", base_url="ftp://example.org")
    assert settings_for("Peppyrus", test=True).base_url == "https://api.test.peppyrus.be/v1/"
    assert settings_for("recommand", base_url="http://127.0.0.1:8765/api/v1").environment == "custom"
