"""A warm interpreter that forks one child per `ledgerdesk` command, so that a kill -9 trial costs the
command's own time rather than Python's start-up (about 1-3 s on a loaded 2-core machine).

Protocol, one JSON object per line: {"run": [argv...], "out": FILE} -> {"pid": PID};
{"wait": PID} -> {"status": STATUS, "signal": SIGNAL or null, "code": EXIT or null}.
Single-threaded on purpose: a fork copies only the calling thread.
"""

from __future__ import annotations

import json
import os
import sys


def _warm() -> None:
    from ledgerdesk import cli
    from ledgerdesk.ui.tabs import load_domain

    cli.build_parser()
    load_domain()
    for name in ("ledgerdesk.services.book_io", "ledgerdesk.services.recurring", "alembic.command"):
        __import__(name)


def _child(argv: list[str], out: str) -> None:
    fd = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    os.dup2(fd, 1)
    os.dup2(fd, 2)
    code = 3
    try:
        from ledgerdesk import cli

        code = cli.main(argv)
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)


def main() -> None:
    _warm()
    print(json.dumps({"ready": True}), flush=True)
    for line in sys.stdin:
        request = json.loads(line)
        if "run" in request:
            pid = os.fork()
            if pid == 0:
                _child(request["run"], request["out"])
            print(json.dumps({"pid": pid}), flush=True)
        elif "wait" in request:
            _, status = os.waitpid(request["wait"], 0)
            print(
                json.dumps(
                    {
                        "status": status,
                        "signal": os.WTERMSIG(status) if os.WIFSIGNALED(status) else None,
                        "code": os.WEXITSTATUS(status) if os.WIFEXITED(status) else None,
                    }
                ),
                flush=True,
            )


if __name__ == "__main__":
    main()
