"""Peppol invoice responses: theirs to our invoices (history, dispute), ours to their invoices, tacit acceptance."""

from __future__ import annotations

import io
import json
from datetime import date, datetime, timedelta

import pytest
from builders import customer, invoice
from hypothesis import given
from hypothesis import strategies as st
from peppol_standin import StandIn

from ledgerdesk.cli import main
from ledgerdesk.domain.acceptance import tacit_acceptance_day
from ledgerdesk.einvoice.response_writer import ResponseParty, build_invoice_response
from ledgerdesk.einvoice.ubl_reader import read_header
from ledgerdesk.paths import BookPaths
from ledgerdesk.peppol import settings_for
from ledgerdesk.persistence.book import open_book
from ledgerdesk.persistence.models import Invoice, PeppolResponse
from ledgerdesk.services import collection, inbox, invoice_responses, peppol_setup
from ledgerdesk.services.bookfile import export_book, import_book
from ledgerdesk.services.reminder_views import invoice_events

RESPONSE_DOCTYPE = (
    "urn:oasis:names:specification:ubl:schema:xsd:ApplicationResponse-2::ApplicationResponse"
    "##urn:fdc:peppol.eu:poacc:trns:invoice_response:3::2.1"
)
NOW = datetime(2026, 4, 1, 9, 0)


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def access_point(book, tmp_keyring):
    with StandIn("peppyrus") as server:
        with book.db.transaction() as s:
            peppol_setup.save_access_point(s, settings_for("peppyrus", base_url=server.base_url), server.api_key)
        yield server


def our_invoice(book, kind: str = "business") -> tuple[int, str]:
    with book.db.transaction() as s:
        who = customer(s, kind=kind, street="", postcode="", city="", since=date(2026, 1, 1))
        invoice_id = invoice(s, who, date(2026, 3, 2), what="Werk")
        return invoice_id, s.get(Invoice, invoice_id).number


def their_response(number: str, code: str, *reasons: tuple[str, str], day: date = date(2026, 3, 5)) -> bytes:
    return build_invoice_response(
        number=f"IR-{code}",
        issue_date=day,
        sender=ResponseParty("0208:0202239951", "Bakkerij Peeters"),
        receiver=ResponseParty("0208:0403170701", "Atelier Janssens"),
        invoice_number=number,
        invoice_type_code="380",
        code=code,
        reasons=reasons,
    )


def fetch(book):
    with book.db.reading() as s:
        ap = peppol_setup.open_access_point(s, timeout=5)
    return inbox.fetch_inbox(book.db, ap, now=NOW)


def test_a_rejection_goes_into_the_history_and_opens_a_dispute_that_holds_reminders(book, access_point):
    invoice_id, number = our_invoice(book)
    access_point.deliver(
        their_response(number, "RE", ("PRI", "Prijs niet zoals afgesproken")), document_type=RESPONSE_DOCTYPE
    )
    report = fetch(book)
    assert [(i.outcome, i.kind) for i in report.items] == [("new", "invoice_response")]
    with book.db.reading() as s:
        lines = [str(e.what) for e in invoice_events(s, invoice_id)]
        holds = collection.holds_for(s, date(2026, 4, 1))
    assert "Peppol response from Bakkerij Peeters: rejected (RE) PRI Prijs niet zoals afgesproken" in lines
    assert any(line.startswith("disputed: Peppol rejected (RE): PRI") for line in lines)
    assert holds[invoice_id].holding


def test_an_acceptance_is_only_history(book, access_point):
    invoice_id, number = our_invoice(book)
    access_point.deliver(their_response(number, "AP"), document_type=RESPONSE_DOCTYPE)
    fetch(book)
    with book.db.reading() as s:
        assert [str(e.what) for e in invoice_events(s, invoice_id)][
            -1
        ] == "Peppol response from Bakkerij Peeters: accepted (AP) "
        assert not collection.open_disputes_of(s, invoice_id)


def test_we_reject_a_received_invoice_with_a_reason_and_it_is_sent_once(book, access_point, supplier_ubl):
    access_point.deliver(supplier_ubl[0])
    fetch(book)
    folder = str(book.paths.folder)
    book.close()
    code, out, err = run("--data-dir", folder, "inbox", "respond", "1", "--reject")
    assert code == 1 and "must say why" in err
    access_point.fail_next("crash_after_send")  # the access point got it; its answer was lost
    code, out, err = run("--data-dir", folder, "inbox", "respond", "1", "--reject", "--reason", "PRI", "prijs te hoog")
    assert code == 1 and "not sent" in out
    sent = [m for m in access_point.sent()]
    assert len(sent) == 1 and read_header(sent[0].content).response_code == "RE"
    assert sent[0].recipient == "0208:0202239951" and sent[0].document_type.endswith("invoice_response:3::2.1")
    code, out, err = run("--data-dir", folder, "inbox", "respond", "1", "--accept", "--json")
    answers = json.loads(out)
    assert code == 0, err
    assert [a["number"] for a in answers] == ["R1-1", "R1-2"] and all(a["message_id"] for a in answers)
    assert answers[0]["message_id"] == sent[0].id  # found, not sent again
    assert len(access_point.sent()) == 2
    with open_book(BookPaths.in_dir(folder)) as again, again.db.reading() as s:
        rows = s.query(PeppolResponse).order_by(PeppolResponse.id).all()
        assert [(r.code, r.reasons) for r in rows] == [("RE", [["PRI", "prijs te hoog"]]), ("AP", [])]
        exported = export_book(s)
    assert [r["number"] for r in exported["incoming_documents"][0]["responses"]] == ["R1-1", "R1-2"]
    with open_book(BookPaths.in_dir(folder.replace("data", "copy"))) as other:
        with other.db.transaction() as s:
            import_book(s, json.loads(json.dumps(exported)))
        with other.db.reading() as s:
            assert export_book(s)["incoming_documents"] == exported["incoming_documents"]


def test_an_invoice_delivered_to_a_business_and_not_protested_is_said_accepted_after_the_window(book):
    invoice_id, _ = our_invoice(book)
    with book.db.transaction() as s:
        invoice_responses.record_delivery(s, invoice_id, on=date(2026, 3, 2), provider="peppyrus", message_id="m1")
        assert invoice_responses.record_tacit_acceptances(s, as_of=date(2026, 3, 9)) == []
        assert invoice_responses.record_tacit_acceptances(s, as_of=date(2026, 3, 10)) == [invoice_id]
        assert invoice_responses.record_tacit_acceptances(s, as_of=date(2026, 3, 30)) == []  # once
        events = invoice_events(s, invoice_id)
    assert (events[-1].on, str(events[-1].what)) == (
        date(2026, 3, 10),
        "not disputed within 8 days of its delivery on 2026-03-02: evidence that it was accepted (art. 8.11 §4 Civil Code)",
    )


def test_never_for_a_consumer_nor_after_a_protest(book):
    consumer_invoice, _ = our_invoice(book, kind="consumer")
    with book.db.transaction() as s:
        invoice_responses.record_delivery(s, consumer_invoice, on=date(2026, 3, 2), provider="peppyrus", message_id="m")
        assert invoice_responses.record_tacit_acceptances(s, as_of=date(2026, 6, 1)) == []
    business_invoice, _ = our_invoice(book)
    with book.db.transaction() as s:
        invoice_responses.record_delivery(s, business_invoice, on=date(2026, 3, 2), provider="peppyrus", message_id="b")
        collection.open_dispute(s, business_invoice, on=date(2026, 3, 6), reason="wrong price")
        assert invoice_responses.record_tacit_acceptances(s, as_of=date(2026, 6, 1)) == []


@given(
    kind=st.sampled_from(["business", "consumer"]),
    delivered=st.dates(min_value=date(2026, 1, 1), max_value=date(2027, 1, 1)),
    window=st.integers(min_value=1, max_value=60),
    protest_after=st.lists(st.integers(min_value=0, max_value=90), max_size=3),
    waited=st.integers(min_value=0, max_value=120),
)
def test_tacit_acceptance_is_for_businesses_only_and_only_after_a_silent_window(
    kind, delivered, window, protest_after, waited
):
    as_of = delivered + timedelta(days=waited)
    day = tacit_acceptance_day(
        customer_kind=kind,
        delivered_on=delivered,
        protests=[delivered + timedelta(days=d) for d in protest_after],
        as_of=as_of,
        window_days=window,
    )
    if day is not None:
        assert kind == "business" and day == delivered + timedelta(days=window) <= as_of
        assert all(d > window for d in protest_after)
    elif kind == "business" and waited >= window and all(d > window for d in protest_after):
        pytest.fail("a silent window that closed must be said")
