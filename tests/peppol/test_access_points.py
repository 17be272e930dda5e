"""Both access points through the one adapter, against local stand-ins of their published APIs."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from peppol_samples import RECEIVER, ubl
from peppol_standin import StandIn

from ledgerdesk.peppol import (
    INVOICE,
    AccessPointSettings,
    PeppolError,
    connect,
    document_key,
    document_type_of,
)

TO = f"0208:{RECEIVER}"


def adapter(standin: StandIn, *, timeout: float = 5.0, key: str | None = None):
    settings = AccessPointSettings(standin.provider, standin.base_url, "custom", standin.company_id)
    return connect(settings, key or standin.api_key, timeout=timeout)


def send(ap, doc: bytes, **kw):
    return ap.send(doc, TO, document_type_of(doc), document_key(doc), **kw)


def test_a_document_is_sent_once_and_its_status_read(standin):
    ap = adapter(standin)
    doc = ubl()
    sent = send(ap, doc)
    assert sent.message_id and not sent.earlier
    assert sent.message_id in sent.answer  # the provider's answer, verbatim
    [stored] = standin.sent()
    assert stored.content == doc and stored.recipient == TO
    assert ap.status(sent.message_id).state == "sent"


def test_a_retry_after_a_crash_between_send_and_answer_finds_the_first_and_sends_nothing(standin):
    ap = adapter(standin)
    doc = ubl()
    standin.fail_next("crash_after_send")
    with pytest.raises(PeppolError) as failed:
        send(ap, doc)
    assert failed.value.retryable
    assert len(standin.sent()) == 1  # it did arrive; the answer was lost
    again = send(ap, doc)
    assert again.earlier and again.message_id == standin.sent()[0].id
    assert len(standin.sent()) == 1


def test_another_document_to_the_same_customer_is_not_mistaken_for_the_first(standin):
    ap = adapter(standin)
    send(ap, ubl("2026-0001"))
    second = send(ap, ubl("2026-0002"))
    assert not second.earlier and len(standin.sent()) == 2


def test_a_validation_refusal_carries_the_providers_words_and_is_final(standin):
    ap = adapter(standin)
    standin.fail_next("validation", words="[BR-CO-15] the totals do not add up")
    with pytest.raises(PeppolError) as refused:
        send(ap, ubl())
    assert not refused.value.retryable
    assert "[BR-CO-15] the totals do not add up" in str(refused.value)
    assert "[BR-CO-15] the totals do not add up" in refused.value.answer
    assert standin.sent() == []


def test_a_server_error_is_retryable_and_quoted(standin):
    ap = adapter(standin)
    standin.fail_next("server_error", words="upstream AS4 gateway down")
    with pytest.raises(PeppolError) as failed:
        send(ap, ubl())
    assert failed.value.retryable and failed.value.status == 503
    assert "503" in str(failed.value) and "upstream AS4 gateway down" in str(failed.value)
    assert send(ap, ubl()).message_id  # the next try goes through, once
    assert len(standin.sent()) == 1


def test_a_timeout_is_retryable_and_says_how_long_was_waited(standin):
    ap = adapter(standin, timeout=0.3)
    standin.fail_next("timeout", on="status")
    sent = send(ap, ubl())
    with pytest.raises(PeppolError) as failed:
        ap.status(sent.message_id)
    assert failed.value.retryable
    assert "did not answer within 0.3 seconds" in str(failed.value)


def test_a_wrong_api_key_is_refused_in_the_providers_words(standin):
    ap = adapter(standin, key="wrong:key")
    with pytest.raises(PeppolError) as refused:
        send(ap, ubl())
    assert "refused the API key (401)" in str(refused.value)
    assert "wrong" not in str(refused.value)  # the key itself is never repeated


def test_a_closed_port_is_said_plainly(standin):
    settings = AccessPointSettings(standin.provider, "http://127.0.0.1:9/v1/", "custom", standin.company_id)
    ap = connect(settings, standin.api_key, timeout=2)
    with pytest.raises(PeppolError) as failed:
        ap.inbox()
    assert failed.value.retryable and "cannot reach" in str(failed.value)


def test_the_inbox_is_listed_fetched_byte_for_byte_and_confirmed(standin):
    ap = adapter(standin)
    first = standin.deliver(ubl("F-1", sender="0202239951", receiver="0403170701"))
    second = standin.deliver(ubl("F-2", sender="0202239951", receiver="0403170701"))
    standin.duplicate_in_inbox(first)
    items = ap.inbox()
    assert [i.message_id for i in items].count(first) == 2  # the provider lists it twice; the inbox drops it
    assert {i.sender for i in items} == {"0208:0202239951"}
    fetched = ap.fetch(second)
    assert fetched.content == ubl("F-2", sender="0202239951", receiver="0403170701")
    ap.confirm(second)
    ap.confirm(second)  # harmless when repeated
    assert [i.message_id for i in ap.inbox()] == [first, first]


def test_the_providers_lookup_says_who_receives_invoices(standin):
    ap = adapter(standin)
    standin.register("0208:0202239951")
    known = ap.lookup("0208:0202239951")
    assert known.registered and known.accepts(INVOICE)
    unknown = ap.lookup("0208:0999999999")
    assert not unknown.registered and not unknown.accepts(INVOICE)


def test_a_message_that_failed_says_why_in_the_providers_words():
    with StandIn("peppyrus") as standin:
        ap = adapter(standin)
        sent = send(ap, ubl())
        standin.set_folder(sent.message_id, "failed", "Receiver AP did not acknowledge (AS4 timeout)")
        status = ap.status(sent.message_id)
        assert status.state == "failed" and status.reason == "Receiver AP did not acknowledge (AS4 timeout)"


def test_a_receiver_that_is_no_participant_id_is_refused_before_anything_is_sent(standin):
    ap = adapter(standin)
    with pytest.raises(PeppolError, match="not a Peppol participant id"):
        ap.send(ubl(), "BE0202239951", INVOICE, document_key(ubl()))
    assert standin.state.requests == []


@pytest.fixture(scope="module")
def shared_standin():
    with StandIn("peppyrus") as server:
        yield server


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(faults=st.lists(st.sampled_from(["crash_after_send", "server_error", "validation"]), max_size=4))
def test_whatever_fails_on_the_way_retrying_until_accepted_sends_exactly_once(shared_standin, faults):
    standin = shared_standin
    standin.reset()
    ap = adapter(standin)
    doc = ubl()
    for fault in faults:
        standin.fail_next(fault)
    for _attempt in range(len(faults) + 1):
        try:
            sent = send(ap, doc)
            break
        except PeppolError:
            continue
    assert len(standin.sent()) == 1
    assert sent.message_id == standin.sent()[0].id
