"""Compare: each paper's fields as labelled rows of text, for the compare page to set side by side.

The rows are the paper page's own facts (labels, use-it facts, data by role, results), flattened to
text here, once, so that the compare page only aligns rows by label and marks the ones that differ.
"""

from __future__ import annotations

import json

from .. import urls
from ..catalogue import Catalogue
from ..models import Paper
from .common import Fact
from .records import paper as paper_view

MAX_PAPERS = 4
SKIP = {"Added"}  # bookkeeping, not a property of the work


def _text(f: Fact) -> str:
    parts = [f.text] if f.text else []
    parts += [link.text for link in f.links]
    parts += [t.title or t.text for t in f.tags]
    return "; ".join(p for p in parts if p)


def rows(cat: Catalogue, linker: urls.Linker, p: Paper, view: dict | None = None) -> list[list[str]]:
    """[[label, text], ...] in the paper page's order, from the paper page's own view (computed here if not given)."""
    view = paper_view(cat, linker, p, "") if view is None else view
    out = [["Title", p.title]]
    out += [[f.label, _text(f)] for f in view["facts"] if f.label not in SKIP]
    if p.kind == "method":
        out += [[f.label, _text(f)] for f in view["use"]]
    out += [[f.label, _text(f)] for f in view["data"]]
    for r in view["results"] + view["results_by_others"]:
        if r.method.href.endswith(f"papers/{p.id}/"):  # numbers about this work's method, whoever reports them
            label = f"{r.benchmark.text}: {r.metric_name} ({r.setting}{', ' + r.variant if r.variant else ''})"
            out.append([label, r.value + ("" if not r.by_other else f" (reported by {r.reported_by.text})")])
    return out


def compare_file(cat: Catalogue, linker: urls.Linker, p: Paper, view: dict | None = None) -> tuple[str, str]:
    """(site path, JSON) of one paper's compare data (api/compare/<id>.json): its id, title, page and rows.

    The build writes it beside the paper's page, from the view that renders the page (record_pages).
    """
    data = {"id": p.id, "title": p.title, "short": p.short_name or "", "href": linker.href(urls.COMPARE, urls.paper_page(p.id)),
            "rows": rows(cat, linker, p, view)}
    return urls.compare_data(p.id), json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c") + "\n"


def compare_files(cat: Catalogue, linker: urls.Linker) -> dict[str, str]:
    """Every paper's compare data, path -> JSON."""
    return dict(compare_file(cat, linker, p) for p in cat.papers)


def compare_page(cat: Catalogue, linker: urls.Linker) -> dict:
    page = urls.COMPARE
    return {"max": MAX_PAPERS, "api": linker.asset(page, "api/compare") + "/", "index": linker.asset(page, urls.EXPLORER_DATA),
            "index_script": linker.asset(page, urls.EXPLORER_INDEX_SCRIPT), "script": linker.asset(page, "assets/compare.js"), "explorer": linker.href(page, urls.EXPLORER)}
