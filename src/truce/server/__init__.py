"""Truce server."""
