"""A bar chart laid out for inline SVG: the template only draws what this measured."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str  # under the bar (may be "")
    title: str  # the tooltip: label and value
    value: int


@dataclass(frozen=True, slots=True)
class BarChart:
    width: int
    height: int
    plot_left: float
    plot_top: float
    plot_bottom: float
    bars: tuple[Bar, ...]
    ticks: tuple[tuple[float, str], ...]  # (y, text) of the horizontal grid lines


def bar_chart(values: Sequence[tuple[str, str, int]], *, width: int = 760,
              height: int = 220) -> BarChart:
    """Bars for ``(label, title, value)`` triples, left to right, with a round scale."""
    left, right, top, bottom = 36.0, 8.0, 10.0, 24.0
    top_value = _round_up(max((value for _, _, value in values), default=0))
    plot_height = height - top - bottom
    slot = (width - left - right) / max(1, len(values))
    bars = []
    for index, (label, title, value) in enumerate(values):
        bar_height = plot_height * value / top_value
        bars.append(Bar(x=left + index * slot + slot * 0.15, y=top + plot_height - bar_height,
                        width=slot * 0.7, height=bar_height, label=label, title=title,
                        value=value))
    ticks = tuple((top + plot_height * (1 - step / 4), f"{round(top_value * step / 4)}")
                  for step in range(5))
    return BarChart(width=width, height=height, plot_left=left, plot_top=top,
                    plot_bottom=top + plot_height, bars=tuple(bars), ticks=ticks)


def _round_up(value: int) -> int:
    """The scale's top: four equal whole steps of 1, 2, 3 or 5 times a power of ten."""
    magnitude = 1
    while True:
        for step in (1, 2, 3, 5):
            if 4 * step * magnitude >= value:
                return 4 * step * magnitude
        magnitude *= 10
