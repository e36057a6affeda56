"""Bar charts drawn on the server as SVG (no JavaScript, no CDN); the table stays beside them."""

from __future__ import annotations

from html import escape

WIDTH, BAR_HEIGHT, GAP, LABEL_WIDTH = 640, 22, 6, 120


def bar_chart(title: str, bars: list[tuple[str, float, str]]) -> str:
    """An accessible horizontal bar chart: one bar per (label, value, shown text)."""
    top = max((v for _, v, _ in bars), default=0) or 1
    height = len(bars) * (BAR_HEIGHT + GAP) + GAP
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" role="img" class="chart" '
             f'viewBox="0 0 {WIDTH} {height}" width="100%" aria-label="{escape(title)}">',
             f"<title>{escape(title)}</title>"]
    span = WIDTH - LABEL_WIDTH - 110
    for i, (label, value, shown) in enumerate(bars):
        y = GAP + i * (BAR_HEIGHT + GAP)
        w = max(1.0, span * value / top) if value else 0
        parts.append(f'<text x="{LABEL_WIDTH - 8}" y="{y + 16}" text-anchor="end" font-size="13" '
                     f'fill="#333">{escape(label)}</text>')
        parts.append(f'<rect x="{LABEL_WIDTH}" y="{y}" width="{w:.1f}" height="{BAR_HEIGHT}" '
                     f'fill="#2b6cb0"><title>{escape(label)}：{escape(shown)}</title></rect>')
        parts.append(f'<text x="{LABEL_WIDTH + w + 6:.1f}" y="{y + 16}" font-size="13" '
                     f'fill="#333">{escape(shown)}</text>')
    parts.append("</svg>")
    return "".join(parts)
