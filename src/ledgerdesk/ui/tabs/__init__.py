"""The main window's tabs, in order. Each entry is 'module:Class'; the class takes an AppContext.

A capability adds its tab here when it lands; there are no empty placeholder tabs.
"""

TABS: list[str] = [
    "receivables_tab:ReceivablesTab",
    "reminders_tab:RemindersTab",
]


def load_tabs() -> list[type]:
    import importlib

    classes = []
    for spec in TABS:
        module, name = spec.split(":")
        classes.append(getattr(importlib.import_module(f"{__name__}.{module}"), name))
    return classes
