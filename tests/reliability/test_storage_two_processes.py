"""Two processes on one book: readers never wait for a writer, a second writer is refused in one sentence,
and two writers started together book a statement once."""

from __future__ import annotations

from ledgerdesk.paths import BookPaths
from ledgerdesk.persistence.book import open_book

from .storage_helpers import AS_OF, book_state, check_book

READS = (
    ["invoices", "--json"],
    ["kpi", "--as-of", AS_OF, "--json"],
    ["reminders", "propose", "--as-of", AS_OF, "--ignore-bank-age", "--json"],
    ["export-book"],
)
WRITE = ["reminders", "confirm", "--as-of", AS_OF, "--ignore-bank-age"]


def test_read_only_commands_work_while_the_app_holds_the_book_and_writers_are_refused(demo_copy, fork_server, tmp_path):
    with open_book(BookPaths.in_dir(demo_copy)) as app_book:  # what the app holds while it is open
        with app_book.db.reading() as session:  # and reading, as its tabs do
            session.connection().exec_driver_sql("SELECT COUNT(*) FROM invoices").scalar()
            for n, argv in enumerate(READS):
                pid = fork_server.start(["--data-dir", str(demo_copy), *argv], tmp_path / f"r{n}.out")
                result = fork_server.wait(pid)
                assert result["code"] == 0, (argv, (tmp_path / f"r{n}.out").read_text()[-500:])
        pid = fork_server.start(["--data-dir", str(demo_copy), *WRITE], tmp_path / "w.out")
        assert fork_server.wait(pid)["code"] == 1
        text = (tmp_path / "w.out").read_text()
        assert "open in another LedgerDesk window or command" in text and "internal error" not in text, text


def test_two_imports_of_one_statement_started_together_book_it_once(demo_copy, fork_server, tmp_path):
    argv = ["--data-dir", str(demo_copy), "import-statement", str(demo_copy / "demo-statement.cod")]
    pids = [fork_server.start(argv, tmp_path / f"i{n}.out") for n in range(2)]
    codes = [fork_server.wait(pid)["code"] for pid in pids]
    outputs = [(tmp_path / f"i{n}.out").read_text() for n in range(2)]
    assert 0 in codes, outputs
    for code, text in zip(codes, outputs, strict=False):
        assert code == 0 or "open in another LedgerDesk" in text, text
    book = demo_copy / "ledgerdesk.sqlite"
    check_book(book)
    once = book_state(book)
    pid = fork_server.start(argv, tmp_path / "again.out")
    assert fork_server.wait(pid)["code"] == 0
    assert book_state(book) == once, "importing the statement again booked something twice"
