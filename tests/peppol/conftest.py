"""Fixtures for the Peppol tests: a stand-in access point per provider and a keyring in tmp."""

from __future__ import annotations

import keyring
import pytest
from peppol_books import supplier_documents
from peppol_samples import FileKeyring
from peppol_standin import StandIn


@pytest.fixture(autouse=True)
def tmp_keyring(tmp_path):
    """Every Peppol test uses a keyring file in tmp, never the computer's own keyring."""
    previous = keyring.get_keyring()
    ring = FileKeyring(tmp_path / "keyring.json")
    keyring.set_keyring(ring)
    yield ring
    keyring.set_keyring(previous)


@pytest.fixture(params=["peppyrus", "recommand"])
def standin(request):
    key = "test-key" if request.param == "peppyrus" else "key_test:secret_test"
    with StandIn(request.param, api_key=key) as server:
        server.state.timeout_seconds = 1.0
        yield server


@pytest.fixture(scope="session")
def supplier_ubl(tmp_path_factory):
    """Three invoices and a credit note from Bakkerij Peeters to Atelier Janssens (valid Peppol UBL, PDF inside)."""
    return supplier_documents(tmp_path_factory.mktemp("supplier") / "data")
