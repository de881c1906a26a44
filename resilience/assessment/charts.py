"""Geometry of the assessment charts, drawn as server-side SVG.

SVG rather than a JavaScript chart: the same markup is shown on a phone, printed
by WeasyPrint in the PDF, and needs no script under the strict CSP. These pure
functions compute coordinates; templates/resilience/assessment/_*_chart.html
draw them. Every chart also carries its numbers as text (labels and <desc>),
so it reads without colours and with a screen reader.
"""

from collections.abc import Sequence
from dataclasses import dataclass

RED, AMBER, GREEN, GREY = "#b02a37", "#b35c00", "#1e7b45", "#6c757d"


def colour(score: int | None) -> str:
    """Red under 50, amber under 80, green from 80: the thresholds of the result text."""
    if score is None:
        return GREY
    return RED if score < 50 else AMBER if score < 80 else GREEN


def _score_text(score: int | None) -> str:
    return "non concerné" if score is None else f"{score}/100"


# --- Score per theme: one horizontal bar per theme, its label above it ---------


@dataclass(frozen=True)
class ThemeBar:
    label: str
    score: int | None
    previous: int | None
    label_y: float
    bar_y: float
    bar_width: float
    text_x: float
    text_y: float
    text: str
    fill: str
    previous_x: float | None  # a tick where the previous score was
    tick_top: float
    tick_bottom: float


@dataclass(frozen=True)
class ThemeChart:
    width: int
    height: int
    track_width: float
    bar_height: int
    bars: tuple[ThemeBar, ...]
    description: str
    has_previous: bool


ROW_HEIGHT, BAR_HEIGHT, LABEL_SPACE, VALUE_SPACE = 42, 14, 18, 64


def theme_chart(rows: Sequence[tuple[str, int | None, int | None]], width: int = 340) -> ThemeChart:
    """rows: (theme title, score, previous score) in theme order."""
    track = width - VALUE_SPACE
    bars = []
    for index, (label, score, previous) in enumerate(rows):
        top = index * ROW_HEIGHT
        bar_y = top + LABEL_SPACE
        bars.append(
            ThemeBar(
                label=label,
                score=score,
                previous=previous,
                label_y=top + 13,
                bar_y=bar_y,
                bar_width=round(track * (score or 0) / 100, 1),
                text_x=track + 6,
                text_y=bar_y + BAR_HEIGHT - 2,
                text=_score_text(score),
                fill=colour(score),
                previous_x=None if previous is None else round(min(max(track * previous / 100, 1.5), track - 1.5), 1),
                tick_top=bar_y - 4,
                tick_bottom=bar_y + BAR_HEIGHT + 4,
            )
        )
    description = " ; ".join(
        f"{label} : {_score_text(score)}" + (f" (avant : {_score_text(previous)})" if previous is not None else "")
        for label, score, previous in rows
    )
    return ThemeChart(
        width=width,
        height=len(rows) * ROW_HEIGHT,
        track_width=track,
        bar_height=BAR_HEIGHT,
        bars=tuple(bars),
        description=description,
        has_previous=any(previous is not None for _, _, previous in rows),
    )


# --- Score history: one vertical bar per finished assessment -------------------


@dataclass(frozen=True)
class HistoryBar:
    label: str
    label_lines: tuple[str, ...]  # "nov. 2026" on two lines, so that ten bars fit on a phone
    score: int | None
    x: float
    y: float
    width: float
    height: float
    centre: float
    fill: str
    text: str


@dataclass(frozen=True)
class HistoryChart:
    width: int
    height: int
    baseline: float
    top: float
    bars: tuple[HistoryBar, ...]
    description: str


def history_chart(points: Sequence[tuple[str, int | None]], width: int = 340, height: int = 170) -> HistoryChart:
    """points: (date label, overall score), oldest first."""
    top, baseline = 22.0, float(height - 34)
    slot = width / max(len(points), 1)
    bar_width = round(min(44.0, slot * 0.6), 1)
    bars = []
    for index, (label, score) in enumerate(points):
        centre = round(slot * index + slot / 2, 1)
        bar_height = round((baseline - top) * (score or 0) / 100, 1)
        bars.append(
            HistoryBar(
                label=label,
                label_lines=tuple(label.rsplit(" ", 1)),
                score=score,
                x=round(centre - bar_width / 2, 1),
                y=round(baseline - bar_height, 1),
                width=bar_width,
                height=bar_height,
                centre=centre,
                fill=colour(score),
                text="–" if score is None else str(score),
            )
        )
    description = " ; ".join(f"{label} : {_score_text(score)}" for label, score in points)
    return HistoryChart(width, height, baseline, top, tuple(bars), description)
