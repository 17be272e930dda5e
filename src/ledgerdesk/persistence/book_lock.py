"""The writers' lock of a book: one lock file beside it, held by the one process that writes."""

from __future__ import annotations

from ..domain.os_errors import reason as os_reason
from ..paths import BookPaths
from .errors import BookError, BookLockedError
from .faults import explain, folder_is_read_only


def acquire_lock(paths: BookPaths):  # type: ignore[no-untyped-def]
    """Take the book's lock file (made if missing), or raise a BookError saying why it cannot be had."""
    from filelock import FileLock, Timeout

    try:
        paths.folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise explain(exc, paths.book) or BookError(
            "The folder {folder} cannot be made ({reason}); choose another data folder.",
            folder=str(paths.folder),
            reason=os_reason(exc),
        ) from None
    if paths.lock.is_dir():
        raise BookError(
            "The lock file {lock} is a folder; remove it (LedgerDesk makes its lock file itself) and try again.",
            lock=str(paths.lock),
        )
    # thread_local=False: the app opens books in a worker thread and closes them on the UI thread.
    lock = FileLock(str(paths.lock), timeout=0, thread_local=False)
    try:
        lock.acquire()
    except Timeout:
        raise BookLockedError(
            "The book {path} is open in another LedgerDesk window or command; close it there first.",
            path=str(paths.book),
        ) from None
    except OSError as exc:
        if folder_is_read_only(paths.folder):
            raise explain(exc, paths.book) or BookError(str(exc)) from None
        raise BookError(
            "The lock file {lock} cannot be opened ({reason}); remove it (LedgerDesk makes it again) and try again.",
            lock=str(paths.lock),
            reason=os_reason(exc),
        ) from None
    return lock
