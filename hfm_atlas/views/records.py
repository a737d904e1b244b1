"""The record pages: one paper, one dataset."""

from __future__ import annotations

import re

from .. import urls
from ..catalogue import Catalogue
from ..models import Dataset, Paper
from ..taxonomy import (
    ACCESS,
    ADAPTATION,
    ADAPTATION_METHODS,
    CHALLENGES,
    DATASET_KINDS,
    KINDS,
    LABEL_SOURCES,
    MODALITIES,
    PRETRAINING,
    PRETRAINING_METHODS,
    SUBFIELDS,
    LICENCE_FAMILIES,
    WEIGHTS,
    DatasetRole,
)
from .results import dataset_benchmarks, paper_results
from .common import (
    Fact,
    Link,
    Tag,
    distinct_short_name,
    external_links,
    paper_row,
    paper_rows,
    source_link,
    survey_text,
    tag,
)


def paper(cat: Catalogue, linker: urls.Linker, p: Paper, bibtex: str) -> dict:
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
    facts.append(Fact("Added", p.added.isoformat()))
    return {
        "id": p.id, "bibtex": _citable(bibtex),
        "title": p.title, "short_name": distinct_short_name(p), "short": p.short_name or "", "summary": p.summary,
        "facts": facts, "links": external_links(p), "use": use_facts(cat, linker, page, p),
        "data": data_facts(cat, linker, page, p), "is_method": p.kind == "method",
        "notes": [(n.kind.capitalize(), n.text) for n in p.notes],
        **dict(zip(("results", "results_by_others"), paper_results(cat, linker, page, p.id))),
        "compare": linker.href(page, urls.COMPARE) + f"?ids={p.id}",
    }


def _citable(bibtex: str) -> str:
    """The entry without the atlas's own x-hfm fields: they are for re-import, not for citing."""
    kept = "\n".join(line for line in bibtex.strip().splitlines() if not line.startswith("  x-hfm-"))
    return re.sub(r",(\n})$", r"\1", kept)


def _host(url: str) -> str:
    host = url.split("/")[2].lower()
    return {"huggingface.co": "Hugging Face", "github.com": "GitHub", "zenodo.org": "Zenodo", "physionet.org": "PhysioNet",
            "drive.google.com": "Google Drive"}.get(host.removeprefix("www."), host.removeprefix("www."))


def use_facts(cat: Catalogue, linker: urls.Linker, page: str, p: Paper) -> list[Fact]:
    """"Use it": weights, licence, size, base models and training data, each with its evidence."""
    facts = []
    if p.weights:
        w = p.weights
        facts.append(Fact("Weights", links=[Link(f"{WEIGHTS.label(w.status)}: {_host(u)}", u) for u in w.urls],
                          text="" if w.urls else WEIGHTS.label(w.status), source=source_link(w.source)))
    if p.licence:
        family = LICENCE_FAMILIES.label(p.licence.family)
        facts.append(Fact("Licence", links=[Link(f"{p.licence.name} ({family.lower()})", p.licence.url)] if p.licence.url else [],
                          text="" if p.licence.url else f"{p.licence.name} ({family.lower()})", source=source_link(p.licence.source)))
    if p.parameters:
        sizes = " and ".join(p.parameters.sizes) + (" (trainable)" if p.parameters.counted == "trainable" else "")
        facts.append(Fact("Parameters", sizes, source=source_link(p.parameters.source)))
    if p.base_models:
        b = p.base_models
        known = [Link(cat.paper_by_id[i].short_name or cat.paper_by_id[i].title, linker.href(page, urls.paper_page(i))) for i in b.papers]
        facts.append(Fact("Base model", ", ".join(b.names), links=known, source=source_link(b.source)))
    if p.pretraining_data:
        facts.append(Fact("Training data", p.pretraining_data.scale, source=source_link(p.pretraining_data.source)))
    return facts


def data_facts(cat: Catalogue, linker: urls.Linker, page: str, p: Paper) -> list[Fact]:
    """The data the paper used, one row per role (and one for links whose role is not recorded)."""
    rows = []
    for role, label in [*((r, f"{r.label} data") for r in DatasetRole), (None, "Data (role not recorded)")]:
        uses = [u for u in p.datasets if (role in u.roles if role else not u.roles)]
        if not uses:
            continue
        links = [Link(cat.dataset_by_id[u.id].name, linker.href(page, urls.dataset_page(u.id))) if u.id
                 else Link(f"{u.name} (not in the atlas)", "") for u in uses]
        sources = {u.source.url: u.source for u in uses if u.source}
        rows.append(Fact(label, links=links, source=source_link(next(iter(sources.values()))) if len(sources) == 1 else None))
    return rows


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
    facts.append(Fact("Access", tags=[tag(page, linker, ACCESS, d.access, short=False)], source=source_link(d.access_source)))
    if d.licence:
        family = LICENCE_FAMILIES.label(d.licence.family).lower()
        facts.append(Fact("Licence", "" if d.licence.url else f"{d.licence.name} ({family})",
                          links=[Link(f"{d.licence.name} ({family})", d.licence.url)] if d.licence.url else [],
                          source=source_link(d.licence.source)))
    if d.survey:
        facts.append(Fact("In the survey", survey_text(d.survey)))
    facts.append(Fact("Added", d.added.isoformat()))
    links = []
    if d.links.paper:
        links.append(Link("Paper", d.links.paper))
    if d.links.download:
        links.append(Link("Download", d.links.download))
    return {
        "name": d.name, "description": d.description, "facts": facts, "links": links,
        "access_definition": ACCESS[d.access].definition,
        "notes": [(n.kind.capitalize(), n.text) for n in d.notes],
        "benchmarks": dataset_benchmarks(cat, linker, page, d.id),
        "used_by": len(cat.used_by.get(d.id, [])),
        "by_role": [{"label": label, **paper_rows(page, linker, [p for p, u in cat.uses_of.get(d.id, [])
                                                                 if (role in u.roles if role else not u.roles)], ds=d.id)}
                    for role, label in [*((r, f"{r.label}") for r in DatasetRole), (None, "Role not recorded")]],
    }
