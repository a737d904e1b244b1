"""The explorer's data: every paper in a compact, columnar JSON the browser filters.

Repeated values (venues, applications, datasets) are stored once in dictionaries and
referred to by index; multi-valued taxonomy fields (adaptation, modalities, sub-types)
are bit masks over the taxonomy's term order, so a facet test is one AND. Text the
explorer searches (title, short name, summary, authors) is kept as written; the page
shows it with textContent, never as HTML.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from urllib.parse import urlencode

from .catalogue import Catalogue, newest_first
from .paperfacts import licence_family, parameter_range, short_label
from .taxonomy import (
    ADAPTATION,
    ADAPTATION_METHODS,
    KINDS,
    MODALITIES,
    PRETRAINING,
    PRETRAINING_METHODS,
    COVERAGE,
    LICENCE_FAMILIES,
    PARAMETER_RANGES,
    SUBFIELDS,
    WEIGHTS,
    Vocabulary,
)

FORMAT_VERSION = 2
# Column order of each paper row (documented here and read by explorer.js).
COLUMNS = ["id", "title", "short", "year", "venue", "subfield", "kind", "pre", "preMethods", "ada", "adaMethods",
           "modalities", "apps", "datasets", "code", "summary", "authors", "weights", "licence", "params", "scope"]
PAGE_SIZE = 50  # rows per page, here and (through explorer.json) in explorer.js


@dataclass(frozen=True)
class Facet:
    """One filter of the explorer: its URL parameter, its label, the row column it tests and its values.

    kind: index (the column holds one value's index), mask (a bit mask over a vocabulary),
    list (a list of indexes). Values come from a vocabulary (`terms`) or a list in the data (`list`).
    """

    key: str
    label: str
    column: str
    kind: str
    terms: str = ""
    list: str = ""


VOCABULARIES: dict[str, Vocabulary] = {
    "subfield": SUBFIELDS, "kind": KINDS, "pre": PRETRAINING, "preMethods": PRETRAINING_METHODS,
    "ada": ADAPTATION, "adaMethods": ADAPTATION_METHODS, "modalities": MODALITIES,
    "weights": WEIGHTS, "licence": LICENCE_FAMILIES, "params": PARAMETER_RANGES, "scope": COVERAGE,
}
# The explorer's facets, in the order the page shows them: the one table of keys and labels.
FACETS: tuple[Facet, ...] = (
    Facet("sf", "Subfield", "subfield", "index", terms="subfield"),
    Facet("kind", "Kind", "kind", "index", terms="kind"),
    Facet("scope", "Coverage", "scope", "index", terms="scope"),
    Facet("pre", "Pre-training paradigm", "pre", "index", terms="pre"),
    Facet("prem", "Pre-training sub-type", "preMethods", "mask", terms="preMethods"),
    Facet("ada", "Adaptation paradigm", "ada", "mask", terms="ada"),
    Facet("adam", "Adaptation sub-type", "adaMethods", "mask", terms="adaMethods"),
    Facet("mod", "Modality", "modalities", "mask", terms="modalities"),
    Facet("app", "Application", "apps", "list", list="apps"),
    Facet("venue", "Venue", "venue", "index", list="venues"),
    Facet("ds", "Dataset", "datasets", "list", list="datasets"),
    Facet("w", "Weights", "weights", "index", terms="weights"),
    Facet("lic", "Licence", "licence", "index", terms="licence"),
    Facet("size", "Parameters", "params", "index", terms="params"),
)
# URL parameters that are not facets: search text, year range, code filter, sort and page.
OTHER_PARAMETERS = ("search", "y0", "y1", "code", "sort", "dir", "page")
_FACET_KEYS = {f.key: f for f in FACETS}


def facet_of(vocabulary: Vocabulary) -> str | None:
    """The explorer's URL parameter for a vocabulary's terms, if the explorer filters by it."""
    for facet in FACETS:
        if facet.terms and VOCABULARIES[facet.terms] is vocabulary:
            return facet.key
    return None


def explorer_url(base: str, **filters: str | int | list) -> str:
    """A link into the explorer showing exactly `filters`; the one way the site makes such links.

    Refuses a parameter the explorer does not read, and a vocabulary value it does not know,
    so a link can never silently show the whole catalogue instead of a filtered view.
    """
    pairs = []
    for key, values in filters.items():
        facet = _FACET_KEYS.get(key)
        if facet is None and key not in OTHER_PARAMETERS:
            raise ValueError(f"explorer_url: unknown parameter {key!r}")
        for value in values if isinstance(values, list) else [values]:
            if facet is not None and facet.terms and str(value) not in VOCABULARIES[facet.terms].values:
                raise ValueError(f"explorer_url: {value!r} is not a value of {facet.label}")
            pairs.append((key, str(value)))
    query = urlencode(pairs)
    return f"{base}?{query}" if query else base


def _mask(vocabulary: Vocabulary, values) -> int:
    order = {v: i for i, v in enumerate(vocabulary.values)}
    mask = 0
    for v in values:
        mask |= 1 << order[str(v)]
    return mask


def _terms(vocabulary: Vocabulary) -> list[list[str]]:
    """[value, label, short, definition] of each term: the explorer shows the short form in tables, the label in facets."""
    return [[t.value, t.label, t.short, t.definition] for t in vocabulary]


def explorer_data(catalogue: Catalogue) -> dict:
    venues = sorted({p.venue for p in catalogue.papers if p.venue}, key=lambda v: (v.casefold(), v))  # ties broken: same bytes every build
    venue_index = {v: i for i, v in enumerate(venues)}
    apps = {a.id: i for i, a in enumerate(catalogue.applications)}
    datasets = {d.id: i for i, d in enumerate(catalogue.datasets)}
    subfields = {v: i for i, v in enumerate(SUBFIELDS.values)}
    pretraining = {v: i for i, v in enumerate(PRETRAINING.values)}
    index = {name: {v: i for i, v in enumerate(VOCABULARIES[name].values)} for name in ("weights", "licence", "params")}

    def term(name: str, value) -> int:
        return index[name][value.value] if value is not None else -1

    rows = []
    for p in newest_first(catalogue.papers):  # the default order (newest first), so the browser sorts nothing to start
        pre = p.pretraining
        rows.append([
            p.id, p.title, short_label(p) or "", p.year, venue_index.get(p.venue, -1) if p.venue else -1,
            subfields[p.subfield.value] if p.subfield else -1, 0 if p.kind == "method" else 1,
            pretraining[pre.paradigm.value] if pre else -1, _mask(PRETRAINING_METHODS, pre.methods) if pre else 0,
            _mask(ADAPTATION, [a.paradigm for a in p.adaptation]),
            _mask(ADAPTATION_METHODS, [a.method for a in p.adaptation if a.method]),
            _mask(MODALITIES, p.modalities), [apps[a] for a in p.applications], [datasets[d.id] for d in p.datasets if d.id],
            1 if p.links.code else 0, p.summary or "", "; ".join(p.authors),
            term("weights", p.weights.status if p.weights else None), term("licence", licence_family(p)), term("params", parameter_range(p)),
            0 if p.in_survey else 1,
        ])
    return {
        "version": FORMAT_VERSION,
        "columns": COLUMNS,
        "pageSize": PAGE_SIZE,
        "facets": [{k: v for k, v in asdict(f).items() if v} for f in FACETS],
        "terms": {name: _terms(vocabulary) for name, vocabulary in VOCABULARIES.items()},
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
