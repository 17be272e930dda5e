"""Documents: invoice and credit note PDFs, shared page layout, EPC QR payload and drawing."""
