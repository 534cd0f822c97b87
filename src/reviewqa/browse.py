"""What the Browse and Timeline tabs show, as pure functions of the loaded entries and the profile.

``grid_html`` is the research grid: one row per entry, a column per short field the profile marks ``browse``, a
header button per column that sorts, a filter box per column, a CSV download of the rows shown and a button per row
that opens the entry's full card (``cards_html``). The grid's behaviour is the page script in ``app.py``; here it is
plain, escaped HTML that reads and works without it (a table with links).

``timeline_figure`` is a Plotly figure (Gradio ships Plotly's JavaScript with its own files; nothing is fetched):
one panel per unit a size or amount is counted in, a point per entry at its date, its name shown beside the point
only where it fits (``place_labels``), every point's name, date and value on hover.
"""

from __future__ import annotations

import html
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from .profile import Profile
from .render import SHORT_TYPES, card_html, esc, value_html
from .values import display, is_empty, numbers

__all__ = [
    "Panel",
    "browse_columns",
    "cards_html",
    "grid_html",
    "place_labels",
    "plotted_html",
    "timeline_figure",
    "timeline_panels",
]

PALETTE = ["#1f5fa8", "#2a7d2e", "#b3261e", "#6b3fa0", "#8a5a00", "#b0246f", "#4d4d4d", "#6b7000", "#00748a"]


def browse_columns(profile: Profile) -> list[str]:
    """The fields Browse shows after the name: the short ones the profile marks ``browse``, in profile order."""
    return [k for k, s in profile.fields.items() if s.type in SHORT_TYPES and s.browse]


def _sort_key(profile: Profile, key: str, value: Any) -> str:
    """What a column sorts by: the largest number of a size or amount, otherwise the text shown."""
    spec = profile.fields[key]
    if spec.type in ("sizes", "quantity"):
        found = numbers(spec, value)
        return f"{max(found):.6g}" if found else ""
    return (display(profile, key, value) or "").lower()


def _width(texts: Sequence[str], header: str, cap: float = 11.0) -> tuple[float, bool]:
    """How wide a column is, in characters: its longest word, so that no word is broken, up to ``cap``; and whether a
    word longer than that must break. Longer values wrap between words and are cut at three lines."""
    longest = max((len(w) for t in (*texts, header) for w in t.split()), default=4)
    return min(cap, max(5.0, longest + 1.0)), longest + 1.0 > cap


def grid_html(ids: Sequence[str], entries: Sequence[Any], profile: Profile, only: Sequence[str] = ()) -> str:
    """The Browse grid, oldest first when the profile has a date field. ``only`` (ids) shows just those rows at
    first, with a button that shows every entry."""
    date_key = profile.date_field
    if date_key:
        when = [str(getattr(e, date_key, None) or "9999") for e in entries]
        order = sorted(range(len(ids)), key=lambda i: (when[i], entries[i].name))
        ids, entries = [ids[i] for i in order], [entries[i] for i in order]
    columns = browse_columns(profile)
    numeric = {k for k in columns if profile.fields[k].type in ("sizes", "quantity")}
    head = ['<th scope="col" aria-sort="none"><button type="button" class="rq-sort" data-col="0">Name</button></th>']
    filters = ['<td><input type="search" class="rq-filter" data-col="0" aria-label="Filter by name"></td>']
    for i, key in enumerate(columns, 1):
        label = esc(profile.label(key))
        kind = "number" if key in numeric else "text"
        sorted_by = "ascending" if key == date_key else "none"
        head.append(f'<th scope="col" aria-sort="{sorted_by}" data-kind="{kind}">'
                    f'<button type="button" class="rq-sort" data-col="{i}">{label}</button></th>')  # fmt: skip
        filters.append(f'<td><input type="search" class="rq-filter" data-col="{i}" aria-label="Filter by {label}">'
                       "</td>")  # fmt: skip
    shown_text = {k: [display(profile, k, getattr(e, k, None)) or "" for e in entries] for k in columns}
    sized = [_width([e.name for e in entries], "Name", cap=19.0)]
    sized += [_width(shown_text[k], profile.label(k)) for k in columns]
    cols = "".join(f'<col style="width:{w:.1f}ch">' for w, _ in sized)  # the table's width shares out what is left
    breaks = [' class="rq-break"' if must else "" for _, must in sized]
    keep = set(only)
    rows = []
    for rid, entry in zip(ids, entries, strict=True):
        rid_attr = html.escape(rid, quote=True)
        cells = [f'<th scope="row" data-v="{esc(entry.name.lower())}"><button type="button" class="rq-open" '
                 f'data-id="{rid_attr}" aria-haspopup="dialog">{esc(entry.name)}</button></th>']  # fmt: skip
        for key in columns:
            value = getattr(entry, key, None)
            sort = html.escape(_sort_key(profile, key, value), quote=True)
            cell = value_html(profile, key, value) if not is_empty(value) else ""
            short = ' class="rq-short"' if profile.fields[key].type == "date" else breaks[len(cells)]
            cells.append(f'<td data-v="{sort}"{short}><div class="rq-clip">{cell}</div></td>')
        hidden = " hidden data-outside" if keep and rid not in keep else ""
        rows.append(f'<tr data-id="{rid_attr}"{hidden}>{"".join(cells)}</tr>')
    shown = len(keep & set(ids)) if keep else len(ids)
    only_note = (
        f'<p class="rq-only">Showing the {shown} entries of the last answer. '
        '<button type="button" class="rq-show-all">Show all entries</button></p>'
        if keep
        else ""
    )
    return (
        f'<div class="rq-grid" data-total="{len(ids)}">{only_note}'
        f'<div class="rq-grid-tools"><span class="rq-count" aria-live="polite">{shown} of {len(ids)} entries</span> '
        "<span>Click a header to sort; type in the boxes under the headers to filter.</span> "
        '<button type="button" class="rq-csv">Download the rows shown (CSV)</button></div>'
        '<div class="rq-grid-scroll" role="region" aria-label="Entries of the review" tabindex="0">'
        f'<table class="rq-grid-table"><colgroup>{cols}</colgroup>'
        f'<thead><tr>{"".join(head)}</tr><tr class="rq-filters">{"".join(filters)}</tr>'
        f"</thead><tbody>{''.join(rows)}</tbody></table></div></div>"
    )


def cards_html(ids: Sequence[str], entries: Sequence[Any], profile: Profile) -> str:
    """Every entry's full card as an inert ``<template>``, and the dialog that shows one (Browse and Timeline)."""
    templates = "".join(
        f'<template data-card="{html.escape(rid, quote=True)}">{card_html(entry, profile)}</template>'
        for rid, entry in zip(ids, entries, strict=True)
    )
    return (
        f"{templates}"
        '<dialog class="rq-dialog" aria-label="Entry"><form method="dialog" class="rq-dialog-bar">'
        '<button type="submit" class="rq-close">Close</button></form><div class="rq-dialog-body"></div></dialog>'
    )


# ---- the timeline --------------------------------------------------------------------------------------------------
@dataclass
class Panel:
    """One unit's panel: the points ``(id, name, month, value, shown value, category)`` counted in it."""

    title: str
    points: list[tuple[str, str, str, float, str, str]]


def timeline_panels(ids: Sequence[str], entries: Sequence[Any], profile: Profile) -> list[Panel]:
    """One panel per unit of the size and amount fields (amounts that count examples share one), in profile order;
    an entry appears in each panel whose unit it records, at its largest value there."""
    date_key = profile.date_field
    cat_key = profile.category_field
    panels: dict[tuple[str, str], Panel] = {}
    for key in profile.fields_of("sizes", "quantity"):
        spec = profile.fields[key]
        for rid, entry in zip(ids, entries, strict=True):
            when = getattr(entry, date_key, None) if date_key else None
            value = getattr(entry, key, None)
            found = numbers(spec, value)
            if not when or not found or max(found) <= 0:
                continue
            unit = getattr(value, "unit", None) if spec.type == "quantity" else None
            group = ""
            if unit:
                spec_unit = next((u for u in spec.units if u.name == unit), None)
                group = "examples" if spec_unit is not None and spec_unit.examples else unit
            panel_key = (key, group)
            if panel_key not in panels:
                panels[panel_key] = Panel(spec.label + (f" ({group})" if group else ""), [])
            category = profile.category_title(getattr(entry, cat_key)) if cat_key else ""
            shown = display(profile, key, value) or ""
            panels[panel_key].points.append((rid, entry.name, str(when)[:7], max(found), shown, category))
    return list(panels.values())


def plotted_html(panels: Sequence[Panel]) -> str:
    """The timeline's points as lists (a panel each), every entry a button that opens its record: the chart for the
    keyboard and for screen readers."""
    parts = []
    for panel in panels:
        items = "".join(
            f'<li><button type="button" class="rq-open" data-id="{html.escape(rid, quote=True)}" '
            f'aria-haspopup="dialog">{esc(name)}</button> ({esc(month)}, {esc(value)})</li>'
            for rid, name, month, _, value, _ in sorted(panel.points, key=lambda p: (p[2], p[1]))
        )
        parts.append(f"<p><strong>{esc(panel.title)}</strong></p><ul>{items}</ul>")
    return (
        '<details class="rq-plotted"><summary>The plotted entries as lists, by panel</summary>'
        f"{''.join(parts)}</details>"
    )


def _month(when: str) -> float:
    return int(when[:4]) + (int(when[5:7]) - 1) / 12 if len(when) >= 7 else float(when[:4])


CHAR_PX = 6.8  # a generous average width of one character of the 11 px label font
LABEL_H = 16.0
GAP_PX = 3.0  # the least space kept between a label and anything else


def place_labels(
    points: Sequence[tuple[float, float]], names: Sequence[str], order: Sequence[int], area: tuple[float, float]
) -> dict[int, str]:
    """Where each point's label goes, in pixels of the plot area (``area`` = width, height; y grows downwards):
    labels are tried right, left, above and below their point, in ``order``; one that would overlap a placed label or
    any point, or leave the area, is left out (its name is still on hover). Returns point index -> Plotly position."""
    width, height = area
    radius = 6.0
    placed: list[tuple[float, float, float, float]] = []
    marks = [(x - radius, y - radius, x + radius, y + radius) for x, y in points]
    out: dict[int, str] = {}

    def clear(box: tuple[float, float, float, float], own: int) -> bool:
        x0, y0, x1, y1 = box
        if x0 < 0 or y0 < 0 or x1 > width or y1 > height:
            return False
        boxes = placed + [m for j, m in enumerate(marks) if j != own]
        g = GAP_PX
        return all(x1 + g <= a0 or a1 + g <= x0 or y1 + g <= b0 or b1 + g <= y0 for a0, b0, a1, b1 in boxes)

    for i in order:
        x, y = points[i]
        w = len(names[i]) * CHAR_PX + 4
        tries = {
            "middle right": (x + radius + 2, y - LABEL_H / 2, x + radius + 2 + w, y + LABEL_H / 2),
            "middle left": (x - radius - 2 - w, y - LABEL_H / 2, x - radius - 2, y + LABEL_H / 2),
            "top center": (x - w / 2, y - radius - 2 - LABEL_H, x + w / 2, y - radius - 2),
            "bottom center": (x - w / 2, y + radius + 2, x + w / 2, y + radius + 2 + LABEL_H),
        }
        for position, box in tries.items():
            if clear(box, i):
                placed.append(box)
                out[i] = position
                break
    return out


FIG_WIDTH = 1100
PANEL_HEIGHT = 300
MARGIN = {"l": 80, "r": 30, "t": 40, "b": 90}
GAP = 70  # pixels between panels, for the next panel's title


def timeline_figure(panels: Sequence[Panel], profile: Profile) -> Any:
    """The timeline of ``timeline_panels`` as a Plotly figure (``None`` when no entry has a date and a size or
    amount)."""
    import plotly.graph_objects as go

    if not panels:
        return None
    months = [_month(p[2]) for panel in panels for p in panel.points]
    x_lo, x_hi = min(months) - 0.25, max(months) + 0.25
    colors = {c.title: PALETTE[i % len(PALETTE)] for i, c in enumerate(profile.categories)}
    n = len(panels)
    height = MARGIN["t"] + MARGIN["b"] + n * PANEL_HEIGHT + (n - 1) * GAP
    area_w = FIG_WIDTH - MARGIN["l"] - MARGIN["r"]
    fig = go.Figure()
    legend_seen: set[str] = set()
    layout: dict[str, Any] = {}
    for k, panel in enumerate(panels):
        top = MARGIN["t"] + k * (PANEL_HEIGHT + GAP)  # pixels from the figure's top
        domain = [
            1 - (top + PANEL_HEIGHT - MARGIN["t"]) / (height - MARGIN["t"] - MARGIN["b"]),
            1 - (top - MARGIN["t"]) / (height - MARGIN["t"] - MARGIN["b"]),
        ]
        logs = [math.log10(p[3]) for p in panel.points]
        y_lo, y_hi = min(logs) - 0.3, max(logs) + 0.3  # (not a power of ten: its tick label would meet the x axis')
        xy = [
            ((_month(p[2]) - x_lo) / (x_hi - x_lo) * area_w, (1 - (lg - y_lo) / (y_hi - y_lo)) * PANEL_HEIGHT)
            for p, lg in zip(panel.points, logs, strict=True)
        ]
        order = sorted(range(len(panel.points)), key=lambda i: -panel.points[i][3])
        labels = place_labels(xy, [p[1] for p in panel.points], order, (area_w, PANEL_HEIGHT))
        axis = "" if k == 0 else str(k + 1)
        for category in dict.fromkeys(p[5] for p in panel.points):
            idx = [i for i, p in enumerate(panel.points) if p[5] == category]
            fig.add_trace(
                go.Scatter(
                    x=[panel.points[i][2] + "-01" for i in idx],
                    y=[panel.points[i][3] for i in idx],
                    mode="markers+text",
                    text=[html.escape(panel.points[i][1]) if i in labels else "" for i in idx],
                    textposition=[labels.get(i, "middle right") for i in idx],
                    textfont={"size": 11, "color": "#1f1f1f"},
                    customdata=[
                        [panel.points[i][0], html.escape(panel.points[i][1]), html.escape(panel.points[i][4])]
                        for i in idx
                    ],
                    hovertemplate="<b>%{customdata[1]}</b><br>%{x|%B %Y}<br>%{customdata[2]}<extra></extra>",
                    marker={
                        "size": 10,
                        "color": colors.get(category, PALETTE[0]),
                        "line": {"width": 1, "color": "#fff"},
                    },
                    name=category,
                    legendgroup=category,
                    showlegend=category not in legend_seen,
                    xaxis=f"x{axis}",
                    yaxis=f"y{axis}",
                )
            )
            legend_seen.add(category)
        layout[f"xaxis{axis}"] = {
            "type": "date",
            "range": [_date(x_lo), _date(x_hi)],
            "anchor": f"y{axis}",
            "showgrid": True,
            "gridcolor": "#e5e5e5",
            "tickfont": {"color": "#1f1f1f"},
        }
        layout[f"yaxis{axis}"] = {
            "type": "log",
            "range": [y_lo, y_hi],
            "dtick": 1,
            "domain": domain,
            "anchor": f"x{axis}",
            "title": {"text": esc(panel.title), "font": {"size": 13, "color": "#1f1f1f"}},
            "gridcolor": "#e5e5e5",
            "tickfont": {"color": "#1f1f1f"},
        }
    fig.update_layout(
        width=FIG_WIDTH,
        height=height,
        margin=MARGIN,
        showlegend=True,
        legend={"orientation": "h", "yanchor": "top", "y": -40 / height, "x": 0, "font": {"color": "#1f1f1f"}},
        plot_bgcolor="#ffffff",
        paper_bgcolor="#ffffff",
        hovermode="closest",
        font={"family": "system-ui, sans-serif", "size": 12, "color": "#1f1f1f"},
        **layout,
    )
    return fig


def _date(month: float) -> str:
    year = math.floor(month)
    m = min(12, max(1, round((month - year) * 12) + 1))
    return f"{year:04d}-{m:02d}-01"
