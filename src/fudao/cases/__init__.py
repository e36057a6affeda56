"""Cases of the service desk: numbered per 民國 year, with activities, history and service levels."""
