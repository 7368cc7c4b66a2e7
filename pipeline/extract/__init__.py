"""OCR lines -> reading order and structured fields (cheques, receipts, user-defined)."""
