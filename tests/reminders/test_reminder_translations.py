"""Every letter text exists in Dutch and French with the same facts (placeholders) as the English source."""

from __future__ import annotations

import re

import pytest

from ledgerdesk.domain import dunning_defaults
from ledgerdesk.i18n import catalog

PLACEHOLDER = re.compile(r"\{(\w+)\}")


@pytest.mark.parametrize("language", ["nl", "fr"])
@pytest.mark.parametrize("message", dunning_defaults.MESSAGES, ids=lambda m: m[:30])
def test_letter_texts_are_translated_with_the_same_placeholders(language, message):
    translated = catalog(language).get(message)
    assert translated and translated != message
    # French letters open with "Madame, Monsieur," (the name is on the address), so {customer} may go.
    assert set(PLACEHOLDER.findall(translated)) | {"customer"} == set(PLACEHOLDER.findall(message)) | {"customer"}


def test_the_consumer_first_letter_states_what_book_xix_requires_in_every_language():
    from ledgerdesk.services.dunning_setup import check_texts

    check_texts(dunning_defaults.consumer())  # raises when a language lacks a required item
