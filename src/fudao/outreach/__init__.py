"""Outreach campaigns: the store's enterprises screened in SQL, call lists, call outcomes."""
