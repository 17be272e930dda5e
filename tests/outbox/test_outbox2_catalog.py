"""Every sentence the outbox's second part shows — invoice response checks, quote and statement e-mails, the
sender lock, the account page and the inbox — has its Dutch and French, keeping its placeholders."""

from __future__ import annotations

import string

import pytest

from ledgerdesk.einvoice.response_rules import WORDS
from ledgerdesk.i18n import catalog
from ledgerdesk.services.outbox_messages import BODIES, SUBJECTS
from ledgerdesk.services.outbox_sender import SenderBusy

SENTENCES = [
    *WORDS.values(),
    SUBJECTS["quote"], BODIES["quote"], SUBJECTS["statement"], BODIES["statement"],
    SenderBusy().message,
    "Send statement",
    "Last statement sent: {period}, {state} by {channel} on {when}. {answer}",
    "Refused, nothing else changed: {reasons}",
    "refused: {count} problem(s)",
    "Rule {rule}: {text}",
    "{number} cannot go by peppol: Peppol carries invoices and credit notes, not this document",
]  # fmt: skip


def fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("language", ["nl", "fr"])
def test_each_sentence_is_translated_with_its_placeholders(language):
    messages = catalog(language)
    missing = [s for s in SENTENCES if s not in messages]
    assert missing == []
    assert [s for s in SENTENCES if fields(s) != fields(messages[s])] == []
    assert [s for s in SENTENCES if messages[s] == s] == []  # really translated, not copied


def test_dutch_says_u_and_french_says_vous():
    nl, fr = catalog("nl"), catalog("fr")
    assert " je " not in " ".join(nl[s] for s in SENTENCES)
    assert "vous trouverez" in fr[BODIES["quote"]].lower() and "u uw" in nl[BODIES["statement"]]
