"""What a field of a Table Schema is, beyond its type: facts every later step asks."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def is_time(field: Mapping[str, Any]) -> bool:
    """Years are labels, not quantities: 2023, never 2,023."""
    return field.get("role") == "time" or field.get("time_kind") in ("fiscal", "calendar")
