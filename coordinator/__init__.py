"""Mission Coordinator: run an election observation mission from one laptop, offline."""

__version__ = "0.1.0"
