"""The `fudao` command line: thin commands over the service functions of each app."""
