"""Schoolbot: answers parents' questions about schools in England from official open data."""

__version__ = "0.1.0"
