"""The pages of figures and counts: taxonomy, statistics (charts and the method tree), the explorer."""

from __future__ import annotations

import heapq

from collections import Counter

from .. import urls
from ..catalogue import Catalogue
from ..explorer import PAGE_SIZE as EXPLORER_PAGE_SIZE
from ..explorer import explorer_url
from ..paperfacts import newest_first_key
from ..stats import SELF_SUPERVISED, counts
from ..taxonomy import (
    ACCESS,
    ADAPTATION,
    ADAPTATION_METHODS,
    CONTRASTIVE_METHODS,
    GENERATIVE_METHODS,
    LABEL_SOURCES,
    METHODS_OF_ADAPTATION,
    MODALITIES,
    PRETRAINING,
    PRETRAINING_METHODS,
    SUBFIELDS,
    Pretraining,
    PretrainingMethod,
    Vocabulary,
)
from .common import Link, distinct_short_name, term_anchor, term_link


def taxonomy(cat: Catalogue, linker: urls.Linker | None = None) -> dict:
    linker = linker or urls.Linker()
    c = counts(cat)
    pre, pre_m, ada, ada_m = c.papers["pre"], c.papers["preMethods"], c.papers["ada"], c.papers["adaMethods"]
    mod_p, sub, src = c.papers["modalities"], c.papers["subfield"], c.papers["label_source"]
    mod_d, acc = c.datasets["modalities"], c.datasets["access"]

    def section(vocabulary: Vocabulary, title: str, counts: Counter, unit: str, counts2: Counter | None = None) -> dict:
        return {
            "title": title, "unit": unit, "unit2": "datasets" if counts2 is not None else "",
            "terms": [{"anchor": term_anchor(vocabulary, t.value), "value": t.value, "label": t.label,
                       "definition": t.definition, "count": counts.get(t.value, 0),
                       "href": term_link(urls.TAXONOMY, linker, vocabulary, t.value) if counts.get(t.value, 0) else "",
                       "count2": (counts2 or {}).get(t.value, 0)} for t in vocabulary],
        }

    return {"sections": [
        section(SUBFIELDS, "Subfields", sub, "papers"),
        section(PRETRAINING, "Pre-training paradigms", pre, "papers"),
        section(PRETRAINING_METHODS, "Pre-training methods (sub-types)", pre_m, "papers"),
        section(ADAPTATION, "Adaptation paradigms", ada, "papers"),
        section(ADAPTATION_METHODS, "Adaptation methods (sub-types)", ada_m, "papers"),
        section(MODALITIES, "Modalities", mod_p, "papers", mod_d),
        section(ACCESS, "Dataset access", acc, "datasets"),
        section(LABEL_SOURCES, "Label sources", src, "papers"),
    ]}


def explorer(cat: Catalogue, linker: urls.Linker) -> dict:
    """The explorer page; its first rows are rendered at build time, as the script will show them (no layout shift)."""
    page = urls.EXPLORER
    # The first page's papers, as sorted(...)[:n] gives them, without a sort key held for every paper at once
    # (at 100,000 papers the sort's keys were 30 MB, the main process's largest moment).
    first = heapq.nsmallest(EXPLORER_PAGE_SIZE, cat.papers, key=newest_first_key)
    rows = [{
        "id": p.id, "year": p.year, "href": linker.href(page, urls.paper_page(p.id)), "short": distinct_short_name(p), "title": p.title,
        "venue": p.venue or "", "subfield": p.subfield.value if p.subfield else "—",
        "pre": p.pretraining.paradigm.short if p.pretraining else "",
        "ada": " ".join(a.paradigm.value for a in p.adaptation), "code": "yes" if p.links.code else "",
    } for p in first]
    total = len(cat.papers)
    return {
        "rows": rows,
        "status": (f"{total} papers match; showing 1–{len(rows)}." if total != 1 else "1 paper matches; showing 1–1.") if total else "No paper matches these filters.",
        "pages": max(1, -(-total // EXPLORER_PAGE_SIZE)),
        "total": len(cat.papers),
        "src": linker.asset(page, urls.EXPLORER_DATA),
        "papers": linker.asset(page, "papers") + "/",
        "bib": linker.asset(page, urls.download("downloads/hfm-atlas.bib", len(cat.papers))),
        "csv": linker.asset(page, urls.download("downloads/hfm-atlas.csv", len(cat.papers))),
        "index_script": linker.asset(page, urls.EXPLORER_INDEX_SCRIPT), "script": linker.asset(page, "assets/explorer.js"),
        "compare": linker.href(page, urls.COMPARE),
        "subfields": [Link(f"{sf.label} ({sf.value})", linker.href(page, urls.subfield_page(sf.value))) for sf in SUBFIELDS],
    }


def statistics(cat: Catalogue, linker: urls.Linker) -> dict:
    """The statistics page: the same numbers as `hfm-atlas stats`, the survey's figures, and tables of both."""
    from markupsafe import Markup

    from .. import charts
    from ..stats import compute

    page = urls.STATISTICS
    explorer_href = linker.href(page, urls.EXPLORER)
    scopes = []
    for scope, title in (("all", "All records"), ("survey", "The survey's Tables I-IV"), ("since-survey", "Since the survey (from March 2024)")):
        s = compute(cat, scope)
        scopes.append({
            "title": title, "stats": s,
            "rows": [{"sf": sf, "label": SUBFIELDS.label(sf), "s": sub,
                      "pre": [(v, sub.pretraining[v], explorer_url(explorer_href, sf=sf, pre=v, kind="method")) for v in PRETRAINING.values],
                      "ada": [(v, sub.adaptation[v], explorer_url(explorer_href, sf=sf, ada=v, kind="method")) for v in ADAPTATION.values]}
                     for sf, sub in s.by_subfield.items()],
        })
    everything = scopes[0]["stats"]
    left, right = charts.flow_counts(everything)
    grid: dict[str, dict[str, int]] = {}
    for sf in [*SUBFIELDS.values, None]:
        counts = Counter(m.value for d in cat.datasets_by_subfield[sf] for m in d.modalities)
        grid[sf or "Databases"] = dict(counts)
    tree = taxonomy_tree(cat, explorer_href)
    return {
        "scopes": scopes, "pre_terms": PRETRAINING.terms, "ada_terms": ADAPTATION.terms,
        "growth_svg": Markup(charts.growth(everything, explorer_href, max((p.added for p in cat.papers), default=None))),
        "years": [{"year": y, "counts": v, "total": sum(v.values()),
                   "links": {sf: explorer_url(explorer_href, sf=sf, y0=y, y1=y) for sf in v}} for y, v in everything.by_year.items()],
        "subfields": SUBFIELDS.values,
        "sankey_svg": Markup(charts.sankey(everything, explorer_href)),
        "left_flows": [(a, b, n, explorer_url(explorer_href, pre=a, sf=b, kind="method")) for (a, b), n in left.items() if n],
        "right_flows": [(a, b, n, explorer_url(explorer_href, sf=a, ada=b, kind="method")) for (a, b), n in right.items() if n],
        "grid_svg": Markup(charts.dataset_grid(grid, explorer_href)),
        "grid": grid, "grid_modalities": [(m, MODALITIES.label(m)) for m in MODALITIES.values if any(r.get(m) for r in grid.values())],
        "tree": tree,
        "explorer_href": explorer_href,
    }


def taxonomy_tree(cat: Catalogue, explorer_href: str) -> list[dict]:
    """The survey's method tree (paradigms and their sub-types) with the number of papers at each node."""

    c = counts(cat).methods
    pre, pre_m, ada, ada_m = c["pre"], c["preMethods"], c["ada"], c["adaMethods"]
    method_count = sum(pre.values())

    def node(label: str, count: int, href: str, children: list | None = None) -> dict:
        return {"label": label, "count": count, "href": href, "children": children or []}

    def sub(vocab, counter, key, values) -> list[dict]:
        return [node(vocab.label(v), counter.get(v, 0), explorer_url(explorer_href, **{key: v})) for v in values]

    def paradigm(term, children: list | None = None) -> dict:
        return node(f"{term.label} ({term.value})", pre[term.value], explorer_url(explorer_href, pre=term.value), children)

    def in_order(methods) -> list[str]:
        return [m.value for m in PretrainingMethod if m in methods]

    own = [t.value for t in PRETRAINING if t is not Pretraining.NONE]
    return [
        node("Pre-training", sum(pre[v] for v in own), explorer_url(explorer_href, pre=own), [
            node("Self-supervised learning", sum(pre[v] for v in SELF_SUPERVISED), explorer_url(explorer_href, pre=list(SELF_SUPERVISED)), [
                paradigm(Pretraining.GL, sub(PRETRAINING_METHODS, pre_m, "prem", in_order(GENERATIVE_METHODS))),
                paradigm(Pretraining.CL, sub(PRETRAINING_METHODS, pre_m, "prem", in_order(CONTRASTIVE_METHODS))),
                paradigm(Pretraining.HL),
            ]),
            paradigm(Pretraining.SL),
        ]),
        node(Pretraining.NONE.label, pre["none"], explorer_url(explorer_href, pre="none")),
        node("Adaptation", method_count, explorer_url(explorer_href, kind="method"), [
            node(f"{ADAPTATION.label(a)} ({a})", ada.get(a, 0), explorer_url(explorer_href, ada=a),
                 sub(ADAPTATION_METHODS, ada_m, "adam", [m.value for m in ADAPTATION_METHODS.enum if m in METHODS_OF_ADAPTATION[a]]))
            for a in ADAPTATION.values
        ]),
    ]
