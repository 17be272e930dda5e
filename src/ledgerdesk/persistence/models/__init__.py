"""All mapped tables. Each capability keeps its tables in a module of its own; all load with the package.

The main window paints before SQLAlchemy loads (the models load in the warm-up worker), so mapping
every table here costs start-up nothing the user sees.
"""

from .accountant import AccountantPack
from .articles import ArticleRow
from .banking import BankLine, BankStatement, ImportBatch, ImportedFile, PaymentReference, PaymentReferenceItem
from .base import Base
from .direct_debit import Collection, DirectDebitCreditor, DirectDebitNotice, Mandate, MandateEvent
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
from .einvoice import EInvoiceArchive
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
from .outbox import Delivery
from .peppol import IncomingDocument, PeppolRegistration, PeppolResponse
from .purchases import Purchase, PurchaseEvent, PurchaseFile, PurchaseLine, Supplier
from .quotes import (
    OrderConversion,
    Quote,
    QuoteAdvance,
    QuoteConversion,
    QuoteEvent,
    QuoteLine,
    QuoteOrder,
    QuoteOrderLine,
)
from .recurring import RecurringLine, RecurringOccurrence, RecurringTemplate
from .work import WorkSlip, WorkSlipLine


def all_metadata():  # type: ignore[no-untyped-def]
    """Base.metadata with every table in it (for alembic and the schema test)."""
    return Base.metadata


__all__ = [
    "AccountantPack",
    "ArticleRow",
    "ImportedFile",
    "Allocation",
    "BankLine",
    "BankStatement",
    "Base",
    "CallTask",
    "Collection",
    "DirectDebitCreditor",
    "DirectDebitNotice",
    "Mandate",
    "MandateEvent",
    "Company",
    "Customer",
    "Delivery",
    "Dispute",
    "DunningLevel",
    "DunningScenario",
    "EInvoiceArchive",
    "ImportBatch",
    "IncomingDocument",
    "Invoice",
    "InvoiceEvent",
    "InvoiceLine",
    "NumberSeries",
    "Payment",
    "PaymentPlan",
    "PaymentPromise",
    "PaymentReference",
    "PaymentReferenceItem",
    "PeppolRegistration",
    "PeppolResponse",
    "PlanInstalment",
    "Purchase",
    "PurchaseEvent",
    "PurchaseFile",
    "PurchaseLine",
    "PlanInvoice",
    "Quote",
    "QuoteAdvance",
    "QuoteConversion",
    "QuoteEvent",
    "QuoteLine",
    "QuoteOrder",
    "QuoteOrderLine",
    "OrderConversion",
    "ReceivableClosing",
    "RecurringLine",
    "RecurringOccurrence",
    "RecurringTemplate",
    "ReminderLetter",
    "ReminderLetterItem",
    "ReminderRun",
    "Setting",
    "WorkSlip",
    "WorkSlipLine",
    "Supplier",
    "all_metadata",
]
