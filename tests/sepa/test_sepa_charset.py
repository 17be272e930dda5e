"""The SEPA character set: accents dropped, known signs replaced, the rest refused with its field named."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ledgerdesk.sepa.charset import ALLOWED, CharsetError, check_identifier, fit, is_sepa_text, transliterate


def test_belgian_names_lose_their_accents_only():
    assert transliterate("Brasserie Café Élysée – Liège", "the debtor's name") == "Brasserie Cafe Elysee - Liege"
    assert transliterate("Müller & Söhne", "name") == "Muller + Sohne"
    assert transliterate("Straße „Œuvre“", "street") == "Strasse 'OEuvre'"


def test_a_name_with_no_latin_form_is_refused_with_its_field():
    with pytest.raises(CharsetError, match=r"the debtor's name: the character 'Ж'"):
        transliterate("Жанна", "the debtor's name")
    with pytest.raises(CharsetError, match="remittance"):
        transliterate("Thanks 🙂", "remittance")


def test_fit_cuts_free_text_to_the_field():
    assert fit("A" * 80, "name", 70) == "A" * 70
    assert fit("word   with  spaces  ", "name", 70) == "word with spaces"


@pytest.mark.parametrize(
    ("value", "why"),
    [
        ("", "empty"),
        ("/ABC", "'/'"),
        ("ABC/", "'/'"),
        ("AB//C", "'//'"),
        ("A" * 36, "longer than 35"),
        ("MANDAAT_1", "character '_'"),
        (" M1", "space"),
    ],
)
def test_identifiers_follow_the_epc_rules(value, why):
    with pytest.raises(CharsetError, match=why):
        check_identifier(value, "the mandate reference")


def test_a_good_identifier_passes_unchanged():
    assert check_identifier("LD-2026/0001 (a)", "the mandate reference") == "LD-2026/0001 (a)"


@given(st.text(max_size=60))
def test_whatever_is_accepted_is_in_the_set(text):
    try:
        out = transliterate(text, "field")
    except CharsetError:
        return
    assert is_sepa_text(out)
    assert set(out) <= ALLOWED


@given(st.text(alphabet=sorted(ALLOWED), max_size=60))
def test_text_already_in_the_set_is_kept(text):
    assert transliterate(text, "field") == " ".join(text.split())
    assert transliterate(transliterate(text, "f"), "f") == transliterate(text, "f")


def test_the_refusal_reads_in_the_users_language():
    from ledgerdesk.i18n.sentences import sentence

    with pytest.raises(CharsetError) as refused:
        transliterate("Жанна", "the mandate reference")
    assert sentence(str(refused.value), "fr") == (
        "La référence du mandat : le caractère 'Ж' ne peut pas être écrit dans un fichier SEPA"
    )
