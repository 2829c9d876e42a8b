"""Truce extract."""
