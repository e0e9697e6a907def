"""Hand-written inline SVG charts for the HTML report (no plotting dependency).

Each function returns one ``<svg>`` element as a string (well-formed XML),
with a ``<title>`` for screen readers and one ``<polyline>`` or ``<rect>``
per data series.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from html import escape
from typing import Final

__all__ = ["COLOURS", "bar_chart", "line_chart"]

COLOURS: Final = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b")


def _f(value: Decimal | float) -> str:
    return f"{float(value):.1f}"


def line_chart(
    title: str,
    series: Sequence[tuple[str, Sequence[Decimal]]],
    *,
    x_label: str,
    y_label: str,
    width: int = 560,
    height: int = 260,
) -> str:
    """Lines of ``series`` (name, values per x step) on shared axes starting at 0."""
    left, right, top, bottom = 56, 140, 28, 36
    plot_w, plot_h = width - left - right, height - top - bottom
    steps = max((len(v) for _, v in series), default=1)
    top_value = max((max(v, default=Decimal(0)) for _, v in series), default=Decimal(0))
    y_max = top_value if top_value > 0 else Decimal(1)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'width="{width}" height="{height}" viewBox="0 0 {width} {height}">',
        f"<title>{escape(title)}</title>",
        f'<text x="{left}" y="16" font-size="13" font-weight="bold">{escape(title)}</text>',
        f'<line x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" y2="{top + plot_h}" '
        'stroke="#333"/>',
        f'<line x1="{left}" y1="{top}" x2="{left}" y2="{top + plot_h}" stroke="#333"/>',
        f'<text x="{left + plot_w / 2:.0f}" y="{height - 6}" font-size="11" '
        f'text-anchor="middle">{escape(x_label)}</text>',
        f'<text x="12" y="{top + plot_h / 2:.0f}" font-size="11" text-anchor="middle" '
        f'transform="rotate(-90 12 {top + plot_h / 2:.0f})">{escape(y_label)}</text>',
        f'<text x="{left - 4}" y="{top + 4}" font-size="10" text-anchor="end">{_f(y_max)}</text>',
        f'<text x="{left - 4}" y="{top + plot_h}" font-size="10" text-anchor="end">0</text>',
    ]
    for i, (name, values) in enumerate(series):
        colour = COLOURS[i % len(COLOURS)]
        points = " ".join(
            f"{left + plot_w * j / max(1, steps - 1):.1f},"
            f"{top + plot_h - float(plot_h * v / y_max):.1f}"
            for j, v in enumerate(values)
        )
        out.append(
            f'<polyline class="series" data-name="{escape(name)}" fill="none" '
            f'stroke="{colour}" stroke-width="2" points="{points}"/>'
        )
        ly = top + 14 + 16 * i
        out.append(
            f'<rect x="{left + plot_w + 10}" y="{ly - 9}" width="10" height="10" fill="{colour}"/>'
        )
        out.append(f'<text x="{left + plot_w + 24}" y="{ly}" font-size="11">{escape(name)}</text>')
    out.append("</svg>")
    return "\n".join(out)


def bar_chart(
    title: str,
    categories: Sequence[str],
    series: Sequence[tuple[str, Sequence[Decimal]]],
    *,
    unit: str,
    width: int = 560,
) -> str:
    """Horizontal grouped bars: one group per category, one bar per series."""
    left, right, top = 170, 110, 28
    bar_h, gap = 14, 10
    group_h = bar_h * max(1, len(series)) + gap
    height = top + group_h * max(1, len(categories)) + 30
    plot_w = width - left - right
    top_value = max((max(v, default=Decimal(0)) for _, v in series), default=Decimal(0))
    v_max = top_value if top_value > 0 else Decimal(1)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'width="{width}" height="{height}" viewBox="0 0 {width} {height}">',
        f"<title>{escape(title)}</title>",
        f'<text x="8" y="16" font-size="13" font-weight="bold">{escape(title)}</text>',
    ]
    for c, cat in enumerate(categories):
        gy = top + c * group_h
        out.append(
            f'<text x="{left - 6}" y="{gy + group_h / 2:.0f}" font-size="11" '
            f'text-anchor="end">{escape(cat)}</text>'
        )
        for s, (name, values) in enumerate(series):
            v = values[c] if c < len(values) else Decimal(0)
            w = float(plot_w * v / v_max)
            y = gy + s * bar_h
            out.append(
                f'<rect class="bar" data-series="{escape(name)}" x="{left}" y="{y}" '
                f'width="{w:.1f}" height="{bar_h - 2}" fill="{COLOURS[s % len(COLOURS)]}"/>'
            )
            out.append(
                f'<text x="{left + w + 4:.1f}" y="{y + bar_h - 4}" font-size="10">'
                f"{v:,.0f} {escape(unit)}</text>".replace(",", "'")
            )
    ly = height - 10
    for s, (name, _) in enumerate(series):
        x = left + s * 150
        out.append(
            f'<rect x="{x}" y="{ly - 9}" width="10" height="10" fill="{COLOURS[s % len(COLOURS)]}"/>'
        )
        out.append(f'<text x="{x + 14}" y="{ly}" font-size="11">{escape(name)}</text>')
    out.append("</svg>")
    return "\n".join(out)
