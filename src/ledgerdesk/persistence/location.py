"""Is a folder safe for a book? Network file systems and cloud-sync folders are not.

SQLite's locking and its WAL (shared memory beside the file) do not work over NFS, SMB/CIFS or
FUSE mounts such as sshfs: two writers can corrupt the file, and SQLite 3.50 made SMB worse
(documents-in-and-out.md §2.7). Sync clients (OneDrive, Dropbox, Google Drive, iCloud) copy the
file and its -wal separately and restore stale halves. So a book is opened read-write only on a
local disk; backups may go anywhere, they are single finished files.
"""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path, PurePath

from ..domain.messages import Message

# Linux fstypes (/proc/self/mountinfo) and macOS ones (mount output) that are remote or FUSE.
NETWORK_TYPES = frozenset(
    {
        "nfs",
        "nfs4",
        "cifs",
        "smb",
        "smb2",
        "smb3",
        "smbfs",
        "ncpfs",
        "afs",
        "9p",
        "ceph",
        "glusterfs",
        "lustre",
        "gpfs",
        "davfs",
        "webdav",
        "afpfs",
        "sshfs",
        "beegfs",
        "orangefs",
    }
)
# Folder names the sync clients create (Windows, macOS, Linux clients), compared case-insensitively.
SYNC_FOLDERS = (
    "onedrive",
    "dropbox",
    "google drive",
    "googledrive",
    "my drive",
    "icloud drive",
    "iclouddrive",
    "mobile documents",
    "cloudstorage",
    "pcloud drive",
    "nextcloud",
    "owncloud",
    "mega",
    "sync.com",
    "box sync",
)


@dataclass(frozen=True)
class Mount:
    point: str
    fstype: str
    source: str


def _unescape(field: str) -> str:
    """mountinfo writes space, tab, newline and backslash as octal escapes (\\040 ...)."""
    out, i = [], 0
    while i < len(field):
        if field[i] == "\\" and i + 3 < len(field) and field[i + 1 : i + 4].isdigit():
            out.append(chr(int(field[i + 1 : i + 4], 8)))
            i += 4
        else:
            out.append(field[i])
            i += 1
    return "".join(out)


def parse_mountinfo(text: str) -> list[Mount]:
    """Lines of /proc/self/mountinfo: `id parent major:minor root point options [optional...] - type source ...`."""
    mounts = []
    for line in text.splitlines():
        left, sep, right = line.partition(" - ")
        fields, tail = left.split(), right.split()
        if not sep or len(fields) < 5 or not tail:
            continue
        mounts.append(Mount(_unescape(fields[4]), tail[0], _unescape(tail[1]) if len(tail) > 1 else ""))
    return mounts


def mount_of(path: Path, mounts: list[Mount]) -> Mount | None:
    """The mount that holds path: the longest mount point that is a prefix (the last one mounted wins ties)."""
    best: Mount | None = None
    target = PurePath(path)
    for mount in mounts:
        point = PurePath(mount.point)
        if (target == point or point in target.parents) and (
            best is None or len(point.parts) >= len(PurePath(best.point).parts)
        ):
            best = mount
    return best


def is_network_type(fstype: str) -> bool:
    kind = fstype.lower()
    return kind in NETWORK_TYPES or kind.startswith(("fuse", "nfs", "smb")) or kind.split(".")[-1] in NETWORK_TYPES


def _mounts() -> list[Mount]:
    if sys.platform.startswith("linux"):
        try:
            return parse_mountinfo(Path("/proc/self/mountinfo").read_text(encoding="utf-8", errors="replace"))
        except OSError:
            return []
    if sys.platform == "darwin":
        try:  # "//user@nas/share on /Volumes/share (smbfs, nodev, nosuid, mounted by me)"
            text = subprocess.run(["/sbin/mount"], check=False, capture_output=True, text=True, timeout=5).stdout
        except (OSError, subprocess.SubprocessError):
            return []
        mounts = []
        for line in text.splitlines():
            source, _, rest = line.partition(" on ")
            point, _, opts = rest.rpartition(" (")
            if point:
                mounts.append(Mount(point, opts.split(",")[0].strip(" )"), source))
        return mounts
    return []


def _windows_remote(path: Path) -> str | None:
    text = str(path)
    if text.startswith(("\\\\", "//")) and not text.startswith(("\\\\?\\", "\\\\.\\")):
        return "smb"
    if sys.platform == "win32":
        import ctypes

        drive = os.path.splitdrive(os.path.abspath(text))[0] + "\\"
        if ctypes.windll.kernel32.GetDriveTypeW(drive) == 4:  # DRIVE_REMOTE: a mapped network drive
            return "smb"
    return None


def sync_folder_in(path: Path) -> str | None:
    """The sync client's folder name found in the path, as written there."""
    for part in PurePath(path).parts:
        name = part.lower()
        for sync in SYNC_FOLDERS:
            # "OneDrive - Company", "Dropbox (Personal)", "GoogleDrive-me@x.be" (macOS CloudStorage)
            if name == sync or name.startswith((sync + " ", sync + "-", sync + " (")):
                return part
    return None


def _existing(path: Path) -> Path:
    path = Path(os.path.abspath(path))
    while not path.exists() and path.parent != path:
        path = path.parent
    return path.resolve()


def unsafe_for_book(folder: Path, mounts: list[Mount] | None = None) -> Message | None:
    """Why a book in this folder must not be opened read-write, or None when it is a local folder."""
    here = _existing(folder)  # symlinks resolved, for a folder that exists (or its nearest parent)
    written = Path(os.path.abspath(folder))  # as given, for a folder still to be created
    remote = _windows_remote(written) or _windows_remote(here)
    table = _mounts() if mounts is None else mounts
    for candidate in (here, written):
        mount = mount_of(candidate, table)
        if remote is None and mount is not None and is_network_type(mount.fstype):
            remote = mount.fstype
    if remote is not None:
        return Message.of(
            "The folder {folder} is on a network drive ({kind}), where SQLite's locking and write-ahead "
            "log are not safe and two computers could damage the book: move the book to a folder on this "
            "computer (backups may still go to the network drive).",
            folder=folder,
            kind=remote,
        )
    sync = sync_folder_in(here) or sync_folder_in(written)
    if sync is not None:
        return Message.of(
            "The folder {folder} is synchronised by {service}, which copies the book and its "
            "write-ahead log separately and can bring back a stale, damaged mix: move the book to a "
            "folder that is not synchronised (backups may still go there).",
            folder=folder,
            service=sync,
        )
    return None
