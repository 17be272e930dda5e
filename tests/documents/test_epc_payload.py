"""EPC069-12 payload builder: the guideline's worked examples, spec-derived vectors and invariants."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ledgerdesk.domain import references
from ledgerdesk.reports.epc import (
    EpcError,
    amount_encodable,
    build_payload,
    format_amount,
    parse_payload,
    payload_for_ogm,
)

# Copied from the shared reference (segno's tests, BSD-3-Clause: see data/LICENSE.segno).
VECTORS = json.loads((Path(__file__).parent / "data" / "epc-vectors.json").read_text(encoding="utf-8"))


def _example(vector_id: str) -> dict:
    return next(v for v in VECTORS["valid_payloads"] if v["id"] == vector_id)


def test_guideline_example_1_fields_round_trip_with_two_decimal_amount():
    vector = _example("EPC069-12-example-1")
    f = vector["fields"]
    payload = build_payload(
        name=f["name"], iban=f["iban"], bic=f["bic"], amount_cents=1230, purpose=f["purpose"], reference=f["reference"]
    )
    # Same payload as the guideline's, except the amount is written with two decimals.
    assert payload == vector["payload"].replace("EUR12.3", "EUR12.30")
    assert len(payload.encode("utf-8")) == vector["expected_bytes"] + 1
    assert payload.count("\n") + 1 == vector["expected_lines"]


def test_guideline_example_2_with_text_instead_of_reference():
    vector = _example("EPC069-12-example-2")
    f = vector["fields"]
    payload = build_payload(name=f["name"], iban=f["iban"], bic="", amount_cents=1230, text=f["text"])
    lines = payload.split("\n")
    expected = vector["payload"].split("\n")
    assert lines[2] == "1"  # we always write UTF-8, the vector used ISO-8859-1 ('2')
    assert lines[:2] + lines[3:7] == expected[:2] + expected[3:7]
    assert lines[7] == "EUR12.30"
    assert lines[8:] == expected[8:] == ["", "", "Client:Marie Louise La Lune"]


@pytest.mark.parametrize("vector_id", ["EPC069-12-example-1", "EPC069-12-example-2", "segno-docs-wikipedia"])
def test_parser_reads_every_reference_vector(vector_id):
    vector = _example(vector_id)
    parsed = parse_payload(vector["payload"].encode(vector["encoding"]))
    assert parsed.iban == vector["payload"].split("\n")[6]
    assert parsed.amount in (Decimal("12.3"), Decimal("20"))


def test_belgian_invoice_payload_puts_the_ogm_digits_in_line_10_and_nothing_after():
    payload = payload_for_ogm(
        name="Atelier Janssens",
        iban="BE71 0961 2345 6769",
        bic="GKCCBEBB",
        amount_cents=123456,
        ogm="+++123/4567/89002+++",
    )
    assert payload == ("BCD\n002\n1\nSCT\nGKCCBEBB\nAtelier Janssens\nBE71096123456769\nEUR1234.56\n\n123456789002")
    lines = payload.split("\n")
    assert len(lines) == 10 and lines[9] == "123456789002"
    assert not payload.endswith("\n")


def test_bic_may_be_empty_in_version_002():
    payload = payload_for_ogm(name="X", iban="BE71096123456769", bic=None, amount_cents=1, ogm="000000065472")
    assert payload.split("\n")[4] == "" and payload.split("\n")[7] == "EUR0.01"


@pytest.mark.parametrize(
    "cents, field",
    [(1, "EUR0.01"), (1230, "EUR12.30"), (500, "EUR5.00"), (200000, "EUR2000.00"), (99_999_999_999, "EUR999999999.99")],
)
def test_amount_has_exactly_two_decimals(cents, field):
    assert format_amount(cents) == field


@pytest.mark.parametrize("cents", [0, -1, -12345, 100_000_000_000, 999_999_999_990 + 99])
def test_amounts_outside_the_epc_range_are_refused_with_a_clear_error(cents):
    assert not amount_encodable(cents)
    with pytest.raises(EpcError, match="outside what an EPC QR code can carry"):
        payload_for_ogm(name="X", iban="BE71096123456769", bic="", amount_cents=cents, ogm="123456789002")


@pytest.mark.parametrize("bic", ["BHBLDE", "BHBLDEHHXXXX", "BHBLDEHHXX", "BHBLDEH "])
def test_bad_bic_lengths_are_refused(bic):
    with pytest.raises(EpcError):
        build_payload(name="X", iban="BE71096123456769", bic=bic, amount_cents=100, reference="123456789002")


def test_other_spec_limits_are_refused():
    base = dict(name="X", iban="BE71096123456769", bic="", amount_cents=100)
    with pytest.raises(EpcError, match="empty"):
        build_payload(**{**base, "name": "  "})
    with pytest.raises(EpcError, match="70"):
        build_payload(**{**base, "name": "a" * 71})
    with pytest.raises(EpcError, match="IBAN"):
        build_payload(**{**base, "iban": ""})
    with pytest.raises(EpcError):
        build_payload(**{**base, "iban": "DE1" + "1" * 34})
    with pytest.raises(EpcError, match="purpose"):
        build_payload(**{**base, "purpose": "CDCBC"})
    with pytest.raises(EpcError, match="140"):
        build_payload(**{**base, "text": "a" * 141})
    with pytest.raises(EpcError, match="never both"):
        build_payload(**{**base, "reference": "123456789002", "text": "hello"})
    with pytest.raises(EpcError, match="not a valid structured communication"):
        build_payload(**{**base, "reference": "931384384900"})


def test_long_names_are_cut_to_70_and_line_breaks_cannot_shift_fields():
    payload = payload_for_ogm(
        name="Brasserie\nDe Koninck " + "x" * 80, iban="BE71096123456769", bic="", amount_cents=100, ogm="269021157996"
    )
    lines = payload.split("\n")
    assert len(lines) == 10 and len(lines[5]) == 70 and lines[5].startswith("Brasserie De Koninck")


def test_rf_creditor_reference_also_goes_in_line_10():
    payload = build_payload(name="X", iban="BE71096123456769", amount_cents=100, reference="RF18 5390 0754 7034")
    assert payload.split("\n")[9] == "RF18539007547034"


@given(
    name=st.text(
        st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Zl", "Zp")), min_size=1, max_size=70
    ).filter(lambda s: s.strip() and " ".join(s.split()) == s),
    cents=st.integers(1, 99_999_999_999),
    payload_digits=st.integers(0, 9_999_999_999),
)
def test_any_invoice_payload_round_trips_and_stays_within_331_bytes(name, cents, payload_digits):
    ogm = references.from_payload(payload_digits)
    payload = payload_for_ogm(name=name, iban="BE71096123456769", bic="GKCCBEBB", amount_cents=cents, ogm=ogm)
    assert len(payload.encode("utf-8")) <= 331
    parsed = parse_payload(payload.encode("utf-8"))
    assert (parsed.version, parsed.charset, parsed.name, parsed.reference, parsed.text) == ("002", "1", name, ogm, "")
    assert parsed.amount == Decimal(cents) / 100
    assert not payload.endswith("\n")
