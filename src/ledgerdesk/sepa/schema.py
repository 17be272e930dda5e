"""ISO 20022 schema check of a SEPA file (pain.008.001.08/.02, pain.001.001.09) against the XSDs in resources/iso20022.

The schemas are ISO's own, shipped with their provenance (resources/iso20022/SOURCES.md); each is
compiled once per process. The message is read from the root's namespace unless the caller names
it. Problems come back as values (line and sentence, ISO's long type names shortened); `check`
raises the first one for a single action. Parsing never resolves entities nor reaches the network.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass

from lxml import etree

from ..domain.errors import ValidationError
from ..paths import resources_dir

MESSAGES = ("pain.008.001.08", "pain.008.001.02", "pain.001.001.09")
NAMESPACE = "urn:iso:std:iso:20022:tech:xsd:{message}"

_lock = threading.Lock()
_compiled: dict[str, etree.XMLSchema] = {}
_NS_PREFIX = re.compile(r"\{urn:iso:std:iso:20022:tech:xsd:[a-z0-9.]+\}")


class SchemaError(ValidationError):
    """A SEPA file that its ISO 20022 schema refuses."""


@dataclass(frozen=True)
class SchemaProblem:
    """One thing the schema refuses, where it is in the file."""

    line: int
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


def namespace(message: str) -> str:
    return NAMESPACE.format(message=message)


def _schema(message: str) -> etree.XMLSchema:
    if message not in MESSAGES:
        known = ", ".join(MESSAGES)
        raise SchemaError(f"'{message}' is not a SEPA message LedgerDesk knows ({known})")
    with _lock:
        if message not in _compiled:
            path = resources_dir() / "iso20022" / f"{message}.xsd"
            _compiled[message] = etree.XMLSchema(etree.parse(str(path)))
        return _compiled[message]


def _parse(xml: bytes) -> etree._ElementTree:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
    return etree.ElementTree(etree.fromstring(xml, parser))


def message_of(xml: bytes) -> str:
    """The ISO 20022 message a file holds, from its root namespace ('pain.008.001.08'), or SchemaError."""
    try:
        root = _parse(xml).getroot()
    except etree.XMLSyntaxError as exc:
        line, detail = exc.lineno, exc.msg
        raise SchemaError(f"line {line}: the file is not well-formed XML ({detail})") from None
    ns = etree.QName(root).namespace or ""
    for message in MESSAGES:
        if ns == namespace(message):
            return message
    known = ", ".join(MESSAGES)
    raise SchemaError(f"the file's namespace '{ns}' is not one of {known}")


def problems(xml: bytes, message: str | None = None) -> tuple[SchemaProblem, ...]:
    """Everything the schema refuses in the file (empty when it is valid); a file that is not XML is one problem."""
    try:
        tree = _parse(xml)
    except etree.XMLSyntaxError as exc:
        return (SchemaProblem(exc.lineno or 0, f"the file is not well-formed XML ({exc.msg})"),)
    if message is None:
        try:
            message = message_of(xml)
        except SchemaError as exc:
            return (SchemaProblem(tree.getroot().sourceline or 1, str(exc)),)
    schema = _schema(message)
    if schema.validate(tree):
        return ()
    return tuple(SchemaProblem(error.line, _NS_PREFIX.sub("", error.message)) for error in schema.error_log)


def check(xml: bytes, message: str | None = None) -> None:
    """Raise SchemaError with the first problem when the schema refuses the file."""
    found = problems(xml, message)
    if found:
        problem = found[0]
        raise SchemaError(f"the file does not follow the ISO 20022 schema: {problem}")
