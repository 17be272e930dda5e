"""The main window's tabs. Each entry is 'module:Class'; the class takes an AppContext.

A capability adds its tab here when it lands; there are no empty placeholder tabs.
One entry per line: this file is merged with git's union driver (see .gitattributes).
"""

TABS: list[str] = [
    "invoices_tab:InvoicesTab",
    "receivables_tab:ReceivablesTab",
    "kpi_tab:KpiTab",
    "reminders_tab:RemindersTab",
]

# The order the user sees, whatever order the entries above were merged in; tabs not
# listed here come after these, in TABS order.
ORDER = ("invoices_tab", "receivables_tab", "reminders_tab", "kpi_tab")


# Tabs that build and paint without the domain layer (which loads in a worker after the first
# paint): the window can open on them at once. Opened on another tab, the window first shows that
# tab's title over a short "Loading…" page (TITLES: the tabs' own titles, a test checks them).
PAINT_FIRST = ("invoices_tab", "kpi_tab")
TITLES = {"invoices_tab": "Invoices", "receivables_tab": "Receivables", "reminders_tab": "Reminders",
          "kpi_tab": "Overview"}


def ordered(specs: list[str]) -> list[str]:
    unique = list(dict.fromkeys(specs))
    rank = {name: i for i, name in enumerate(ORDER)}
    return sorted(unique, key=lambda spec: rank.get(spec.split(":")[0], len(ORDER)))


def load_tab(spec: str) -> type:
    """Import one tab's module (only when the tab is built: some pull in heavy libraries)."""
    import importlib

    module, name = spec.split(":")
    return getattr(importlib.import_module(f"{__name__}.{module}"), name)
