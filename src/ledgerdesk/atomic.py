"""Files written whole or not at all: a temporary file beside the target, flushed to disk, then renamed.

A full disk or a read-only folder removes the temporary file and raises a StorageError that
says which file, what is wrong and how much room it needed (never a '*.tmp' left behind, never
half a file under the real name).
"""

from __future__ import annotations

import errno
import io
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO, TextIO

from .persistence.faults import StorageError, disk_full


def write_atomic(path: Path, data: bytes | str, *, encoding: str = "utf-8") -> None:
    """Replace `path` with `data` in one step; on any failure `path` is as it was."""
    payload = data.encode(encoding) if isinstance(data, str) else data
    write_atomic_with(path, lambda fh: fh.write(payload), needed=len(payload))


def write_atomic_text(path: Path, produce: Callable[[TextIO], object], *, encoding: str = "utf-8") -> None:
    """Replace `path` with the text `produce` writes to the file object it is given, piece by piece
    (a large export never held whole); the same all-or-nothing step as write_atomic."""

    def write(fh: BinaryIO) -> None:
        text = io.TextIOWrapper(fh, encoding=encoding, newline="\n", write_through=False)
        try:
            produce(text)
            text.flush()
        finally:
            text.detach()  # the caller flushes, syncs and closes the binary file

    write_atomic_with(path, write)


def write_atomic_with(path: Path, produce: Callable[[BinaryIO], object], *, needed: int | None = None) -> None:
    """Replace `path` with what `produce` writes to the binary file it is given; on any failure `path`
    is as it was and no temporary file is left. `needed`: the size, when known, for a full disk's message
    (else what was written when the disk filled)."""
    path = Path(path)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    written = 0
    try:
        # os.open rather than mkstemp: the file gets the user's usual permissions (umask), not 0600.
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0), 0o666)
        with os.fdopen(fd, "wb") as fh:
            try:
                produce(fh)
                fh.flush()
            finally:
                written = _size(fh.fileno())
            os.fsync(fh.fileno())
        os.replace(temporary, path)
    except BaseException as exc:
        try:
            temporary.unlink(missing_ok=True)
        except OSError:
            pass
        if isinstance(exc, OSError):
            fault = file_fault(exc, path, needed if needed is not None else written)
            if fault is not None:
                raise fault from exc
        raise


@contextmanager
def atomic_file(path: Path) -> Iterator[BinaryIO]:
    """A file to write (and read back, and seek in) that becomes `path` when the block ends; if the block
    raises, or the disk fills, `path` is as it was and the temporary file is gone. For output too large
    to hold in memory first (a quarter's pack with its PDFs)."""
    path = Path(path)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    written = 0
    try:
        fd = os.open(temporary, os.O_RDWR | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0), 0o666)
        with os.fdopen(fd, "w+b") as fh:
            yield fh
            fh.flush()
            written = fh.seek(0, os.SEEK_END)
            os.fsync(fh.fileno())
        os.replace(temporary, path)
    except BaseException as exc:
        try:
            temporary.unlink(missing_ok=True)
        except OSError:
            pass
        if isinstance(exc, OSError):
            fault = file_fault(exc, path, written)
            if fault is not None:
                raise fault from exc
        raise


def _size(fd: int) -> int:
    try:
        return os.fstat(fd).st_size
    except OSError:
        return 0


def file_fault(exc: OSError, path: Path, needed: int) -> StorageError | None:
    """A full disk or a folder that cannot be written, said for the file being written."""
    if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return disk_full(path, needed)
    if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return StorageError(
            "{path} cannot be written: the folder {folder} is read-only or not yours to write in; choose another folder.",
            path=str(path),
            folder=str(path.parent),
        )
    if exc.errno == errno.ENOENT:
        return StorageError(
            "{path} cannot be written: the folder {folder} does not exist.", path=str(path), folder=str(path.parent)
        )
    if exc.errno == errno.EISDIR:
        return StorageError("{path} is a folder; give a file name.", path=str(path))
    return None
