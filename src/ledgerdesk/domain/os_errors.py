"""What went wrong with a file, said in our own words: one sentence per kind of operating-system error.

The system's own text (`strerror`: "No such file or directory") is English whatever the user speaks, and
differs between Windows, macOS and Linux. These reasons are msgids: they are translated wherever the
sentence that holds them is (i18n translates a value that is one of them).
"""

from __future__ import annotations

import errno

NOT_FOUND = "the file or folder does not exist"
NO_PERMISSION = "you do not have permission to use it"
DISK_FULL = "the disk is full"
READ_ONLY = "the disk or folder is read-only"
IS_FOLDER = "it is a folder, not a file"
NOT_FOLDER = "a part of the path is a file, not a folder"
EXISTS = "it already exists"
NAME_TOO_LONG = "the name or path is too long"
IN_USE = "another program is using it"
DEVICE = "the disk could not be read or written (it may be damaged or disconnected)"
OTHER = "the operating system refused it"

_BY_ERRNO = {
    errno.ENOENT: NOT_FOUND,
    errno.EACCES: NO_PERMISSION,
    errno.EPERM: NO_PERMISSION,
    errno.ENOSPC: DISK_FULL,
    errno.EDQUOT: DISK_FULL,
    errno.EFBIG: DISK_FULL,
    errno.EROFS: READ_ONLY,
    errno.EISDIR: IS_FOLDER,
    errno.ENOTDIR: NOT_FOLDER,
    errno.EEXIST: EXISTS,
    errno.ENAMETOOLONG: NAME_TOO_LONG,
    errno.EBUSY: IN_USE,
    errno.ETXTBSY: IN_USE,
    errno.EIO: DEVICE,
    errno.ENXIO: DEVICE,
    errno.ENODEV: DEVICE,
}
REASONS = frozenset((*_BY_ERRNO.values(), OTHER))


def reason(exc: BaseException) -> str:
    """Our sentence for an OSError (its errno, or on Windows its winerror mapped to errno by Python)."""
    code = getattr(exc, "errno", None)
    if code is None and isinstance(exc, FileNotFoundError):
        return NOT_FOUND
    if code is None and isinstance(exc, PermissionError):
        return NO_PERMISSION
    return _BY_ERRNO.get(code, OTHER) if isinstance(code, int) else OTHER
