"""Zip archives of statements (banks and accounting tools ship camt.053 that way): one statement file per member.

Each member is read by the reader that recognises it, streamed from the archive, so
problems name the archive and the member ('statements.zip › 2026-03-02.xml, /Document/…').
A member's declared size and the archive's total are bounded before anything is
unpacked, and the unpacked stream is bounded again while it is read: a zip bomb is
refused, not unpacked.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path, PurePosixPath
from typing import IO

from .camt import CamtReader
from .coda import CodaReader
from .model import Problem, Statement

MAX_MEMBER_BYTES = 512 * 1024 * 1024  # far above a year of daily statements of a busy account
MAX_TOTAL_BYTES = 2 * 1024 * 1024 * 1024
MAX_MEMBERS = 10_000


class _Capped(io.RawIOBase):
    """A member's stream that fails once it has given more than it declared (a lying header)."""

    def __init__(self, raw: IO[bytes], limit: int) -> None:
        self.raw, self.left = raw, limit

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # type: ignore[no-untyped-def]
        data = self.raw.read(min(len(buffer), self.left + 1))
        if len(data) > self.left:
            raise _TooBig
        self.left -= len(data)
        buffer[: len(data)] = data
        return len(data)


class _TooBig(Exception):
    pass


def _member_name(info: zipfile.ZipInfo) -> str:
    return info.filename.replace("\\", "/")


def _skipped(name: str) -> bool:
    """Folders and the files operating systems add to archives (macOS resource forks, thumbnails)."""
    path = PurePosixPath(name)
    return name.endswith("/") or path.name.startswith(".") or "__MACOSX" in path.parts or path.name == "Thumbs.db"


class ZipReader:
    name = "zip"

    def identify(self, path: Path) -> bool:
        try:
            with open(path, "rb") as fh:
                return fh.read(4) == b"PK\x03\x04"
        except OSError:
            return False

    def extract(self, path: Path) -> tuple[list[Statement], list[Problem]]:
        name = Path(path).name
        try:
            archive = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError, ValueError) as exc:
            return [], [Problem(name, "file", f"is not a readable zip archive ({exc})")]
        with archive:
            members = [info for info in archive.infolist() if not _skipped(_member_name(info))]
            if not members:
                return [], [Problem(name, "file", "is a zip archive without statement files in it")]
            if len(members) > MAX_MEMBERS:
                return [], [
                    Problem(
                        name, "file", f"holds {len(members):,} files; a statement archive has at most {MAX_MEMBERS:,}"
                    )
                ]
            total = sum(info.file_size for info in members)
            big = next((info for info in members if info.file_size > MAX_MEMBER_BYTES), None)
            if big is not None or total > MAX_TOTAL_BYTES:
                what = (
                    f"{_member_name(big)} unpacks to {big.file_size:,} bytes"
                    if big
                    else f"its files unpack to {total:,} bytes"
                )
                return [], [Problem(name, "file", f"{what}, more than any statement archive: refused unpacked")]
            statements: list[Statement] = []
            problems: list[Problem] = []
            for info in members:
                got, bad = self._member(archive, info, name)
                statements += got
                problems += bad
        return ([] if problems else statements), problems

    def _member(
        self, archive: zipfile.ZipFile, info: zipfile.ZipInfo, name: str
    ) -> tuple[list[Statement], list[Problem]]:
        label = f"{name} › {_member_name(info)}"
        if info.flag_bits & 0x1:
            return [], [Problem(label, "file", "is encrypted; unpack the archive with its password first")]
        try:
            with archive.open(info) as raw:
                head = raw.read(4096)
        except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError, EOFError) as exc:
            return [], [Problem(label, "file", f"cannot be unpacked ({exc})")]
        try:
            with archive.open(info) as raw:
                stream = io.BufferedReader(_Capped(raw, info.file_size))
                if CodaReader.looks_like(head):
                    return CodaReader().read_stream(stream, label)
                if CamtReader.looks_like(head):
                    return CamtReader().read_stream(stream, label)
        except _TooBig:
            return [], [Problem(label, "file", "unpacks to more than its declared size: refused")]
        except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError, EOFError) as exc:
            return [], [Problem(label, "file", f"cannot be unpacked ({exc})")]
        return [], [Problem(label, "file", "is neither a CODA nor a camt.053 statement")]
