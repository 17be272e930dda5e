"""The direct debit rules as plain values: sequences, amendments, the pre-notification, the file's amounts."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from dd_helpers import belgian_iban, customer_with_mandate, set_up_creditor
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from ledgerdesk.domain import direct_debit as dd
from ledgerdesk.domain.errors import ValidationError
from ledgerdesk.sepa import pain008, schema
from ledgerdesk.sepa.address import PostalAddress
from ledgerdesk.sepa.charset import CharsetError
from ledgerdesk.services import direct_debit

RCUR = dd.MandateState(recurrent=True, next_sequence="RCUR", signed_on=date(2026, 1, 1))


def test_a_new_mandate_starts_first_then_recurrent():
    state = dd.MandateState(True, "FRST", signed_on=date(2026, 1, 1))
    assert dd.sequence_for(state, date(2026, 2, 1)) == "FRST"
    assert dd.after_collection(state) == "RCUR"
    assert dd.sequence_for(RCUR, date(2026, 3, 1)) == "RCUR"


def test_one_off_and_revoked_mandates():
    one_off = dd.MandateState(False, "FRST")
    assert dd.sequence_for(one_off, date(2026, 1, 1)) == "OOFF" and dd.after_collection(one_off) == "DONE"
    with pytest.raises(ValidationError, match="collected already"):
        dd.sequence_for(dd.MandateState(False, "DONE"), date(2026, 1, 1))
    with pytest.raises(ValidationError, match="revoked"):
        dd.sequence_for(dd.MandateState(True, "RCUR", revoked_on=date(2026, 1, 1)), date(2026, 1, 2))
    assert dd.sequence_for(dd.MandateState(True, "RCUR", revoked_on=date(2026, 2, 1)), date(2026, 1, 31)) == "RCUR"
    with pytest.raises(ValidationError, match="before the mandate was signed"):
        dd.sequence_for(RCUR, date(2025, 12, 31))


def test_returns_correct_the_sequence():
    assert dd.after_return(RCUR, "FRST", later_collections=0) == "FRST"
    assert dd.after_return(RCUR, "FRST", later_collections=1) == "RCUR"  # the bank has seen one since
    assert dd.after_return(RCUR, "RCUR", later_collections=0) == "RCUR"
    assert dd.after_return(dd.MandateState(False, "DONE"), "OOFF", later_collections=0) == "FRST"


def test_amendments_say_what_changed():
    same_bank = dd.amendment_after_change(
        old_reference="A", new_reference="A", old_iban=belgian_iban("734", 1), new_iban=belgian_iban("734", 2),
        old_bic="KREDBEBB", new_bic="KREDBEBB",
    )  # fmt: skip
    assert same_bank == dd.Amendment(original_iban=belgian_iban("734", 1))
    other_bank = dd.amendment_after_change(
        old_reference="A", new_reference="B", old_iban=belgian_iban("734", 1), new_iban=belgian_iban("001", 2),
        old_bic=None, new_bic=None,
    )  # fmt: skip
    assert other_bank == dd.Amendment(original_reference="A", other_bank=True)
    assert dd.sequence_after_amendment(RCUR, other_bank) == "FRST"
    assert dd.sequence_after_amendment(RCUR, same_bank) == "RCUR"
    assert other_bank.merged(dd.Amendment(original_reference="B")).original_reference == "A"  # the bank knew A


@given(st.dates(date(2026, 1, 1), date(2030, 12, 31)), st.integers(0, 60), st.integers(1, 60))
def test_the_collection_is_never_sooner_than_the_pre_notification(issued, terms, notice):
    from datetime import timedelta

    day = dd.collection_date(issued, issued + timedelta(days=terms), notice)
    assert day >= issued + timedelta(days=notice) and day >= issued + timedelta(days=terms)
    assert (
        dd.is_settlement_day(day)
        and (day - max(issued + timedelta(days=notice), issued + timedelta(days=terms))).days <= 4
    )


def test_the_collection_falls_on_a_day_the_clearing_settles():
    # due on Christmas Day 2026 (a Friday): Saturday and Sunday follow, so Monday the 28th
    assert dd.collection_date(date(2026, 11, 25), date(2026, 12, 25), 14) == date(2026, 12, 28)
    # due on Good Friday 2026 (3 April): Easter Monday is closed too, so Tuesday the 7th
    assert dd.collection_date(date(2026, 3, 4), date(2026, 4, 3), 14) == date(2026, 4, 7)
    assert dd.collection_date(date(2026, 3, 4), date(2026, 4, 2), 14) == date(2026, 4, 2)  # a Thursday: kept


def test_the_register_refuses_what_the_rules_refuse(book):
    with book.db.transaction() as s:
        set_up_creditor(s)  # Core only
        customer, mandate = customer_with_mandate(s, "Jan", reference="LD-1")
        with pytest.raises(ValidationError, match="already a mandate 'LD-1'"):
            customer_with_mandate(s, "Els", reference="LD-1")
    with book.db.transaction() as s:
        data = direct_debit.MandateData("LD-2", customer, date(2027, 1, 1), belgian_iban("734", 9))
        with pytest.raises(ValidationError, match="in the future"):
            direct_debit.add_mandate(s, data, today=date(2026, 1, 1))
        with pytest.raises(ValidationError, match="consumer cannot sign a B2B"):
            direct_debit.add_mandate(
                s,
                direct_debit.MandateData("LD-3", customer, date(2026, 1, 1), belgian_iban("734", 9), scheme="B2B"),
                today=date(2026, 1, 1),
            )
        with pytest.raises(ValidationError, match="nothing changes"):
            direct_debit.amend_mandate(s, mandate, on=date(2026, 1, 2))
        direct_debit.revoke_mandate(s, mandate, on=date(2026, 1, 3))
        with pytest.raises(ValidationError, match="revoked already"):
            direct_debit.revoke_mandate(s, mandate, on=date(2026, 1, 4))
        with pytest.raises(ValidationError, match="cannot be amended"):
            direct_debit.amend_mandate(s, mandate, on=date(2026, 1, 5), reference="LD-9")


def test_an_amendment_before_the_first_collection_tells_the_bank_nothing(book):
    with book.db.transaction() as s:
        set_up_creditor(s)
        _customer, mandate = customer_with_mandate(s, "Jan", reference="LD-1")
        direct_debit.amend_mandate(
            s, mandate, on=date(2026, 1, 2), reference="LD-1B", debtor_iban=belgian_iban("001", 4)
        )
        [row] = direct_debit.list_mandates(s, history=True)
    assert (row.reference, row.next_sequence, row.amendment) == ("LD-1B", "FRST", None)
    assert [kind for _on, kind, _d in row.history] == ["signed", "amended"]


def _debit(n: int, cents: int, name: str = "Jan Peeters") -> pain008.Debit:
    return pain008.Debit(
        end_to_end=f"E2E-{n}", amount_cents=cents, mandate_reference=f"M-{n}", signed_on=date(2026, 1, 1),
        debtor_name=name, debtor_iban=belgian_iban("734", n + 1), debtor_bic=None,
        debtor_address=PostalAddress("Kerkstraat", "1", "3000", "Leuven", "BE"), remittance=f"Invoice {n}",
    )  # fmt: skip


CREDITOR = pain008.Creditor("Atelier Janssens", None, "BE71096123456769", "GKCCBEBB", "BE11ZZZ0403170701")


@settings(max_examples=25, deadline=None)
@given(st.lists(st.integers(1, 99_999_999), min_size=1, max_size=6), st.sampled_from(pain008.VERSIONS))
def test_any_amounts_make_a_valid_file_whose_sums_add_up(amounts, version):
    debits = tuple(_debit(n, cents) for n, cents in enumerate(amounts))
    xml = pain008.build(
        message_id="LD-TEST-1", created_at=datetime(2026, 1, 2, 3, 4, 5), creditor=CREDITOR,
        batches=[pain008.Batch("CORE", "RCUR", date(2026, 1, 20), debits)], version=version,
    )  # fmt: skip
    assert schema.problems(xml) == ()
    root = etree.fromstring(xml)
    ns = {"p": schema.namespace(version)}
    from decimal import Decimal

    amounts_in_file = [Decimal(t) for t in root.xpath("//p:InstdAmt/text()", namespaces=ns)]
    assert amounts_in_file == [Decimal(c) / 100 for c in amounts]
    assert Decimal(root.findtext(".//p:GrpHdr/p:CtrlSum", namespaces=ns)) == sum(amounts_in_file)


def test_a_name_with_no_sepa_form_names_the_debtor_and_nothing_is_written():
    with pytest.raises(CharsetError, match="the debtor Жанна \\(name\\)"):
        pain008.build(
            message_id="LD-1", created_at=datetime(2026, 1, 1), creditor=CREDITOR,
            batches=[pain008.Batch("CORE", "FRST", date(2026, 1, 20), (_debit(1, 100, "Жанна"),))],
        )  # fmt: skip
    with pytest.raises(ValidationError, match="nothing to collect"):
        pain008.build(message_id="LD-1", created_at=datetime(2026, 1, 1), creditor=CREDITOR, batches=[])
    assert pain008.cents(5) == "0.05" and pain008.cents(123456) == "1234.56"
