"""The import rules of the house (docs/architecture.md): ui -> services -> domain, never the other way;
reports and einvoice are pure renderers; the UI never reaches the command line; no import cycles.

Imports inside functions count too: a cycle or a forbidden import hidden in a function is still one.
"""

import ast
import io
import re
import tokenize
import tomllib
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "ledgerdesk"

FORBIDDEN = {
    "domain": ("PySide6", "sqlalchemy", "ledgerdesk.persistence", "ledgerdesk.services", "ledgerdesk.ui", "reportlab"),
    "persistence": ("PySide6", "ledgerdesk.services", "ledgerdesk.ui"),
    "services": ("PySide6", "ledgerdesk.ui"),
    "banking": ("PySide6", "ledgerdesk.ui"),
    "reports": ("PySide6", "ledgerdesk.ui", "ledgerdesk.services", "ledgerdesk.persistence", "sqlalchemy"),
    "einvoice": ("PySide6", "ledgerdesk.ui", "ledgerdesk.services", "ledgerdesk.persistence", "sqlalchemy"),
    "sepa": ("PySide6", "ledgerdesk.ui", "ledgerdesk.services", "ledgerdesk.persistence", "sqlalchemy", "reportlab"),
    "peppol": ("PySide6", "ledgerdesk.ui", "ledgerdesk.services", "ledgerdesk.persistence", "sqlalchemy"),
    "intervat": ("PySide6", "ledgerdesk.ui", "ledgerdesk.services", "ledgerdesk.persistence", "sqlalchemy"),
    "ui": ("ledgerdesk.commands", "ledgerdesk.cli", "ledgerdesk.persistence"),
    "commands": ("PySide6", "ledgerdesk.ui"),
}

# UI modules that import persistence. This list may only shrink: a new UI module must read through services.
# The context alone stays: it holds the open Book the composition hands it (reads and writes run a service
# function in its session) and explains that Book's storage faults (see the comment in ui/context.py).
UI_PERSISTENCE_KNOWN = {
    "ui/context.py",
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
        where = str(path.relative_to(PACKAGE))
        for name in _imports(path):
            if name.startswith(FORBIDDEN[layer]):
                if name.startswith("ledgerdesk.persistence") and where in UI_PERSISTENCE_KNOWN:
                    continue
                bad.append(f"{where} imports {name}")
    assert not bad, "\n".join(bad)


def test_the_known_ui_exceptions_are_still_needed():
    """Remove a module from UI_PERSISTENCE_KNOWN as soon as it no longer imports persistence."""
    stale = [
        where
        for where in sorted(UI_PERSISTENCE_KNOWN)
        if not any(name.startswith("ledgerdesk.persistence") for name in _imports(PACKAGE / where))
    ]
    assert not stale, f"no longer import persistence: {stale}"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _module_graph() -> dict[str, set[str]]:
    """Module -> the package modules it imports (a `from package import submodule` names the submodule)."""
    paths = {_module_name(p): p for p in PACKAGE.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in paths.items():
        package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
        targets: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    anchor = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                    base = f"{anchor}.{node.module}" if node.module else anchor
                for alias in node.names:
                    targets.add(f"{base}.{alias.name}" if f"{base}.{alias.name}" in paths else base)
        resolved = set()
        for target in targets:
            while target and target not in paths:
                target = target.rpartition(".")[0]
            if target and target != name:
                resolved.add(target)
        graph[name] = resolved
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for root in graph:
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def test_no_import_cycles():
    cycles = _cycles(_module_graph())
    assert not cycles, "import cycles:\n" + "\n".join(" <-> ".join(c) for c in cycles)


def test_the_cycle_check_can_fail():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": set()}) == [["a", "b", "c"]]


def test_no_module_is_loaded_by_a_string_name():
    """Plain imports, so the graph above is the whole truth (tools and readers see every dependency)."""
    loaders = []
    for path in PACKAGE.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        if "importlib.import_module(" in text or "__getattr__(name" in text:
            loaders.append(str(path.relative_to(PACKAGE)))
    assert sorted(loaders) == sorted(STRING_LOADERS_KNOWN), sorted(loaders)


# Modules that still load others by a string name. This list may only shrink (it is empty: the tabs
# and their warm-up are plain imports inside functions, declared once in ui/tabs/__init__.py).
STRING_LOADERS_KNOWN: list[str] = []


ROOT = PACKAGE.parents[1]
# "issue 13", "issue #13", "#13", "the brief", "briefs": the history of a change belongs in git, not the code
# (quoted words are data: a folder "Facturen #2", the Dutch word 'brief').
HISTORY_WORDS = re.compile(r"\bissues?\s*#?\s*\d+|(?<![\w&])#\d+\b|\bbriefs?\b", re.IGNORECASE)
QUOTED = re.compile(r"\"[^\"\n]*\"|'\w+'")


def _names_history(text: str) -> str | None:
    found = HISTORY_WORDS.search(QUOTED.sub('""', text))
    return found.group(0) if found else None


def _comments_and_docstrings(path: Path) -> list[tuple[int, str]]:
    text = path.read_text(encoding="utf-8")
    found = [
        (token.start[0], token.string)
        for token in tokenize.generate_tokens(io.StringIO(text).readline)
        if token.type == tokenize.COMMENT
    ]
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            doc = ast.get_docstring(node, clean=False)
            if doc:
                found.append((getattr(node, "lineno", 1), doc))
    return found


def test_no_comment_or_docstring_names_an_issue_or_a_brief():
    named = [
        f"{path.relative_to(PACKAGE)}:{line}: {_names_history(text)}"
        for path in sorted(PACKAGE.rglob("*.py"))
        for line, text in _comments_and_docstrings(path)
        if _names_history(text)
    ]
    assert not named, "\n".join(named)


def test_the_history_check_can_fail():
    assert _names_history("# see issue 13") and _names_history("as the brief says") and _names_history("fixes #42")
    assert not _names_history("the 12 digits of an OGM (no issue)")
    assert not _names_history('a folder named "Facturen #2"') and not _names_history("'letter' -> 'brief'")


def test_ci_runs_ruff_and_mypy_before_the_tests():
    steps = [line.strip() for line in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()]
    order = ["uv run ruff check", "uv run ruff format --check", "uv run mypy", "uv run pytest"]
    assert all(step in steps for step in order), steps
    assert [steps.index(step) for step in order] == sorted(steps.index(step) for step in order)


def test_mypy_checks_every_module_of_the_package():
    """No module is exempted from type checking: only libraries without type information are."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["mypy"]
    assert "src/ledgerdesk" in config["files"]
    for override in config.get("overrides", []):
        assert not override.get("ignore_errors"), override["module"]
        modules = override["module"] if isinstance(override["module"], list) else [override["module"]]
        assert not [m for m in modules if m.startswith("ledgerdesk")], modules
