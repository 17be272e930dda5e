"""SQLAlchemy models, the engine for a book file, and queries that return plain rows."""
