"""Documents: reading files, repairing extracted text, sections, passages and values (the knowledge base)."""
