"""Pure business rules and values: no Qt, no database session, no SQL."""
