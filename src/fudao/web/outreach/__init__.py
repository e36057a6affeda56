"""The campaign pages of the desk (the outreach app holds the campaigns and calls)."""
