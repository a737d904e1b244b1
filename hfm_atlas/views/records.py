"""The record pages: one paper, one dataset.

Templates only display what these functions hand them: labels looked up, lists
sorted, links resolved, counts counted. Each function takes the page it renders
for, so links are relative to that page.
"""

from __future__ import annotations

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
)
from .common import (
    Fact,
    Link,
    Tag,
    distinct_short_name,
    external_links,
    paper_row,
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
    if p.datasets:
        facts.append(Fact("Datasets", links=[
            Link(cat.dataset_by_id[d].name, linker.href(page, urls.dataset_page(d))) for d in p.datasets]))
    facts.append(Fact("Added", p.added.isoformat()))
    return {
        "id": p.id, "bibtex": bibtex.strip(),
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
