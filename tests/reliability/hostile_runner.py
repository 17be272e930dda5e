"""Runs `ledgerdesk` command lines one after the other in this process, under a memory limit and a
per-command time limit, and prints what each did as JSON (used by the hostile-input tests).

One child process for many cases keeps the suite fast (Python, SQLAlchemy and lxml load once) while
every command still runs the real CLI entry point, with the limits a real run would have to respect:
RLIMIT_DATA (heap and private mappings; RLIMIT_AS would also count the address space SaxonC reserves)
and SIGALRM, which interrupts even a blocking open() of a FIFO.

stdin: {"limit_mb": 500, "timeout": 10, "steps": [{"case": "name", "argv": [...], "cwd": "...",
        "language": "en"}]}
stdout: one JSON list of {"case", "code", "out", "err", "seconds", "timed_out", "crashed"}.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import resource
import signal
import sys
import time


class TimedOut(BaseException):
    """Raised by the alarm; a BaseException so the CLI's own error boundary cannot swallow it."""


def _alarm(signum, frame):  # type: ignore[no-untyped-def]
    raise TimedOut


def main() -> None:
    job = json.load(sys.stdin)
    limit = job["limit_mb"] * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_DATA, (limit, limit))
    signal.signal(signal.SIGALRM, _alarm)
    from ledgerdesk.cli import main as cli

    results = []
    for step in job["steps"]:
        out, err = io.StringIO(), io.StringIO()
        os.chdir(step["cwd"])
        os.environ["LEDGERDESK_LANG"] = step.get("language", "en")
        started = time.perf_counter()
        timed_out, crashed, code = False, "", None
        signal.alarm(job["timeout"])
        try:
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                code = cli(step["argv"], out=out, err=err)
        except TimedOut:
            timed_out = True
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 2
        except BaseException as exc:  # noqa: BLE001 - MemoryError and the like: recorded, the next case still runs
            crashed = f"{type(exc).__name__}: {exc}"[:500]
        finally:
            signal.alarm(0)
        results.append(
            {
                "case": step["case"],
                "code": code,
                "out": out.getvalue()[:20_000],
                "err": err.getvalue()[:20_000],
                "seconds": round(time.perf_counter() - started, 3),
                "timed_out": timed_out,
                "crashed": crashed,
            }
        )
    sys.__stdout__.write(json.dumps({"peak_mb": _peak_mb(), "results": results}, ensure_ascii=True))


def _peak_mb() -> int:
    """This process's peak resident memory. VmHWM, not ru_maxrss: Linux carries ru_maxrss over from the
    parent across fork and exec, so it would report the test runner's own size."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) // 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024


if __name__ == "__main__":
    main()
