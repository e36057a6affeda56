"""fudao (輔導): software for a one-stop enterprise assistance service."""

__version__ = "0.1.0"
