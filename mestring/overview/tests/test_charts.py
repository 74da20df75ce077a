"""Chart and map colours pass contrast and colour-blindness checks; geometry follows the figures."""
import itertools

import pytest

from mestring.overview import charts

WHITE = "#FFFFFF"
# Viénot, Brettel & Mollon (1999): dichromat simulation in linear RGB.
CVD = {
    "protanopia": ((0.11238, 0.88762, 0.0), (0.11238, 0.88762, 0.0), (0.00401, -0.00401, 1.0)),
    "deuteranopia": ((0.29275, 0.70725, 0.0), (0.29275, 0.70725, 0.0), (-0.02234, 0.02234, 1.0)),
    "tritanopia": ((1.0, 0.14461, -0.14461), (0.0, 0.85924, 0.14076), (0.0, 0.85924, 0.14076)),
}


def linear(hex_colour: str) -> tuple[float, ...]:
    channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    return tuple(c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)


def luminance(rgb) -> float:
    r, g, b = rgb
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    la, lb = sorted((luminance(linear(a)), luminance(linear(b))), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def lab(rgb) -> tuple[float, float, float]:
    r, g, b = rgb
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883
    f = [t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116 for t in (x, y, z)]
    return 116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])


def simulate(rgb, matrix):
    return tuple(max(0.0, min(1.0, sum(m * c for m, c in zip(row, rgb)))) for row in matrix)


def test_bars_and_chart_text_have_enough_contrast_on_white():
    assert contrast(charts.BAR_FILL, WHITE) >= 3.0       # WCAG 1.4.11, graphical objects
    assert contrast(charts.TEXT_FILL, WHITE) >= 4.5      # WCAG 1.4.3, text


def test_map_steps_get_darker_in_order_so_they_read_in_greyscale():
    values = [luminance(linear(c)) for c in charts.VIRIDIS]
    assert values == sorted(values, reverse=True)
    assert all(a / b > 1.4 for a, b in zip(values, values[1:]))


@pytest.mark.parametrize("kind", sorted(CVD))
def test_map_steps_stay_apart_with_colour_blindness(kind):
    simulated = [lab(simulate(linear(c), CVD[kind])) for c in charts.VIRIDIS]
    for a, b in itertools.combinations(simulated, 2):
        assert sum((x - y) ** 2 for x, y in zip(a, b)) ** 0.5 > 10, kind


def test_bar_lengths_follow_the_values():
    chart = charts.bar_chart([("A", 10, "10"), ("B", 5, "5"), ("C", None, "–")])
    widths = [float(bar.width) for bar in chart.bars]
    assert widths == [charts.BAR_SPACE, charts.BAR_SPACE / 2, 0]


def test_choropleth_hatches_none_and_counts_every_kommune():
    base, areas, legend = charts.choropleth({"5501": 12.0, "1804": 3.0, "0301": 0}, unit="x", none_label="ingen")
    by_code = {a.code: a for a in areas}
    assert by_code["0301"].fill == charts.NONE_FILL and by_code["4601"].fill == charts.NONE_FILL
    assert by_code["5501"].fill != by_code["1804"].fill
    assert sum(entry.count for entry in legend) == len(base.shapes) == 357
