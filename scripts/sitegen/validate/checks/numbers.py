"""Number helpers shared by the checks: tolerant comparison and the document's rounding."""

from __future__ import annotations

import math
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal


def close(actual: float, expected: float, tolerance: float = 0) -> bool:
    return abs(float(actual) - float(expected)) <= float(tolerance) + 1e-9


def rounded(value: float, decimals: int | None, mode: str = "round") -> float:
    """Round like a ministry table: half up, or truncate (``floor``) when the document does."""
    if decimals is None:
        return value
    quantum = Decimal(1).scaleb(-decimals)
    how = ROUND_FLOOR if mode == "floor" else ROUND_HALF_UP
    return float(Decimal(str(value)).quantize(quantum, rounding=how))


def fmt(value: float | int | None) -> str:
    if value is None:
        return "(empty)"
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        value = int(value)
    return f"{value:,}" if isinstance(value, int) else f"{value:,.6g}"
