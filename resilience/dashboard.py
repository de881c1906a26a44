"""The dashboard registry: each app adds its panels from `AppConfig.ready`.

A panel is a function of the request returning a `Panel`, or None when it has
nothing to show; the core shows them in order. A `Panel` carries its context
and the function writing its HTML from it (a panel's tag, written in Python:
the dashboard is the page every member opens first).
"""

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Panel:
    write: Callable[[dict], str]  # the context -> the panel's HTML, safe (every value escaped)
    context: dict = field(default_factory=dict)
    order: int = 50

    @property
    def html(self) -> str:
        return self.write(self.context)


_panel_builders: list[Callable] = []


def register(builder: Callable) -> Callable:
    if builder not in _panel_builders:
        _panel_builders.append(builder)
    return builder


def panels_for(request) -> list[Panel]:
    panels = (builder(request) for builder in _panel_builders)
    return sorted((panel for panel in panels if panel is not None), key=lambda panel: panel.order)
