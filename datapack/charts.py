"""Charts for the pack as SVG from matplotlib, made accessible and safe to put inline.

Every chart is a horizontal bar chart of one breakdown, drawn with no display (the Agg/SVG
backends through ``matplotlib.figure.Figure``) in Arial, with fallbacks where Arial is not
installed. The SVG is then tidied for the web page and the PDF:

* ``role="img"`` and a ``<title>`` and ``<desc>`` it is labelled by, so a screen reader
  announces the chart; the same numbers are always in a table beside it;
* matplotlib's ``style="…"`` attributes become SVG presentation attributes, because the
  service's content security policy blocks inline styles (``style-src 'self'``);
* no metadata, no fixed size (the ``viewBox`` scales it to its container).

Labels come from Annex A values and uploaded files, so they are treated strictly as text:
matplotlib's mathtext is off for them (``$…$`` would otherwise be parsed, and a bad expression
would fail the whole build), and the tidying above rewrites only the inside of tags, never text,
so matplotlib's escaping of ``<``, ``>`` and ``&`` in text is all a label ever goes through.
"""

from __future__ import annotations

import html
import io
import logging
import re
from collections.abc import Sequence

from matplotlib.figure import Figure

FONT_FAMILY = ["Arial", "Liberation Sans", "Helvetica", "DejaVu Sans"]
BAR_COLOUR = "#1d70b8"  # GOV.UK blue: 5.2:1 against white
TEXT_COLOUR = "#0b0c0c"

_STYLE = re.compile(r'\sstyle="([^"]*)"')
_FONT_SHORTHAND = re.compile(r"^\s*(?:(\d{3}|bold|normal)\s+)?([\d.]+px)\s+(.+)$")
_REMOVE = (
    re.compile(r"<\?xml[^>]*\?>\s*"),
    re.compile(r"<!DOCTYPE[^>]*>\s*", re.S),
    re.compile(r"<metadata>.*?</metadata>\s*", re.S),
    re.compile(r"<style[^>]*>.*?</style>\s*", re.S),
    re.compile(r"<!--.*?-->\s*", re.S),
)
# A start or end tag. Text and comments never contain a raw "<" or ">": matplotlib escapes them.
_TAG = re.compile(r"<[^<>]+>")

# Without Arial, matplotlib warns once per text item; the fallback font is what we want.
logging.getLogger("matplotlib.font_manager").setLevel(logging.ERROR)


def _as_attributes(match: re.Match) -> str:
    attributes = []
    for declaration in match.group(1).split(";"):
        name, _, value = declaration.partition(":")
        name, value = name.strip(), value.strip()
        if not name:
            continue
        if name == "font":
            parts = _FONT_SHORTHAND.match(value)
            if parts:
                weight, size, family = parts.groups()
                if weight:
                    attributes.append(f'font-weight="{weight}"')
                attributes.append(f'font-size="{size}"')
                attributes.append(f'font-family="{html.escape(family, quote=True)}"')
            continue
        attributes.append(f'{name}="{html.escape(value, quote=True)}"')
    return " " + " ".join(attributes) if attributes else ""


def _tidied_tag(tag: str, chart_id: str) -> str:
    """One tag with its styles as attributes and its ids made unique to the chart.

    Several charts share a page: matplotlib's group ids would repeat, and its clip-path ids
    could, so groups lose theirs and clip paths are named after the chart."""
    tag = _STYLE.sub(_as_attributes, tag)
    tag = re.sub(r'^<g id="[^"]*"', "<g", tag)
    tag = re.sub(r'\bid="([pm][0-9a-f]+)"', rf'id="{chart_id}-\1"', tag)
    tag = re.sub(r"url\(#(p[0-9a-f]+)\)", rf"url(#{chart_id}-\1)", tag)
    return re.sub(r'href="#(m[0-9a-f]+)"', rf'href="#{chart_id}-\1"', tag)


def accessible_svg(svg: str, *, title: str, description: str, chart_id: str) -> str:
    """Tidy matplotlib's SVG as described in the module docstring."""
    for pattern in _REMOVE:
        svg = pattern.sub("", svg)
    svg = _TAG.sub(lambda tag: _tidied_tag(tag.group(0), chart_id), svg)
    svg = re.sub(r"\n\s*", "\n", svg)
    svg = re.sub(r'<svg([^>]*?)\swidth="[^"]*"\sheight="[^"]*"', r"<svg\1", svg, count=1)
    labelled = (
        f'<svg role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" '
        f'class="app-chart__svg" stroke-linejoin="round" stroke-linecap="butt" focusable="false"'
    )
    svg = svg.replace("<svg", labelled, 1)
    head_end = svg.index(">", svg.index("<svg")) + 1
    heading = (
        f'<title id="{chart_id}-title">{html.escape(title)}</title>'
        f'<desc id="{chart_id}-desc">{html.escape(description)}</desc>'
    )
    return (svg[:head_end] + heading + svg[head_end:]).strip()


def bar_chart(
    *, title: str, rows: Sequence[tuple[str, int]], value_label: str, chart_id: str
) -> str:
    """A horizontal bar chart of ``rows`` (label, count), largest first in reading order.

    Past ``MAX_BARS`` categories (caseloads by worker run to hundreds) the rest are drawn as one
    bar: a chart of hundreds of bars is unreadable and slow to draw, and the table beside it
    gives every figure."""
    every_row = list(rows)
    rows = _capped(every_row)
    labels = [str(label) for label, _ in rows] or ["No children"]
    counts = [count for _, count in rows] or [0]
    height = 0.9 + 0.32 * len(labels)
    figure = Figure(figsize=(7.5, height), dpi=72)
    with_fonts = {"fontfamily": FONT_FAMILY, "color": TEXT_COLOUR}
    axes = figure.add_subplot()
    positions = list(range(len(labels)))
    bars = axes.barh(positions, counts, color=BAR_COLOUR, height=0.7)
    axes.set_yticks(
        positions,
        [_shortened(label) for label in labels],
        fontsize=9,
        parse_math=False,  # "$" in a label is a pound or dollar sign, not mathtext
        **with_fonts,
    )
    axes.invert_yaxis()
    axes.set_xlabel(value_label, fontsize=9, parse_math=False, **with_fonts)
    axes.tick_params(axis="x", labelsize=9, colors=TEXT_COLOUR)
    for label in axes.get_xticklabels():
        label.set_fontfamily(FONT_FAMILY)
    axes.bar_label(bars, labels=[f"{count:,}" for count in counts], padding=3, fontsize=8,
                   fontfamily=FONT_FAMILY, color=TEXT_COLOUR)  # fmt: skip
    axes.spines[["top", "right"]].set_visible(False)
    axes.set_xlim(0, max(max(counts), 1) * 1.15)
    # Margins from the longest label, not tight_layout, which lays the chart out twice.
    longest = max(len(_shortened(label)) for label in labels)
    width_points = 7.5 * 72
    figure.subplots_adjust(
        left=min(0.55, (longest * 5.0 + 14) / width_points),
        right=0.97,
        bottom=0.42 / height,
        top=1 - 0.1 / height,
    )
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    total = sum(counts)
    largest = max(every_row, key=lambda row: row[1]) if every_row and total else None
    description = (
        f"Bar chart of {total:,} in {len(every_row)} categories"
        + (f"; the largest is {largest[0]} with {largest[1]:,}." if largest else ".")
        + " The table beside it gives every figure."
    )
    return accessible_svg(buffer.getvalue(), title=title, description=description,
                          chart_id=chart_id)  # fmt: skip


MAX_BARS = 25


def _capped(rows: Sequence[tuple[str, int]]) -> list[tuple[str, int]]:
    """The first ``MAX_BARS - 1`` rows, and the others added together as one bar."""
    if len(rows) <= MAX_BARS:
        return list(rows)
    kept, rest = list(rows[: MAX_BARS - 1]), rows[MAX_BARS - 1 :]
    return [*kept, (f"{len(rest):,} others together", sum(count for _, count in rest))]


def _shortened(label: str, limit: int = 42) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def svg_font_settings() -> None:
    """Text stays text in the SVG (searchable, and drawn in the reader's Arial)."""
    import matplotlib

    matplotlib.rcParams["svg.fonttype"] = "none"
    matplotlib.rcParams["svg.hashsalt"] = "inspection-readiness"  # stable ids between builds


svg_font_settings()
