"""View models: everything a template shows, computed from the catalogue.

Templates only display what these functions hand them: labels looked up, lists
sorted, links resolved, counts counted. Each function takes the page it renders
for, so links are relative to that page.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from .explorer import PAGE_SIZE as EXPLORER_PAGE_SIZE, explorer_url
from . import paperfacts, urls
from .bibliography import to_bibtex
from .catalogue import Catalogue, newest_first
from .feed import recently_added
from .models import Dataset, Paper
from .taxonomy import (
    ACCESS,
    ADAPTATION,
    ADAPTATION_METHODS,
    CHALLENGE_PILLARS,
    CHALLENGES,
    DATASET_KINDS,
    FUTURE_DIRECTIONS,
    KINDS,
    LABEL_SOURCES,
    MODALITIES,
    PRETRAINING,
    PRETRAINING_METHODS,
    SUBFIELDS,
    Subfield,
    Term,
    Vocabulary,
)


@dataclass(frozen=True)
class Link:
    text: str
    href: str
    external: bool = False


@dataclass(frozen=True)
class Tag:
    """A taxonomy term as shown in a table cell: short text, full label for the tooltip, and a link."""

    text: str
    title: str
    href: str


@dataclass
class PaperRow:
    title: str
    short_name: str | None
    href: str
    year: int
    venue: str
    pretraining: Tag | None
    adaptation: list[Tag]
    links: list[Link]


@dataclass
class DatasetRow:
    name: str
    href: str
    subfield: str
    modalities: str
    scale: str
    tasks: str
    access: Tag
    used_by: int


@dataclass
class Fact:
    """One row of a record page's fact table; `links` or `text` or `tags` is filled."""

    label: str
    text: str = ""
    links: list[Link] = field(default_factory=list)
    tags: list[Tag] = field(default_factory=list)


def term_anchor(vocabulary: Vocabulary, value: str) -> str:
    return f"{vocabulary.name.replace(' ', '-').replace('_', '-')}-{value}".lower()


def tag(page: str, linker: urls.Linker, vocabulary: Vocabulary, value: str, short: bool = True) -> Tag:
    term: Term = vocabulary[value]
    text = term.short if short and vocabulary in (PRETRAINING, ADAPTATION, SUBFIELDS) else term.label
    return Tag(text, term.label, linker.href(page, urls.TAXONOMY, term_anchor(vocabulary, value)))


def external_links(paper: Paper) -> list[Link]:
    links = []
    if paper.links.paper:
        links.append(Link("Paper", paper.links.paper, external=True))
    if paper.links.arxiv and "arxiv.org" not in (paper.links.paper or ""):
        links.append(Link("arXiv", paperfacts.arxiv_url(paper.links.arxiv), external=True))
    if paper.links.doi:
        links.append(Link("DOI", f"https://doi.org/{paper.links.doi}", external=True))
    if paper.links.code:
        links.append(Link("Code", paper.links.code, external=True))
    return links


distinct_short_name = paperfacts.short_label


def paper_row(page: str, linker: urls.Linker, paper: Paper) -> PaperRow:
    pre = paper.pretraining
    return PaperRow(
        title=paper.title,
        short_name=distinct_short_name(paper),
        href=linker.href(page, urls.paper_page(paper.id)),
        year=paper.year,
        venue=paper.venue or "",
        pretraining=tag(page, linker, PRETRAINING, pre.paradigm) if pre else None,
        adaptation=[tag(page, linker, ADAPTATION, a.paradigm) for a in paper.adaptation],
        links=[link for link in external_links(paper) if link.text in ("Paper", "Code")],
    )


def dataset_row(page: str, linker: urls.Linker, cat: Catalogue, dataset: Dataset) -> DatasetRow:
    return DatasetRow(
        name=dataset.name,
        href=linker.href(page, urls.dataset_page(dataset.id)),
        subfield=dataset.subfield.value if dataset.subfield else "cross-subfield",
        modalities=", ".join(MODALITIES.label(m) for m in dataset.modalities),
        scale=dataset.scale or "",
        tasks=", ".join(dataset.tasks),
        access=tag(page, linker, ACCESS, dataset.access),
        used_by=len(cat.used_by.get(dataset.id, ())),
    )


def survey_text(survey) -> str:
    if survey is None:
        return ""
    refs = ", ".join(f"[{r}]" for r in survey.ref)
    text = f"Table {survey.table}" + (f", ref. {refs}" if refs else "")
    return text + (f", printed as “{survey.name}”" if survey.name else "")


# ---------------------------------------------------------------- pages

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
    kinds = Counter(p.kind.value for p in cat.papers)
    return {
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
    return {
        "code": code, "label": term.label, "definition": term.definition,
        "rows": [paper_row(page, linker, p) for p in papers if p.kind == "method"],
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
    return {"groups": groups, "total": len(cat.datasets)}


def paper(cat: Catalogue, linker: urls.Linker, p: Paper, bibtex: str | None = None) -> dict:
    page = urls.paper_page(p.id)
    facts = [
        Fact("Subfield", links=[Link(f"{SUBFIELDS.label(p.subfield)} ({p.subfield.value})", linker.href(page, urls.subfield_page(p.subfield)))])
        if p.subfield else Fact("Subfield", "all subfields"),
        Fact("Year", str(p.year)),
        Fact("Venue", p.venue or "not yet recorded"),
        Fact("Kind", KINDS.label(p.kind)),
    ]
    if p.authors:
        facts.append(Fact("Authors", ", ".join(p.authors)))
    if p.pretraining:
        facts.append(Fact("Pre-training", tags=[tag(page, linker, PRETRAINING, p.pretraining.paradigm, short=False)]
                          + [tag(page, linker, PRETRAINING_METHODS, m) for m in p.pretraining.methods]))
    if p.adaptation:
        tags = []
        for a in p.adaptation:
            t = tag(page, linker, ADAPTATION, a.paradigm, short=False)
            if a.method:  # one tag per paradigm, with its sub-type: "Fine-tuning (reparameterization fine-tuning)"
                m = tag(page, linker, ADAPTATION_METHODS, a.method)
                t = Tag(f"{t.text} ({m.text[0].lower()}{m.text[1:]})", m.title, m.href)
            tags.append(t)
        facts.append(Fact("Adaptation", tags=tags))
    if p.label_source:
        facts.append(Fact("Labels from", tags=[tag(page, linker, LABEL_SOURCES, p.label_source)]))
    if p.survey:
        facts.append(Fact("In the survey", survey_text(p.survey)))
    if p.backbone:
        facts.append(Fact("Backbone", p.backbone))
    if p.tasks:
        facts.append(Fact("Tasks", ", ".join(p.tasks)))
    if p.modalities:
        facts.append(Fact("Modalities", tags=[tag(page, linker, MODALITIES, m) for m in p.modalities]))
    if p.challenges:
        facts.append(Fact("Challenges addressed", links=[
            Link(CHALLENGES.label(c), linker.href(page, urls.challenge_page(c))) for c in p.challenges]))
    if p.applications:
        facts.append(Fact("Applications", links=[
            Link(cat.application_by_id[a].name, linker.href(page, urls.application_page(a))) for a in p.applications]))
    if p.datasets:
        facts.append(Fact("Datasets", links=[
            Link(cat.dataset_by_id[d].name, linker.href(page, urls.dataset_page(d))) for d in p.datasets]))
    facts.append(Fact("Added", p.added.isoformat()))
    return {
        "id": p.id, "bibtex": (bibtex or to_bibtex([p])).strip(),
        "title": p.title, "short_name": distinct_short_name(p), "summary": p.summary,
        "facts": facts, "links": external_links(p),
        "notes": [(n.kind.capitalize(), n.text) for n in p.notes],
    }


def dataset(cat: Catalogue, linker: urls.Linker, d: Dataset) -> dict:
    page = urls.dataset_page(d.id)
    facts = []
    if d.subfield:
        facts.append(Fact("Subfield", links=[Link(f"{SUBFIELDS.label(d.subfield)} ({d.subfield.value})", linker.href(page, urls.subfield_datasets_page(d.subfield)))]))
    facts.append(Fact("Kind", DATASET_KINDS.label(d.kind)))
    if d.modalities:
        facts.append(Fact("Modalities", tags=[tag(page, linker, MODALITIES, m) for m in d.modalities]))
    if d.scale:
        facts.append(Fact("Scale", d.scale))
    if d.tasks:
        facts.append(Fact("Tasks", ", ".join(d.tasks)))
    facts.append(Fact("Access", tags=[tag(page, linker, ACCESS, d.access, short=False)]))
    if d.survey:
        facts.append(Fact("In the survey", survey_text(d.survey)))
    facts.append(Fact("Added", d.added.isoformat()))
    links = []
    if d.links.paper:
        links.append(Link("Paper", d.links.paper, external=True))
    if d.links.download:
        links.append(Link("Download", d.links.download, external=True))
    return {
        "name": d.name, "description": d.description, "facts": facts, "links": links,
        "access_definition": ACCESS[d.access].definition,
        "notes": [(n.kind.capitalize(), n.text) for n in d.notes],
        "used_by": [paper_row(page, linker, p) for p in cat.used_by.get(d.id, [])],
    }


def applications_index(cat: Catalogue, linker: urls.Linker) -> dict:
    page = urls.APPLICATIONS
    pairs = []
    for sf in SUBFIELDS:
        apps = [a for a in cat.applications if sf.value in a.subfields]
        pairs.append({
            "subfield": f"{sf.label} ({sf.value})",
            "apps": [{"name": a.name, "href": linker.href(page, urls.application_page(a.id)),
                      "count": sum(p.subfield == sf.value for p in cat.papers_by_application.get(a.id, []))}
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
                       "rows": [paper_row(page, linker, p) for p in papers if p.subfield == sf]})
    others = [p for p in papers if p.subfield not in a.subfields]
    if others:
        groups.append({"title": "Other subfields", "rows": [paper_row(page, linker, p) for p in others]})
    return {"name": a.name, "description": a.description, "groups": groups, "total": len(papers)}


def taxonomy(cat: Catalogue) -> dict:
    pre = Counter(p.pretraining.paradigm.value for p in cat.papers if p.pretraining)
    pre_m = Counter(m.value for p in cat.papers if p.pretraining for m in p.pretraining.methods)
    ada = Counter(a.paradigm.value for p in cat.papers for a in p.adaptation)
    ada_m = Counter(a.method.value for p in cat.papers for a in p.adaptation if a.method)
    mod_p = Counter(m.value for p in cat.papers for m in p.modalities)
    mod_d = Counter(m.value for d in cat.datasets for m in d.modalities)
    sub = Counter(p.subfield.value for p in cat.papers if p.subfield)
    acc = Counter(d.access.value for d in cat.datasets)
    src = Counter(p.label_source.value for p in cat.papers if p.label_source)

    def section(vocabulary: Vocabulary, title: str, counts: Counter, unit: str, counts2: Counter | None = None) -> dict:
        return {
            "title": title, "unit": unit, "unit2": "datasets" if counts2 is not None else "",
            "terms": [{"anchor": term_anchor(vocabulary, t.value), "value": t.value, "label": t.label,
                       "definition": t.definition, "count": counts.get(t.value, 0),
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
    for key, (title, about, members) in CHALLENGE_PILLARS.items():
        pillars.append({"anchor": key, "title": title, "about": about, "challenges": [
            {"label": CHALLENGES.label(c), "definition": CHALLENGES[c].definition,
             "href": linker.href(page, urls.challenge_page(c)), "count": len(cat.papers_by_challenge.get(c.value, []))}
            for c in members]})
    return {"pillars": pillars, "directions_href": linker.href(page, urls.DIRECTIONS)}


def challenge(cat: Catalogue, linker: urls.Linker, challenge_id: str) -> dict:
    page = urls.challenge_page(challenge_id)
    term = CHALLENGES[challenge_id]
    pillar = next(title for title, _, members in CHALLENGE_PILLARS.values() if challenge_id in members)
    return {"label": term.label, "pillar": pillar, "definition": term.definition, "explanation": term.explanation,
            "rows": [paper_row(page, linker, p) for p in cat.papers_by_challenge.get(challenge_id, [])],
            "index_href": linker.href(page, urls.CHALLENGES)}


def future_directions(cat: Catalogue, linker: urls.Linker) -> dict:
    page = urls.DIRECTIONS
    return {"directions": [{
        "anchor": d.id, "title": d.title, "explanation": d.explanation, "aspects": list(d.aspects),
        "challenges": [Link(f"{CHALLENGES.label(c)} ({len(cat.papers_by_challenge.get(c.value, []))} papers)",
                            linker.href(page, urls.challenge_page(c))) for c in d.challenges],
    } for d in FUTURE_DIRECTIONS], "challenges_href": linker.href(page, urls.CHALLENGES)}


def downloads(cat: Catalogue, linker: urls.Linker) -> dict:
    page = urls.DOWNLOADS

    def href(path: str) -> str:
        return linker.asset(page, path)

    return {
        "papers": len(cat.papers), "datasets": len(cat.datasets), "applications": len(cat.applications),
        "files": [Link(name, href(path)) for name, path in (
            ("BibTeX (.bib)", "downloads/hfm-atlas.bib"), ("CSL-JSON (Zotero, Mendeley, pandoc)", "downloads/hfm-atlas.csl.json"),
            ("CSV (spreadsheets)", "downloads/hfm-atlas.csv"))],
        "api": [Link(name, href(path)) for name, path in (
            ("papers.json", "api/papers.json"), ("datasets.json", "api/datasets.json"), ("applications.json", "api/applications.json"))],
        "schemas": [Link(name, href(f"schema/{name}")) for name in ("paper.schema.json", "dataset.schema.json", "application.schema.json")],
        "fields_href": linker.href(page, urls.FIELDS),
    }


def explorer(cat: Catalogue, linker: urls.Linker) -> dict:
    """The explorer page; its first rows are rendered at build time, as the script will show them (no layout shift)."""
    page = urls.EXPLORER
    first = newest_first(cat.papers)[:EXPLORER_PAGE_SIZE]
    rows = [{
        "year": p.year, "href": linker.href(page, urls.paper_page(p.id)), "short": distinct_short_name(p), "title": p.title,
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
        "bib": linker.asset(page, "downloads/hfm-atlas.bib"),
        "csv": linker.asset(page, "downloads/hfm-atlas.csv"),
        "script": linker.asset(page, "assets/explorer.js"),
        "subfields": [Link(f"{sf.label} ({sf.value})", linker.href(page, urls.subfield_page(sf.value))) for sf in SUBFIELDS],
    }


def statistics(cat: Catalogue, linker: urls.Linker) -> dict:
    """The statistics page: the same numbers as `hfm-atlas stats`, the survey's figures, and tables of both."""
    from markupsafe import Markup

    from . import charts
    from .stats import compute

    page = urls.STATISTICS
    explorer_href = linker.href(page, urls.EXPLORER)
    scopes = []
    for scope, title in (("all", "All records"), ("survey", "The survey's Tables I-IV")):
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
        "growth_svg": Markup(charts.growth(everything, explorer_href)),
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
    from . import charts
    from .taxonomy import METHODS_OF_ADAPTATION, PretrainingMethod

    methods = [p for p in cat.papers if p.kind == "method" and p.pretraining]
    pre = Counter(p.pretraining.paradigm.value for p in methods)
    pre_m = Counter(m.value for p in methods for m in p.pretraining.methods)
    ada = Counter(a.paradigm.value for p in methods for a in p.adaptation)
    ada_m = Counter(a.method.value for p in methods for a in p.adaptation if a.method)

    def node(label: str, count: int, href: str, children: list | None = None) -> dict:
        return {"label": label, "count": count, "href": href, "children": children or []}

    def sub(vocab, counter, key, values) -> list[dict]:
        return [node(vocab.label(v), counter.get(v, 0), explorer_url(explorer_href, **{key: v})) for v in values]

    generative = [m.value for m in PretrainingMethod if m.value.endswith("prediction")]
    contrastive = [m.value for m in PretrainingMethod if m.value.endswith("discrimination")]
    ssl = pre["GL"] + pre["CL"] + pre["HL"]
    return [
        node("Pre-training", sum(pre.values()) - pre["none"], explorer_url(explorer_href, pre=["GL", "CL", "HL", "SL"]), [
            node("Self-supervised learning", ssl, explorer_url(explorer_href, pre=["GL", "CL", "HL"]), [
                node("Generative learning (GL)", pre["GL"], explorer_url(explorer_href, pre="GL"), sub(PRETRAINING_METHODS, pre_m, "prem", generative)),
                node("Contrastive learning (CL)", pre["CL"], explorer_url(explorer_href, pre="CL"), sub(PRETRAINING_METHODS, pre_m, "prem", contrastive)),
                node("Hybrid learning (HL)", pre["HL"], explorer_url(explorer_href, pre="HL")),
            ]),
            node("Supervised learning (SL)", pre["SL"], explorer_url(explorer_href, pre="SL")),
        ]),
        node("No own pre-training", pre["none"], explorer_url(explorer_href, pre="none")),
        node("Adaptation", len(methods), explorer_url(explorer_href, kind="method"), [
            node(f"{ADAPTATION.label(a)} ({a})", ada.get(a, 0), explorer_url(explorer_href, ada=a),
                 sub(ADAPTATION_METHODS, ada_m, "adam", [m.value for m in ADAPTATION_METHODS.enum if m in METHODS_OF_ADAPTATION[a]]))
            for a in ADAPTATION.values
        ]),
    ]
