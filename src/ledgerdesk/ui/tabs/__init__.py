"""The main window's tabs, in order. Each entry is 'module:Class'; the class takes an AppContext.

A capability adds its tab here when it lands; there are no empty placeholder tabs.
"""

TABS: list[str] = ["invoices_tab:InvoicesTab"]
TABS: list[str] = [
    "kpi_tab:KpiTab",
]


def load_tabs() -> list[type]:
    """The tab classes; a tab whose module fails to import is logged and left out, not fatal."""
    import importlib
    import logging

    classes = []
    for spec in TABS:
        module, name = spec.split(":")
        try:
            classes.append(getattr(importlib.import_module(f"{__name__}.{module}"), name))
        except Exception:  # one broken capability must not keep the whole app from starting
            logging.getLogger(__name__).exception("tab %s could not be loaded", spec)
    return classes
