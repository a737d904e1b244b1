"""The gap map: methods counted on two axes (a third as a filter), each cell a link to exactly those papers.

The page shows one matrix at build time (subfield x modality) so it reads without JavaScript;
gaps.js recomputes it from explorer.json for any pair of axes the reader chooses.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from .. import urls
from ..catalogue import Catalogue
from ..explorer import explorer_url
from ..models import Paper
from ..taxonomy import ADAPTATION, MODALITIES, PRETRAINING, SUBFIELDS

THIN = 2  # a cell with at most this many methods is marked thin (and 0 empty)
# The axes a reader may choose: explorer facet key -> (label, the paper's values on it).
AXES = {
    "sf": ("Subfield", lambda p: [p.subfield.value] if p.subfield else []),
    "pre": ("Pre-training paradigm", lambda p: [p.pretraining.paradigm.value] if p.pretraining else []),
    "ada": ("Adaptation paradigm", lambda p: [a.paradigm.value for a in p.adaptation]),
    "mod": ("Modality", lambda p: [m.value for m in p.modalities]),
    "app": ("Application", lambda p: list(p.applications)),
}
DEFAULT = ("sf", "mod")


@dataclass(frozen=True)
class Cell:
    count: int
    href: str
    state: str  # "", "thin" or "empty"
    label: str  # what the cell counts, for screen readers and the tooltip


def _values(cat: Catalogue, axis: str) -> list[tuple[str, str]]:
    if axis == "sf":
        return [(t.value, t.value) for t in SUBFIELDS]
    if axis == "pre":
        return [(t.value, "none" if t.value == "none" else t.short) for t in PRETRAINING]
    if axis == "ada":
        return [(t.value, t.value) for t in ADAPTATION]
    if axis == "mod":
        return [(t.value, t.label) for t in MODALITIES]
    return [(a.id, a.name) for a in cat.applications]


@dataclass(frozen=True)
class Header:
    label: str
    directions: list[tuple[str, str]]  # (title, href) of the future directions that speak to this row or column


def directions_by_value(cat: Catalogue, linker: urls.Linker) -> dict[tuple[str, str], list[tuple[str, str]]]:
    """(axis, value) -> the survey's future directions that speak to it (curated in data/survey.yaml: gap_map)."""
    found: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for d in (cat.survey_text.directions if cat.survey_text else []):
        for cell in d.gap_map:
            found.setdefault(cell.key(), []).append((d.title, linker.href(urls.GAPS, urls.DIRECTIONS, d.id)))
    return found


def matrix(cat: Catalogue, linker: urls.Linker, rows: str, cols: str,
           speaks: dict[tuple[str, str], list[tuple[str, str]]] | None = None) -> dict:
    page = urls.GAPS
    speaks = directions_by_value(cat, linker) if speaks is None else speaks
    explorer = linker.href(page, urls.EXPLORER)
    methods: list[Paper] = [p for p in cat.papers if p.kind == "method"]
    row_values, col_values = _values(cat, rows), _values(cat, cols)
    counts: dict[tuple[str, str], int] = {}
    for p in methods:
        for r in AXES[rows][1](p):
            for c in AXES[cols][1](p):
                counts[(r, c)] = counts.get((r, c), 0) + 1
    table = []
    for rv, rl in row_values:
        cells = []
        for cv, cl in col_values:
            n = counts.get((rv, cv), 0)
            state = "empty" if n == 0 else "thin" if n <= THIN else ""
            cells.append(Cell(n, explorer_url(explorer, kind="method", **{rows: rv}, **({cols: cv} if cols != rows else {})), state,
                              f"{rl} and {cl}: {n} method{'s' if n != 1 else ''}"))
        table.append((Header(rl, speaks.get((rows, rv), [])), cells))
    return {"rows_label": AXES[rows][0], "cols_label": AXES[cols][0],
            "columns": [Header(label, speaks.get((cols, value), [])) for value, label in col_values], "table": table}


def gaps(cat: Catalogue, linker: urls.Linker) -> dict:
    page = urls.GAPS
    speaks = directions_by_value(cat, linker)
    return {
        **matrix(cat, linker, *DEFAULT, speaks=speaks),
        "axes": [(key, label) for key, (label, _) in AXES.items()], "default": DEFAULT, "thin": THIN,
        "methods": sum(p.kind == "method" for p in cat.papers),
        "src": linker.asset(page, urls.EXPLORER_DATA), "explorer": linker.href(page, urls.EXPLORER),
        "index_script": linker.asset(page, urls.EXPLORER_INDEX_SCRIPT), "script": linker.asset(page, "assets/gaps.js"), "directions": linker.href(page, urls.DIRECTIONS),
        "speaks": [{"axis": AXES[axis][0], "value": dict(_values(cat, axis)).get(value, value), "title": title, "href": href}
                   for (axis, value), found in speaks.items() for title, href in found],
        # for gaps.js: "axis value" -> [[title, href], ...]
        "speaks_json": json.dumps({f"{axis} {value}": found for (axis, value), found in speaks.items()},
                                  ensure_ascii=False, sort_keys=True, separators=(",", ":")),
    }
