"""All mapped tables. Each capability keeps its tables in a module of its own."""

from .banking import BankLine, BankStatement, ImportBatch, PaymentReference, PaymentReferenceItem
from .base import Base
from .einvoice import EInvoiceArchive
from .dunning import (
    CallTask,
    Dispute,
    DunningLevel,
    DunningScenario,
    PaymentPlan,
    PaymentPromise,
    PlanInstalment,
    PlanInvoice,
    ReminderLetter,
    ReminderLetterItem,
    ReminderRun,
)
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
from .kpi import ReceivableClosing
from .recurring import RecurringLine, RecurringOccurrence, RecurringTemplate

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
