"""Is a participant on Peppol: the SML asked by DNS (a local UDP server) and the SMP over HTTP (a local one)."""

from __future__ import annotations

import pytest
from peppol_registry_standin import CREDIT_NOTE, INVOICE, LocalRegistry

from ledgerdesk.domain.errors import ValidationError
from ledgerdesk.domain.peppol_ids import participant_candidates
from ledgerdesk.peppol import CREDIT_NOTE as CN
from ledgerdesk.peppol import INVOICE as INV
from ledgerdesk.peppol import PeppolError
from ledgerdesk.peppol.registry import Registry, lookup_sml, registry_from_environment, sml_name


def test_the_sml_name_is_the_base32_sha256_of_the_lowercased_id():
    # Worked by hand: base32(sha256("0208:0123456789")) without padding, as the SML publishes since Nov 2025.
    import base64
    import hashlib

    label = base64.b32encode(hashlib.sha256(b"0208:0123456789").digest()).decode().rstrip("=")
    assert sml_name("0208:0123456789") == f"{label}.iso6523-actorid-upis.edelivery.tech.ec.europa.eu"
    assert sml_name("9925:BE0202239951") == sml_name("9925:be0202239951")
    assert len(label) == 52


def test_a_registered_participant_is_found_with_its_document_types():
    with LocalRegistry() as local:
        local.register("0208:0202239951", INVOICE)
        found = lookup_sml("0208:0202239951", local.registry)
        assert found.registered and found.accepts(INV) and not found.accepts(CN)
        assert local.dns_questions == [sml_name("0208:0202239951", local.zone) + "."]
        missing = lookup_sml("0208:0999999999", local.registry)
        assert not missing.registered


def test_a_participant_the_smp_no_longer_knows_is_not_registered():
    with LocalRegistry() as local:
        local.register("0208:0202239951", INVOICE, CREDIT_NOTE)
        local.sml_only.add("0208:0202239951")
        assert not lookup_sml("0208:0202239951", local.registry).registered


def test_a_silent_sml_is_a_retryable_error():
    import socket

    quiet = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    quiet.bind(("127.0.0.1", 0))
    try:
        registry = Registry(nameserver=("127.0.0.1", quiet.getsockname()[1]), timeout=0.3)
        with pytest.raises(PeppolError) as failed:
            lookup_sml("0208:0202239951", registry)
        assert failed.value.retryable and "did not answer within 0.3 seconds" in str(failed.value)
    finally:
        quiet.close()


def test_belgian_customers_are_looked_up_by_enterprise_number_first_then_vat_number():
    assert participant_candidates("BE 0202.239.951") == ("0208:0202239951", "9925:BE0202239951")
    assert participant_candidates("0208:0202239951") == ("0208:0202239951",)
    with pytest.raises(ValidationError, match="not a Belgian VAT number"):
        participant_candidates("NL004495445B01")


def test_the_environment_points_the_lookup_at_another_sml():
    registry = registry_from_environment(
        {"LEDGERDESK_SML_ZONE": "acc.edelivery.tech.ec.europa.eu", "LEDGERDESK_SML_NAMESERVER": "127.0.0.1:5353"}
    )
    assert registry.zone == "acc.edelivery.tech.ec.europa.eu" and registry.nameserver == ("127.0.0.1", 5353)
    assert registry_from_environment({}).nameserver is None
