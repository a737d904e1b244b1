"""The explorer's data: small files the browser fetches as it needs them (explorer_files).

Facet values are columns of small integers: repeated values (venues, applications, datasets)
are stored once in dictionaries and referred to by index; multi-valued taxonomy fields
(adaptation, modalities, sub-types) are bit masks over the taxonomy's term order, so a facet
test is one AND. The search box reads a word index split by two-letter prefix; titles are
fetched in chunks for the rows on screen. Text is kept as written; the page shows it with
textContent, never as HTML.
"""

from __future__ import annotations

import json
from array import array
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from urllib.parse import urlencode

from . import urls
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
from .wordindex import add_postings, shards, words

FORMAT_VERSION = 3
# The facet columns of explorer-data/columns.json (one list per column, one value per paper).
COLUMNS = ["year", "venue", "subfield", "kind", "pre", "preMethods", "ada", "adaMethods",
           "modalities", "apps", "datasets", "code", "weights", "licence", "params", "scope"]
PAGE_SIZE = 50  # rows per page, here and (through explorer.json) in explorer.js
ROW_CHUNK = 250  # papers per rows-K.json: a page of 50 filtered rows fetches at most 50 small files
TEXT_CHUNK = 2000  # papers per text-K.json (fetched only to check quoted phrases)
DATA_FOLDER = "explorer-data/"


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


def _mask(order: dict[str, int], values) -> int:
    mask = 0
    for v in values:
        mask |= 1 << order[str(v)]
    return mask


def _order(vocabulary: Vocabulary) -> dict[str, int]:
    return {v: i for i, v in enumerate(vocabulary.values)}


def _terms(vocabulary: Vocabulary) -> list[list[str]]:
    """[value, label, short, definition] of each term: the explorer shows the short form in tables, the label in facets."""
    return [[t.value, t.label, t.short, t.definition] for t in vocabulary]


# ---------------------------------------------------------------- the files
def _columns(catalogue: Catalogue, papers: list) -> dict[str, list]:
    """Every facet's value for every paper, one list per column, in the explorer's default order (newest first)."""
    venues = _venues(catalogue)
    venue_index = {v: i for i, v in enumerate(venues)}
    apps = {a.id: i for i, a in enumerate(catalogue.applications)}
    datasets = {d.id: i for i, d in enumerate(catalogue.datasets)}
    subfields, pretraining = _order(SUBFIELDS), _order(PRETRAINING)
    pre_methods, adaptation, ada_methods, modalities = (_order(PRETRAINING_METHODS), _order(ADAPTATION),
                                                       _order(ADAPTATION_METHODS), _order(MODALITIES))
    index = {name: _order(VOCABULARIES[name]) for name in ("weights", "licence", "params")}

    def term(name: str, value) -> int:
        return index[name][value.value] if value is not None else -1

    columns: dict[str, list] = {name: [] for name in COLUMNS}
    for p in papers:
        pre = p.pretraining
        for name, value in zip(COLUMNS, (
            p.year, venue_index.get(p.venue, -1) if p.venue else -1,
            subfields[p.subfield.value] if p.subfield else -1, 0 if p.kind == "method" else 1,
            pretraining[pre.paradigm.value] if pre else -1, _mask(pre_methods, pre.methods) if pre else 0,
            _mask(adaptation, [a.paradigm for a in p.adaptation]),
            _mask(ada_methods, [a.method for a in p.adaptation if a.method]),
            _mask(modalities, p.modalities), [apps[a] for a in p.applications], [datasets[d.id] for d in p.datasets if d.id],
            1 if p.links.code else 0,
            term("weights", p.weights.status if p.weights else None), term("licence", licence_family(p)), term("params", parameter_range(p)),
            0 if p.in_survey else 1,
        )):
            columns[name].append(value)
    return columns


def _venues(catalogue: Catalogue) -> list[str]:
    # Sorted case-blind, ties broken by the bytes: the same order every build, and the venue sort's order.
    return sorted({p.venue for p in catalogue.papers if p.venue}, key=lambda v: (v.casefold(), v))


def _counts(columns: dict[str, list], facet: Facet, size: int) -> list[int]:
    """How many papers hold each value of a facet: the counts the page shows before any filter."""
    counts = [0] * size
    for v in columns[facet.column]:
        if facet.kind == "index":
            if v >= 0:
                counts[v] += 1
        elif facet.kind == "mask":
            bit = 0
            while v >> bit:
                if v & (1 << bit):
                    counts[bit] += 1
                bit += 1
        else:
            for i in v:
                counts[i] += 1
    return counts


def _title_ranks(papers: list) -> list[int]:
    """Each paper's place in title order (equal titles share a place): the title sort, without shipping titles."""
    keys = sorted({p.title.lower() for p in papers})
    rank = {k: i for i, k in enumerate(keys)}
    return [rank[p.title.lower()] for p in papers]


def explorer_files(catalogue: Catalogue) -> dict[str, str]:
    """The explorer's files, site path -> compact JSON (explorer_file_items, all at once)."""
    return dict(explorer_file_items(catalogue))


def explorer_file_items(catalogue: Catalogue) -> Iterator[tuple[str, str]]:
    """The explorer's files as (site path, compact JSON), each made when asked for; the same catalogue always
    gives the same bytes.

    The browser downloads only what it needs (docs/performance.md has the figures at 100,000 papers):
    - explorer.json: the facets, their terms and the counts before any filter (the page is usable at once);
    - explorer-data/columns.json: every facet's values per paper, as small integers (filtering and counting);
    - explorer-data/rows-K.json: id, title and short name of papers K*ROW_CHUNK...: only the chunks of the page shown;
    - explorer-data/words/<hex>.json: the search box's index, one file per two-letter prefix: only the query's;
    - explorer-data/text-K.json: the searched text, fetched only to check a "quoted phrase" (stored gzipped: urls.PACKED);
    - explorer-data/title-rank.json (title sort) and explorer-data/ids.json (export): on first use.
    Rows are numbered in the default order (newest first), so the browser sorts nothing to start.
    """
    papers = newest_first(catalogue.papers)
    columns = _columns(catalogue, papers)
    venues = _venues(catalogue)
    lists = {"venues": venues, "apps": [[a.id, a.name] for a in catalogue.applications],
             "datasets": [[d.id, d.name] for d in catalogue.datasets]}
    terms = {name: _terms(vocabulary) for name, vocabulary in VOCABULARIES.items()}
    sizes = {f.key: len(terms[f.terms]) if f.terms else len(lists[f.list]) for f in FACETS}
    meta = {
        "version": FORMAT_VERSION,
        "total": len(papers),
        "pageSize": PAGE_SIZE,
        "rowChunk": ROW_CHUNK,
        "textChunk": TEXT_CHUNK,
        "textFile": urls.packed(f"{DATA_FOLDER}text-{{}}.json")[len(DATA_FOLDER):],  # where {} is the chunk's number
        "folder": DATA_FOLDER,
        "columns": COLUMNS,
        "facets": [{k: v for k, v in asdict(f).items() if v} for f in FACETS],
        "terms": terms,
        **lists,
        "counts": {f.key: _counts(columns, f, sizes[f.key]) for f in FACETS},
    }
    shorts = [short_label(p) or "" for p in papers]
    yield urls.EXPLORER_DATA, compact_json(meta)
    yield f"{DATA_FOLDER}columns.json", compact_json(columns)
    del meta, columns
    yield f"{DATA_FOLDER}ids.json", compact_json([p.id for p in papers])
    yield f"{DATA_FOLDER}title-rank.json", compact_json(_title_ranks(papers))
    for start in range(0, len(papers), ROW_CHUNK):
        yield f"{DATA_FOLDER}rows-{start // ROW_CHUNK}.json", compact_json(
            [[p.id, p.title, short] for p, short in zip(papers[start:start + ROW_CHUNK], shorts[start:start + ROW_CHUNK])])
    # The searched text a chunk at a time, its words indexed as it goes: the whole text is never held
    # (at 100,000 papers, 45 MB of strings, the exporter's largest moment).
    postings: dict[str, array] = {}
    for start in range(0, len(papers), TEXT_CHUNK):
        texts = [" ".join([p.title, short, p.summary or "", "; ".join(p.authors)])
                 for p, short in zip(papers[start:start + TEXT_CHUNK], shorts[start:start + TEXT_CHUNK])]
        for row, text in enumerate(texts, start):
            add_postings(postings, words(text), row)
        yield f"{DATA_FOLDER}text-{start // TEXT_CHUNK}.json", compact_json([t.lower() for t in texts])
    for path, value in shards(postings, f"{DATA_FOLDER}words/", "rows"):
        yield path, compact_json(value)


def compact_json(value) -> str:
    """Compact JSON; "<" written as \\u003c, so the data stays inert even if someone inlines it in a <script>."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")
