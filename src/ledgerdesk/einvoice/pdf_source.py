"""The invoice PDF to embed in the e-invoice, when a PDF renderer is installed (reports.invoice_pdf).

The renderer is optional: without it the e-invoice simply has no attachment. A renderer failure
must not block the legal e-invoice either, so it is logged and the file goes without the PDF.
"""

from __future__ import annotations

import importlib
import logging
from typing import Any

log = logging.getLogger(__name__)

# Names a renderer module may expose, taking (session, invoice_id) and returning PDF bytes.
_ENTRY_POINTS = ("pdf_bytes_for", "render_invoice_bytes", "invoice_pdf_bytes", "render_bytes")


def renderer() -> Any | None:
    try:
        module = importlib.import_module("ledgerdesk.reports.invoice_pdf")
    except ImportError:
        return None
    for name in _ENTRY_POINTS:
        if callable(getattr(module, name, None)):
            return getattr(module, name)
    return None


def render(session: Any, invoice: Any) -> bytes | None:
    """PDF bytes of an issued document, or None when no renderer is available."""
    function = renderer()
    if function is None:
        return None
    try:
        pdf = function(session, invoice.id)
    except Exception:  # noqa: BLE001 - the e-invoice must not depend on the PDF renderer
        log.exception("the PDF of %s could not be rendered for the e-invoice", invoice.number)
        return None
    return pdf if isinstance(pdf, (bytes, bytearray)) and pdf[:4] == b"%PDF" else None
