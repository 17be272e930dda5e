"""Alembic environment: runs on the connection the app hands over, in batch mode for SQLite."""

from alembic import context
from sqlalchemy import engine_from_config, pool

from ledgerdesk.persistence.models import all_metadata

config = context.config
target_metadata = all_metadata()


def _run(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    _run(connection)
else:
    engine = engine_from_config(
        config.get_section(config.config_ini_section), prefix="sqlalchemy.", poolclass=pool.NullPool
    )
    with engine.connect() as conn:
        _run(conn)
