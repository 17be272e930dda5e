"""Bank statement readers behind one protocol; `read_file` picks the reader that identifies a file."""

from __future__ import annotations

from pathlib import Path

from ..domain.os_errors import reason as os_reason
from .archive import ZipReader
from .camt import CamtReader
from .coda import CodaReader
from .model import BankLine, Problem, Statement, StatementReader

READERS: tuple[StatementReader, ...] = (CodaReader(), CamtReader(), ZipReader())

__all__ = ["READERS", "BankLine", "Problem", "Statement", "StatementReader", "read_file", "reader_for"]


def reader_for(path: Path) -> StatementReader | None:
    return next((reader for reader in READERS if reader.identify(path)), None)


def read_file(path: Path) -> tuple[list[Statement], list[Problem]]:
    """All statements of a file, or no statements and every problem found (the file is refused whole)."""
    path = Path(path)
    if not path.is_file():
        return [], [Problem(path.name, "file", "does not exist or is not a file")]
    try:
        with open(path, "rb") as fh:
            fh.read(1)
    except OSError as exc:  # not 'neither CODA nor camt' when the file cannot even be opened
        return [], [Problem(path.name, "file", f"cannot be read ({os_reason(exc)})")]
    if path.stat().st_size == 0:
        return [], [Problem(path.name, "file", "is empty (0 bytes): download the statement again")]
    reader = reader_for(path)
    if reader is None:
        return [], [Problem(path.name, "file", "is neither a CODA nor a camt.053 statement")]
    try:
        return reader.extract(path)
    except RecursionError:
        return [], [Problem(path.name, "file", "is nested too deeply to be a statement")]
