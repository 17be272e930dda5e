"""Why a file is not readable XML, in our words: lxml's English never reaches the user, its position does.

libxml2 numbers its errors (xmlParserErrors); the few a person meets with a wrong file (not XML at
all, cut off, tags that do not match) get a sentence, every other one only its line and column.
"""

from __future__ import annotations

from lxml import etree

from .findings import FATAL, Finding, finding

# libxml2 error code -> wording key in findings.BUSINESS_WORDS
KEYS = {
    4: "XML-START",  # Document is empty / Start tag expected, '<' not found
    5: "XML-EXTRA",  # Extra content at the end of the document
    9: "XML-CHARACTER",  # Invalid character
    26: "XML-ENTITY",  # Entity 'x' not defined
    76: "XML-MISMATCH",  # Opening and ending tag mismatch
    77: "XML-CUT",  # Premature end of data in tag
    81: "XML-CHARACTER",  # Invalid bytes in character encoding
}


def syntax_finding(exc: etree.XMLSyntaxError) -> Finding:
    """The finding for a file lxml could not parse: the rule 'XML', the position, our sentence."""
    line, column = exc.position if exc.position else (exc.lineno or 1, 0)
    key = KEYS.get(exc.code, "XML-AT")
    return finding("XML", FATAL, f"line {line}", source="xml", key=key, line=line, column=column)
