"""The book file's import and export; the work is done in the `bookfile` package (one module per part)."""

from .bookfile import FORMAT_VERSION, BookFileError, export_book, import_book, write_book

__all__ = ["FORMAT_VERSION", "BookFileError", "export_book", "import_book", "write_book"]
