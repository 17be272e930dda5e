"""The Schematron compiler: first matching rule per pattern, lets at every level, functions, reports."""

from __future__ import annotations

import pytest
from lxml import etree
from saxonche import PySaxonProcessor

from ledgerdesk.einvoice.schematron import SVRL, SchematronError, compile_bytes

SCHEMA = b"""<?xml version="1.0" encoding="UTF-8"?>
<schema xmlns="http://purl.oclc.org/dsdl/schematron" queryBinding="xslt2" xmlns:u="utils">
  <ns prefix="d" uri="urn:example:doc"/>
  <ns prefix="u" uri="utils"/>
  <let name="limit" value="number(/d:doc/d:limit)"/>
  <function xmlns="http://www.w3.org/1999/XSL/Transform" name="u:even" as="xs:boolean">
    <param name="n"/>
    <sequence select="xs:integer($n) mod 2 = 0"/>
  </function>
  <pattern id="amounts">
    <let name="currency" value="/d:doc/@currency"/>
    <rule context="d:amount[@kind = 'special']">
      <assert id="R-SPECIAL" flag="warning" test="u:even(.)">Special amount <value-of select="."/> must be even</assert>
    </rule>
    <rule context="d:amount">
      <let name="value" value="number(.)"/>
      <assert id="R-LIMIT" flag="fatal" test="$value le $limit">Amount <value-of select="."/> above <name/> limit</assert>
      <assert id="R-CURRENCY" flag="fatal" test="$currency = 'EUR'">Currency must be EUR</assert>
    </rule>
  </pattern>
  <pattern>
    <rule context="d:amount">
      <report id="R-SEEN" flag="warning" test=". = '7'">seven seen</report>
    </rule>
  </pattern>
</schema>
"""


def _failures(xml: str) -> list[tuple[str | None, str | None, str]]:
    processor = PySaxonProcessor(license=False)
    executable = processor.new_xslt30_processor().compile_stylesheet(stylesheet_text=compile_bytes(SCHEMA).decode())
    svrl = executable.transform_to_string(xdm_node=processor.parse_xml(xml_text=xml))
    report = etree.fromstring(svrl.encode())
    return [
        (e.get("id"), e.get("flag"), " ".join((e.findtext(f"{{{SVRL}}}text") or "").split()))
        for e in report.iter(f"{{{SVRL}}}failed-assert", f"{{{SVRL}}}successful-report")
    ]


def test_a_clean_document_has_no_failures() -> None:
    assert _failures('<doc xmlns="urn:example:doc" currency="EUR"><limit>10</limit><amount>5</amount></doc>') == []


def test_asserts_lets_and_value_of() -> None:
    found = _failures('<doc xmlns="urn:example:doc" currency="USD"><limit>10</limit><amount>12</amount></doc>')
    assert found == [
        ("R-LIMIT", "fatal", "Amount 12 above amount limit"),
        ("R-CURRENCY", "fatal", "Currency must be EUR"),
    ]


def test_only_the_first_matching_rule_of_a_pattern_checks_a_node() -> None:
    # 99 is above the limit, but the 'special' rule comes first, so R-LIMIT never sees it
    found = _failures(
        '<doc xmlns="urn:example:doc" currency="EUR"><limit>10</limit><amount kind="special">99</amount></doc>'
    )
    assert found == [("R-SPECIAL", "warning", "Special amount 99 must be even")]


def test_a_report_fires_when_its_test_holds_in_another_pattern() -> None:
    found = _failures('<doc xmlns="urn:example:doc" currency="EUR"><limit>10</limit><amount>7</amount></doc>')
    assert found == [("R-SEEN", "warning", "seven seen")]


@pytest.mark.parametrize(
    "schema, words",
    [
        (b"<schema xmlns='http://purl.oclc.org/dsdl/schematron' queryBinding='xslt'/>", "query binding"),
        (
            b"<schema xmlns='http://purl.oclc.org/dsdl/schematron' queryBinding='xslt2'>"
            b"<pattern abstract='true' id='a'/></schema>",
            "pattern",
        ),
        (
            b"<schema xmlns='http://purl.oclc.org/dsdl/schematron' queryBinding='xslt2'><phase id='p'/></schema>",
            "phase",
        ),
        (b"<notschematron/>", "not an ISO Schematron"),
        (b"<schema", "not well-formed"),
    ],
)
def test_what_is_not_implemented_is_refused_by_name(schema: bytes, words: str) -> None:
    with pytest.raises(SchematronError, match=words):
        compile_bytes(schema)
