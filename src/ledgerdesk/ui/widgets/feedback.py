"""The one boundary where a refused action becomes a message box with one clear sentence."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtWidgets import QMessageBox, QWidget

from ...domain.errors import DomainError

T = TypeVar("T")
log = logging.getLogger(__name__)


def as_sentence(text: str) -> str:
    """Domain messages are written lower-case to be embedded; shown alone they start a sentence."""
    return text[:1].upper() + text[1:]


def message_of(ctx, exc: BaseException) -> str:  # type: ignore[no-untyped-def]
    """Domain errors are already a sentence; anything else is logged and summarised."""
    if isinstance(exc, DomainError):
        return ctx.say(exc)
    log.error("unexpected error", exc_info=exc)
    return ctx.tr("Something went wrong: {error}", error=f"{type(exc).__name__}: {exc}")


def show_error(parent: QWidget | None, ctx, exc: BaseException) -> None:  # type: ignore[no-untyped-def]
    QMessageBox.warning(parent, ctx.tr("LedgerDesk"), message_of(ctx, exc))


def attempt(parent: QWidget | None, ctx, action: Callable[..., T], *args: Any, **kwargs: Any) -> T | None:  # type: ignore[no-untyped-def]
    """Run one service call as a transaction; on refusal show why and return None."""
    try:
        return ctx.write(action, *args, **kwargs)
    except Exception as exc:  # the UI's single error boundary for user actions
        show_error(parent, ctx, exc)
        return None


def confirm_issue(parent: QWidget | None, text: str, issue_label: str, cancel_label: str) -> bool:
    """The one question before a document is issued for good; 'Cancel' is the default answer."""
    box = QMessageBox(QMessageBox.Icon.Question, "LedgerDesk", text, parent=parent)
    issue = box.addButton(issue_label, QMessageBox.ButtonRole.AcceptRole)
    box.setDefaultButton(box.addButton(cancel_label, QMessageBox.ButtonRole.RejectRole))
    box.exec()
    return box.clickedButton() is issue
