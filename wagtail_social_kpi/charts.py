"""Charts as SVG built on the server: no JavaScript library, no outside request, nothing to load.

Each chart is an ``<svg role="img">`` named by its ``<title>`` and described by its ``<desc>``,
and is readable without colour: series differ by line style and marker shape (line chart) or by
fill pattern (bar charts), and every bar or line end carries its value as text. The numbers are
also shown as a table beside each chart by the template (the chart is a picture of the table, not
the only copy). Every text is escaped here; callers pass plain strings.

Values are shares from 0 to 1; ``None`` is a value that is not shown (suppressed, undefined): a
gap in a line, no bar, and the text the caller gives for it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

WIDTH = 720
FONT = 12
DASHES = ["", "7 4", "2 3", "10 3 2 3"]
MARKERS = ["circle", "square", "triangle", "diamond"]


@dataclass(frozen=True)
class Series:
    """One series: its name, its values (0–1 or None) and the text of each value."""

    name: str
    values: Sequence[float | None]
    texts: Sequence[str]


def _svg(chart_id: str, title: str, description: str, height: float, body: str) -> SafeString:
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" role="img" class="kpi-chart" id="{id}" '
        'aria-labelledby="{id}-title" aria-describedby="{id}-desc" viewBox="0 0 {w} {h}" width="100%" '
        'style="max-width: {w}px" font-size="{font}" fill="currentColor">'
        '<title id="{id}-title">{title}</title><desc id="{id}-desc">{desc}</desc>{defs}{body}</svg>',
        id=chart_id,
        w=WIDTH,
        h=f"{height:.0f}",
        font=FONT,
        title=title,
        desc=description,
        defs=_patterns(chart_id),
        body=mark_safe(body),  # built below from escaped parts only
    )


def _patterns(chart_id: str) -> SafeString:
    """Fill patterns, one per series: solid, hatched, dotted, cross-hatched."""
    shapes = [
        '<rect width="6" height="6" fill="currentColor" fill-opacity="0.7"/>',
        '<path d="M-1,7 L7,-1 M-1,1 L1,-1 M5,7 L7,5" stroke="currentColor" stroke-width="1.5"/>',
        '<circle cx="3" cy="3" r="1.4" fill="currentColor"/>',
        '<path d="M0,0 L6,6 M6,0 L0,6" stroke="currentColor" stroke-width="1"/>',
    ]
    return mark_safe(
        "<defs>"
        + "".join(
            f'<pattern id="{escape(chart_id)}-fill{index}" patternUnits="userSpaceOnUse" width="6" height="6">'
            f"{shape}</pattern>"
            for index, shape in enumerate(shapes)
        )
        + "</defs>"
    )


def _text(x: float, y: float, text: str, anchor: str = "start", extra: str = "") -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" dominant-baseline="middle"{extra}>'
        f"{escape(text)}</text>"
    )


def _marker(kind: str, x: float, y: float) -> str:
    if kind == "circle":
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5"/>'
    if kind == "square":
        return f'<rect x="{x - 3.5:.1f}" y="{y - 3.5:.1f}" width="7" height="7"/>'
    if kind == "triangle":
        return (
            f'<path d="M{x:.1f},{y - 4.5:.1f} L{x + 4.5:.1f},{y + 3.5:.1f} L{x - 4.5:.1f},{y + 3.5:.1f} Z"/>'
        )
    return f'<path d="M{x:.1f},{y - 4.5:.1f} L{x + 4.5:.1f},{y:.1f} L{x:.1f},{y + 4.5:.1f} L{x - 4.5:.1f},{y:.1f} Z"/>'


def _spread(positions: list[float], gap: float) -> list[float]:
    """``positions`` (in any order) moved apart so that no two are closer than ``gap``."""
    order = sorted(range(len(positions)), key=lambda index: positions[index])
    result = list(positions)
    for previous, current in zip(order, order[1:], strict=False):
        result[current] = max(result[current], result[previous] + gap)
    return result


def line_chart(
    chart_id: str, title: str, description: str, labels: Sequence[str], series: Sequence[Series]
) -> SafeString:
    """Shares over periods (``labels``), one line per series, labelled at its last shown value."""
    left, right, top, plot_height = 48, 190, 16, 220
    plot_width = WIDTH - left - right
    bottom = top + plot_height
    count = len(labels)

    def x(index: int) -> float:
        return left + (plot_width / 2 if count == 1 else plot_width * index / (count - 1))

    def y(value: float) -> float:
        return bottom - plot_height * max(0.0, min(1.0, value))

    parts = []
    for tick in (0, 0.25, 0.5, 0.75, 1):
        parts.append(
            f'<line x1="{left}" x2="{left + plot_width}" y1="{y(tick):.1f}" y2="{y(tick):.1f}" '
            'stroke="currentColor" stroke-opacity="0.2"/>'
        )
        parts.append(_text(left - 6, y(tick), f"{round(tick * 100)}\u00a0%", "end"))
    step = max(1, math.ceil(count / 10))
    for index in range(0, count, step):
        parts.append(_text(x(index), bottom + 16, labels[index], "middle"))
    ends = []
    for number, one in enumerate(series):
        dash = DASHES[number % len(DASHES)]
        dash_attribute = f' stroke-dasharray="{dash}"' if dash else ""
        path, pen_down, last = [], False, None
        for index, value in enumerate(one.values):
            if value is None:
                pen_down = False
                continue
            path.append(f"{'L' if pen_down else 'M'}{x(index):.1f},{y(value):.1f}")
            parts.append(_marker(MARKERS[number % len(MARKERS)], x(index), y(value)))
            pen_down, last = True, index
        if path:
            parts.append(
                f'<path d="{" ".join(path)}" fill="none" stroke="currentColor" stroke-width="2"{dash_attribute}/>'
            )
        if last is not None:
            ends.append((y(one.values[last]), f"{one.name} {one.texts[last]}", number))
    for position, (_y, text, number) in zip(_spread([end[0] for end in ends], FONT + 3), ends, strict=True):
        parts.append(_marker(MARKERS[number % len(MARKERS)], left + plot_width + 14, position))
        parts.append(_text(left + plot_width + 24, position, text))
    return _svg(chart_id, title, description, bottom + 30, "".join(parts))


def bar_chart(
    chart_id: str,
    title: str,
    description: str,
    categories: Sequence[str],
    series: Sequence[Series],
    centred: bool = False,
) -> SafeString:
    """Horizontal bars: one group per category, one bar per series, each labelled with its text.
    ``centred`` draws each bar around the middle (the participation pyramid)."""
    label_width, text_width, bar_height, gap = 170, 170, 16, 10
    plot_width = WIDTH - label_width - text_width
    group_height = bar_height * len(series) + gap
    legend = len(series) > 1
    top = 24 if legend else 4
    parts = []
    if legend:
        for number, one in enumerate(series):
            lx = label_width + number * 150
            parts.append(
                f'<rect x="{lx}" y="4" width="14" height="14" fill="url(#{escape(chart_id)}-fill{number % 4})" '
                'stroke="currentColor"/>'
            )
            parts.append(_text(lx + 20, 11, one.name))
    for row, category in enumerate(categories):
        group_top = top + row * group_height
        parts.append(_text(label_width - 8, group_top + bar_height * len(series) / 2, category, "end"))
        for number, one in enumerate(series):
            value, text = one.values[row], one.texts[row]
            bar_top = group_top + number * bar_height
            width = plot_width * max(0.0, min(1.0, value)) if value is not None else 0.0
            start = label_width + (plot_width - width) / 2 if centred else label_width
            if value is not None:
                parts.append(
                    f'<rect x="{start:.1f}" y="{bar_top + 2:.1f}" width="{width:.1f}" height="{bar_height - 4}" '
                    f'fill="url(#{escape(chart_id)}-fill{number % 4})" stroke="currentColor"/>'
                )
            text_x = (label_width + plot_width + 8) if centred else start + width + 6
            parts.append(_text(text_x, bar_top + bar_height / 2, text))
    height = top + len(categories) * group_height + 4
    return _svg(chart_id, title, description, height, "".join(parts))
