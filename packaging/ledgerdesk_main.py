"""Entry point of the standalone build: the same `ledgerdesk` command as `uv run ledgerdesk`."""

import multiprocessing
import sys

from ledgerdesk.cli import main

if __name__ == "__main__":
    multiprocessing.freeze_support()  # Windows: a frozen child process must not start the app again
    sys.exit(main())
