"""The outbox's pure rules: moves, the crash rule, message keys and the channel choice."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ledgerdesk.domain import outbox as rules
from ledgerdesk.domain.outbox import OutboxError, Outcome, Recipient


def test_a_delivery_moves_only_along_its_life():
    assert rules.move("queued", "sending") == "sending"
    assert rules.after_attempt("sending", Outcome(True, "250 ok")) == "sent"
    assert rules.after_attempt("sending", Outcome(True, "accepted", delivered=True)) == "delivered"
    assert rules.after_attempt("sending", Outcome(False, "451 later")) == "queued"
    assert rules.after_attempt("sending", Outcome(False, "550 no", permanent=True)) == "failed"
    with pytest.raises(OutboxError, match="a delivery that is sent cannot become queued"):
        rules.move("sent", "queued")
    with pytest.raises(OutboxError, match="only a failed delivery can be retried"):
        rules.retry("sent")


def test_after_a_crash_only_what_never_reached_the_server_is_queued_again():
    assert rules.after_crash(handed_over=False)[0] == "queued"
    state, why = rules.after_crash(handed_over=True)
    assert state == "failed" and "it may have been sent" in str(why)


@given(st.sampled_from(rules.DOCUMENT_KINDS), st.text(min_size=1, max_size=30), st.integers(1, 10**9))
def test_a_message_id_is_stable_per_delivery_and_differs_between_deliveries(kind, number, delivery):
    one = rules.message_id(kind, number, delivery, "BE0403170701", "f@janssens.be")
    assert one == rules.message_id(kind, number, delivery, "BE0403170701", "f@janssens.be")
    assert one != rules.message_id(kind, number, delivery + 1, "BE0403170701", "f@janssens.be")
    assert one.startswith("<") and one.endswith("@janssens.be>") and " " not in one and "\n" not in one


recipients = st.builds(
    Recipient,
    consumer=st.booleans(),
    email=st.sampled_from(["", "jan@claes.be", "not an address", "a@b"]),
    has_postal_address=st.booleans(),
    peppol_id=st.sampled_from([None, "", "0208:0202239951", "9925:BE0202239951", "EM:jan@claes.be", "jan@claes.be"]),
    on_peppol=st.sampled_from([None, True, False]),
)


@given(recipients)
def test_never_peppol_for_anyone_without_a_valid_peppol_endpoint_and_a_registration(recipient):
    choice = rules.choose_channel(recipient)
    valid_endpoint = bool(recipient.peppol_id) and rules.PEPPOL_ID.fullmatch(recipient.peppol_id or "") is not None
    if choice.channel == "peppol":
        assert valid_endpoint and recipient.on_peppol is True
    if recipient.consumer and not valid_endpoint:
        assert choice.channel != "peppol"
        assert rules.channel_refusal("peppol", recipient) is not None
    # The choice is always a channel that can carry the document, or post as the last resort.
    assert rules.channel_refusal(choice.channel, recipient) is None or choice.channel == "post"


def test_peppol_then_email_then_post():
    business = Recipient(False, "a@b.be", True, "0208:0202239951", True)
    assert rules.choose_channel(business).channel == "peppol"
    assert rules.choose_channel(Recipient(False, "a@b.be", True, "0208:0202239951", False)).channel == "email"
    assert rules.choose_channel(Recipient(True, "", True)).channel == "post"
    assert str(rules.channel_refusal("peppol", Recipient(True, "a@b.be", True, "EM:a@b.be", True))) == (
        "a consumer without a Peppol endpoint cannot receive by Peppol"
    )
