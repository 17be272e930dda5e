"""An idle connection of the book's pool gives its page cache back: the app keeps one per thread that read."""

from __future__ import annotations

from sqlalchemy import event, text


def test_a_connection_back_in_the_pool_shrinks_its_page_cache(book):
    for engine in (book.db.write_engine, book.db.read_engine):
        seen: list[str] = []

        def trace(dbapi_conn, _record, _proxy) -> None:  # type: ignore[no-untyped-def]
            dbapi_conn.set_trace_callback(seen.append)  # noqa: B023 - listened to and removed in this turn

        event.listen(engine, "checkout", trace)
        with engine.connect() as connection:
            assert connection.execute(text("SELECT count(*) FROM invoices")).scalar() == 0
        assert seen[-1] == "PRAGMA shrink_memory"  # after the read, once the connection is idle
        with engine.connect() as connection:  # and it still reads
            assert connection.execute(text("SELECT count(*) FROM customers")).scalar() == 0
        event.remove(engine, "checkout", trace)


def test_the_book_reads_and_writes_as_before_with_shrunk_connections(book):
    from builders import customer, invoice

    customer_id = customer(book)
    for _ in range(3):
        invoice(book, customer_id)
    with book.db.reading() as session:
        assert session.execute(text("SELECT count(*) FROM invoices")).scalar() == 3
