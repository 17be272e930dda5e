"""Matching as a pure function: certain OGM matches, scored candidates with reasons, no over-allocation."""

from __future__ import annotations

from datetime import date

from ledgerdesk.domain import references
from ledgerdesk.domain.matching import LineFacts, Matcher, OpenItem

OGM1 = references.for_document(2026, 0, 1)
OGM2 = references.for_document(2026, 0, 2)
OGM3 = references.for_document(2026, 0, 3)


def items() -> list[OpenItem]:
    return [
        OpenItem(1, "2026-0001", 10, "Bakkerij Peeters", date(2026, 1, 5), date(2026, 2, 4), 12100, OGM1),
        OpenItem(2, "2026-0002", 10, "Bakkerij Peeters", date(2026, 1, 10), date(2026, 2, 9), 24200, OGM2),
        OpenItem(3, "2026-0003", 20, "Café Zoë", date(2026, 1, 12), date(2026, 2, 11), 6050, OGM3),
    ]


def test_exact_ogm_is_certain_paid_partial_or_with_credit():
    m = Matcher(items())
    paid = m.match(LineFacts(12100, OGM1))
    assert paid.status == "matched" and paid.certain.allocations == ((1, 12100),) and paid.credit_cents == 0
    assert paid.reason == "structured communication of invoice 2026-0001: paid in full"
    partial = m.match(LineFacts(10000, OGM2))
    assert partial.certain.allocations == ((2, 10000),) and "partly paid, 142.00 still open" in partial.reason
    rest = m.match(LineFacts(20000, OGM2))  # a second transfer for the same invoice
    assert rest.certain.allocations == ((2, 14200),) and rest.credit_cents == 5800
    assert "58.00 more than due stays as customer credit" in rest.reason


def test_ogm_of_a_paid_invoice_goes_to_review_not_allocation():
    m = Matcher(items())
    m.match(LineFacts(12100, OGM1))
    again = m.match(LineFacts(12100, OGM1))
    assert again.certain is None and again.status in ("review", "unmatched")


def test_grouped_reference_spreads_oldest_first():
    group = references.from_payload(777)
    m = Matcher(items(), groups={group: [2, 1]})
    out = m.match(LineFacts(36300, group))
    assert out.certain.allocations == ((1, 12100), (2, 24200))


def test_candidates_by_amount_payer_and_invoice_number_with_reasons():
    m = Matcher(items(), payers_by_iban={"BE68539007547034": {20}}, payers_by_name={"bakkerij peeters": {10}})
    by_number = m.match(LineFacts(24200, communication="betaling factuur 2026-0002"))
    assert by_number.status == "review" and by_number.candidates[0].allocations == ((2, 24200),)
    assert by_number.candidates[0].reason == "invoice number 2026-0002 in the communication, same amount"
    by_iban = m.match(LineFacts(6050, counterparty_iban="BE68539007547034"))
    assert by_iban.candidates[0].allocations == ((3, 6050),)
    assert "account BE68539007547034 paid this customer's invoices before" in by_iban.candidates[0].reason
    both = m.match(LineFacts(36300, counterparty_name="BAKKERIJ  Peeters"))
    assert both.candidates[0].allocations == ((1, 12100), (2, 24200))
    assert "equals the 2 open invoices of Bakkerij Peeters, oldest first" in both.candidates[0].reason
    in_text = m.match(LineFacts(6050, communication=f"+++{OGM3[:3]}/{OGM3[3:7]}/{OGM3[7:]}+++"))
    assert in_text.candidates[0].score == 90 and "written in the free text" in in_text.candidates[0].reason


def test_outgoing_and_unknown_lines():
    m = Matcher(items())
    assert m.match(LineFacts(-500)).status == "outgoing"
    unknown = m.match(LineFacts(777, communication="gift"))
    assert unknown.status == "unmatched" and unknown.candidates == ()


def test_rf_reference_wrapping_an_invoice_ogm_is_certain():
    from stdnum.iso7064 import mod_97_10

    rf = "RF" + mod_97_10.calc_check_digits(OGM2 + "RF") + OGM2  # ISO 11649: check digits over payload + 'RF00'
    out = Matcher(items()).match(LineFacts(24200, rf_reference=references.rf_validate(rf)))
    assert out.status == "matched" and out.certain.allocations == ((2, 24200),)
    assert out.reason.startswith("RF creditor reference RF")
    assert out.reason.endswith("structured communication of invoice 2026-0002: paid in full")
    # an RF reference that wraps no open invoice's OGM is no certainty
    other = Matcher(items()).match(LineFacts(24200, rf_reference="RF18539007547034"))
    assert other.certain is None


def test_one_transfer_naming_several_invoices_pays_them_oldest_first():
    m = Matcher(items())
    both = m.match(LineFacts(36300, communication="facturen 2026-0002 en 2026-0001"))
    assert both.status == "review"  # free text is never certain
    assert both.candidates[0].allocations == ((1, 12100), (2, 24200))
    assert (
        both.candidates[0].reason
        == "invoice numbers 2026-0001, 2026-0002 in the communication; their sum, oldest first"
    )
    short = m.match(LineFacts(20000, communication="2026-0001 2026-0002"))
    spread = [c for c in short.candidates if len(c.allocations) == 2]
    assert spread and spread[0].allocations == ((1, 12100), (2, 7900))
    typed = m.match(LineFacts(36300, communication=f"{OGM1} {OGM2}"))
    assert typed.candidates[0].allocations == ((1, 12100), (2, 24200))
    assert "structured communications of 2026-0001, 2026-0002" in typed.candidates[0].reason
