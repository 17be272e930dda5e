"""The einvoice package is beside the domain: no Qt, no database session, no services or UI."""

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "ledgerdesk" / "einvoice"
FORBIDDEN = ("PySide6", "sqlalchemy", "persistence", "services", "ui")


def test_einvoice_imports_stay_pure():
    bad = []
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else ([node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            )
            bad += [f"{path.name}: {n}" for n in names if any(part in FORBIDDEN for part in n.split("."))]
    assert not bad
