"""Truce: offline-first ceasefire monitoring and incident investigation."""

__version__ = "0.1.0"
