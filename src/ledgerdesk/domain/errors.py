"""Domain errors: one sentence a user can read, raised by single actions."""


class DomainError(Exception):
    """A business rule refused an action; the message is shown to the user as is."""


class ValidationError(DomainError):
    """An input value is not acceptable (bad VAT number, IBAN, amount ...)."""


class ImmutableError(DomainError):
    """An issued invoice or credit note cannot be edited or deleted."""
