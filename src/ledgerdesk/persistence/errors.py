"""Why a book cannot be opened or written: one sentence, kept as msgid and values for translation."""

from __future__ import annotations


class BookError(Exception):
    """The book cannot be opened or changed; the message says why in one sentence.

    Made from an English msgid and its values: str() is the English sentence (scripts and logs),
    in_language() the user's (the msgids are translated in resources/i18n/*/storage.po)."""

    def __init__(self, message: str, **values: object) -> None:
        self.msgid = message
        self.values = values
        super().__init__(message.format(**values) if values else message)

    def translated(self, tr) -> str:  # type: ignore[no-untyped-def]
        """The sentence through `tr` (a gettext of the user's language), like domain Messages."""
        message = getattr(self, "message", None)  # backup and location errors carry a domain Message
        if message is not None and hasattr(message, "translated"):
            return str(message.translated(tr))
        try:
            return str(tr(self.msgid, **self.values))
        except (KeyError, IndexError, ValueError):  # a translation with a broken placeholder
            return str(self)

    def in_language(self, language: str) -> str:
        from ..i18n import gettext

        return self.translated(gettext(language))


class BookLockedError(BookError):
    pass


class NewerBookError(BookError):
    pass


class NotABookError(BookError):
    pass


class EmptyBookFileError(NotABookError):
    """A zero-length file where the book should be: never silently turned into a new book."""


class UnsafeLocationError(BookError):
    """The book sits on a network drive or in a sync folder; `message` (a location Message) says which and why."""

    def __init__(self, message: object) -> None:
        super().__init__(str(message))
        self.message = message
