"""Enterprises keyed by 統一編號: profile facts and contact persons, one record whatever the channel."""
