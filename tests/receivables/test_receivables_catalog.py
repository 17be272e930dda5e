"""Every interface text of the receivables screens has a Dutch and a French translation."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ledgerdesk.i18n import catalog
from ledgerdesk.ui.models.receivables import STATUS_LABELS
from ledgerdesk.ui.tabs.receivables_tab import BUCKET_LABELS, LINE_VIEWS

UI = Path(__file__).resolve().parents[2] / "src" / "ledgerdesk" / "ui"
FILES = ["tabs/receivables_tab.py", "dialogs/import_statement.py", "dialogs/pick_invoices.py",
         "widgets/payment_behaviour.py", "models/receivables.py"]


def texts() -> set[str]:
    found: set[str] = set()
    for name in FILES:
        found |= set(re.findall(r'\btr\("([^"]+)"\)', (UI / name).read_text(encoding="utf-8")))
    found |= set(BUCKET_LABELS.values()) | {label for label, _ in LINE_VIEWS} | set(STATUS_LABELS.values())
    return found


@pytest.mark.parametrize("language", ["nl", "fr"])
def test_every_receivables_text_is_translated(language):
    missing = sorted(t for t in texts() if t not in catalog(language))
    assert not missing, missing
