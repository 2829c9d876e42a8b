"""Truce schemas."""
