"""All mapped tables. Each capability keeps its tables in a module of its own.

The book's core tables (company, customers, invoices, payments) load with this package; a
capability's tables load the first time one of its classes is asked for (PEP 562), so start-up
does not pay for mapping tables the first screen never reads (about 40 ms). `all_metadata()`
loads every module, for alembic and the schema test.
"""

import importlib

from .base import Base
from .invoicing import (
    Allocation,
    Company,
    Customer,
    Invoice,
    InvoiceEvent,
    InvoiceLine,
    NumberSeries,
    Payment,
    Setting,
)

# class name -> module of the capability that owns it
_CAPABILITY_MODULES = {
    "BankLine": "banking", "BankStatement": "banking", "ImportBatch": "banking",
    "PaymentReference": "banking", "PaymentReferenceItem": "banking",
    "EInvoiceArchive": "einvoice",
    "CallTask": "dunning", "Dispute": "dunning", "DunningLevel": "dunning", "DunningScenario": "dunning",
    "PaymentPlan": "dunning", "PaymentPromise": "dunning", "PlanInstalment": "dunning", "PlanInvoice": "dunning",
    "ReminderLetter": "dunning", "ReminderLetterItem": "dunning", "ReminderRun": "dunning",
    "ReceivableClosing": "kpi",
    "RecurringLine": "recurring", "RecurringOccurrence": "recurring", "RecurringTemplate": "recurring",
}


def __getattr__(name: str) -> type:
    module = _CAPABILITY_MODULES.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value  # type: ignore[no-any-return]


def all_metadata():  # type: ignore[no-untyped-def]
    """Base.metadata with every capability's tables in it."""
    for module in sorted(set(_CAPABILITY_MODULES.values())):
        importlib.import_module(f"{__name__}.{module}")
    return Base.metadata


__all__ = [
    "BankLine",
    "BankStatement",
    "ImportBatch",
    "PaymentReference",
    "PaymentReferenceItem",
    "Allocation",
    "Base",
    "EInvoiceArchive",
    "Company",
    "Customer",
    "Invoice",
    "InvoiceEvent",
    "InvoiceLine",
    "NumberSeries",
    "Payment",
    "ReceivableClosing",
    "RecurringLine",
    "RecurringOccurrence",
    "RecurringTemplate",
    "Setting",
    "CallTask",
    "Dispute",
    "DunningLevel",
    "DunningScenario",
    "PaymentPlan",
    "PaymentPromise",
    "PlanInstalment",
    "PlanInvoice",
    "ReminderLetter",
    "ReminderLetterItem",
    "ReminderRun",
]
