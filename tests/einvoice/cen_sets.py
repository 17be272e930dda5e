"""Locate the CEN EN 16931 unit test sets (shared/ beside the repo) and read their cases."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

VEFA = "http://difi.no/xsd/vefa/validator/1.0"
REPO = Path(__file__).resolve().parents[2]


def cen_dir() -> Path | None:
    """The copy shipped with the tests; else shared/einvoice/cen-en16931 (LEDGERDESK_SHARED or a parent folder)."""
    shipped = Path(__file__).parent / "cen-en16931"
    if (shipped / "test").is_dir():
        return shipped
    env = os.environ.get("LEDGERDESK_SHARED")
    candidates = [Path(env)] if env else []
    candidates += [parent / "shared" for parent in REPO.parents]
    for shared in candidates:
        folder = shared / "einvoice" / "cen-en16931"
        if (folder / "test").is_dir():
            return folder
    return None


@dataclass(frozen=True)
class Case:
    file: str
    index: int
    description: str
    success: tuple[str, ...]
    error: tuple[str, ...]
    warning: tuple[str, ...]
    document: bytes


def cases(path: Path) -> list[Case]:
    tree = etree.parse(str(path))
    out = []
    for i, test in enumerate(tree.getroot().iterfind(f"{{{VEFA}}}test")):
        assert_ = test.find(f"{{{VEFA}}}assert")

        def ids(tag: str, assert_=assert_) -> tuple[str, ...]:  # type: ignore[no-untyped-def]
            return tuple((e.text or "").strip() for e in assert_.iterfind(f"{{{VEFA}}}{tag}"))

        doc = next(child for child in test if isinstance(child.tag, str) and not child.tag.startswith(f"{{{VEFA}}}"))
        out.append(
            Case(
                path.name,
                i,
                (assert_.findtext(f"{{{VEFA}}}description") or "").strip(),
                ids("success"),
                ids("error"),
                ids("warning"),
                etree.tostring(doc, encoding="UTF-8", xml_declaration=True),
            )
        )
    return out
