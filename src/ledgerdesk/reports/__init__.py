"""PDF documents and payment QR payloads."""
