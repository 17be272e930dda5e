"""Every e-invoice message has a Dutch and a French translation that keeps its placeholders."""

from __future__ import annotations

import re

import pytest

from ledgerdesk.einvoice.findings import BUSINESS_WORDS, finding
from ledgerdesk.i18n import catalog, gettext

PLACEHOLDER = re.compile(r"{\w+}")


@pytest.mark.parametrize("language", ["nl", "fr"])
def test_every_business_sentence_is_translated_with_its_placeholders(language):
    messages = catalog(language)
    missing = [m for m in BUSINESS_WORDS.values() if m not in messages]
    assert not missing
    broken = [
        m for m in BUSINESS_WORDS.values() if sorted(PLACEHOLDER.findall(m)) != sorted(PLACEHOLDER.findall(messages[m]))
    ]
    assert not broken


def test_a_finding_reads_in_the_users_language():
    f = finding("PEPPOL-EN16931-R010", "fatal", key="PEPPOL-EN16931-R010-S", rate="21")
    assert f.translated(gettext("fr")) == (
        "Le client n'a pas de numéro de TVA (donc pas d'adresse Peppol) alors que la facture porte 21 % de TVA."
    )
    assert "btw-nummer" in f.translated(gettext("nl"))


def test_an_unknown_rule_keeps_the_official_text():
    f = finding("BR-XX-99", "warning", fallback="  Something   official ")
    assert (f.message, f.translated(gettext("en"))) == ("Something   official", "Something   official")
    assert f.translated(gettext("nl")) == "Regel BR-XX-99: Something   official"  # framed, the words the rule's own
