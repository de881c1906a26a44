"""SVG bar charts of the URPS dashboard (histogram of scores, quarterly trend).

Like resilience/assessment/charts.py: pure geometry drawn by a template, the
same markup on screen and in the PDF, numbers also written as text. A hidden
figure is drawn as an empty dashed slot labelled with the suppression notice's
short form, never as a bar.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from resilience.assessment.charts import GREY

BAR_FILL = "#2f6690"


@dataclass(frozen=True)
class Bar:
    label: str
    hidden: bool
    x: float
    y: float
    width: float
    height: float
    centre: float
    text: str


@dataclass(frozen=True)
class BarChart:
    width: int
    height: int
    baseline: float
    top: float
    bars: tuple[Bar, ...]
    description: str
    fill: str = BAR_FILL
    hidden_fill: str = GREY


def bar_chart(points: Sequence[tuple[str, object]], *, minimum: int, width: int = 520, height: int = 180,
              maximum: float | None = None) -> BarChart:
    """points: (label, Figure). Bars scale to `maximum` (default: the largest shown value)."""
    top, baseline = 22.0, float(height - 22)
    values = [figure.value for _label, figure in points if figure.value is not None]
    scale = maximum or max(values, default=1) or 1
    slot = width / max(len(points), 1)
    bar_width = round(min(40.0, slot * 0.7), 1)
    bars = []
    for index, (label, figure) in enumerate(points):
        centre = round(slot * index + slot / 2, 1)
        hidden = figure.value is None
        bar_height = round((baseline - top) * (0 if hidden else figure.value) / scale, 1)
        bars.append(Bar(label, hidden, round(centre - bar_width / 2, 1), round(baseline - bar_height, 1),
                        bar_width, bar_height, centre, f"< {minimum}" if hidden else f"{figure.value:g}"))
    description = " ; ".join(f"{label} : {figure}" for label, figure in points)
    return BarChart(width, height, baseline, top, tuple(bars), description)
