"""Truce analyze."""
