"""A received invoice response is checked before it touches an invoice: UBL 2.1 schema, the BIS Invoice
Response 3.0 code lists and rules, and a reference to an invoice of ours. A bad one is kept in the inbox as
refused, with the exact reason; no history line, no dispute. Fetched from both local access-point stand-ins."""

from __future__ import annotations

import pytest
from test_invoice_responses import NOW, RESPONSE_DOCTYPE, our_invoice, their_response

from ledgerdesk.einvoice import response_rules
from ledgerdesk.peppol import settings_for
from ledgerdesk.persistence.models import IncomingDocument
from ledgerdesk.services import collection, inbox, peppol_setup
from ledgerdesk.services.reminder_views import invoice_events


@pytest.fixture
def access_point(book, standin):
    with book.db.transaction() as s:
        peppol_setup.save_access_point(
            s, settings_for(standin.provider, base_url=standin.base_url, company_id="c_standin"), standin.api_key
        )
    return standin


def fetched(book):  # type: ignore[no-untyped-def]
    with book.db.reading() as s:
        ap = peppol_setup.open_access_point(s, timeout=5)
    return inbox.fetch_inbox(book.db, ap, now=NOW)


def stored(book) -> list[IncomingDocument]:
    with book.db.reading() as s:
        return list(s.query(IncomingDocument).order_by(IncomingDocument.id))


def history(book, invoice_id: int) -> list[str]:
    with book.db.reading() as s:
        return [str(e.what) for e in invoice_events(s, invoice_id)]


BAD = {
    "a status outside the BIS subset": (lambda x: x.replace(b">RE<", b">XX<"), "IMR-CODE", "'XX' is not an invoice"),
    "an unknown reason code": (lambda x: x.replace(b">PRI<", b">CHEAP<"), "IMR-REASON", "'CHEAP' is not a status"),
    "a rejection without a reason": (
        lambda x: x.replace(b'listID="OPStatusReason"', b'listID="OPStatusAction"').replace(b">PRI<", b">NOA<"),
        "T111-R001",
        "A response 'RE' must say why",
    ),
    "a code from no known list": (
        lambda x: x.replace(b'listID="OPStatusReason"', b'listID="UNCL4343"'),
        "IMR-LIST",
        "names no known code list ('UNCL4343')",
    ),
    "no issue date (UBL schema)": (
        lambda x: x.replace(b"<cbc:IssueDate>2026-03-05</cbc:IssueDate>", b""),
        "IMR-XSD",
        "Element 'cac:SenderParty': This element is not expected",
    ),
    "another specification": (
        lambda x: x.replace(b"invoice_response:3</cbc:Cust", b"invoice_response:2</cbc:Cust"),
        "IMR-CUSTOMIZATION",
        "does not declare Peppol BIS Invoice Response 3.0",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_a_bad_response_is_kept_as_refused_with_the_exact_reason_and_changes_nothing(book, access_point, case):
    spoil, rule, words = BAD[case]
    invoice_id, number = our_invoice(book)
    before = history(book, invoice_id)
    access_point.deliver(spoil(their_response(number, "RE", ("PRI", "Te duur"))), document_type=RESPONSE_DOCTYPE)
    report = fetched(book)
    assert [(i.outcome, i.valid) for i in report.items] == [("new", False)]
    [row] = stored(book)
    assert row.valid is False and row.findings[0]["rule"] == rule and words in row.findings[0]["message"]
    assert row.findings[0]["location"]  # where in the document
    assert history(book, invoice_id) == before  # no history line, no dispute
    with book.db.reading() as s:
        assert not collection.open_disputes_of(s, invoice_id)
    assert access_point.unconfirmed() == []  # kept here, so confirmed there


def test_a_response_to_an_invoice_that_is_not_ours_is_refused(book, access_point):
    our_invoice(book)
    access_point.deliver(their_response("2025-9999", "RE", ("PRI", "?")), document_type=RESPONSE_DOCTYPE)
    fetched(book)
    [row] = stored(book)
    assert row.valid is False and row.findings[0]["rule"] == "IMR-NOT-OURS"
    assert "answers invoice 2025-9999, which is not an issued invoice of this book" in row.findings[0]["message"]


def test_a_good_response_with_an_action_code_is_applied(book, access_point):
    invoice_id, number = our_invoice(book)
    response = their_response(number, "UQ", ("QTY", "Drie stuks, niet vier"))
    action = b'<cac:Status><cbc:StatusReasonCode listID="OPStatusAction">CNP</cbc:StatusReasonCode></cac:Status>'
    response = response.replace(b"</cac:Response>", action + b"</cac:Response>")
    assert response_rules.check(response) == []
    access_point.deliver(response, document_type=RESPONSE_DOCTYPE)
    report = fetched(book)
    assert [(i.outcome, i.valid) for i in report.items] == [("new", True)]
    assert any("under query (UQ) QTY Drie stuks, niet vier" in line for line in history(book, invoice_id))
    with book.db.reading() as s:
        assert collection.open_disputes_of(s, invoice_id)


def test_every_published_status_reason_and_action_code_passes_and_nothing_else_does():
    from ledgerdesk.einvoice.response_writer import REASONS

    for code in response_rules.RESPONSE_CODES:
        reasons = (("OTH", "x"),) if code in response_rules.NEEDS_REASON else ()
        xml = their_response("2026-0001", "AP", *reasons).replace(b">AP<", f">{code}<".encode())
        assert response_rules.check(xml) == [], code
    for reason in REASONS:
        assert response_rules.check(their_response("2026-0001", "RE", (reason, "x"))) == [], reason
    for bad in ("", "ZZ", "ap", "A", "ABC"):
        xml = their_response("2026-0001", "AP").replace(b">AP<", f">{bad}<".encode())
        rules = [f.rule for f in response_rules.check(xml)]
        assert rules and set(rules) <= {"IMR-CODE", "T111-R001", "IMR-XSD"}, bad


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("nl", "Geweigerd, verder niets gewijzigd: 'XX' is geen status van een factuurantwoord"),
        ("fr", "Refusé, rien d’autre n’a changé : « XX » n’est pas un statut de réponse à une facture"),
    ],
)
def test_the_inbox_tab_says_why_a_response_was_refused(book, qtbot, language, words):
    from datetime import date

    from peppol_standin import StandIn

    from ledgerdesk.ui.context import AppContext
    from ledgerdesk.ui.tabs.inbox_tab import InboxTab

    _, number = our_invoice(book)
    with StandIn("peppyrus") as ap:
        with book.db.transaction() as s:
            peppol_setup.save_access_point(s, settings_for("peppyrus", base_url=ap.base_url), ap.api_key)
        ap.deliver(their_response(number, "RE", ("PRI", "x")).replace(b">RE<", b">XX<"), document_type=RESPONSE_DOCTYPE)
        fetched(book)
    ctx = AppContext(book, language=language, today=lambda: date(2026, 4, 1))
    try:
        tab = InboxTab(ctx, opener=lambda url: True)
        qtbot.addWidget(tab)
        tab.show()
        qtbot.waitUntil(lambda: tab.model.rowCount() == 1, timeout=10_000)
        tab.table.selectRow(0)
        assert tab.status.text().startswith(words) and "(IMR-CODE)" in tab.status.text()
    finally:
        ctx.wait_idle()
