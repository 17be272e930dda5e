"""Compile an ISO Schematron schema (query binding xslt2) into an XSLT 3.0 stylesheet that writes SVRL.

OpenPeppol publishes the BIS Billing 3.0 rules as Schematron source only, under terms that do not
let us ship them; the user installs them (`official_rules`) and this module turns them into a
stylesheet SaxonC-HE runs, like the compiled CEN rules. It covers what ISO Schematron needs for
such rule sets: namespaces, schema-, pattern- and rule-level `let`, XSLT functions, `assert` and
`report` with `value-of` and `name` in their text, and the rule that each node is checked by the
first rule of a pattern whose context matches it (one template mode per pattern, rules as
templates of falling priority). Abstract patterns, phases and `include` are refused, not ignored.
"""

from __future__ import annotations

from lxml import etree

SCH = "http://purl.oclc.org/dsdl/schematron"
XSL = "http://www.w3.org/1999/XSL/Transform"
SVRL = "http://purl.oclc.org/dsdl/svrl"
_UNSUPPORTED = ("include", "extends", "phase", "param")


class SchematronError(ValueError):
    """The schema uses a Schematron feature this compiler does not implement (named in the message)."""


def _x(tag: str) -> str:
    return f"{{{XSL}}}{tag}"


def _s(tag: str) -> str:
    return f"{{{SCH}}}{tag}"


def _variable(parent: etree._Element, let: etree._Element) -> None:
    if let.get("value") is None:
        raise SchematronError(f"let {let.get('name')!r} without a value attribute")
    etree.SubElement(parent, _x("variable"), name=let.get("name", ""), select=let.get("value", ""))


def _message(parent: etree._Element, check: etree._Element) -> None:
    """The assert's or report's text, with its value-of and name elements evaluated."""
    text = etree.SubElement(parent, f"{{{SVRL}}}text")
    if check.text:
        etree.SubElement(text, _x("text")).text = check.text
    for child in check:
        if not isinstance(child.tag, str):
            continue
        if child.tag == _s("value-of"):
            etree.SubElement(text, _x("value-of"), select=child.get("select", "."))
        elif child.tag == _s("name"):
            etree.SubElement(text, _x("value-of"), select=f"name({child.get('path', '.')})")
        else:
            etree.SubElement(text, _x("value-of"), select=f"'{etree.QName(child).localname}'")
        if child.tail:
            etree.SubElement(text, _x("text")).text = child.tail


def _check(template: etree._Element, check: etree._Element, kind: str) -> None:
    test = check.get("test")
    if test is None:
        raise SchematronError(f"{kind} {check.get('id', '')!r} without a test")
    condition = f"not({test})" if kind == "assert" else test
    when = etree.SubElement(template, _x("if"), test=condition)
    element = "failed-assert" if kind == "assert" else "successful-report"
    out = etree.SubElement(when, f"{{{SVRL}}}{element}", test=test)
    for name in ("id", "flag", "role"):
        if check.get(name) is not None:
            out.set(name, check.get(name, ""))
    location = etree.SubElement(out, _x("attribute"), name="location")
    etree.SubElement(location, _x("value-of"), select="path()")
    _message(out, check)


def compile_schema(schema: etree._Element) -> etree._Element:
    """The XSLT 3.0 stylesheet (as an element tree) that checks a document against `schema`."""
    if schema.tag != _s("schema"):
        raise SchematronError("the root element is not an ISO Schematron schema")
    binding = (schema.get("queryBinding") or "xslt").lower()
    if binding not in ("xslt2", "xslt3", "xpath2", "xpath3", "xpath31"):
        raise SchematronError(f"query binding {binding!r} is not supported (xslt2 or later)")
    for element in schema.iter():
        if isinstance(element.tag, str) and element.tag.startswith(f"{{{SCH}}}"):
            local = etree.QName(element).localname
            if local in _UNSUPPORTED or (local == "pattern" and (element.get("abstract") or element.get("is-a"))):
                raise SchematronError(f"Schematron <{local}> is not supported")
    namespaces = {"xsl": XSL, "svrl": SVRL, "xs": "http://www.w3.org/2001/XMLSchema"}
    for ns in schema.iter(_s("ns")):
        namespaces[ns.get("prefix", "")] = ns.get("uri", "")
    sheet = etree.Element(_x("stylesheet"), nsmap=namespaces, version="3.0")
    sheet.set("exclude-result-prefixes", " ".join(p for p in namespaces if p not in ("xsl", "svrl")))
    etree.SubElement(sheet, _x("output"), method="xml", indent="no")
    patterns = [p for p in schema if p.tag == _s("pattern")]
    for child in schema:  # global variables (schema lets, in order) and functions
        if child.tag == _s("let"):
            _variable(sheet, child)
        elif child.tag == _x("function"):
            sheet.append(_copy(child))
    for pattern in patterns:  # a pattern's lets are evaluated once, against the document
        for let in pattern:
            if let.tag == _s("let"):
                _variable(sheet, let)
    root = etree.SubElement(sheet, _x("template"), match="/")
    report = etree.SubElement(root, f"{{{SVRL}}}schematron-output")
    for number, pattern in enumerate(patterns):
        mode = f"pattern-{number}"
        fired = etree.SubElement(report, f"{{{SVRL}}}active-pattern")
        if pattern.get("id"):
            fired.set("id", pattern.get("id", ""))
        etree.SubElement(report, _x("apply-templates"), select="/", mode=mode)
        rules = [r for r in pattern if r.tag == _s("rule")]
        for order, rule in enumerate(rules):
            context = rule.get("context")
            if not context:
                raise SchematronError("a rule without a context")
            template = etree.SubElement(
                sheet, _x("template"), match=context, mode=mode, priority=str(len(rules) - order + 1000)
            )
            for step in rule:
                if step.tag == _s("let"):
                    _variable(template, step)
                elif step.tag == _s("assert"):
                    _check(template, step, "assert")
                elif step.tag == _s("report"):
                    _check(template, step, "report")
            etree.SubElement(template, _x("apply-templates"), select="@*|node()", mode=mode)
        # Nodes no rule matches are walked through; text is never checked.
        walk = etree.SubElement(sheet, _x("template"), match="@*|node()", mode=mode, priority="-10")
        etree.SubElement(walk, _x("apply-templates"), select="@*|node()", mode=mode)
        etree.SubElement(sheet, _x("template"), match="text()", mode=mode, priority="-5")
    return sheet


def _copy(element: etree._Element) -> etree._Element:
    return etree.fromstring(etree.tostring(element))


def compile_bytes(source: bytes) -> bytes:
    """Compile Schematron source bytes to XSLT bytes (UTF-8)."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    try:
        schema = etree.fromstring(source, parser)
    except etree.XMLSyntaxError as exc:
        raise SchematronError(f"not well-formed XML: {exc}") from exc
    return etree.tostring(compile_schema(schema), xml_declaration=True, encoding="UTF-8")
