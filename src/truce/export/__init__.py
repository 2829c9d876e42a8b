"""Truce export."""
