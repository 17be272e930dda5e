"""The schema revision this build of the app expects.

Kept as a constant so opening a book that is already at head never imports
alembic (a test checks it equals the migration scripts' head).
"""

HEAD_REVISION = "0012_intervat"
