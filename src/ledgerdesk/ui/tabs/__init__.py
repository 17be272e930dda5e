"""The main window's tabs, each declared once: a `TabSpec` in `TABS`, in the order the user sees them.

A capability adds its tab here when it lands; there are no empty placeholder tabs. A tab's module is
imported by its `build` function only when the tab is built (some pull in SQLAlchemy or pyqtgraph), and
what it needs from the domain layer by its `needs` function, in a worker after the first paint.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from ..context import AppContext

    Tab = Callable[[AppContext], QWidget]  # a tab's class


def _nothing() -> None:
    return None


@dataclass(frozen=True)
class TabSpec:
    key: str  # the tab's class name: remembered as the tab the user left off on
    capability: str  # its short name, for show_capability ("reminders")
    title: str  # msgid of its title, shown over its "Loading…" page before it is built (a test checks the tab's own)
    build: Callable[[], Tab]  # imports its module: only when the tab is built
    paints_first: bool = False  # builds and paints without the domain layer: the window can open on it at once
    needs: Callable[[], None] = _nothing  # imports (no Qt) it needs, loaded in a worker after the first paint


def _invoices() -> Tab:
    from .invoices_tab import InvoicesTab

    return InvoicesTab


def _invoices_needs() -> None:
    import babel.dates  # noqa: F401
    import babel.numbers  # noqa: F401

    from ...services import customers, invoice_forms  # noqa: F401


def _receivables() -> Tab:
    from .receivables_tab import ReceivablesTab

    return ReceivablesTab


def _receivables_needs() -> None:
    from ...services import bank_import, bank_review, collection, receivables  # noqa: F401


def _reminders() -> Tab:
    from .reminders_tab import RemindersTab

    return RemindersTab


def _reminders_needs() -> None:
    from ...services import reminder_documents, reminder_views, reminders  # noqa: F401


def _kpi() -> Tab:
    from .kpi_tab import KpiTab

    return KpiTab


def _kpi_needs() -> None:
    from ...services import kpis  # noqa: F401


def _purchases() -> Tab:
    from .purchases_tab import PurchasesTab

    return PurchasesTab


def _purchases_needs() -> None:
    from ...services import purchase_import, purchase_list, purchases  # noqa: F401


def _outbox() -> Tab:
    from .outbox_tab import OutboxTab

    return OutboxTab


def _outbox_needs() -> None:
    from ...services import outbox, outbox_channels  # noqa: F401


def _inbox() -> Tab:
    from .inbox_tab import InboxTab

    return InboxTab


def _inbox_needs() -> None:
    from ...services import inbox, peppol_setup  # noqa: F401


TABS: tuple[TabSpec, ...] = (
    TabSpec("InvoicesTab", "invoices", "Invoices", _invoices, paints_first=True, needs=_invoices_needs),
    TabSpec("ReceivablesTab", "receivables", "Receivables", _receivables, paints_first=True, needs=_receivables_needs),
    TabSpec("RemindersTab", "reminders", "Reminders", _reminders, paints_first=True, needs=_reminders_needs),
    TabSpec("KpiTab", "kpi", "Overview", _kpi, paints_first=True, needs=_kpi_needs),
    TabSpec("PurchasesTab", "purchases", "Purchases", _purchases, needs=_purchases_needs),
    TabSpec("OutboxTab", "outbox", "Outbox", _outbox, needs=_outbox_needs),
    TabSpec("InboxTab", "inbox", "Inbox", _inbox, needs=_inbox_needs),
)


def load_domain() -> None:
    """Import what every tab needs from the domain layer (SQLAlchemy is most of it, ~0.2 s; no Qt, a test
    checks): the composition root hands this to the context, which runs it in a worker after the first paint."""
    for tab in TABS:
        tab.needs()
