"""The dashboard registry: each app adds its panels from `AppConfig.ready`.

A panel is a function of the request's tenant returning a `Panel`, or None
when it has nothing to show; the core renders them in order.
"""

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Panel:
    template: str
    context: dict = field(default_factory=dict)
    order: int = 50


_panel_builders: list[Callable] = []


def register(builder: Callable) -> Callable:
    if builder not in _panel_builders:
        _panel_builders.append(builder)
    return builder


def panels_for(request) -> list[Panel]:
    panels = (builder(request) for builder in _panel_builders)
    return sorted((panel for panel in panels if panel is not None), key=lambda panel: panel.order)
