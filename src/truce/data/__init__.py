"""Truce data."""
