"""People of the service desk: users with one role and at most one team, and API tokens."""
