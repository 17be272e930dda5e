"""Official rule messages in the user's language: the ~40 a small business meets most are translated word for
word; any other keeps its English text inside a translated frame naming the rule."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from ledgerdesk.einvoice import validate as validation
from ledgerdesk.einvoice.findings import BUSINESS_WORDS, finding
from ledgerdesk.einvoice.rule_texts import OFFICIAL_TEXTS, RULE_FRAME
from ledgerdesk.i18n import catalog, gettext
from ledgerdesk.paths import resources_dir

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "peppol"))
from peppol_samples import ubl  # noqa: E402


def test_the_cen_texts_are_word_for_word_those_of_the_shipped_schematron():
    xslt = (resources_dir() / "einvoice" / "cen-en16931" / "EN16931-UBL-validation.xslt").read_text("utf-8")
    official = {m[0]: " ".join(m[1].split()) for m in re.findall(r"<svrl:text>\[([^\]]+)\]-([^<]*)", xslt)}
    import html

    for rule, text in OFFICIAL_TEXTS.items():
        if rule.startswith("BR-"):
            assert html.unescape(official[rule]) == text, rule


def _real_rules() -> Path | None:
    """The release a developer installed in their own data folder (`ledgerdesk peppol-rules install`)."""
    from platformdirs import user_data_dir

    from ledgerdesk.einvoice import official_rules

    rules = official_rules.PEPPOL_BIS_BILLING
    path = Path(user_data_dir("LedgerDesk", appauthor=False)) / "rules" / f"peppol-bis-billing-{rules.version}"
    source = path / rules.file_name
    return source if source.is_file() else None


@pytest.mark.skipif(_real_rules() is None, reason="the official Peppol rules are not installed on this machine")
def test_the_peppol_texts_are_word_for_word_those_of_the_installed_release():
    from lxml import etree

    source = _real_rules()
    assert source is not None
    asserts = {
        a.get("id"): " ".join("".join(a.itertext()).split())
        for a in etree.parse(str(source)).iter("{http://purl.oclc.org/dsdl/schematron}assert")
    }
    for rule, text in OFFICIAL_TEXTS.items():
        if rule.startswith("PEPPOL-"):
            assert asserts[rule] == text, rule


@pytest.mark.parametrize("language", ["nl", "fr"])
def test_each_official_text_is_translated_and_none_is_also_worded_by_us(language):
    messages = catalog(language)
    assert len(OFFICIAL_TEXTS) >= 30
    assert [t for t in OFFICIAL_TEXTS.values() if messages.get(t, t) == t] == []
    assert set(OFFICIAL_TEXTS) & set(BUSINESS_WORDS) == set()


def test_a_rule_nobody_translated_keeps_its_english_words_in_a_translated_frame():
    f = finding("BR-XX-99", "warning", fallback="  Something   official ")
    assert f.translated(gettext("nl")) == "Regel BR-XX-99: Something   official"
    assert f.translated(gettext("fr")) == "Règle BR-XX-99 : Something   official"
    assert f.translated(gettext("en")) == "Something   official"  # the rule id stands beside it already
    assert "{rule}" in RULE_FRAME


def test_a_cen_rule_of_a_real_document_reads_in_dutch_and_french():
    report = validation.validate(ubl())  # no type code, no lines, no VAT breakdown
    by_rule = {f.rule: f for f in report.findings}
    assert (
        by_rule["BR-CO-18"].translated(gettext("nl")) == "Een factuur moet minstens één btw-overzicht hebben (BG-23)."
    )
    assert by_rule["BR-04"].translated(gettext("fr")) == "Une facture doit avoir un code de type de facture (BT-3)."
    assert by_rule["BR-04"].message == OFFICIAL_TEXTS["BR-04"]  # the English stays the official text


@pytest.mark.skipif(_real_rules() is None, reason="the official Peppol rules are not installed on this machine")
def test_cl008_of_a_consumer_endpoint_reads_in_the_users_language_under_the_official_rules(tmp_path, monkeypatch):
    from ledgerdesk.einvoice import official_rules

    monkeypatch.setenv(official_rules.ENV_RULES_DIR, str(tmp_path / "rules"))
    validation.forget_installed_rules()
    try:
        official_rules.install(source=_real_rules())
        validation.forget_installed_rules()
        xml = ubl().replace(b'schemeID="0208">0202239951', b'schemeID="EM">jan@example.be')
        [cl008] = [f for f in validation.validate(xml).findings if f.rule == "PEPPOL-EN16931-CL008"]
    finally:
        validation.forget_installed_rules()
    assert "schéma EM, n’est pas une adresse Peppol" in cl008.translated(gettext("fr"))
    assert "schema EM, is geen Peppol-adres" in cl008.translated(gettext("nl"))
