"""LedgerDesk: local-first bookkeeping for Belgian sole traders and small firms."""

__version__ = "0.1.0"
