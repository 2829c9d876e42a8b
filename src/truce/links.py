"""Which addresses Truce keeps and shows as links: ``http://`` and ``https://`` only.

A source's address is written by the API, the review form, an importer or a saved page's
canonical link, and shown as a link on the source page. Any other scheme (``javascript:``,
``data:``, ``file:``) would run or open something on click, so writers refuse it
(:func:`check_web_url`) and pages render anything else as plain text (:func:`is_web_url`).
"""

from __future__ import annotations

from urllib.parse import urlsplit

from truce.errors import InvalidInput

WEB_SCHEMES = ("http", "https")


def is_web_url(value: object) -> bool:
    """Whether ``value`` is an absolute http(s) address with a host."""
    if not isinstance(value, str) or value != value.strip():
        return False
    if any(ord(c) < 0x20 or ord(c) == 0x7F or c == "\\" for c in value):
        return False
    try:
        parts = urlsplit(value)
    except ValueError:
        return False
    return parts.scheme.lower() in WEB_SCHEMES and bool(parts.netloc)


def check_web_url(value: str | None, field: str = "url") -> str | None:
    """``value`` if it is empty or an http(s) address, else :class:`InvalidInput` (422)."""
    if value is None or value == "" or is_web_url(value):
        return value
    shown = value if len(value) <= 80 else value[:77] + "…"
    raise InvalidInput(
        f"{field} {shown!r}: only http:// and https:// addresses are kept [bad-url]",
        detail={"field": field, "code": "bad-url"},
    )
