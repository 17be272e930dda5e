"""Files the user names: read only regular files of bounded size, write only inside the chosen folder.

Every command that takes a file path reads it through `read_input`, so `/dev/zero`, a FIFO, a
folder or a file too large for what it claims to be is refused with one sentence before a byte
is read (a FIFO opened for reading would block forever; `/dev/zero` never ends). File names made
from book data (a letter or invoice number) go through `safe_file_name` and `file_in`, so a number
such as `../../x` or `/etc/x` can never write outside the folder the user chose.
"""

from __future__ import annotations

import os
import stat
import unicodedata
from pathlib import Path

from .domain.errors import DomainError
from .domain.os_errors import reason as os_reason

MB = 1024 * 1024
# What a real file of each kind can weigh; far above any real one, far below what hurts the machine.
BOOK_FILE_LIMIT = 100 * MB  # ten years of a busy sole trader's book export is a few MB
UBL_FILE_LIMIT = 20 * MB  # Peppol access points refuse larger messages than this
STATEMENT_FILE_LIMIT = 256 * MB  # a year of CODA lines of a busy account is a few MB
FILE_NAME_LIMIT = 100  # characters of a derived file name, before its suffix


class FileRefused(DomainError):
    """A file given on the command line (or picked in the app) that cannot be used as asked.

    The message is an English msgid with values, so the command line can say it in the user's language."""

    def __init__(self, message: str, **values: object) -> None:
        self.message = message
        self.values = values
        super().__init__(message.format(**values))

    def translated(self, tr) -> str:  # type: ignore[no-untyped-def]
        return tr(self.message, **self.values)


def _megabytes(size: int) -> str:
    return f"{size / MB:.0f}" if size >= 10 * MB else f"{size / MB:.1f}"


def check_input(path: Path, *, limit: int) -> os.stat_result:
    """The file's status when it is an existing regular file of at most `limit` bytes; else FileRefused."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise FileRefused("cannot read {file}: no such file", file=str(path)) from None
    except OSError as exc:
        raise FileRefused("cannot read {file}: {reason}", file=str(path), reason=os_reason(exc)) from None
    if stat.S_ISDIR(info.st_mode):
        raise FileRefused("{file} is a folder, not a file", file=str(path))
    if not stat.S_ISREG(info.st_mode):
        raise FileRefused("{file} is not a file (a device, pipe or socket cannot be read as one)", file=str(path))
    if info.st_size > limit:
        raise FileRefused(
            "{file} is too large: {size} MB, at most {limit} MB",
            file=str(path),
            size=_megabytes(info.st_size),
            limit=_megabytes(limit),
        )
    return info


def read_input(path: Path, *, limit: int) -> bytes:
    """The bytes of a regular file of at most `limit` bytes.

    Checked before opening, and again on the open descriptor (O_NONBLOCK, so a path swapped for a
    FIFO in between cannot block); reading stops at limit + 1 bytes, so a file that grows meanwhile
    is refused too, never read without end."""
    check_input(path, limit=limit)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise FileRefused("cannot read {file}: {reason}", file=str(path), reason=os_reason(exc)) from None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise FileRefused("{file} is not a file (a device, pipe or socket cannot be read as one)", file=str(path))
        chunks, size = [], 0
        while size <= limit:
            chunk = os.read(fd, min(limit + 1 - size, 4 * MB))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except OSError as exc:
        raise FileRefused("cannot read {file}: {reason}", file=str(path), reason=os_reason(exc)) from None
    finally:
        os.close(fd)
    if size > limit:
        raise FileRefused("{file} is too large: more than {limit} MB", file=str(path), limit=_megabytes(limit))
    return b"".join(chunks)


def check_output_file(path: Path) -> None:
    """A file about to be written: its folder exists and it is not itself a folder or a device."""
    if path.is_dir():
        raise FileRefused("{file} is a folder; give a file name", file=str(path))
    if path.exists() and not path.is_file():
        raise FileRefused("{file} is not a file (a device, pipe or socket cannot be written as one)", file=str(path))
    parent = path.parent
    if not parent.is_dir():
        raise FileRefused("folder {folder} does not exist", folder=str(parent))


def safe_file_name(text: str, suffix: str = "", *, fallback: str = "document") -> str:
    """A file name made from book data: letters, digits, '-', '_' and inner dots only.

    Path separators, '..', control characters and anything else become '_', so the name can only
    ever name a file inside its folder, on every system ('2026/0001' -> '2026_0001')."""
    text = unicodedata.normalize("NFC", text)
    name = "".join(c if (c.isascii() and c.isalnum()) or c in "-_." else "_" for c in text)
    name = name.strip(".")[:FILE_NAME_LIMIT].strip(".").replace("..", "_")
    return (name or fallback) + suffix


def file_in(folder: Path, text: str, suffix: str = "", *, fallback: str = "document") -> Path:
    """The path of a file named from book data inside `folder`; refuses (never writes) anything else."""
    path = folder / safe_file_name(text, suffix, fallback=fallback)
    # Belt and braces: whatever safe_file_name lets through, the file stays directly in the folder.
    if path.parent.resolve() != folder.resolve() or path.name in ("", ".", ".."):
        raise FileRefused("{name} cannot be used as a file name in {folder}", name=text, folder=str(folder))
    return path
