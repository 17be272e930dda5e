"""The import rule of the house: ui -> services -> domain, never the other way."""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "ledgerdesk"

FORBIDDEN = {
    "domain": ("PySide6", "sqlalchemy", "ledgerdesk.persistence", "ledgerdesk.services", "ledgerdesk.ui", "reportlab"),
    "persistence": ("PySide6", "ledgerdesk.services", "ledgerdesk.ui"),
    "services": ("PySide6", "ledgerdesk.ui"),
    "banking": ("PySide6", "ledgerdesk.ui"),
    "reports": ("PySide6", "ledgerdesk.ui"),
}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = "ledgerdesk." + ".".join(path.relative_to(PACKAGE).parent.parts)
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                names.add(f"{base}.{node.module}" if node.module else base)
            elif node.module:
                names.add(node.module)
    return names


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_layer_imports(layer):
    folder = PACKAGE / layer
    if not folder.is_dir():
        pytest.skip(f"no {layer} package yet")
    bad = []
    for path in folder.rglob("*.py"):
        for name in _imports(path):
            if name.startswith(FORBIDDEN[layer]):
                bad.append(f"{path.relative_to(PACKAGE)} imports {name}")
    assert not bad, "\n".join(bad)
