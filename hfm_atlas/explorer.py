"""The explorer's data: every paper in a compact, columnar JSON the browser filters.

Repeated values (venues, applications, datasets) are stored once in dictionaries and
referred to by index; multi-valued taxonomy fields (adaptation, modalities, sub-types)
are bit masks over the taxonomy's term order, so a facet test is one AND. Text the
explorer searches (title, short name, summary, authors) is kept as written; the page
shows it with textContent, never as HTML.
"""

from __future__ import annotations

import json

from .catalogue import Catalogue
from .views import distinct_short_name
from .taxonomy import (
    ADAPTATION,
    ADAPTATION_METHODS,
    KINDS,
    MODALITIES,
    PRETRAINING,
    PRETRAINING_METHODS,
    SUBFIELDS,
    Vocabulary,
)

FORMAT_VERSION = 1
# Column order of each paper row (documented here and read by explorer.js).
COLUMNS = ["id", "title", "short", "year", "venue", "subfield", "kind", "pre", "preMethods", "ada", "adaMethods",
           "modalities", "apps", "datasets", "code", "summary", "authors"]


def _mask(vocabulary: Vocabulary, values) -> int:
    order = {v: i for i, v in enumerate(vocabulary.values)}
    mask = 0
    for v in values:
        mask |= 1 << order[str(v)]
    return mask


def _terms(vocabulary: Vocabulary) -> list[list[str]]:
    return [[t.value, t.label] for t in vocabulary]


def explorer_data(catalogue: Catalogue) -> dict:
    venues = sorted({p.venue for p in catalogue.papers if p.venue}, key=str.casefold)
    venue_index = {v: i for i, v in enumerate(venues)}
    apps = {a.id: i for i, a in enumerate(catalogue.applications)}
    datasets = {d.id: i for i, d in enumerate(catalogue.datasets)}
    subfields = {v: i for i, v in enumerate(SUBFIELDS.values)}
    pretraining = {v: i for i, v in enumerate(PRETRAINING.values)}
    rows = []
    for p in catalogue.papers:
        pre = p.pretraining
        rows.append([
            p.id, p.title, distinct_short_name(p) or "", p.year, venue_index.get(p.venue, -1) if p.venue else -1,
            subfields[p.subfield.value] if p.subfield else -1, 0 if p.kind == "method" else 1,
            pretraining[pre.paradigm.value] if pre else -1, _mask(PRETRAINING_METHODS, pre.methods) if pre else 0,
            _mask(ADAPTATION, [a.paradigm for a in p.adaptation]),
            _mask(ADAPTATION_METHODS, [a.method for a in p.adaptation if a.method]),
            _mask(MODALITIES, p.modalities), [apps[a] for a in p.applications], [datasets[d] for d in p.datasets],
            1 if p.links.code else 0, p.summary or "", "; ".join(p.authors),
        ])
    return {
        "version": FORMAT_VERSION,
        "columns": COLUMNS,
        "terms": {
            "subfield": _terms(SUBFIELDS), "kind": _terms(KINDS), "pre": _terms(PRETRAINING),
            "preMethods": _terms(PRETRAINING_METHODS), "ada": _terms(ADAPTATION), "adaMethods": _terms(ADAPTATION_METHODS),
            "modalities": _terms(MODALITIES),
        },
        "venues": venues,
        "apps": [[a.id, a.name] for a in catalogue.applications],
        "datasets": [[d.id, d.name] for d in catalogue.datasets],
        "papers": rows,
    }


def explorer_json(catalogue: Catalogue) -> str:
    """Compact JSON (no spaces); the same catalogue always gives the same bytes.

    "<" is written as \\u003c, so the data stays inert even if someone inlines it in a <script>.
    """
    return json.dumps(explorer_data(catalogue), ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")
