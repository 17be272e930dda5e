"""Subcommands of the `ledgerdesk` command line, one module per capability.

Each module defines `register(subparsers)`, adding parsers whose `func(args, ctx)`
returns an exit code. Add a module name here to plug in a capability.
"""

COMMAND_MODULES: list[str] = [
    "book",
    "reminders",
    "banking",
    "einvoice",
    "documents",
    "kpi",
    "backups",
]
