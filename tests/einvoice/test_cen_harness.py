"""The validation harness proves itself on the CEN EN 16931 unit test sets before we trust it.

Each <test> of shared/einvoice/cen-en16931/test/{Invoice,CreditNote}-unit-UBL names the rules
its document must pass (<success>), fail as fatal (<error>) or fail as a warning (<warning>).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from cen_sets import cases, cen_dir

from ledgerdesk.einvoice.validate import run_cen

CEN = cen_dir()
FILES = sorted((CEN / "test").glob("*-unit-UBL/*.xml")) if CEN else []
pytestmark = pytest.mark.skipif(CEN is None, reason="the CEN unit test sets are missing (tests/einvoice/cen-en16931)")


def test_the_unit_sets_are_complete():
    assert len(FILES) > 250


@pytest.mark.parametrize("path", FILES, ids=[f"{p.parent.name[:-9]}/{p.stem}" for p in FILES])
def test_every_unit_case_gives_the_outcome_it_states(path: Path):
    wrong = []
    for case in cases(path):
        found = run_cen(case.document)
        fatal = {f.rule for f in found if f.is_fatal}
        warned = {f.rule for f in found if not f.is_fatal}
        for rule in case.success:
            if rule in fatal | warned:
                wrong.append(f"#{case.index} {case.description!r}: {rule} fired but must pass")
        for rule in case.error:
            if rule not in fatal:
                wrong.append(f"#{case.index} {case.description!r}: {rule} must fail (fatal)")
        for rule in case.warning:
            if rule not in warned:
                wrong.append(f"#{case.index} {case.description!r}: {rule} must warn")
    assert not wrong, "\n".join(wrong)


def test_a_broken_case_is_caught():
    """The harness itself can fail: a document lacking its number fails BR-02."""
    doc = b'<?xml version="1.0"?><Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"/>'
    assert "BR-02" in {f.rule for f in run_cen(doc) if f.is_fatal}


EXAMPLES = sorted((CEN / "ubl" / "examples").glob("*")) if CEN else []


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.name for p in EXAMPLES])
def test_the_official_examples_pass_xsd_and_en16931(path: Path):
    from lxml import etree

    from ledgerdesk.einvoice.validate import check_xsd

    xml = path.read_bytes()
    fatal = [f for f in check_xsd(etree.ElementTree(etree.fromstring(xml))) + run_cen(xml) if f.is_fatal]
    assert fatal == []


def test_the_peppol_positive_example_passes_our_peppol_checks():
    from ledgerdesk.einvoice.validate import validate

    report = validate((CEN / "ubl" / "examples" / "BIS3_Invoice_positive.XML").read_bytes())
    assert report.findings == ()
