"""Small UBL documents for the access point tests (the stand-ins read only their envelope) and a keyring in tmp."""

from __future__ import annotations

import json
import os
from pathlib import Path

import keyring.backend

UBL = """<?xml version="1.0" encoding="UTF-8"?>
<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
 xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
 xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
 <cbc:CustomizationID>urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0</cbc:CustomizationID>
 <cbc:ProfileID>urn:fdc:peppol.eu:2017:poacc:billing:01:1.0</cbc:ProfileID>
 <cbc:ID>{number}</cbc:ID>
 <cbc:IssueDate>{day}</cbc:IssueDate>
 <cac:AccountingSupplierParty><cac:Party><cbc:EndpointID schemeID="0208">{sender}</cbc:EndpointID></cac:Party></cac:AccountingSupplierParty>
 <cac:AccountingCustomerParty><cac:Party><cbc:EndpointID schemeID="0208">{receiver}</cbc:EndpointID></cac:Party></cac:AccountingCustomerParty>
</Invoice>
"""

SENDER = "0403170701"
RECEIVER = "0202239951"


def ubl(number: str = "2026-0001", *, day: str = "2026-01-10", sender: str = SENDER, receiver: str = RECEIVER) -> bytes:
    return UBL.format(number=number, day=day, sender=sender, receiver=receiver).encode("utf-8")


class FileKeyring(keyring.backend.KeyringBackend):
    """A keyring in one JSON file (tests only): the real OS keyring is never touched."""

    priority = 1  # type: ignore[assignment]

    def __init__(self, path: Path | None = None) -> None:
        super().__init__()
        # A child process (PYTHON_KEYRING_BACKEND=peppol_samples.FileKeyring) finds the file in the environment.
        self.path = path or Path(os.environ.get("LEDGERDESK_TEST_KEYRING", os.devnull))

    def _all(self) -> dict[str, str]:
        return json.loads(self.path.read_text()) if self.path.exists() else {}

    def get_password(self, service: str, username: str) -> str | None:
        return self._all().get(f"{service}\n{username}")

    def set_password(self, service: str, username: str, password: str) -> None:
        values = self._all()
        values[f"{service}\n{username}"] = password
        self.path.write_text(json.dumps(values))

    def delete_password(self, service: str, username: str) -> None:
        values = self._all()
        values.pop(f"{service}\n{username}", None)
        self.path.write_text(json.dumps(values))
