"""What the commands that make a document of one line (quote, recurring invoice, invoice, work slip) ask
alike: the customer, by id or exact name, and the line."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from . import CliError, parse_number

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from ..domain.invoicing import LineInput


def add_line_options(p: argparse.ArgumentParser) -> None:
    """--customer and the line's --description, --price, --quantity, --unit, --vat and --exemption."""
    p.add_argument("--customer", required=True, help="customer id or exact name")
    p.add_argument("--description", required=True)
    p.add_argument("--price", required=True, type=parse_number, help="unit price excl. VAT, e.g. 250.00")
    p.add_argument("--quantity", default="1", type=parse_number)
    p.add_argument("--unit", default="")
    p.add_argument("--vat", default="21", help="VAT rate in %% (21, 12, 6, 0)")
    p.add_argument("--exemption", help="franchise, reverse_charge, intra_eu or export (with --vat 0)")


def line_of(args: argparse.Namespace) -> LineInput:
    """The line the options describe (checked as any typed line is)."""
    from ..domain.invoicing import LineInput

    return LineInput.of(args.description, args.quantity, args.price, args.vat, exemption=args.exemption, unit=args.unit)


def customer_of(session: Session, text: str) -> int:
    """A customer by id or exact name; one sentence when none or several match."""
    from sqlalchemy import select

    from ..persistence.models import Customer

    if text.isdigit():
        return int(text)
    ids = session.scalars(select(Customer.id).where(Customer.name == text)).all()
    if not ids:
        import shlex

        raise CliError(
            f"no customer is named '{text}'; use the id (`ledgerdesk customers list`), "
            f"or add it with `ledgerdesk customers add --name {shlex.quote(text)}`"
        )
    if len(ids) > 1:
        raise CliError(f"more than one customer is named '{text}'; use the id")
    return int(ids[0])
