"""Hand-written charts, by name: the escape hatch of the declarative views.

A view that says ``chart: <name>`` is drawn by the builder registered here under that
name, after its ``check`` has accepted the view's own keys. ``chart_custom`` holds the
builders; it is imported on first use so that importing the view vocabulary stays cheap.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class CustomChart:
    name: str
    #: Keys a view of this chart may have besides name, title(_en), description(_en), chart.
    keys: frozenset[str]
    #: Raises ``chart_views.ViewError`` when the view cannot be drawn.
    check: Callable[[Mapping[str, Any], Mapping[str, Mapping[str, Any]]], None]
    #: Builds the Altair chart from a ``charts.Context``.
    build: Callable[[Any], Any]


_REGISTRY: dict[str, CustomChart] = {}


def register(chart: CustomChart) -> CustomChart:
    _REGISTRY[chart.name] = chart
    return chart


def custom_charts() -> dict[str, CustomChart]:
    from sitegen.charts import custom  # noqa: F401  (registers the hand-written charts)

    return dict(_REGISTRY)
