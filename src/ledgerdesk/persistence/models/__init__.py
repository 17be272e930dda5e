"""All mapped tables. Each capability keeps its tables in a module of its own."""

from .base import Base
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
from .payment_refs import PaymentReference, PaymentReferenceItem

__all__ = [
    "Allocation",
    "Base",
    "Company",
    "Customer",
    "Invoice",
    "InvoiceEvent",
    "InvoiceLine",
    "NumberSeries",
    "Payment",
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
    "PaymentReference",
    "PaymentReferenceItem",
]
