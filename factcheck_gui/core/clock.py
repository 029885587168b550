"""Timestamps and ids. Kept in one place so tests can reason about them."""

from __future__ import annotations

import secrets
from datetime import datetime, timezone


def utc_now() -> str:
    """Now as a UTC ISO 8601 string with second precision, e.g. ``2026-11-25T08:40:00Z``."""
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def new_id(prefix: str) -> str:
    """A short random id such as ``c-3f9a1b2c4d5e``: safe as a file name and in URLs."""
    return f"{prefix}-{secrets.token_hex(6)}"
