"""Truce demo."""
