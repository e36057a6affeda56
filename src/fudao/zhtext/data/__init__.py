"""Data files of the Chinese-text helpers (agency renames)."""
