"""Server-drawn SVG charts and choropleth maps for the overviews (no script, no external library).

Colours: bars in Okabe–Ito blue (5.1:1 against white); maps in five steps of viridis, whose
lightness rises evenly so the steps stay apart with the common colour-vision deficiencies and in
greyscale. "None" is a hatch pattern, not a colour, and every area and bar carries its value as
text (SVG title, value labels), with the same figures in the table under each chart.
"""
from __future__ import annotations

from dataclasses import dataclass

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from mestring.structure import maps

BAR_FILL = "#0072B2"
TEXT_FILL = "#1A1A1A"
VIRIDIS = ("#FDE725", "#5EC962", "#21918C", "#3B528B", "#440154")  # light (few) → dark (many)
NONE_FILL = "url(#overview-hatch)"
NO_DATA_FILL = "#D9D9D9"

# Bar chart geometry, in SVG user units.
CHART_WIDTH = 640
BAR_LEFT = 8
BAR_SPACE = 470
ROW_HEIGHT = 44


@dataclass(frozen=True)
class Bar:
    """Coordinates are pre-formatted text: templates would localise numbers ("12,5") and break SVG."""

    label: str
    value_text: str
    label_y: str
    bar_y: str
    width: str
    text_x: str
    text_y: str


@dataclass(frozen=True)
class BarChart:
    width: str
    height: str
    bars: tuple[Bar, ...]
    fill: str = BAR_FILL


def bar_chart(items: list[tuple[str, float | None, str]]) -> BarChart:
    """One bar per (label, value, value as text); the label sits above its bar so long names fit."""
    top = max((value or 0 for _label, value, _text in items), default=0) or 1
    bars = []
    for i, (label, value, text) in enumerate(items):
        width = round(BAR_SPACE * (value or 0) / top, 1)
        y = i * ROW_HEIGHT
        bars.append(Bar(label, text, f"{y + 16}", f"{y + 22}", f"{width:g}", f"{BAR_LEFT + width + 6:g}", f"{y + 34}"))
    return BarChart(str(CHART_WIDTH), str(max(len(items), 1) * ROW_HEIGHT), tuple(bars))


def display(value: float | int | None, digits: int = 1) -> str:
    if value is None:
        return "–"
    if isinstance(value, int):
        return number_format(value, force_grouping=True)
    return number_format(value, digits, force_grouping=True)


@dataclass(frozen=True)
class Step:
    low: float
    high: float | None


def steps_for(values: list[float], fixed: tuple[float, ...] | None = None) -> tuple[Step, ...]:
    """Five classes: fixed limits when given, else quintiles of the values above zero."""
    if fixed:
        limits = list(fixed)
    else:
        positive = sorted(v for v in values if v and v > 0)
        if not positive:
            return ()
        limits = sorted({positive[min(len(positive) - 1, len(positive) * q // 5)] for q in range(1, 5)})
    bounds = [0.0, *limits]
    return tuple(Step(bounds[i], bounds[i + 1] if i + 1 < len(bounds) else None) for i in range(len(bounds)))


def step_label(step: Step, unit: str) -> str:
    if step.high is None:
        return _("%(low)s %(unit)s eller mer") % {"low": display(step.low), "unit": unit}
    return f"{display(step.low)}–{display(step.high)} {unit}"


def choropleth(values: dict[str, float | None], *, unit: str, none_label: str, fixed: tuple[float, ...] | None = None,
               zero_is_none: bool = True):
    """Today's kommuner coloured by `values` (code → value; None or, by default, 0 = hatched)."""
    base = maps.base_map("kommuner")
    steps = steps_for([v for v in values.values() if v is not None], fixed)
    colours = VIRIDIS[-len(steps):] if len(steps) < len(VIRIDIS) else VIRIDIS
    areas, counts = [], [0] * len(steps)
    none_count = 0
    for shape in base.shapes:
        value = values.get(shape.code)
        if value is None or (zero_is_none and value == 0):
            areas.append(maps.MapArea(shape.code, shape.name, shape.path, NONE_FILL, none_label))
            none_count += 1
            continue
        index = next((i for i, s in reversed(list(enumerate(steps))) if value >= s.low), 0)
        counts[index] += 1
        areas.append(maps.MapArea(shape.code, shape.name, shape.path, colours[index], f"{display(value)} {unit}"))
    legend = [maps.LegendEntry(none_label, NONE_FILL, none_count)]
    legend += [maps.LegendEntry(step_label(s, unit), colours[i], counts[i]) for i, s in enumerate(steps)]
    return base, areas, legend
