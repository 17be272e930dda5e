"""Every interface text of the receivables screens has a Dutch and a French translation."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from ledgerdesk.i18n import catalog
from ledgerdesk.ui.dialogs.allocations import METHODS
from ledgerdesk.ui.models.receivables import STATUS_LABELS
from ledgerdesk.ui.tabs.receivables_tab import BUCKET_LABELS, LINE_VIEWS

SRC = Path(__file__).resolve().parents[2] / "src" / "ledgerdesk"
UI = SRC / "ui"
FILES = [
    "tabs/receivables_tab.py",
    "dialogs/import_statement.py",
    "dialogs/pick_invoices.py",
    "dialogs/allocations.py",
    "widgets/payment_behaviour.py",
    "models/receivables.py",
]


def texts() -> set[str]:
    found: set[str] = set()
    for name in FILES:
        found |= set(re.findall(r'\btr\("([^"]+)"\)', (UI / name).read_text(encoding="utf-8")))
    found |= (
        set(BUCKET_LABELS.values())
        | {label for label, _ in LINE_VIEWS}
        | set(STATUS_LABELS.values())
        | set(METHODS.values())
    )
    return found | reasons()


def reasons() -> set[str]:
    """The matching reasons (templates given to `because`), shown in the review queue and the wizard."""
    found: set[str] = set()
    for name in ("domain/matching.py", "services/bank_import.py", "services/bank_review.py"):
        for node in ast.walk(ast.parse((SRC / name).read_text(encoding="utf-8"))):
            func = getattr(node, "func", None)
            if isinstance(node, ast.Call) and getattr(func, "id", getattr(func, "attr", None)) == "because":
                found |= {
                    n.value for n in ast.walk(node.args[0]) if isinstance(n, ast.Constant) and isinstance(n.value, str)
                }
    assert len(found) > 15
    return found


@pytest.mark.parametrize("language", ["nl", "fr"])
def test_every_receivables_text_is_translated(language):
    missing = sorted(t for t in texts() if t not in catalog(language))
    assert not missing, missing
