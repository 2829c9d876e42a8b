"""Truce ingest."""
