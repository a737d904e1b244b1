"""The listing pages: home, subfields, datasets, applications, surveys, challenges, directions, downloads."""

from __future__ import annotations

import re
from collections import Counter

from .. import urls
from ..catalogue import Catalogue
from ..feed import recently_added
from ..models import Paper
from ..stats import counts
from ..explorer import explorer_url
from ..taxonomy import (
    CHALLENGES,
    COVERAGE,
    SUBFIELDS,
    Coverage,
    Subfield,
)
from .common import Link, dataset_row, paper_row, paper_rows


def _n(n: int, noun: str) -> str:
    return f"{n:,} {noun if n == 1 else noun + 's'}"


def home(cat: Catalogue, linker: urls.Linker) -> dict:
    page = urls.HOME
    rows = []
    for sf in SUBFIELDS:
        rows.append({
            "code": sf.value, "label": sf.label, "definition": sf.definition,
            "papers": len(cat.papers_by_subfield[Subfield(sf.value)]),
            "datasets": len(cat.datasets_by_subfield[Subfield(sf.value)]),
            "papers_href": linker.href(page, urls.subfield_page(sf.value)),
            "datasets_href": linker.href(page, urls.subfield_datasets_page(sf.value)),
        })
    kinds = counts(cat).papers.get("kind", {})
    explorer = linker.href(page, urls.EXPLORER)
    open_weights = sum(1 for p in cat.papers if p.weights and p.weights.status == "open")
    entries = [  # where a reader with a task starts: (task, what the page does, link, link text)
        ("Find a model", f"for a modality, a task or a licence: filter all {_n(len(cat.papers), 'paper')}, {open_weights:,} of them with open weights.",
         explorer_url(explorer, w="open"), "Open-weight models in the explorer"),
        ("Find data", f"{_n(len(cat.datasets), 'dataset')} with their access terms and the papers that use them, by role.",
         linker.href(page, urls.DATASETS), "All datasets"),
        ("See the state of the art", f"{_n(len(cat.reported), 'reported result')} on {_n(len(cat.results_by_benchmark), 'benchmark')}, "
         "each with the table it was read in.", linker.href(page, urls.BENCHMARKS), "Benchmarks and leaderboards"),
        ("See the gaps", "methods counted by subfield, paradigm, modality and application, each cell a link to its papers.",
         linker.href(page, urls.GAPS), "Gap map"),
        ("Compare models", "two to four papers side by side, the differences marked.", linker.href(page, urls.COMPARE) + "?ids=biobert,pubmedbert"
         if {"biobert", "pubmedbert"} <= set(cat.paper_by_id) else linker.href(page, urls.COMPARE), "Compare"),
    ]
    return {
        "entries": entries,
        "subfields": rows,
        "papers": len(cat.papers),
        "methods": kinds.get("method", 0),
        "surveys": kinds.get("survey", 0),
        "datasets": len(cat.datasets),
        "databases": len(cat.datasets_by_subfield[None]),
        "applications": len(cat.applications),
        "datasets_href": linker.href(page, urls.DATASETS),
        "applications_href": linker.href(page, urls.APPLICATIONS),
        "taxonomy_href": linker.href(page, urls.TAXONOMY),
        "recent": [paper_row(page, linker, p) for p in recently_added(cat, 10)],
        "feed_href": linker.asset(page, "feed.xml"),
        "explorer_href": linker.href(page, urls.EXPLORER),
        "statistics_href": linker.href(page, urls.STATISTICS),
        "contribute_href": linker.href(page, "contribute.md"),
    }


def subfield(cat: Catalogue, linker: urls.Linker, code: str) -> dict:
    page = urls.subfield_page(code)
    term = SUBFIELDS[code]
    papers = cat.papers_by_subfield[Subfield(code)]
    methods = [p for p in papers if p.kind == "method"]
    explorer = linker.href(page, urls.EXPLORER)
    return {
        "code": code, "label": term.label, "definition": term.definition,
        **paper_rows(page, linker, methods, sf=code, kind="method"),
        "coverage": [(COVERAGE[c].label, sum((c == Coverage.SURVEY) == p.in_survey for p in methods),
                      explorer_url(explorer, sf=code, kind="method", scope=c.value)) for c in Coverage],
        "surveys": [paper_row(page, linker, p) for p in papers if p.kind == "survey"],
        "surveys_href": linker.href(page, urls.SURVEYS),
        "datasets_href": linker.href(page, urls.subfield_datasets_page(code)),
        "datasets": len(cat.datasets_by_subfield[Subfield(code)]),
    }


def subfield_datasets(cat: Catalogue, linker: urls.Linker, code: str) -> dict:
    page = urls.subfield_datasets_page(code)
    term = SUBFIELDS[code]
    return {
        "code": code, "label": term.label,
        "rows": [dataset_row(page, linker, cat, d) for d in cat.datasets_by_subfield[Subfield(code)]],
        "papers_href": linker.href(page, urls.subfield_page(code)),
    }


def datasets_index(cat: Catalogue, linker: urls.Linker) -> dict:
    page = urls.DATASETS
    groups = []
    for sf in SUBFIELDS:
        items = cat.datasets_by_subfield[Subfield(sf.value)]
        groups.append({"title": f"{sf.label} ({sf.value})", "anchor": sf.value.lower(),
                       "rows": [dataset_row(page, linker, cat, d) for d in items]})
    databases = cat.datasets_by_subfield[None]
    if databases:
        groups.append({"title": "Large-scale databases", "anchor": "databases",
                       "rows": [dataset_row(page, linker, cat, d) for d in databases]})
    return {"groups": groups, "total": len(cat.datasets), "explorer_href": linker.href(page, urls.DATASET_EXPLORER)}


def applications_index(cat: Catalogue, linker: urls.Linker) -> dict:
    page = urls.APPLICATIONS
    # Each application's papers by subfield, counted once (not once per subfield the application is in)
    per_subfield = {a.id: Counter(p.subfield._value_ for p in cat.papers_by_application.get(a.id, []) if p.subfield)
                    for a in cat.applications}
    pairs = []
    for sf in SUBFIELDS:
        apps = [a for a in cat.applications if sf.value in a.subfields]
        pairs.append({
            "subfield": f"{sf.label} ({sf.value})",
            "apps": [{"name": a.name, "href": linker.href(page, urls.application_page(a.id)),
                      "count": per_subfield[a.id][sf.value]}
                     for a in sorted(apps, key=lambda a: a.name.casefold())],
        })
    return {
        "pairs": pairs,
        "pair_count": sum(len(p["apps"]) for p in pairs),
        "applications": [{"name": a.name, "description": a.description,
                          "href": linker.href(page, urls.application_page(a.id))}
                         for a in sorted(cat.applications, key=lambda a: a.name.casefold())],
    }


def application(cat: Catalogue, linker: urls.Linker, app_id: str) -> dict:
    page = urls.application_page(app_id)
    a = cat.application_by_id[app_id]
    papers = cat.papers_by_application.get(app_id, [])
    groups = []
    for sf in a.subfields:
        groups.append({"title": f"{SUBFIELDS.label(sf)} ({sf.value})",
                       **paper_rows(page, linker, [p for p in papers if p.subfield == sf], app=app_id, sf=sf.value)})
    others = [p for p in papers if p.subfield not in a.subfields]
    if others:  # the explorer cannot leave subfields out: its link shows the application's papers of every subfield
        groups.append({"title": "Other subfields", **paper_rows(page, linker, others, app=app_id)})
    return {"name": a.name, "description": a.description, "groups": groups, "total": len(papers)}


def surveys(cat: Catalogue, linker: urls.Linker) -> dict:
    page = urls.SURVEYS
    groups = []
    for sf in [*SUBFIELDS.values, None]:
        rows = [paper_row(page, linker, p) for p in cat.surveys if p.subfield == sf]
        title = f"{SUBFIELDS.label(sf)} ({sf})" if sf else "Across subfields"
        groups.append({"title": title, "rows": rows})
    return {"groups": groups, "total": len(cat.surveys)}


def challenges_index(cat: Catalogue, linker: urls.Linker) -> dict:
    page = urls.CHALLENGES
    pillars = []
    for pillar in cat.survey_text.pillars if cat.survey_text else []:
        pillars.append({"anchor": pillar.id, "title": pillar.name, "about": pillar.about, "challenges": [
            {"label": CHALLENGES.label(c.id), "definition": CHALLENGES[c.id].definition,
             "href": linker.href(page, urls.challenge_page(c.id)), "count": len(cat.papers_by_challenge.get(c.id.value, []))}
            for c in pillar.challenges]})
    return {"pillars": pillars, "directions_href": linker.href(page, urls.DIRECTIONS)}


# How directly a paper addresses a challenge, from the most direct: the groups of a challenge page.
DIRECTNESS = (
    ("title", "Named in the title", "The title uses one of the challenge's words."),
    ("summary", "Named in the summary", "The atlas's one-line summary uses one of the challenge's words."),
    ("tagged", "Tagged as addressing it", "Curated as addressing the challenge, among its other aims."),
)


def challenge_words(aliases: list[str]) -> re.Pattern | None:
    """The curated synonyms as one whole-word, case-blind pattern (None when there are none)."""
    return re.compile(r"\b(?:" + "|".join(re.escape(a) for a in sorted(aliases, key=len, reverse=True)) + r")s?\b", re.I) if aliases else None


def directness(paper: Paper, words: re.Pattern | None) -> str:
    if words is not None and words.search(paper.title):
        return "title"
    if words is not None and paper.summary and words.search(paper.summary):
        return "summary"
    return "tagged"


def challenge(cat: Catalogue, linker: urls.Linker, challenge_id: str) -> dict:
    """A challenge page: the survey's point in the atlas's words, and its papers ranked by how directly they address it.

    Within a group, a paper that claims fewer challenges comes first (it is more about this
    one), then the newer.
    """
    page = urls.challenge_page(challenge_id)
    term = CHALLENGES[challenge_id]
    found = [(p, c) for p in (cat.survey_text.pillars if cat.survey_text else []) for c in p.challenges if c.id == challenge_id]
    pillar, text = found[0] if found else (None, None)
    words = challenge_words(list(text.aliases) if text else [])
    papers = cat.papers_by_challenge.get(challenge_id, [])
    grouped: dict[str, list[Paper]] = {key: [] for key, _, _ in DIRECTNESS}
    for p in papers:
        grouped[directness(p, words)].append(p)
    groups = [{"key": key, "title": title, "about": about,
               "rows": [paper_row(page, linker, p) for p in sorted(grouped[key], key=lambda p: (len(p.challenges), -p.year, p.id))]}
              for key, title, about in DIRECTNESS if grouped[key]]
    return {"label": term.label, "pillar": pillar.name if pillar else "", "definition": term.definition,
            "explanation": text.explanation if text else "", "section": pillar.section or "" if pillar else "",
            "aliases": list(text.aliases) if text else [], "count": len(papers), "groups": groups,
            "index_href": linker.href(page, urls.CHALLENGES)}


def future_directions(cat: Catalogue, linker: urls.Linker) -> dict:
    page = urls.DIRECTIONS
    return {"directions": [{
        "anchor": d.id, "title": d.title, "explanation": d.explanation, "aspects": list(d.aspects),
        "challenges": [Link(f"{CHALLENGES.label(c)} ({len(cat.papers_by_challenge.get(c.value, []))} papers)",
                            linker.href(page, urls.challenge_page(c))) for c in d.challenges],
    } for d in (cat.survey_text.directions if cat.survey_text else [])], "challenges_href": linker.href(page, urls.CHALLENGES)}


def downloads(cat: Catalogue, linker: urls.Linker) -> dict:
    page = urls.DOWNLOADS

    def href(path: str) -> str:
        return linker.asset(page, urls.download(path, len(cat.papers)))

    return {
        "papers": len(cat.papers), "datasets": len(cat.datasets), "applications": len(cat.applications),
        "compressed": urls.download(urls.DOWNLOADS_FOLDER, len(cat.papers)) != urls.DOWNLOADS_FOLDER,
        "files": [Link(name, href(path)) for name, path in (
            ("BibTeX (.bib)", "downloads/hfm-atlas.bib"), ("CSL-JSON (Zotero, Mendeley, pandoc)", "downloads/hfm-atlas.csl.json"),
            ("CSV (spreadsheets)", "downloads/hfm-atlas.csv"),
            ("Reported results, CSV (one number per row, with its source)", "downloads/hfm-atlas-results.csv"),
            ("SQLite (Datasette, DuckDB, pandas: a table per record type, link tables)", "downloads/hfm-atlas.sqlite"))],
        # Named as published: papers.json.gz when the catalogue is large enough to gzip it.
        "api": [Link(published.rsplit("/", 1)[1], linker.asset(page, published)) for published in (urls.download(path, len(cat.papers)) for path in (
            "api/papers.json", "api/datasets.json", "api/applications.json", "api/benchmarks.json", "api/results.json"))],
        "schemas": [Link(name, href(f"schema/{name}")) for name in ("paper.schema.json", "dataset.schema.json", "application.schema.json",
                                                                     "benchmark.schema.json", "result.schema.json")],
        "fields_href": linker.href(page, urls.FIELDS),
    }
