"""Peppol participant ids of a customer: which to look up, in which order (Belgium: 0208 first, then 9925)."""

from __future__ import annotations

from .errors import ValidationError
from .identifiers import validate_vat


def participant_candidates(text: str) -> tuple[str, ...]:
    """The participant ids to try for `text`: a participant id itself (`0208:0202239951`), or a VAT number.

    A Belgian business is registered under its enterprise number (scheme 0208, the KBO/BCE number) and
    sometimes only under its VAT number (scheme 9925); the enterprise number is the one Belgian access
    points register first, so it is tried first. Other countries' VAT numbers are no Peppol id here:
    their schemes differ per country, so their customers give their id themselves."""
    value = text.strip()
    if ":" in value:
        return (value,)
    vat = validate_vat(value)
    if not vat.startswith("BE"):
        raise ValidationError(
            f"'{text}' is not a Belgian VAT number: give the customer's Peppol id itself (scheme:identifier)"
        )
    return (f"0208:{vat[2:]}", f"9925:{vat}")


def peppol_receiver(vat: str | None, registered_as: str | None, looked_up: bool) -> str | None:
    """Where a document may go over Peppol: the customer's registered participant id, or (not looked up yet)
    the enterprise-number id its e-invoice carries; never without a VAT number (a consumer has no Peppol
    address: an e-mail is none), and never when the registry said it is not on Peppol."""
    if not vat or not vat.strip():
        return None
    if looked_up:
        return registered_as
    try:
        return participant_candidates(vat)[0]
    except ValidationError:
        return None
