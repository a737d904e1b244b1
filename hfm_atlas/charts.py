"""The survey's figures, drawn at build time as inline SVG from the statistics.

Build-time SVG costs no script and no request: a few kilobytes inside the statistics
page. Each chart is decorative for assistive technology (aria-hidden, links not
focusable); the table beside it carries the same numbers and the same links.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from html import escape

from .explorer import explorer_url
from .stats import SURVEY_CORPUS_END, Stats
from .taxonomy import ADAPTATION, MODALITIES, PRETRAINING, SETTING_MODES, SUBFIELDS, Direction

# Okabe-Ito colours: distinguishable with the common colour-vision deficiencies.
# Colours are the terms' own (taxonomy), so a new term cannot be missing one here.
SUBFIELD_COLOURS = {t.value: t.colour for t in SUBFIELDS}
PRETRAINING_COLOURS = {t.value: t.colour for t in PRETRAINING}
ADAPTATION_COLOURS = {t.value: t.colour for t in ADAPTATION}
FONT = 'font-family="system-ui, -apple-system, Segoe UI, Roboto, sans-serif" font-size="12"'


def _svg(width: int, height: int, body: list[str], label: str) -> str:
    return (f'<svg class="atlas-chart" viewBox="0 0 {width} {height}" width="100%" role="presentation" aria-hidden="true" '
            f'focusable="false" xmlns="http://www.w3.org/2000/svg" {FONT}><desc>{escape(label)}</desc>' + "".join(body) + "</svg>")


def _link(href: str, inner: str, title: str) -> str:
    return f'<a href="{escape(href)}" tabindex="-1"><title>{escape(title)}</title>{inner}</a>'


def growth(stats: Stats, explorer: str, as_of: dt.date | None = None) -> str:
    """Methods per year, stacked by subfield; the year of `as_of` (the newest addition) is marked partial."""
    years = list(stats.by_year)
    if not years:
        return ""
    width, height, left, bottom, top = 640, 300, 40, 30, 30
    peak = max(sum(v.values()) for v in stats.by_year.values()) or 1
    step = (width - left - 10) / len(years)
    bar = min(48.0, step * 0.7)
    scale = (height - bottom - top) / peak
    body = [f'<line x1="{left}" y1="{height - bottom}" x2="{width - 5}" y2="{height - bottom}" stroke="currentColor"/>']
    for tick in _ticks(peak):
        y = height - bottom - tick * scale
        body.append(f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" fill="currentColor">{tick}</text>'
                    f'<line x1="{left}" y1="{y:.1f}" x2="{width - 5}" y2="{y:.1f}" stroke="currentColor" stroke-opacity=".15"/>')
    for i, year in enumerate(years):
        x = left + i * step + (step - bar) / 2
        y = height - bottom
        for sf, n in stats.by_year[year].items():
            if not n:
                continue
            h = n * scale
            y -= h
            rect = f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{h:.1f}" fill="{SUBFIELD_COLOURS[sf]}"/>'
            body.append(_link(explorer_url(explorer, sf=sf, y0=year, y1=year), rect, f"{year}, {sf}: {n}"))
        total = sum(stats.by_year[year].values())
        body.append(f'<text x="{x + bar / 2:.1f}" y="{y - 4:.1f}" text-anchor="middle" fill="currentColor">{total}</text>')
        partial = as_of is not None and year == as_of.year and (as_of.month, as_of.day) != (12, 31)
        body.append(f'<text x="{x + bar / 2:.1f}" y="{height - bottom + 16}" text-anchor="middle" fill="currentColor">{year}{"*" if partial else ""}</text>')
    end_year, end_month = SURVEY_CORPUS_END
    if end_year in years:  # where the survey's corpus ends, within its last year
        x = left + years.index(end_year) * step + step * end_month / 12
        body.append(f'<line x1="{x:.1f}" y1="{top - 4}" x2="{x:.1f}" y2="{height - bottom}" stroke="currentColor" stroke-dasharray="4 3"/>'
                    f'<text x="{x + 4:.1f}" y="{top + 8}" fill="currentColor">survey corpus ends (Feb {end_year})</text>')
    body += _legend([(sf, SUBFIELD_COLOURS[sf]) for sf in SUBFIELDS.values], left, 14)
    if as_of is not None and as_of.year in years and (as_of.month, as_of.day) != (12, 31):
        body.append(f'<text x="{width - 5}" y="14" text-anchor="end" fill="currentColor">* {as_of.year} to {as_of.day} {as_of.strftime("%b")}: a partial year</text>')
    return _svg(width, height, body, "Methods per year, stacked by subfield; a dashed line marks where the survey's corpus ends")


def _ticks(peak: int) -> list[int]:
    step = next(s for s in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000) if peak / s <= 6)
    return list(range(0, peak + 1, step))


def _legend(items: list[tuple[str, str]], x: float, y: float) -> list[str]:
    out = []
    for label, colour in items:
        out.append(f'<rect x="{x}" y="{y - 9}" width="10" height="10" fill="{colour}"/>'
                   f'<text x="{x + 14}" y="{y}" fill="currentColor">{escape(label)}</text>')
        x += 22 + 7 * len(label)
    return out


@dataclass
class _Node:
    key: str
    label: str
    colour: str
    x: float
    y: float = 0.0
    height: float = 0.0
    in_used: float = 0.0
    out_used: float = 0.0


def flow_counts(stats: Stats) -> tuple[dict[tuple[str, str], int], dict[tuple[str, str], int]]:
    """(pre-training, subfield) -> methods, and (subfield, adaptation) -> methods using that adaptation."""
    left = {(pre, sf): s.pretraining[pre] for sf, s in stats.by_subfield.items() for pre in PRETRAINING.values}
    right = {(sf, ada): s.adaptation[ada] for sf, s in stats.by_subfield.items() for ada in ADAPTATION.values}
    return left, right


def sankey(stats: Stats, explorer: str) -> str:
    """Pre-training paradigm -> subfield -> adaptation paradigm, band widths from the records."""
    left, right = flow_counts(stats)
    total = max(sum(left.values()), sum(right.values()))
    if not total:
        return ""
    width, height, node_w, gap, pad = 640, 420, 14, 12, 70
    columns = [
        [_Node(t.value, t.survey_label, t.colour, pad) for t in PRETRAINING],
        [_Node(sf, sf, SUBFIELD_COLOURS[sf], width / 2 - node_w / 2) for sf in SUBFIELDS.values],
        [_Node(a, a, ADAPTATION_COLOURS[a], width - pad - node_w) for a in ADAPTATION.values],
    ]
    size = {n.key: 0 for col in columns for n in col}
    for (a, b), n in left.items():
        size[a] += n
        size["in:" + b] = size.get("in:" + b, 0) + n
    for (a, b), n in right.items():
        size["out:" + a] = size.get("out:" + a, 0) + n
        size[b] += n
    for node in columns[1]:
        size[node.key] = max(size.get("in:" + node.key, 0), size.get("out:" + node.key, 0))
    scale = (height - 20 - gap * 4) / total
    for col in columns:
        y = 10.0
        for node in col:
            node.y, node.height = y, max(size[node.key] * scale, 1.0)
            y += node.height + gap
    by_key = [{n.key: n for n in col} for col in columns]
    body = []
    for (flows, a_col, b_col, colour_of, params) in (
            (left, 0, 1, lambda a, b: PRETRAINING_COLOURS[a], lambda a, b: {"pre": a, "sf": b, "kind": "method"}),
            (right, 1, 2, lambda a, b: SUBFIELD_COLOURS[a], lambda a, b: {"sf": a, "ada": b, "kind": "method"})):
        for (a, b), n in flows.items():
            if not n:
                continue
            src, dst = by_key[a_col][a], by_key[b_col][b]
            w = n * scale
            y0, y1 = src.y + src.out_used, dst.y + dst.in_used
            src.out_used += w
            dst.in_used += w
            x0, x1 = src.x + node_w, dst.x
            mid = (x0 + x1) / 2
            path = (f'<path d="M{x0:.1f},{y0:.1f} C{mid:.1f},{y0:.1f} {mid:.1f},{y1:.1f} {x1:.1f},{y1:.1f} '
                    f'L{x1:.1f},{y1 + w:.1f} C{mid:.1f},{y1 + w:.1f} {mid:.1f},{y0 + w:.1f} {x0:.1f},{y0 + w:.1f} Z" '
                    f'fill="{colour_of(a, b)}" fill-opacity=".45"/>')
            body.append(_link(explorer_url(explorer, **params(a, b)), path, f"{a} → {b}: {n}"))
    for col_index, col in enumerate(columns):
        for node in col:
            body.append(f'<rect x="{node.x:.1f}" y="{node.y:.1f}" width="{node_w}" height="{node.height:.1f}" fill="{node.colour}"/>')
            count = size[node.key] if col_index != 1 else f"{size.get('in:' + node.key, 0)}"
            label = f"{node.label} ({count})"
            if col_index == 0:
                body.append(f'<text x="{node.x - 6:.1f}" y="{node.y + node.height / 2 + 4:.1f}" text-anchor="end" fill="currentColor">{escape(label)}</text>')
            elif col_index == 2:
                body.append(f'<text x="{node.x + node_w + 6:.1f}" y="{node.y + node.height / 2 + 4:.1f}" fill="currentColor">{escape(label)}</text>')
            else:
                body.append(f'<text x="{node.x + node_w / 2:.1f}" y="{node.y + node.height / 2 + 4:.1f}" text-anchor="middle" '
                            f'fill="currentColor" paint-order="stroke" stroke="var(--md-default-bg-color, #fff)" stroke-width="3">{escape(label)}</text>')
    return _svg(width, height, body, "Pre-training paradigm to subfield to adaptation paradigm")


def dataset_grid(counts: dict[str, dict[str, int]], explorer_datasets: str) -> str:
    """Datasets per subfield (rows) and modality (columns), shaded by count."""
    modalities = [m for m in MODALITIES.values if any(row.get(m) for row in counts.values())]
    if not modalities:
        return ""
    cell, left, top = 30, 70, 90
    width, height = left + cell * len(modalities) + 10, top + cell * len(counts) + 10
    peak = max(v for row in counts.values() for v in row.values()) or 1
    body = []
    for j, m in enumerate(modalities):
        x = left + j * cell + cell / 2
        body.append(f'<text transform="translate({x:.1f},{top - 6}) rotate(-50)" fill="currentColor">{escape(MODALITIES.label(m))}</text>')
    for i, (row_label, row) in enumerate(counts.items()):
        y = top + i * cell
        body.append(f'<text x="{left - 6}" y="{y + cell / 2 + 4:.1f}" text-anchor="end" fill="currentColor">{escape(row_label)}</text>')
        for j, m in enumerate(modalities):
            n = row.get(m, 0)
            shade = 0.1 + 0.9 * n / peak if n else 0.03
            body.append(f'<rect x="{left + j * cell}" y="{y}" width="{cell - 2}" height="{cell - 2}" fill="#0072B2" fill-opacity="{shade:.2f}"/>')
            if n:
                colour = "#fff" if shade > 0.55 else "#111"
                body.append(f'<text x="{left + j * cell + (cell - 2) / 2:.1f}" y="{y + cell / 2 + 3:.1f}" text-anchor="middle" fill="{colour}">{n}</text>')
    return _svg(width, height, body, "Datasets by subfield and modality")


def best_over_time(bench, reported: list, year_of: dict[str, int]) -> str:
    """The best reported value of the benchmark's first metric by year, one step line per setting mode;
    each reported number is a dot. Decorative: the leaderboard beside it holds the same numbers."""
    metric = bench.metrics[0]
    points = [(year_of[x.set.paper], x.result.value, x.result.setting.mode.value) for x in reported if x.result.metric == metric.id]
    if not points:
        return ""
    better = max if metric.direction is Direction.HIGHER else min
    years = list(range(min(p[0] for p in points), max(p[0] for p in points) + 1))
    low, high = min(p[1] for p in points), max(p[1] for p in points)
    pad = (high - low) * 0.1 or abs(high) * 0.05 or 1
    low, high = max(metric.range[0], low - pad), min(metric.range[1], high + pad)
    width, height, left, bottom, top, right = 640, 270, 48, 30, 48, 20
    span = max(len(years) - 1, 1)

    def x_of(year: int) -> float:
        return left + (width - left - right) * ((year - years[0]) / span if len(years) > 1 else 0.5)

    def y_of(value: float) -> float:
        return height - bottom - (height - bottom - top) * (value - low) / ((high - low) or 1)

    body = [f'<line x1="{left}" y1="{height - bottom}" x2="{width - right}" y2="{height - bottom}" stroke="currentColor"/>']
    for i in range(5):
        v = low + (high - low) * i / 4
        y = y_of(v)
        body.append(f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" fill="currentColor">{v:.3g}</text>'
                    f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" stroke="currentColor" stroke-opacity=".15"/>')
    for year in years:
        body.append(f'<text x="{x_of(year):.1f}" y="{height - bottom + 16}" text-anchor="middle" fill="currentColor">{year}</text>')
    legend = []
    for term in SETTING_MODES:
        mine = sorted((y, v) for y, v, m in points if m == term.value)
        if not mine:
            continue
        legend.append((term.label, term.colour))
        best, path = None, []
        for year in years:
            found = [v for y, v in mine if y == year]
            if found:
                best = better([best, *found]) if best is not None else better(found)
            if best is not None:
                path.append(f"{x_of(year):.1f},{y_of(best):.1f}")
        if len(path) > 1:
            body.append(f'<polyline points="{" ".join(path)}" fill="none" stroke="{term.colour}" stroke-width="2"/>')
        body += [f'<circle cx="{x_of(y):.1f}" cy="{y_of(v):.1f}" r="3.5" fill="{term.colour}" fill-opacity=".8"/>' for y, v in mine]
    body += _legend(legend, left, 34)
    body.append(f'<text x="{left}" y="16" fill="currentColor">{escape(metric.name)} ({metric.direction.label.lower()}), by year of the reporting paper</text>')
    return _svg(width, height, body, f"Best reported {metric.name} on {bench.name} by year, one line per setting")
