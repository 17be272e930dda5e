"""The log file: rotating, in the user's log folder, shared by the app and the command line.

Set up once per process at the edge (app start, `ledgerdesk` command); the rest of the code only
uses `logging.getLogger(__name__)`. Tracebacks go to the file, never to the user.
"""

from __future__ import annotations

import logging
import logging.handlers
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from .paths import log_dir

LOG_NAME = "ledgerdesk.log"
MAX_BYTES = 1_000_000
KEEP_FILES = 5  # ledgerdesk.log, .1 ... .5: at most ~6 MB
FORMAT = "%(asctime)s %(levelname)-7s %(process)d %(threadName)s %(name)s: %(message)s"


def log_file() -> Path:
    return log_dir() / LOG_NAME


def setup_logging(level: int = logging.INFO) -> Path | None:
    """Send INFO and above to the rotating file (once per process and folder); the file, or None
    when the folder cannot be written (then the app goes on without a log, saying so on stderr)."""
    target = log_file()
    root = logging.getLogger()
    for handler in root.handlers:
        if isinstance(handler, logging.handlers.RotatingFileHandler) and Path(handler.baseFilename) == target:
            return target
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(
            target, maxBytes=MAX_BYTES, backupCount=KEEP_FILES, encoding="utf-8", delay=True
        )
    except OSError as exc:
        print(f"ledgerdesk: cannot write the log in {target.parent} ({exc.strerror})", file=sys.stderr)
        return None
    handler.setFormatter(logging.Formatter(FORMAT))
    handler.setLevel(level)
    root.addHandler(handler)
    if root.level > level or root.level == logging.NOTSET:
        root.setLevel(level)
    return target


Reporter = Callable[[BaseException], None]


def install_excepthooks(report: Reporter) -> None:
    """Every unexpected error (UI thread, Qt slots, other threads) is logged with its traceback and
    handed to `report` (the app shows a dialog); a second error while reporting is only logged."""
    log = logging.getLogger("ledgerdesk.unexpected")
    reporting = threading.local()

    def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, exc, tb)
            return
        log.error("unexpected error", exc_info=(kind, exc, tb))
        if getattr(reporting, "busy", False):
            return
        reporting.busy = True
        try:
            report(exc)
        except Exception:  # the reporter itself failed: the log has both
            log.exception("the error could not be shown")
        finally:
            reporting.busy = False

    def thread_hook(args: threading.ExceptHookArgs) -> None:
        if args.exc_value is not None:
            hook(args.exc_type, args.exc_value, args.exc_traceback)

    sys.excepthook = hook
    threading.excepthook = thread_hook


def open_folder(folder: Path) -> bool:
    """Show a folder in the system's file manager (Help > Open log folder)."""
    from PySide6.QtCore import QUrl
    from PySide6.QtGui import QDesktopServices

    folder.mkdir(parents=True, exist_ok=True)
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))
